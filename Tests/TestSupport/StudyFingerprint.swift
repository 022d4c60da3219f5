import Foundation
import LifeCircleGeometry
import LifeCircleIO

/// A study output folder (study.gpkg, summary.json, tables/) reduced to a flat
/// map from key path to value text, for "behaviour unchanged" golden tests.
///
/// Flat, so that a comparison can name every differing key path and a golden
/// file diffs line by line in review. Values are text, so that numbers rounded
/// to 6 significant digits are stored exactly as compared (no float noise when
/// the JSON is written and read back).
///
/// What is kept, and why:
/// - every layer of study.gpkg: feature count, field names in order, geometry
///   type counts, per numeric column the non-null count and the sum, per text
///   column the non-null and distinct counts and an FNV-1a hash of the sorted
///   values, and sums of areas, lengths and centroid x/y. Sums are taken over
///   sorted values and text hashes over sorted values, so a change of row order
///   alone does not count as a change of behaviour; anything else does.
/// - summary.json: the `coverage`, `grids` and `parks` sub-trees and the
///   top-level `warnings`, leaf by leaf; the rest of the top level (`study`:
///   name, language, tool version) may be reorganised freely. Timings and path
///   strings are left out because they differ from run to run and machine to machine.
/// - the file names in tables/.
public struct StudyFingerprint: Sendable, Equatable {
    public var entries: [String: String]

    public init(entries: [String: String]) { self.entries = entries }

    /// Fingerprints the study output folder `folder` (the one holding study.gpkg).
    public init(folder: URL) throws {
        var e: [String: String] = [:]
        try StudyFingerprint.addGeoPackage(folder.appendingPathComponent("study.gpkg").path, into: &e)
        try StudyFingerprint.addSummary(folder.appendingPathComponent("summary.json"), into: &e)
        try StudyFingerprint.addTables(folder.appendingPathComponent("tables"), into: &e)
        entries = e
    }

    // MARK: Golden files

    /// Reads a golden written by `write(to:)`.
    public static func load(_ url: URL) throws -> StudyFingerprint {
        let data = try Data(contentsOf: url)
        return StudyFingerprint(entries: try JSONDecoder().decode([String: String].self, from: data))
    }

    /// Writes pretty-printed JSON with sorted keys: stable bytes, reviewable diffs.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(entries)
        data.append(0x0A)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    /// One line per differing key path (changed, missing or unexpected), sorted;
    /// empty when the fingerprints agree.
    public func differences(from golden: StudyFingerprint) -> [String] {
        var out: [String] = []
        for key in Set(entries.keys).union(golden.entries.keys).sorted() {
            switch (golden.entries[key], entries[key]) {
            case let (want?, got?) where want != got: out.append("\(key): golden \(want), now \(got)")
            case let (want?, nil): out.append("\(key): golden \(want), now missing")
            case let (nil, got?): out.append("\(key): not in golden, now \(got)")
            default: break
            }
        }
        return out
    }

    // MARK: study.gpkg

    static func addGeoPackage(_ path: String, into e: inout [String: String]) throws {
        let names = try VectorDataset(path: path).layerNames
        e["gpkg.layers"] = names.sorted().joined(separator: ", ")
        for name in names {
            let table: FeatureTable
            // Layers in local metres carry a CRS the reader's check may refuse
            // without a declaration; declaring `.local` reads them unchanged
            // (as StudyRunTests does).
            do { table = try LayerReader.read(path, ReadOptions(layer: name)) } catch {
                table = try LayerReader.read(path, ReadOptions(layer: name, declaredCRS: .local))
            }
            addLayer(table, prefix: "gpkg.\(name)", into: &e)
        }
    }

    static func addLayer(_ t: FeatureTable, prefix: String, into e: inout [String: String]) {
        e["\(prefix).features"] = String(t.count)
        e["\(prefix).fields"] = t.fieldNames.joined(separator: ", ")
        for column in t.columns {
            let key = "\(prefix).column.\(column.name)"
            let values = column.values
            switch column.type {
            case .integer, .real:
                let numbers = values.compactMap(\.doubleValue)
                e["\(key).nonnull"] = String(numbers.count)
                e["\(key).sum"] = round6(orderFreeSum(numbers))
            case .string, .date, .dateTime:
                let texts = values.compactMap(\.stringValue)
                e["\(key).nonnull"] = String(texts.count)
                e["\(key).distinct"] = String(Set(texts).count)
                e["\(key).fnv1a"] = fnv1a(texts.sorted().joined(separator: "\u{1F}"))
            }
        }
        // Attribute-only tables (layer_styles) have no geometry to measure.
        guard t.geometries.contains(where: { $0 != nil }) else { return }
        var types: [String: Int] = [:]
        var areas: [Double] = [], lengths: [Double] = [], xs: [Double] = [], ys: [Double] = []
        for g in t.geometries {
            guard let g else { types["null", default: 0] += 1; continue }
            types[g.isEmpty ? "\(g.typeName) EMPTY" : g.typeName, default: 0] += 1
            let m = GeometryMeasures(g)
            areas.append(m.area)
            lengths.append(m.length)
            if let c = m.centroid { xs.append(c.x); ys.append(c.y) }
        }
        for (type, n) in types { e["\(prefix).geometry.types.\(type)"] = String(n) }
        e["\(prefix).geometry.area_sum"] = round6(orderFreeSum(areas))
        e["\(prefix).geometry.length_sum"] = round6(orderFreeSum(lengths))
        e["\(prefix).geometry.centroid_x_sum"] = round6(orderFreeSum(xs))
        e["\(prefix).geometry.centroid_y_sum"] = round6(orderFreeSum(ys))
    }

    // MARK: summary.json

