import Foundation
import LifeCircleIO
import LifeCircleProjection
import Yams

/// A study: one YAML file naming the inputs, the analyses with their options,
/// and the outputs. An analysis section's keys are its job's option keys
/// (`CoverageJob.studyKeys` …), which are the matching command's flags in
/// snake_case (`max_snap` for `--max-snap`; `max-snap` is read too).
public struct StudyFile: Sendable {
    public struct Input: Sendable {
        public var name: String
        public var path: String
        public var layer: String?
        /// As written: EPSG:n, wgs84, gcj02, bd09, local … (gcj02/bd09 are converted on read).
        public var crs: String?
        /// OGR SQL attribute filter, e.g. "type = 4".
        public var filter: String?
        /// Adds a column of this name holding each polygon's area (m²), e.g.
        /// to balance grids by land area where no household counts exist.
        public var areaField: String?
        public var line: Int
        /// Text encoding (UTF-8, GBK) and coordinate columns of a CSV/XLSX/DBF input.
        public var encoding: String?
        public var xField: String?
        public var yField: String?
        public var locationField: String?

        /// The input as jobs read it.
        public var source: InputSource {
            InputSource(path: path, encoding: encoding, xField: xField, yField: yField, locationField: locationField)
        }
    }

    /// One analysis section as written: its keys (normalised to snake_case)
    /// with their lines, and the section re-serialised for decoding.
    public struct Section: Sendable {
        public var name: String
        public var line: Int
        public var keys: [(key: String, line: Int)]
        /// Scalar values (lists joined by commas) with their lines.
        public var values: [(value: String, line: Int)] = []
        /// The section as YAML with normalised keys, for the job's decoder.
        public var yaml: String

        public func line(of key: String) -> Int { keys.first { $0.key == key }?.line ?? line }
    }

    public var path: String
    public var directory: URL
    public var name: String
    public var lang: String
    public var inputs: [String: Input]
    /// Analysis sections in run order (coverage, grids, parks).
    public var sections: [Section]
    public var outputFolder: String?
    public var writeCSV: Bool
    public var writeReport: Bool
    /// Where a plan in local metres lies: its (0, 0) at `lon`, `lat` (WGS 84),
    /// its axes turned `rotation` degrees counter-clockwise from east/north.
    public var origin: StudyOrigin? = nil

    public static let analysisNames = ["coverage", "grids", "parks", "access", "site"]
    static let topKeys = ["study", "inputs"] + analysisNames + ["outputs"]
}

/// A study-file mistake, with the file and line.
public struct StudyError: Error, CustomStringConvertible, LocalizedError {
    public let description: String
    public init(_ path: String, _ line: Int?, _ message: String) {
        description = line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
    public var errorDescription: String? { description }
}

extension StudyFile {
    public static func load(_ path: String) throws -> StudyFile {
        // An empty file is not read: Foundation's reader leaks its buffer on 0 bytes (found by FuzzStudyYAML).
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == 0 {
            throw StudyError(path, nil, "the file is empty: see examples/huilongguan/study.yaml")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StudyError(path, nil, "no such file: give the path of a study YAML file (see examples/huilongguan/study.yaml)")
        }
        let text = String(decoding: data, as: UTF8.self)
        // YAML forbids tabs in indentation; Yams's scanner message never says so.
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if indent.contains("\t") {
                throw StudyError(path, i + 1, "a tab is used for indentation: YAML indents with spaces only; replace the tab with spaces")
            }
        }
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else { throw StudyError(path, nil, "the file is empty: see examples/huilongguan/study.yaml") }
            root = n
        } catch let e as StudyError {
            throw e
        } catch let e as YamlError {
            throw StudyError(path, nil, "not valid YAML (\(String(describing: e).split(separator: "\n").first ?? "")): fix the syntax")
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        var study = StudyFile(
            path: path, directory: dir, name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
            lang: "zh", inputs: [:], sections: [], outputFolder: nil, writeCSV: true, writeReport: true)
        for (key, value) in try mapping(root, path, "the study") {
            let line = key.mark?.line
            guard let k = key.string, topKeys.contains(k) else {
                throw StudyError(
                    path, line,
                    "unknown key '\(key.string ?? "?")'\(StudyFile.suggestion(key.string ?? "", topKeys)): expected one of \(topKeys.joined(separator: ", "))"
                )
            }
            switch k {
            case "study": try study.readStudySection(value)
            case "inputs": try study.readInputs(value)
            case "outputs": try study.readOutputs(value)
            default: if let s = try study.readSection(k, value, line: line ?? 0) { study.sections.append(s) }
            }
        }
        if study.sections.isEmpty {
            throw StudyError(path, nil, "no analysis to run: add a coverage, grids, parks, access or site section")
        }
        // Run in a fixed order whatever the file's order.
        study.sections.sort { (analysisNames.firstIndex(of: $0.name) ?? 0) < (analysisNames.firstIndex(of: $1.name) ?? 0) }
        return study
    }

