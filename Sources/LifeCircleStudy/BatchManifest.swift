import Foundation
import LifeCircleIO
import Yams

/// A batch: one study per row, e.g. the ~300 prefecture-level cities of an
/// annual city health check (城市体检). A row names a study file, or uses the
/// manifest's template study with its own inputs (`inputs.<name>` columns or
/// keys), city name and code.
///
/// YAML:
/// ```yaml
/// template: city.yaml          # optional; rows without `study` use it
/// output: national             # the batch folder (default: <manifest>-batch)
/// rows:
///   - {city: 武汉, code: "420100", inputs: {network: wuhan/streets.gpkg, residents: wuhan/homes.gpkg}}
///   - {city: 深圳, code: "440300", study: shenzhen/study.yaml}
/// ```
/// An input may also be `{path, filter, layer}`: one national file with a
/// filter per city. CSV: a header row with `city`, `code`, optional `study`,
/// and `input.<name>` / `filter.<name>` / `layer.<name>` columns; `template`
/// and `output` then come from the command line.
public struct BatchManifest: Sendable {
    public struct InputOverride: Sendable, Equatable {
        public var path: String?
        public var filter: String?
        public var layer: String?
    }

    public struct Row: Sendable, Equatable {
        /// 1-based, as Slurm's `SLURM_ARRAY_TASK_ID` counts them.
        public var index: Int
        public var city: String
        public var code: String
        /// The study file (absolute); nil = the template.
        public var study: String?
        /// Input name → what replaces the study's own: a path (absolute), and
        /// optionally a filter or layer (one national file, a filter per city).
        public var inputs: [String: InputOverride]
        /// The line of the manifest the row comes from, for messages.
        public var line: Int