    static func addSummary(_ url: URL, into e: inout [String: String]) throws {
        let tree = try JSONDecoder().decode(JSONTree.self, from: Data(contentsOf: url))
        guard case .object(let top) = tree else {
            e["summary"] = "not a JSON object"
            return
        }
        // Only the analyses and the run's warnings: the rest of the top level
        // may be reorganised by the refactor without changing behaviour.
        for key in ["coverage", "grids", "parks", "warnings"] {
            guard let sub = top[key] else { continue }
            addLeaves(sub, path: "summary.\(key)", into: &e)
        }
    }

    /// Keys whose values are wall-clock times or the build's version: they
    /// differ between runs of the same code.
    static func isVolatile(_ key: String) -> Bool {
        let k = key.lowercased()
        return k.hasPrefix("timings") || k.hasPrefix("elapsed") || k == "seconds" || k == "tool_version"
    }

    static func addLeaves(_ node: JSONTree, path: String, into e: inout [String: String]) {
        switch node {
        case .object(let members):
            for (k, v) in members where !isVolatile(k) { addLeaves(v, path: "\(path).\(k)", into: &e) }
        case .array(let items):
            // "[count]" cannot clash with a JSON key, so a shorter or longer list shows as such.
            e["\(path)[count]"] = String(items.count)
            for (i, v) in items.enumerated() { addLeaves(v, path: "\(path)[\(i)]", into: &e) }
        case .number(let d): e[path] = round6(d)
        // Values with a "/" are file paths: they name the machine's folders.
        case .string(let s): if !s.contains("/") { e[path] = s }
        case .bool(let b): e[path] = String(b)
        case .null: e[path] = "null"
        }
    }

    // MARK: tables/

    static func addTables(_ folder: URL, into e: inout [String: String]) throws {
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            e["tables.\(name)"] = "present"
        }
    }

    // MARK: Numbers and text

    /// Rounded to 6 significant digits, as text; -0 is 0.
    public static func round6(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        let s = String(format: "%.6g", x)
        return s == "-0" ? "0" : s
    }

    /// A sum that does not depend on the order of the values (sorted first), so
    /// rows written in another order give the same digits.
    static func orderFreeSum(_ values: [Double]) -> Double {
        values.sorted().reduce(0, +)
    }

    /// FNV-1a, 64 bit, of the UTF-8 bytes, as 16 hex digits: stable across runs
    /// and platforms, unlike `Hasher`.
    public static func fnv1a(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Area, length and centroid of a geometry, from its coordinates, as GEOS
/// defines them: the length of a polygon is its perimeter; the centroid is
/// area-weighted for polygons, length-weighted for lines, the mean for points.
/// Computed here rather than through GEOS so the fingerprint needs no GEOS
/// context and reads the same on every GEOS version.
struct GeometryMeasures {
    var area = 0.0
    var length = 0.0
    var centroid: Coordinate?

    init(_ g: GeometryValue) {
        // Coordinates relative to the first one: projected coordinates in the
        // millions would otherwise lose digits in the shoelace products.
        guard let origin = g.allCoordinates.first else { return }
        var sa = 0.0, sax = 0.0, say = 0.0
        for rings in g.polygonParts {
            for (k, ring) in rings.enumerated() {
                let r = GeometryMeasures.ring(ring, origin)
                // The shell adds, holes subtract, whatever the ring orientation.
                let sign = k == 0 ? 1.0 : -1.0
                sa += sign * r.area; sax += sign * r.area * r.cx; say += sign * r.area * r.cy
            }
        }
        var sl = 0.0, slx = 0.0, sly = 0.0
        for line in g.lineParts {
            for (a, b) in zip(line, line.dropFirst()) {
                let d = a.distance(to: b)
                sl += d
                slx += d * ((a.x + b.x) / 2 - origin.x)
                sly += d * ((a.y + b.y) / 2 - origin.y)
            }
        }
        area = sa
        length = sl
        if sa > 0 {
            centroid = Coordinate(origin.x + sax / sa, origin.y + say / sa)
        } else if sl > 0 {
            centroid = Coordinate(origin.x + slx / sl, origin.y + sly / sl)
        } else {
            let points = g.pointParts.isEmpty ? g.allCoordinates : g.pointParts
            let valid = points.filter { $0.x.isFinite && $0.y.isFinite }
            if !valid.isEmpty {
                let n = Double(valid.count)
                centroid = Coordinate(
                    valid.reduce(0) { $0 + ($1.x - origin.x) } / n + origin.x,
                    valid.reduce(0) { $0 + ($1.y - origin.y) } / n + origin.y)
            }
        }
    }

    /// Unsigned area and centroid (relative to `origin`) of one ring.
    static func ring(_ cs: [Coordinate], _ origin: Coordinate) -> (area: Double, cx: Double, cy: Double) {
        var a2 = 0.0, cx = 0.0, cy = 0.0
        for (p, q) in zip(cs, cs.dropFirst()) {
            let x0 = p.x - origin.x, y0 = p.y - origin.y, x1 = q.x - origin.x, y1 = q.y - origin.y
            let cross = x0 * y1 - x1 * y0
            a2 += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        }
        guard a2 != 0 else { return (0, 0, 0) }
        // cx / (3·a2) is the centroid whatever the sign of a2 (orientation).
        return (abs(a2) / 2, cx / (3 * a2), cy / (3 * a2))
    }
}

/// A JSON document as a tree, keeping numbers, booleans and strings apart
/// (JSONSerialization's NSNumber blurs `true` and `1`).
indirect enum JSONTree: Decodable {
    case object([String: JSONTree])
    case array([JSONTree])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONTree].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONTree].self))
        }
    }
}