    static func mapping(_ node: Node, _ path: String, _ what: String) throws -> [(Node, Node)] {
        guard case .mapping(let m) = node else {
            throw StudyError(path, node.mark?.line, "\(what) must be a mapping of keys to values")
        }
        return m.map { ($0.key, $0.value) }
    }

    private func scalarString(_ node: Node, _ key: String) throws -> String {
        guard case .scalar(let s) = node else {
            throw StudyError(path, node.mark?.line, "'\(key)' must be a single value, not a list or mapping")
        }
        return s.string
    }

    private mutating func readStudySection(_ node: Node) throws {
        for (k, v) in try StudyFile.mapping(node, path, "'study'") {
            switch k.string {
            case "name": name = try scalarString(v, "name")
            case "lang":
                lang = try scalarString(v, "lang")
                guard ["zh", "en"].contains(lang) else { throw StudyError(path, v.mark?.line, "lang must be zh or en, not '\(lang)'") }
            case "origin": origin = try readOrigin(v)
            default:
                throw StudyError(
                    path, k.mark?.line,
                    "unknown key '\(k.string ?? "?")' in study\(StudyFile.suggestion(k.string ?? "", ["name", "lang", "origin"])): expected name, lang, origin"
                )
            }
        }
    }

    /// `origin: {lon: 116.33, lat: 40.07, rotation: 0}`.
    private func readOrigin(_ node: Node) throws -> StudyOrigin {
        var lon: Double?, lat: Double?, rotation = 0.0
        for (k, v) in try StudyFile.mapping(node, path, "'origin'") {
            guard let key = k.string, ["lon", "lat", "rotation"].contains(key) else {
                throw StudyError(path, k.mark?.line, "unknown key '\(k.string ?? "?")' in origin: expected lon, lat, rotation")
            }
            guard let d = Double(try scalarString(v, key)), d.isFinite else {
                throw StudyError(path, v.mark?.line, "origin '\(key)' must be a number (degrees)")
            }
            switch key {
            case "lon": lon = d
            case "lat": lat = d
            default: rotation = d
            }
        }
        guard let lon, let lat, abs(lon) <= 180, abs(lat) < 90 else {
            throw StudyError(path, node.mark?.line, "origin needs lon (−180…180) and lat (−90…90) in degrees, WGS 84")
        }
        return StudyOrigin(lon: lon, lat: lat, rotation: rotation)
    }

    private mutating func readOutputs(_ node: Node) throws {
        let known = ["folder", "csv", "report"]
        for (k, v) in try StudyFile.mapping(node, path, "'outputs'") {
            switch k.string {
            case "folder": outputFolder = try scalarString(v, "folder")
            case "csv", "report":
                guard let b = v.bool else { throw StudyError(path, v.mark?.line, "'\(k.string ?? "")' must be true or false") }
                if k.string == "csv" { writeCSV = b } else { writeReport = b }
            default:
                throw StudyError(
                    path, k.mark?.line,
                    "unknown key '\(k.string ?? "?")' in outputs\(StudyFile.suggestion(k.string ?? "", known)): expected folder, csv, report")
            }
        }
    }

