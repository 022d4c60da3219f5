import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleIO
import LifeCircleParks
import LifeCircleProjection
import LifeCircleReport

/// What a finished study run leaves in its folder.
public struct StudyOutputs: Sendable {
    public var folder: URL
    public var geopackage: URL
    public var summary: URL
    public var report: URL?
    public var csvFiles: [URL]
    public var warnings: [String]
    /// The typed summary the report and `summary.json` were made from.
    public var studySummary: StudySummary

    func relocated(from old: URL, to new: URL) -> StudyOutputs {
        func move(_ u: URL) -> URL { URL(fileURLWithPath: u.path.replacingOccurrences(of: old.path, with: new.path)) }
        return StudyOutputs(
            folder: new, geopackage: move(geopackage), summary: move(summary), report: report.map(move),
            csvFiles: csvFiles.map(move), warnings: warnings, studySummary: studySummary)
    }
}

/// Gathers the analyses' outputs into the study's deliverables: one styled
/// GeoPackage, CSV tables, `summary.json`, the study file and versions, the report.
struct StudyAssembler {
    var study: StudyFile
    var folder: URL
    var results: AnalysisResults
    var lang: String
    /// The study's own stages so far (inputs, each analysis).
    var stages: [StageTiming]

    func assemble() throws -> StudyOutputs {
        let fm = FileManager.default
        var layers: [StudyLayer] = []
        for (name, url) in results.geopackages where fm.fileExists(atPath: url.path) {
            let ds = try VectorDataset(path: url.path)
            for layer in ds.layerNames {
                let table = try StudyAssembler.readBack(url.path, layer: layer)
                layers.append(StudyLayer(analysis: name, name: layer, table: table))
            }
            try? fm.removeItem(at: url)
        }

        // Summaries: one typed value; the file is stable across runs, timings kept apart.
        let warnings = StudySummary.warnings(coverage: results.coverage)
        let summary = StudySummary(
            study: .init(name: study.name, lang: lang, toolVersion: LifeCircleVersion.string, analyses: results.geopackages.map(\.name)),
            coverage: results.coverage, grids: results.grids, parks: results.parks, access: results.access, site: results.site,
            warnings: warnings)
        let summaryURL = folder.appendingPathComponent("summary.json")
        try summary.stableJSON().write(to: summaryURL, options: .atomic)
        try summary.timingsJSON(study: stages).write(to: folder.appendingPathComponent("timings.json"), options: .atomic)

        // One GeoPackage with every layer, styled for QGIS.
        let gpkg = folder.appendingPathComponent("study.gpkg")
        let outputLayers = layers.map { OutputLayer($0.table, name: $0.qualifiedName) }
        if !outputLayers.isEmpty {
            try VectorWriter.write(
                outputLayers, to: gpkg.path,
                options: WriteOptions(geopackageSQL: StudyStyles.sql(for: layers, language: ReportLanguage(code: lang) ?? .en)))
        }

        // Tables for Excel: attributes of every layer.
        var csvs: [URL] = []
        let csvDir = folder.appendingPathComponent("tables")
        try fm.createDirectory(at: csvDir, withIntermediateDirectories: true)
        if study.writeCSV {
            for l in layers {
                let url = csvDir.appendingPathComponent("\(l.qualifiedName).csv")
                var table = l.table
                table.geometries = []
                try VectorWriter.write(
                    [OutputLayer(name: l.qualifiedName, geometries: [], columns: table.columns)],
                    to: url.path, options: WriteOptions(csvGeometry: .none))
                csvs.append(url)
            }
        }

        // Reproducibility: the study file and the tool's versions.
        try fm.copyItem(atPath: study.path, toPath: folder.appendingPathComponent("study.yaml").path)
        try StudyAssembler.versionText().write(to: folder.appendingPathComponent("VERSION.txt"), atomically: true, encoding: .utf8)
        try? fm.removeItem(at: folder.appendingPathComponent("inputs"))

        var report: URL? = nil
        if study.writeReport {
            let url = folder.appendingPathComponent("report.html")
            var reportModel = StudyReport(studyName: study.name, lang: lang, summary: summary, layers: layers, warnings: warnings)
            reportModel.context = (try? streets(in: layers.lazy.compactMap { $0.table.crs }.first)) ?? []
            try reportModel.write(to: url.path)
            report = url
        }
        return StudyOutputs(
            folder: folder, geopackage: gpkg, summary: summaryURL, report: report, csvFiles: csvs, warnings: warnings,
            studySummary: summary)
    }

    /// The streets of the study's network (or roads) input, for map context.
    func streets(in crs: CRS?) throws -> [GeometryValue] {
        guard let crs else { return [] }
        let keys = ["network", "roads"]
        guard let value = study.sections.lazy.compactMap({ s in s.keys.firstIndex { keys.contains($0.key) }.map { s.values[$0].value } }).first
        else { return [] }
        let input = study.inputs[value]
        let source = InputSource(
            path: input?.path ?? study.resolve(value), layer: input?.layer, filter: input?.filter,
            crs: try input?.crs.map { try CRS.parse($0) })
        var lines: [GeometryValue]
        var from: CRS
        if source.isOSM {
            let osm = try OSMReader.read(source.path, layers: [.lines])
            lines = zip(osm.lines.geometries, osm.lines.tags).filter { OSMFeatureKind.road.matches($0.1) }.map { $0.0 }
            from = .wgs84
        } else {
            let table = try source.read(key: "network")
            lines = table.geometries.compactMap { $0 }.filter { !$0.lineParts.isEmpty && $0.polygonParts.isEmpty }
            from = table.crs ?? crs
        }
        if from != crs, from.isGeoreferenced, crs.isGeoreferenced {
            lines = try WorkingFrame(crs: crs).project(lines, from: from, label: source.label)
        }
        return lines
    }

    /// Reads a layer we wrote; layers in local metres carry no CRS in the file.
    static func readBack(_ path: String, layer: String) throws -> FeatureTable {
        do {
            return try LayerReader.read(path, ReadOptions(layer: layer))
        } catch {
            return try LayerReader.read(path, ReadOptions(layer: layer, declaredCRS: .local))
        }
    }

    static func versionText() -> String {
        """
        lifecircle \(LifeCircleVersion.string)
        GEOS \(GEOSVersion.string)
        \(IOVersions.description)

        """
    }
}

/// A layer of the study output, named after its analysis.
struct StudyLayer {
    var analysis: String
    var name: String
    var table: FeatureTable
    var qualifiedName: String { "\(analysis)_\(name)" }
}
