import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import LifeCircleReport

/// What a finished study run leaves in its folder.
struct StudyOutputs {
    var folder: URL
    var geopackage: URL
    var summary: URL
    var report: URL?
    var csvFiles: [URL]
    var warnings: [String]

    func relocated(from old: URL, to new: URL) -> StudyOutputs {
        func move(_ u: URL) -> URL { URL(fileURLWithPath: u.path.replacingOccurrences(of: old.path, with: new.path)) }
        return StudyOutputs(folder: new, geopackage: move(geopackage), summary: move(summary), report: report.map(move),
                            csvFiles: csvFiles.map(move), warnings: warnings)
    }
}

/// Gathers the analyses' outputs into the study's deliverables: one styled
/// GeoPackage, CSV tables, `summary.json`, the study file and versions, the report.
struct StudyAssembler {
    var study: StudyFile
    var folder: URL
    var results: [AnalysisResult]
    var lang: String

    /// Keys whose values change from run to run; they go to timings.json.
    static let volatileKeys: Set<String> = ["timings_s", "elapsed_s", "timings", "timing", "timings_seconds", "elapsed", "elapsed_seconds", "seconds", "time_seconds"]

    func assemble() throws -> StudyOutputs {
        let fm = FileManager.default
        var layers: [StudyLayer] = []
        for r in results where fm.fileExists(atPath: r.geopackage.path) {
            let ds = try VectorDataset(path: r.geopackage.path)
            for name in ds.layerNames {
                let table = try StudyAssembler.readBack(r.geopackage.path, layer: name)
                layers.append(StudyLayer(analysis: r.name, name: name, table: table))
            }
            try? fm.removeItem(at: r.geopackage)
        }

        // Summaries: one file, stable across runs; timings kept apart.
        var combined: [String: Any] = [:]
        var timings: [String: Any] = [:]
        var warnings: [String] = []
        for r in results {
            guard let data = fm.contents(atPath: r.summary.path),
                  let json = try? JSONSerialization.jsonObject(with: data) else { continue }
            let (stable, volatile) = StudyAssembler.split(json)
            combined[r.name] = stable
            if let volatile { timings[r.name] = volatile }
            warnings += StudyAssembler.warnings(in: stable).map { "\(r.name): \($0)" }
            try? fm.removeItem(at: r.summary)
        }
        combined["study"] = ["name": study.name, "lang": lang, "tool_version": LifeCircleVersion.string,
                             "analyses": results.map(\.name)]
        combined["warnings"] = warnings
        let summaryURL = folder.appendingPathComponent("summary.json")
        try JSONSerialization.data(withJSONObject: combined, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            .write(to: summaryURL, options: .atomic)
        try JSONSerialization.data(withJSONObject: timings, options: [.prettyPrinted, .sortedKeys])
            .write(to: folder.appendingPathComponent("timings.json"), options: .atomic)

        // One GeoPackage with every layer, styled for QGIS.
        let gpkg = folder.appendingPathComponent("study.gpkg")
        let outputLayers = layers.map { OutputLayer($0.table, name: $0.qualifiedName) }
        if !outputLayers.isEmpty {
            try VectorWriter.write(outputLayers, to: gpkg.path,
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
                try VectorWriter.write([OutputLayer(name: l.qualifiedName, geometries: [], columns: table.columns)],
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
            var reportModel = StudyReport(studyName: study.name, lang: lang, summary: combined, layers: layers, warnings: warnings)
            reportModel.context = (try? streets(in: layers.lazy.compactMap { $0.table.crs }.first)) ?? []
            try reportModel.write(to: url.path)
            report = url
        }
        return StudyOutputs(folder: folder, geopackage: gpkg, summary: summaryURL, report: report, csvFiles: csvs, warnings: warnings)
    }

    /// The streets of the study's network (or roads) input, for map context.
    func streets(in crs: CRS?) throws -> [GeometryValue] {
        guard let crs else { return [] }
        let keys = ["network", "roads"]
        guard let option = study.analyses.lazy.flatMap({ $0.options }).first(where: { keys.contains($0.key) }), let value = option.value else { return [] }
        let path = study.inputs[value]?.path ?? study.resolve(value)
        let lower = path.lowercased()
        var lines: [GeometryValue]
        var source: CRS
        if lower.hasSuffix(".pbf") || lower.hasSuffix(".osm") {
            let osm = try OSMReader.read(path, layers: [.lines])
            lines = zip(osm.lines.geometries, osm.lines.tags).filter { $0.1["highway"] != nil }.map { $0.0 }
            source = .wgs84
        } else {
            let input = study.inputs[value]
            let table = try LayerReader.read(path, ReadOptions(layer: input?.layer, filter: input?.filter,
                                                               declaredCRS: try input?.crs.map { try CRS.parse($0) }))
            lines = table.geometries.compactMap { $0 }.filter { !$0.lineParts.isEmpty && $0.polygonParts.isEmpty }
            source = table.crs ?? crs
        }
        if source != crs, source.isGeoreferenced, crs.isGeoreferenced {
            let t = try CoordinateTransformer(from: source, to: crs)
            lines = try lines.map { try t.transform($0) }
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

    /// Splits a summary into what is stable and the timings.
    static func split(_ json: Any) -> (Any, Any?) {
        guard let dict = json as? [String: Any] else { return (json, nil) }
        var stable: [String: Any] = [:]
        var volatile: [String: Any] = [:]
        for (k, v) in dict {
            if volatileKeys.contains(k) { volatile[k] = v; continue }
            let (s, vol) = split(v)
            stable[k] = s
            if let vol { volatile[k] = vol }
        }
        return (stable, volatile.isEmpty ? nil : volatile)
    }

    static func warnings(in json: Any) -> [String] {
        guard let dict = json as? [String: Any] else { return [] }
        var out: [String] = []
        for (k, v) in dict.sorted(by: { $0.key < $1.key }) {
            if k == "warnings", let list = v as? [Any] { out += list.map { "\($0)" } }
            else if let sub = v as? [String: Any] { out += warnings(in: sub) }
        }
        return out
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