    private mutating func readInputs(_ node: Node) throws {
        let known = ["path", "layer", "crs", "filter", "area_field", "encoding", "x_field", "y_field", "location_field"]
        for (k, v) in try StudyFile.mapping(node, path, "'inputs'") {
            guard let name = k.string else { continue }
            var input = Input(name: name, path: "", layer: nil, crs: nil, filter: nil, areaField: nil, line: k.mark?.line ?? 0)
            if case .scalar(let s) = v {
                input.path = s.string
            } else {
                for (ik, iv) in try StudyFile.mapping(v, path, "input '\(name)'") {
                    switch ik.string {
                    case "path": input.path = try scalarString(iv, "path")
                    case "layer": input.layer = try scalarString(iv, "layer")
                    case "crs": input.crs = try scalarString(iv, "crs")
                    case "filter": input.filter = try scalarString(iv, "filter")
                    case "area_field": input.areaField = try scalarString(iv, "area_field")
                    case "encoding": input.encoding = try scalarString(iv, "encoding")
                    case "x_field": input.xField = try scalarString(iv, "x_field")
                    case "y_field": input.yField = try scalarString(iv, "y_field")
                    case "location_field": input.locationField = try scalarString(iv, "location_field")
                    default:
                        throw StudyError(
                            path, ik.mark?.line,
                            "unknown key '\(ik.string ?? "?")' in input '\(name)'\(StudyFile.suggestion(ik.string ?? "", known)): expected \(known.joined(separator: ", "))"
                        )
                    }
                }
            }
            guard !input.path.isEmpty else { throw StudyError(path, input.line, "input '\(name)' needs a path") }
            input.path = resolve(input.path)
            inputs[name] = input
        }
    }

    /// An analysis section, its keys normalised (`max-snap` → `max_snap`) and
    /// checked against the job's keys; nil for `parks: false` or an empty section.
    private func readSection(_ name: String, _ node: Node, line: Int) throws -> Section? {
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "false" { return nil }
        let known = StudyJobs.keys(of: name)
        var keys: [(String, Int)] = []
        var values: [(value: String, line: Int)] = []
        var pairs: [(Node, Node)] = []
        for (k, v) in try StudyFile.mapping(node, path, "'\(name)'") {
            guard let raw = k.string else { continue }
            let key = raw.replacingOccurrences(of: "-", with: "_")
            let kline = k.mark?.line ?? line
            if ["out", "summary", "units_out"].contains(key) {
                throw StudyError(path, kline, "'\(raw)' in \(name) is set by the study: remove it (outputs go to the study's output folder)")
            }
            guard known.contains(key) else {
                throw StudyError(
                    path, kline,
                    "unknown key '\(raw)' in \(name)\(StudyFile.suggestion(key, known)) (see `lifecircle \(name == "grids" ? "grids partition" : name) --help`)"
                )
            }
            if case .mapping = v { throw StudyError(path, kline, "'\(raw)' in \(name) must be a value or a list, not a mapping") }
            keys.append((key, kline))
            switch v {
            case .scalar(let sc): values.append((sc.string, kline))
            case .sequence(let seq): values.append((seq.compactMap { $0.string }.joined(separator: ","), kline))
            default: break
            }
            pairs.append((Node(key), v))
        }
        let yaml = try Yams.serialize(node: .mapping(Node.Mapping(pairs)))
        return Section(name: name, line: line, keys: keys.map { (key: $0.0, line: $0.1) }, values: values, yaml: yaml)
    }

    /// A path relative to the study file's folder.
    public func resolve(_ p: String) -> String {
        if p.hasPrefix("/") { return p }
        return directory.appendingPathComponent(p).standardizedFileURL.path
    }

    /// "; did you mean 'max_snap'?" for a key within two edits of a known one.
    static func suggestion(_ key: String, _ known: [String]) -> String {
        let scored = known.map { ($0, editDistance(key, $0)) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(2, key.count / 4) else { return "" }
        return " (did you mean '\(best)'?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where j <= b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}

/// A local plan's place on the earth (see `StudyFile.origin`).
public struct StudyOrigin: Sendable, Equatable {
    public var lon: Double
    public var lat: Double
    /// Degrees counter-clockwise from east/north to the plan's x/y axes.
    public var rotation: Double
}