        /// The row's folder name inside `cities/`: the code when given (stable
        /// across renames), else the row number.
        public var folderName: String {
            let base = code.isEmpty ? String(format: "row-%04d", index) : code
            return base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? String($0) : "_" }.joined()
        }
    }

    public var path: String
    public var template: String?
    public var output: String
    public var rows: [Row]

    public static func load(_ path: String, template: String? = nil, output: String? = nil) throws -> BatchManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OptionError(key: "manifest", "\(path): no such file", fix: "give the path of a batch manifest (CSV or YAML)")
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : dir.appendingPathComponent(p).standardizedFileURL.path }
        let defaultOutput = URL(fileURLWithPath: path).deletingPathExtension().path + "-batch"
        // Absolute, so emitted scheduler scripts and child processes find it from anywhere.
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var m = BatchManifest(path: absolute, template: template.map(resolve), output: output.map(resolve) ?? defaultOutput, rows: [])
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{FEFF}", with: "")
        if path.lowercased().hasSuffix(".csv") {
            m.rows = try csvRows(text, path: path, resolve: resolve)
        } else {
            try m.readYAML(text, resolve: resolve, outputGiven: output != nil)
        }
        if m.rows.isEmpty { throw OptionError(key: "manifest", "\(path): the manifest lists no rows", fix: "add one row per city") }
        for r in m.rows where r.study == nil && m.template == nil {
            throw OptionError(
                key: "template", "\(path):\(r.line): row \(r.index) (\(r.city)) names no study and the manifest has no template",
                fix: "give the row a study, or a template study with {option}")
        }
        var seen: [String: Int] = [:]
        for r in m.rows {
            if let other = seen[r.folderName] {
                throw OptionError(
                    key: "manifest", "\(path):\(r.line): rows \(other) and \(r.index) share the code '\(r.code)'",
                    fix: "give every city its own code")
            }
            seen[r.folderName] = r.index
        }
        return m
    }

    /// The command line's `--template` / `--output` win over the manifest's.
    private mutating func readYAML(_ text: String, resolve: (String) -> String, outputGiven: Bool) throws {
        guard let root = try Yams.compose(yaml: text), case .mapping(let top) = root else {
            throw OptionError(key: "manifest", "\(path): not a YAML mapping with `rows:`", fix: "see `lifecircle batch --help`")
        }
        for (k, v) in top {
            switch k.string {
            case "template": if template == nil, let s = v.string { template = resolve(s) }
            case "output": if !outputGiven, let s = v.string { output = resolve(s) }
            case "rows":
                guard case .sequence(let seq) = v else {
                    throw OptionError(key: "manifest", "\(path):\(v.mark?.line ?? 0): `rows` must be a list", fix: "list one mapping per city")
                }
                for (i, item) in seq.enumerated() {
                    guard case .mapping(let row) = item else {
                        throw OptionError(key: "manifest", "\(path):\(item.mark?.line ?? 0): a row must be a mapping (city, code, study or inputs)")
                    }
                    var r = Row(index: i + 1, city: "", code: "", study: nil, inputs: [:], line: item.mark?.line ?? 0)
                    for (rk, rv) in row {
                        switch rk.string {
                        case "city": r.city = rv.string ?? ""
                        case "code": r.code = rv.string ?? ""
                        case "study": r.study = rv.string.map(resolve)
                        case "inputs":
                            guard case .mapping(let inputs) = rv else { continue }
                            for (ik, iv) in inputs {
                                guard let n = ik.string else { continue }
                                if let p = iv.string {
                                    r.inputs[n] = InputOverride(path: resolve(p))
                                } else if case .mapping(let fields) = iv {
                                    var o = InputOverride()
                                    for (fk, fv) in fields {
                                        switch fk.string {
                                        case "path": o.path = fv.string.map(resolve)
                                        case "filter": o.filter = fv.string
                                        case "layer": o.layer = fv.string
                                        default:
                                            throw OptionError(
                                                key: "manifest", "\(path):\(fk.mark?.line ?? 0): unknown input key '\(fk.string ?? "?")'",
                                                fix: "use path, filter, layer")
                                        }
                                    }
                                    r.inputs[n] = o
                                }
                            }
                        default:
                            throw OptionError(
                                key: "manifest", "\(path):\(rk.mark?.line ?? 0): unknown row key '\(rk.string ?? "?")'",
                                fix: "use city, code, study, inputs")
                        }
                    }
                    if r.city.isEmpty { r.city = r.code.isEmpty ? "row \(r.index)" : r.code }
                    rows.append(r)
                }
            default:
                throw OptionError(
                    key: "manifest", "\(path):\(k.mark?.line ?? 0): unknown key '\(k.string ?? "?")'", fix: "use template, output, rows")
            }
        }
    }

    /// Comma-separated with double quotes for fields holding commas.
    static func csvRows(_ text: String, path: String, resolve: (String) -> String) throws -> [Row] {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { return [] }
        let header = splitCSV(lines.removeFirst()).map { $0.lowercased() == "city" || $0 == "城市" ? "city" : $0 }
        var rows: [Row] = []
        for (i, line) in lines.enumerated() {
            let f = splitCSV(line)
            var r = Row(index: i + 1, city: "", code: "", study: nil, inputs: [:], line: i + 2)
            for (k, name) in header.enumerated() where k < f.count && !f[k].isEmpty {
                switch name {
                case "city": r.city = f[k]
                case "code": r.code = f[k]
                case "study": r.study = resolve(f[k])
                default:
                    if name.hasPrefix("input.") {
                        r.inputs[String(name.dropFirst(6)), default: InputOverride()].path = resolve(f[k])
                    } else if name.hasPrefix("filter.") {
                        r.inputs[String(name.dropFirst(7)), default: InputOverride()].filter = f[k]
                    } else if name.hasPrefix("layer.") {
                        r.inputs[String(name.dropFirst(6)), default: InputOverride()].layer = f[k]
                    } else {
                        throw OptionError(
                            key: "manifest", "\(path):1: unknown column '\(name)'",
                            fix: "use city, code, study, and input.<name>, filter.<name>, layer.<name> columns")
                    }
                }
            }
            if r.city.isEmpty { r.city = r.code.isEmpty ? "row \(r.index)" : r.code }
            rows.append(r)
        }
        return rows
    }

    static func splitCSV(_ line: String) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var it = Array(line).makeIterator()
        while let c = it.next() {
            if c == "\"" {
                quoted.toggle()
                continue
            }
            if c == "," && !quoted {
                out.append(cur.trimmingCharacters(in: .whitespaces))
                cur = ""
            } else {
                cur.append(c)
            }
        }
        out.append(cur.trimmingCharacters(in: .whitespaces))
        return out
    }
}
