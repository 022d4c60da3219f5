import Foundation
import Yams

/// A study: one YAML file naming the inputs, the analyses with their options,
/// and the outputs. Analysis sections take the options of the matching
/// command (`lifecircle coverage --help` …), written as YAML keys
/// (`max-snap` or `max_snap`), lists for comma lists, booleans for flags.
struct StudyFile {
    struct Input {
        var name: String
        var path: String
        var layer: String?
        /// As written: EPSG:n, wgs84, gcj02, bd09, local … (gcj02/bd09 are converted on read).
        var crs: String?
        /// OGR SQL attribute filter, e.g. "type = 4".
        var filter: String?
        /// Adds a column of this name holding each polygon's area (m²), e.g.
        /// to balance grids by land area where no household counts exist.
        var areaField: String?
        var line: Int
    }

    /// One analysis section: `coverage`, `grids` or `parks`.
    struct Analysis {
        var name: String
        /// The subcommand path, e.g. ["grids", "partition"].
        var command: [String]
        /// Option name (kebab-case) → value as the command line takes it; nil for a set flag.
        var options: [Option]
        struct Option {
            var key: String
            var value: String?
            var line: Int
            /// Written as a YAML list.
            var isList = false
        }
        var line: Int
    }

    var path: String
    var directory: URL
    var name: String
    var lang: String
    var inputs: [String: Input]
    var analyses: [Analysis]
    var outputFolder: String?
    var writeCSV: Bool
    var writeReport: Bool

    static let analysisCommands: [String: [String]] = [
        "coverage": ["coverage"],
        "grids": ["grids", "partition"],
        "parks": ["parks"],
    ]
    static let topKeys = ["study", "inputs", "coverage", "grids", "parks", "outputs"]

    /// Option names whose values are files: resolved from the study's folder,
    /// or replaced by the prepared file of a named input.
    static let pathOptions: Set<String> = [
        "network", "residents", "facilities", "zones", "units", "green", "candidates", "land", "buildings",
        "roads", "water", "barriers", "communities", "community", "grids", "mapping", "preset-file", "assignment-file",
        "residential", "existing", "study-area", "grids-table",
    ]
    /// Options that take a built-in name or a file (`preset: gb50180` or
    /// `preset: my_preset.yaml`): resolved when the file exists, else passed on.
    static let namedOrPathOptions: Set<String> = ["preset", "walkable-rules"]
}

/// A study-file mistake, with the file and line.
struct StudyError: Error, CustomStringConvertible {
    let description: String
    init(_ path: String, _ line: Int?, _ message: String) {
        description = line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}

extension StudyFile {
    static func load(_ path: String) throws -> StudyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StudyError(path, nil, "no such file: give the path of a study YAML file (see examples/study.yaml)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else { throw StudyError(path, nil, "the file is empty: see examples/study.yaml") }
            root = n
        } catch let e as StudyError {
            throw e
        } catch let e as YamlError {
            throw StudyError(path, nil, "not valid YAML (\(String(describing: e).split(separator: "\n").first ?? "")): fix the syntax")
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        var study = StudyFile(path: path, directory: dir, name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                              lang: "zh", inputs: [:], analyses: [], outputFolder: nil, writeCSV: true, writeReport: true)
        let top = try mapping(root, path, "the study")
        for (key, value) in top {
            let line = key.mark?.line
            guard let k = key.string, topKeys.contains(k) else {
                throw StudyError(path, line, "unknown key '\(key.string ?? "?")': expected one of \(topKeys.joined(separator: ", "))")
            }
            switch k {
            case "study": try study.readStudySection(value)
            case "inputs": try study.readInputs(value)
            case "outputs": try study.readOutputs(value)
            default: study.analyses.append(try study.readAnalysis(k, value))
            }
        }
        if study.analyses.isEmpty {
            throw StudyError(path, nil, "no analysis to run: add a coverage, grids or parks section")
        }
        // Run in a fixed order whatever the file's order.
        let order = ["coverage", "grids", "parks"]
        study.analyses.sort { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
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
            default:
                throw StudyError(path, k.mark?.line, "unknown key '\(k.string ?? "?")' in study: expected name, lang")
            }
        }
    }

    private mutating func readOutputs(_ node: Node) throws {
        for (k, v) in try StudyFile.mapping(node, path, "'outputs'") {
            switch k.string {
            case "folder": outputFolder = try scalarString(v, "folder")
            case "csv", "report":
                guard let b = v.bool else { throw StudyError(path, v.mark?.line, "'\(k.string!)' must be true or false") }
                if k.string == "csv" { writeCSV = b } else { writeReport = b }
            default:
                throw StudyError(path, k.mark?.line, "unknown key '\(k.string ?? "?")' in outputs: expected folder, csv, report")
            }
        }
    }

    private mutating func readInputs(_ node: Node) throws {
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
                    default:
                        throw StudyError(path, ik.mark?.line, "unknown key '\(ik.string ?? "?")' in input '\(name)': expected path, layer, crs, filter, area_field")
                    }
                }
            }
            guard !input.path.isEmpty else { throw StudyError(path, input.line, "input '\(name)' needs a path") }
            input.path = resolve(input.path)
            inputs[name] = input
        }
    }

    private func readAnalysis(_ name: String, _ node: Node) throws -> Analysis {
        var analysis = Analysis(name: name, command: StudyFile.analysisCommands[name]!, options: [], line: node.mark?.line ?? 0)
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "false" {
            return analysis
        }
        for (k, v) in try StudyFile.mapping(node, path, "'\(name)'") {
            guard let raw = k.string else { continue }
            let key = raw.replacingOccurrences(of: "_", with: "-")
            let line = k.mark?.line ?? 0
            if name == "grids" && key == "command" {
                let sub = try scalarString(v, "command")
                guard ["partition", "evaluate", "rebalance"].contains(sub) else {
                    throw StudyError(path, v.mark?.line, "grids command must be partition, evaluate or rebalance, not '\(sub)'")
                }
                analysis.command = ["grids", sub]
                continue
            }
            switch v {
            case .scalar(let s):
                if let b = v.bool, ["true", "false", "yes", "no"].contains(s.string.lowercased()) {
                    if b { analysis.options.append(.init(key: key, value: nil, line: line)) }
                } else {
                    analysis.options.append(.init(key: key, value: s.string, line: line))
                }
            case .sequence(let seq):
                let items = try seq.map { try scalarString($0, raw) }
                analysis.options.append(.init(key: key, value: items.joined(separator: ","), line: line, isList: true))
            case .mapping:
                throw StudyError(path, line, "'\(raw)' in \(name) must be a value or a list, not a mapping")
            }
        }
        return analysis
    }

    /// A path relative to the study file's folder.
    func resolve(_ p: String) -> String {
        if p.hasPrefix("/") { return p }
        return directory.appendingPathComponent(p).standardizedFileURL.path
    }
}
