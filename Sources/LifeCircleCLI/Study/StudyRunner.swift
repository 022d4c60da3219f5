import ArgumentParser
import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Runs a study: prepares inputs, runs each analysis through its own command
/// (so every command option works in a study), then gathers the outputs into
/// one folder. Everything is written to a hidden folder beside the target and
/// moved into place only when every stage succeeded.
struct StudyRunner {
    var study: StudyFile
    var outputFolder: URL
    var lang: String
    var progress: StageProgress

    struct StageFailure: Error, CustomStringConvertible {
        let stage: String
        let underlying: Error
        var description: String { "stage '\(stage)' failed: \(underlying)" }
    }

    // MARK: Checking

    /// Checks the whole study without running it: keys, values, input files.
    func check() throws {
        for input in study.inputs.values {
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw StudyError(study.path, input.line, "input '\(input.name)': no such file \(input.path): fix the path (relative to the study file)")
            }
            if let crs = input.crs, (try? CRS.parse(crs)) == nil {
                throw StudyError(study.path, input.line, "input '\(input.name)': unknown CRS '\(crs)': give EPSG:n, wgs84, gcj02, bd09 or local")
            }
        }
        for a in study.analyses {
            let known = AnalysisOptions.names(of: a.command)
            for o in a.options {
                if ["out", "summary"].contains(o.key) {
                    throw StudyError(study.path, o.line, "'\(o.key)' in \(a.name) is set by the study: remove it (outputs go to the study's output folder)")
                }
                if !known.isEmpty && !known.contains(o.key) {
                    throw StudyError(study.path, o.line, "unknown key '\(o.key)' in \(a.name): expected one of \(known.sorted().joined(separator: ", "))")
                }
                if StudyFile.pathOptions.contains(o.key), let v = o.value, Double(v) == nil, study.inputs[v] == nil,
                   !FileManager.default.fileExists(atPath: study.resolve(v)) {
                    throw StudyError(study.path, o.line, "\(a.name) \(o.key): '\(v)' is neither an input name nor an existing file: name an input or fix the path")
                }
            }
            // Let the command itself judge the values (types, ranges, combinations).
            let args = arguments(for: a, into: URL(fileURLWithPath: "/nonexistent-check"), inputs: [:])
            do {
                _ = try LifeCircleCommand.parseAsRoot(args)
            } catch {
                let message = LifeCircleCommand.message(for: error)
                let line = a.options.first { message.contains("--\($0.key)") }?.line ?? a.line
                throw StudyError(study.path, line, "\(a.name): \(message)")
            }
        }
    }

    // MARK: Running

    func run() async throws -> StudyOutputs {
        let fm = FileManager.default
        let parent = outputFolder.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw CLIError("\(outputFolder.path): cannot create \(parent.path) (\(error.localizedDescription)): choose another output folder")
        }
        // A fixed name, so paths recorded in summaries are the same on every run.
        let work = parent.appendingPathComponent(".\(outputFolder.lastPathComponent).partial")
        try? fm.removeItem(at: work)
        try fm.createDirectory(at: work.appendingPathComponent("inputs"), withIntermediateDirectories: true)
        var finished = false
        defer { if !finished { try? fm.removeItem(at: work) } }

        let prepared = try progress.stage("inputs") { try prepareInputs(into: work.appendingPathComponent("inputs")) }
        var results: [AnalysisResult] = []
        for a in study.analyses {
            let args = arguments(for: a, into: work, inputs: prepared)
            try await progress.stageAsync(a.name) {
                // A command's own notes go to the run's log (kept as run.log):
                // stdout stays for the report's path, stderr for progress.
                do {
                    try await progress.capturing(into: work.appendingPathComponent("run.log")) {
                        var command = try LifeCircleCommand.parseAsRoot(args)
                        if var async = command as? AsyncParsableCommand {
                            try await async.run()
                        } else {
                            try command.run()
                        }
                    }
                } catch {
                    throw StageFailure(stage: a.name, underlying: error)
                }
            }
            results.append(AnalysisResult(name: a.name, geopackage: work.appendingPathComponent("\(a.name).gpkg"),
                                          summary: work.appendingPathComponent("\(a.name).summary.json")))
        }
        let outputs = try progress.stage("outputs") {
            try StudyAssembler(study: study, folder: work, results: results, lang: lang).assemble()
        }
        // Swap the finished folder into place; the previous run's folder goes only after.
        let old = parent.appendingPathComponent(".\(outputFolder.lastPathComponent).old")
        try? fm.removeItem(at: old)
        if fm.fileExists(atPath: outputFolder.path) { try fm.moveItem(at: outputFolder, to: old) }
        try fm.moveItem(at: work, to: outputFolder)
        try? fm.removeItem(at: old)
        finished = true
        return outputs.relocated(from: work, to: outputFolder)
    }

    /// Converts inputs that need it (GCJ-02/BD-09, a chosen layer, a declared CRS)
    /// into GeoPackages in the work folder; others are used in place.
    private func prepareInputs(into dir: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        for input in study.inputs.values.sorted(by: { $0.name < $1.name }) {
            guard input.layer != nil || input.crs != nil || input.filter != nil || input.areaField != nil else {
                out[input.name] = input.path
                continue
            }
            let declared = try input.crs.map { try CRS.parse($0) }
            var table = try LayerReader.read(input.path, ReadOptions(layer: input.layer, filter: input.filter, declaredCRS: declared))
            if let crs = table.crs, crs.kind == .gcj02 || crs.kind == .bd09 {
                table.geometries = try CoordinateTransformer(from: crs, to: .wgs84).transform(table.geometries)
                table.crs = .wgs84
            }
            if let field = input.areaField {
                table.setColumn(Column(name: field, doubles: try table.geometries.map { g in
                    guard let g, !g.polygonParts.isEmpty else { return nil }
                    return try Geometry(g).area
                }))
            }
            let path = dir.appendingPathComponent("\(input.name).gpkg").path
            try VectorWriter.write([OutputLayer(table, name: input.name)], to: path)
            out[input.name] = path
        }
        return out
    }

    func arguments(for a: StudyFile.Analysis, into work: URL, inputs: [String: String]) -> [String] {
        var args = a.command
        let repeatable = AnalysisOptions.repeatable(of: a.command)
        for o in a.options {
            guard let value = o.value else { args.append("--\(o.key)"); continue }
            let values = o.isList && repeatable.contains(o.key) ? value.components(separatedBy: ",") : [value]
            for var v in values {
                if StudyFile.namedOrPathOptions.contains(o.key), FileManager.default.fileExists(atPath: study.resolve(v)) {
                    v = study.resolve(v)
                } else if StudyFile.pathOptions.contains(o.key), Double(v) == nil {
                    if let prepared = inputs[v] { v = prepared }
                    else if let input = study.inputs[v] { v = input.path }
                    else if FileManager.default.fileExists(atPath: study.resolve(v)) { v = study.resolve(v) }
                }
                args += ["--\(o.key)", v]
            }
        }
        args += ["--out", work.appendingPathComponent("\(a.name).gpkg").path,
                 "--summary", work.appendingPathComponent("\(a.name).summary.json").path]
        return args
    }
}

