import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// Which columns of a table hold point coordinates: given by the user
/// (`x_field`/`y_field` or `location_field`) or found by name.
public struct CoordinateFields: Sendable, Equatable, Codable {
    public var x: String?
    public var y: String?
    /// One column holding "lng,lat" (Amap's web API `location`).
    public var location: String?

    public init(x: String? = nil, y: String? = nil, location: String? = nil) {
        self.x = x; self.y = y; self.location = location
    }

    public var isEmpty: Bool { x == nil && y == nil && location == nil }
}

/// Turns a CSV or XLSX table into points: Amap, Baidu and census exports keep
/// coordinates in columns, under many names.
enum PointTable {
    /// The file kinds read as tables of rows.
    static func isTable(_ path: String) -> Bool {
        let l = path.lowercased()
        return l.hasSuffix(".csv") || l.hasSuffix(".tsv") || l.hasSuffix(".xlsx")
    }

    /// Name stems for longitude/x and latitude/y; prefixes and suffixes such
    /// as `wgs84_`, `gcj_`, `bd09_`, `_gcj02` or `point_` come around them.
    static let xStems = ["lon", "lng", "long", "longitude", "x", "经度", "x坐标", "东经"]
    static let yStems = ["lat", "latitude", "y", "纬度", "y坐标", "北纬"]
    static let locationNames = ["location", "lnglat", "lonlat", "坐标", "经纬度", "wgs84_location", "gcj_location", "gcj02_location"]
    static let affixes = [
        "wgs84", "wgs", "gcj02", "gcj", "bd09", "bd09ll", "bd", "baidu", "amap", "gaode", "point", "poi", "centroid", "center",
    ]

    /// (affix, axis) of a column name: e.g. "gcj_lng" → ("gcj", x); nil if
    /// the name is not a coordinate column.
    static func classify(_ name: String) -> (affix: String, isX: Bool)? {
        let n = name.trimmingCharacters(in: .whitespaces).lowercased()
        func axis(_ s: String) -> Bool? { xStems.contains(s) ? true : (yStems.contains(s) ? false : nil) }
        if let a = axis(n) { return ("", a) }
        for sep in ["_", "-", " ", "."] where n.contains(sep) {
            let parts = n.components(separatedBy: sep)
            if let a = axis(parts.last!), affixes.contains(parts.dropLast().joined(separator: sep)) {
                return (parts.dropLast().joined(separator: sep), a)
            }
            if let a = axis(parts.first!), affixes.contains(parts.dropFirst().joined(separator: sep)) {
                return (parts.dropFirst().joined(separator: sep), a)
            }
        }
        // Chinese headers put the datum first without a separator: "百度经度".
        for (prefix, affix) in [("高德", "gcj"), ("百度", "bd"), ("wgs84", "wgs84")] where n.hasPrefix(prefix) {
            if let a = axis(String(n.dropFirst(prefix.count))) { return (affix, a) }
        }
        return nil
    }

    /// The CRS a column affix implies (Amap columns are GCJ-02, Baidu's BD-09).
    static func crs(ofAffix affix: String) -> CRS? {
        switch affix {
        case "gcj02", "gcj", "amap", "gaode": return .gcj02
        case "bd09", "bd09ll", "bd", "baidu": return .bd09
        case "wgs84", "wgs": return .wgs84
        default: return nil
        }
    }

    enum Found {
        case pair(x: Int, y: Int, crs: CRS?)
        case location(Int)
    }

