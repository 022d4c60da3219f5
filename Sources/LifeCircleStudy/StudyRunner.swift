import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleIO
import LifeCircleParks
import LifeCircleProjection
import LifeCircleSiting

/// Runs a study in-process: prepares its inputs, decodes each analysis into
/// its library job, runs the jobs, and gathers their typed summaries and
/// layers into one folder. Everything is written to a hidden folder beside
/// the target and moved into place only when every stage succeeded.
public struct StudyRunner {
    public var study: StudyFile
    public var outputFolder: URL
    public var lang: String
    public var progress: StageProgress

    public init(study: StudyFile, outputFolder: URL, lang: String, progress: StageProgress) {
        self.study = study; self.outputFolder = outputFolder; self.lang = lang; self.progress = progress
    }

    struct StageFailure: Error, CustomStringConvertible {
        let stage: String
        let underlying: Error
        var description: String { "stage '\(stage)' failed: \(underlying)" }
    }

    // MARK: Checking

    /// Checks the whole study without running it: keys, values, input files.
    public func check() throws {
        for input in study.inputs.values.sorted(by: { $0.line < $1.line }) {
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw StudyError(
                    study.path, input.line, "input '\(input.name)': no such file \(input.path): fix the path (relative to the study file)")
            }
            if let crs = input.crs, (try? CRS.parse(crs)) == nil {
                throw StudyError(study.path, input.line, "input '\(input.name)': unknown CRS '\(crs)': give EPSG:n, wgs84, gcj02, bd09 or local")
            }
        }
        for section in study.sections {
            // File options must name an input or an existing file beside the study.
            let missing = ParallelSlots<[String]>(count: 1, initial: [])
            let base = resolver(prepared: [:])
            let checking = InputResolver(
                { text in
                    let s = base.resolve(text)
                    if !FileManager.default.fileExists(atPath: s.path) { missing.set(0, missing[0] + [text]) }
                    return s
                }, existingFile: base.existingFile)
            _ = try StudyJobs.job(section, in: study, resolver: checking)
            if let text = missing[0].first {
                let line = section.values.first { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(text) }?
                    .line
                throw StudyError(
                    study.path, line ?? section.line,
                    "\(section.name): '\(text)' is neither an input name nor an existing file: name an input or fix the path")
            }
        }
    }

    /// Input names map to their prepared file (or their own path); other
    /// values are paths relative to the study file.
    func resolver(prepared: [String: String]) -> InputResolver {
        let study = self.study
        return InputResolver(
            { text in
                if let p = prepared[text] { return InputSource(path: p) }
                if let input = study.inputs[text] { return input.source }
                return InputSource(path: study.resolve(text))
            },
            existingFile: { text in
                let p = study.inputs[text]?.path ?? study.resolve(text)
                return FileManager.default.fileExists(atPath: p) ? p : nil
            })
    }

    // MARK: Running

    /// The study file and its inputs, which the output folder must not touch.
    public var inputFiles: [InputFile] {
        [InputFile(role: "study", path: study.path)]
            + study.inputs.values.sorted { $0.name < $1.name }.map { InputFile(role: "'\($0.name)'", path: $0.path) }
    }

    public func run() throws -> StudyOutputs {
        let fm = FileManager.default
        // Before any work: the folder is not an input, holds none, and is new or a run folder.
        try RunFolder.check(outputFolder.path, key: "out", inputs: inputFiles)
        let parent = outputFolder.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw StudyError(
                study.path, nil, "\(outputFolder.path): cannot create \(parent.path) (\(error.localizedDescription)): choose another output folder")
        }
        // A fixed name, so paths recorded in summaries are the same on every run.
        let work = parent.appendingPathComponent(".\(outputFolder.lastPathComponent).partial")
        // A killed run's scratch is removed; a live run's is refused (the pid inside says which).
        try RunFolder.claim(scratch: work, key: "out", folder: outputFolder.path)
        var finished = false
        defer {
            if !finished { try? fm.removeItem(at: work) }
            OutputStaging.unregister(scratch: work.path)
        }
        try fm.createDirectory(at: work.appendingPathComponent("inputs"), withIntermediateDirectories: true)

        let prepared = try progress.stage("inputs") { try prepareInputs(into: work.appendingPathComponent("inputs")) }
        let resolver = self.resolver(prepared: prepared)
        var results = AnalysisResults()
        var log: [String] = []
        for section in study.sections {
            let job = try StudyJobs.job(section, in: study, resolver: resolver)
            let gpkg = work.appendingPathComponent("\(section.name).gpkg")
            try progress.stage(section.name) {
                do {
                    switch job {
                    case .coverage(var j):
                        j.out = gpkg.path
                        j.summary = nil
                        j.residentResults = false  // only the summary and file are used: residents may stream
                        let r = try j.run()
                        results.coverage = r.summary
                        log += r.summary.warnings.map { "coverage: warning: \($0)" }
                    case .grids(var j):
                        j.out = gpkg.path
                        j.unitsOut = nil
                        j.summary = nil
                        let r = try j.run()
                        results.grids = r.summary
                        log += r.summary.issues.map { "grids: \($0.message)" }
                    case .parks(var j):
                        j.out = gpkg.path
                        j.summary = nil
                        let r = try j.run()
                        results.parks = r.summary
                        log += r.summary.notes.map { "parks: note: \($0)" }
                    case .access(var j):
                        j.out = gpkg.path
                        j.summary = nil
                        let r = try j.run()
                        results.access = r.summary
                        log += r.summary.warnings.map { "access: warning: \($0)" }
                    case .site(var j):
                        j.out = gpkg.path
                        j.summary = nil
                        let r = try j.run()
                        results.site = r.summary
                        log += r.summary.warnings.map { "site: warning: \($0)" }
                    }
                } catch {
                    throw StageFailure(stage: section.name, underlying: StudyJobs.studyError(error, section, study))
                }
            }
            results.geopackages.append((section.name, gpkg))
        }
        try Data((log.joined(separator: "\n") + (log.isEmpty ? "" : "\n")).utf8).write(to: work.appendingPathComponent("run.log"))
        let outputs = try progress.stage("outputs") {
            try StudyAssembler(study: study, folder: work, results: results, lang: lang, stages: progress.timings).assemble()
        }
        // Swap the finished folder into place; the previous run's folder goes only after.
        try? fm.removeItem(at: work.appendingPathComponent(RunFolder.pidName))
        try RunFolder.mark(work.path, name: study.name)
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
            var options = ReadOptions(layer: input.layer, filter: input.filter, encoding: input.encoding, declaredCRS: declared)
            options.coordinates = input.source.coordinates
            var table: FeatureTable
            do {
                table = try LayerReader.read(input.path, options)
            } catch let e as OptionError {
                // The keys are this input's own (filter:, layer:, crs:), named
                // as the study file spells them, at the input's line.
                throw StudyError(study.path, input.line, "input '\(input.name)': \(e.rendered { "\($0):" })")
            }
            if let crs = table.crs, crs.kind == .gcj02 || crs.kind == .bd09 {
                table.geometries = try CoordinateTransformer(from: crs, to: .wgs84).transform(table.geometries)
                table.crs = .wgs84
            }
            if let field = input.areaField {
                try table.setColumn(
                    Column(
                        name: field,
                        doubles: try table.geometries.map { g in
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
}

/// The typed summaries and GeoPackages the jobs of a study produced.
struct AnalysisResults {
    var coverage: CoverageSummary?
    var grids: GridsSummary?
    var parks: ParkSitingSummary?
    var access: AccessSummary?
    var site: SiteSummary?
    var geopackages: [(name: String, url: URL)] = []
}