struct AnalysisResult {
    var name: String
    var geopackage: URL
    var summary: URL
}

/// Option names a subcommand accepts, read from its generated help text so
/// the study file follows the commands without a second list to keep in step.
enum AnalysisOptions {
    static func help(of command: [String]) -> String? {
        var type: ParsableCommand.Type = LifeCircleCommand.self
        for name in command {
            guard let sub = type.configuration.subcommands.first(where: { $0._commandName == name }) else { return nil }
            type = sub
        }
        return type.helpMessage(columns: 10_000)
    }

    /// Options that may be given several times (`--facilities a --facilities b`):
    /// their usage shows `<value> ...`. A YAML list for them repeats the option;
    /// for any other option it becomes one comma list (`--tiers 300,500,1000`).
    static func repeatable(of command: [String]) -> Set<String> {
        guard let help = help(of: command) else { return [] }
        let regex = try! NSRegularExpression(pattern: "--([a-z][a-z0-9-]*) <[^>]+> \\.\\.\\.")
        let ns = help as NSString
        return Set(regex.matches(in: help, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) })
    }

    static func names(of command: [String]) -> Set<String> {
        guard let help = help(of: command) else { return [] }
        var names = Set<String>()
        let regex = try! NSRegularExpression(pattern: "--([a-z][a-z0-9-]*)")
        let ns = help as NSString
        for m in regex.matches(in: help, range: NSRange(location: 0, length: ns.length)) {
            names.insert(ns.substring(with: m.range(at: 1)))
        }
        names.subtract(["help", "version", "out", "summary"])
        return names
    }
}