    static func find(_ table: FeatureTable, _ given: CoordinateFields, prefix: String) throws -> Found {
        let names = table.fieldNames
        func index(_ f: String, _ option: String) throws -> Int {
            if let i = names.firstIndex(of: f) ?? names.firstIndex(where: { $0.lowercased() == f.lowercased() }) { return i }
            throw OptionError(
                key: "\(prefix)\(option)", "\(table.source): no column '\(f)' (columns: \(names.joined(separator: ", ")))",
                fix: "give {option} one of these columns")
        }
        if let l = given.location { return .location(try index(l, "location_field")) }
        if given.x != nil || given.y != nil {
            guard let x = given.x, let y = given.y else {
                throw OptionError(
                    key: "\(prefix)\(given.x == nil ? "x_field" : "y_field")", "\(table.source): only one coordinate column is named",
                    fix: "name both columns: {option} and the other axis's field")
            }
            return .pair(x: try index(x, "x_field"), y: try index(y, "y_field"), crs: nil)
        }
        var xs: [String: Int] = [:], ys: [String: Int] = [:]
        var order: [String] = []
        for (i, n) in names.enumerated() {
            guard let (affix, isX) = classify(n) else { continue }
            if isX { if xs[affix] == nil { xs[affix] = i } } else if ys[affix] == nil { ys[affix] = i }
            if !order.contains(affix) { order.append(affix) }
        }
        // WGS 84 columns first when a table carries several datums, then the first pair in column order.
        let paired = order.filter { xs[$0] != nil && ys[$0] != nil }
        if let a = paired.first(where: { crs(ofAffix: $0) == .wgs84 }) ?? paired.first {
            return .pair(x: xs[a]!, y: ys[a]!, crs: crs(ofAffix: a))
        }
        if let i = names.firstIndex(where: { locationNames.contains($0.trimmingCharacters(in: .whitespaces).lowercased()) }) {
            return .location(i)
        }
        throw OptionError(
            key: "\(prefix)x_field",
            "\(table.source): no coordinate columns found among: \(names.joined(separator: ", "))",
            fix: "name them with {option} and y_field (or location_field for one \"lng,lat\" column)")
    }

    /// Adds point geometry from the coordinate columns; rows without usable
    /// coordinates are dropped and listed in the table's notes. Returns the
    /// CRS the column names imply, if any.
    static func attachPoints(_ table: inout FeatureTable, _ given: CoordinateFields, prefix: String) throws -> CRS? {
        let found = try find(table, given, prefix: prefix)
        var points: [GeometryValue?] = []
        points.reserveCapacity(table.count)
        var impliedCRS: CRS?
        func number(_ v: FieldValue) -> Double? {
            guard let d = v.doubleValue, d.isFinite else { return nil }
            return d
        }
        switch found {
        case .pair(let x, let y, let crs):
            impliedCRS = crs
            let cx = table.columns[x], cy = table.columns[y]
            for r in 0..<table.count {
                if let a = number(cx.value(at: r)), let b = number(cy.value(at: r)) {
                    points.append(.point(Coordinate(a, b)))
                } else {
                    points.append(nil)
                }
            }
        case .location(let l):
            let c = table.columns[l]
            for r in 0..<table.count {
                let parts = (c.value(at: r).stringValue ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == ";" })
                    .map { Double($0.trimmingCharacters(in: .whitespaces)) }
                if parts.count == 2, let a = parts[0], let b = parts[1], a.isFinite, b.isFinite {
                    points.append(.point(Coordinate(a, b)))
                } else {
                    points.append(nil)
                }
            }
        }
        let bad = points.indices.filter { points[$0] == nil }
        table.geometries = points
        if !bad.isEmpty {
            // Row numbers as a spreadsheet shows them: the header is row 1.
            let rows = bad.prefix(10).map { String($0 + 2) }.joined(separator: ", ")
            table.notes.append(
                "\(table.source): \(bad.count) rows have empty or unreadable coordinates and were skipped (rows \(rows)\(bad.count > 10 ? ", …" : ""))"
            )
            table = table.subset(points.indices.filter { points[$0] != nil })
        }
        return impliedCRS
    }

    /// CSV columns arrive as text (so type codes like "050100" keep their
    /// leading zero); a column becomes integer or real only when every value
    /// is one and no integer has a leading zero.
    static func typeColumns(_ table: inout FeatureTable) {
        for k in table.columns.indices where table.columns[k].type == .string {
            let values = table.columns[k].values
            var allInt = true, allReal = true, any = false
            for v in values {
                guard case .string(let s) = v else { continue }
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { continue }
                any = true
                let digits = t.hasPrefix("-") ? t.dropFirst() : Substring(t)
                let leadingZero = digits.count > 1 && digits.hasPrefix("0") && !digits.hasPrefix("0.")
                if Int64(t) == nil || leadingZero { allInt = false }
                if Double(t) == nil || leadingZero || t.lowercased().contains("n") { allReal = false }
                if !allInt && !allReal { break }
            }
            guard any, allInt || allReal else { continue }
            let converted: [FieldValue] = values.map { v in
                guard case .string(let s) = v else { return v }
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .null }
                return allInt ? (Int64(t).map(FieldValue.integer) ?? .null) : (Double(t).map(FieldValue.real) ?? .null)
            }
            table.columns[k] = Column(name: table.columns[k].name, type: allInt ? .integer : .real, values: converted)
        }
    }
}
