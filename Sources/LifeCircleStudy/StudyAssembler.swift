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
        layers = layers.map { StudyAssembler.prepared($0, tiersM: results.coverage?.tiersM ?? []) }
        if let origin = study.origin { layers = try StudyAssembler.placed(layers, at: origin) }
        let language = ReportLanguage(code: lang) ?? .en
        let styleContext = StudyAssembler.styleContext(results.coverage, language)

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
        let mapLayers = layers.map(StudyAssembler.mapLayer)
        let outputLayers = mapLayers.map { l in
            // A table without geometry is written as a plain attribute table, not an empty map layer.
            l.table.geometries.allSatisfy { $0 == nil }
                ? OutputLayer(name: l.qualifiedName, geometries: [], columns: l.table.columns)
                : OutputLayer(l.table, name: l.qualifiedName)
        }
        let styles = StudyStyles.specs(for: mapLayers, context: styleContext)
        if !outputLayers.isEmpty {
            let sql = QGISStyles.sql(for: styles) + StudyTables.aliasSQL(outputLayers, language: language)
            try VectorWriter.write(outputLayers, to: gpkg.path, options: WriteOptions(geopackageSQL: sql))
            // The QGIS project beside it: groups, styles, draw order, print layouts.
            let project = StudyProject(
                title: study.name, language: language, layers: mapLayers, styles: styles, geopackage: gpkg.lastPathComponent)
            try project.xml().write(to: folder.appendingPathComponent("study.qgs"), atomically: true, encoding: .utf8)
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
                // The same table typed for Excel: codes stay text, shares are percentages.
                let xlsx = csvDir.appendingPathComponent("\(l.qualifiedName).xlsx")
                try XLSXWriter.write(StudyTables.sheets(for: l, language: language), to: xlsx.path)
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
            reportModel.context = placedContext((try? streets(in: layers.lazy.compactMap { $0.table.crs }.first)) ?? [])
            reportModel.residentShapes = placedContext((try? residentShapes(in: layers.lazy.compactMap { $0.table.crs }.first)) ?? [])
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

    /// The coverage residents as given (parcels, buildings), by input row, so
    /// the report can fill polygons by their share; empty when they are points.
    func residentShapes(in crs: CRS?) throws -> [GeometryValue?] {
        guard let section = study.sections.first(where: { $0.name == "coverage" }),
            let k = section.keys.firstIndex(where: { $0.key == "residents" }), k < section.values.count
        else { return [] }
        let value = section.values[k].value
        let input = study.inputs[value]
        let source = InputSource(
            path: input?.path ?? study.resolve(value), layer: input?.layer, filter: input?.filter,
            crs: try input?.crs.map { try CRS.parse($0) })
        guard !source.isOSM else { return [] }
        let table = try source.read(key: "residents")
        guard table.geometries.contains(where: { $0.map { !$0.polygonParts.isEmpty } ?? false }) else { return [] }
        var shapes = table.geometries
        if let crs, let from = table.crs, from != crs, from.isGeoreferenced, crs.isGeoreferenced {
            let present = shapes.indices.filter { shapes[$0] != nil }
            let projected = try WorkingFrame(crs: crs).project(present.compactMap { shapes[$0] }, from: from, label: source.label)
            for (i, g) in zip(present, projected) { shapes[i] = g }
        }
        return shapes
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
    /// The park candidates' map class: selected, candidate or rejected_<reason>.
    static let mapClassField = "map_class"
}

extension StudyAssembler {
    /// The study's own shape of an analysis layer: tiers get an integer id
    /// (1 = nearest) and minutes to a tenth, so styles match whole values;
    /// park candidates get their map class.
    static func prepared(_ layer: StudyLayer, tiersM: [Double]) -> StudyLayer {
        var l = layer
        switch (layer.analysis, layer.name) {
        case ("coverage", "service_areas"), ("coverage", "gaps"):
            guard let tierM = try? l.table.doubles("tier_m") else { break }
            let known = tiersM.isEmpty ? Array(Set(tierM.compactMap { $0 })).sorted() : tiersM.sorted()
            let ids: [Int?] = tierM.map { t in
                t.flatMap { t in known.firstIndex { abs($0 - t) <= 1e-6 * max(1, abs(t)) }.map { $0 + 1 } }
            }
            var columns = l.table.columns
            if let m = columns.firstIndex(where: { $0.name == "minutes" }) {
                let minutes = (try? l.table.doubles("minutes")) ?? []
                columns[m] = Column(name: "minutes", doubles: minutes.map { $0.map { ($0 * 10).rounded() / 10 } })
            }
            let at = (columns.firstIndex { $0.name == "tier_m" } ?? columns.count - 1) + 1
            columns.insert(Column(name: "tier", integers: ids), at: min(at, columns.count))
            l.table.columns = columns
        case ("parks", "candidates"):
            let selected = (try? l.table.doubles("selected")) ?? []
            let status = (try? l.table.strings("status")) ?? []
            let reason = (try? l.table.strings("reason_code")) ?? []
            let classes: [String?] = (0..<l.table.count).map { i in
                if i < selected.count, selected[i] == 1 { return "selected" }
                if i < status.count, status[i] == "candidate" { return "candidate" }
                if i < reason.count, let r = reason[i] { return "rejected_\(r)" }
                return "rejected"
            }
            try? l.table.setColumn(Column(name: StudyLayer.mapClassField, strings: classes))
        default:
            break
        }
        return l
    }

    /// Layers in local metres placed on the earth: turned by the origin's
    /// rotation about (0, 0), then in a transverse Mercator centred on the
    /// origin (scale 1 there), so distances and areas stay the plan's.
    static func placed(_ layers: [StudyLayer], at o: StudyOrigin) throws -> [StudyLayer] {
        let crs = try CRS.parse(
            "+proj=tmerc +lat_0=\(o.lat) +lon_0=\(o.lon) +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs")
        return layers.map { l in
            guard l.table.crs == nil || l.table.crs?.kind == .local else { return l }
            var l = l
            if o.rotation != 0 { l.table.geometries = l.table.geometries.map { $0.map { turn($0, degrees: o.rotation) } } }
            l.table.crs = crs
            return l
        }
    }

    /// Context read from the local inputs (streets, parcels), turned like the layers.
    func placedContext(_ g: [GeometryValue]) -> [GeometryValue] { g.map(turned) }
    func placedContext(_ g: [GeometryValue?]) -> [GeometryValue?] { g.map { $0.map(turned) } }

    func turned(_ g: GeometryValue) -> GeometryValue {
        guard let o = study.origin, o.rotation != 0 else { return g }
        return StudyAssembler.turn(g, degrees: o.rotation)
    }

    /// Counter-clockwise about (0, 0).
    static func turn(_ g: GeometryValue, degrees: Double) -> GeometryValue {
        let a = degrees * .pi / 180, c = cos(a), s = sin(a)
        return g.mapCoordinates { p in Coordinate(p.x * c - p.y * s, p.x * s + p.y * c) }
    }

    /// The layer as drawn: park parts without geometry or thinner than a
    /// hundredth of a square metre (slivers of the cut) stay in the tables only.
    static func mapLayer(_ layer: StudyLayer) -> StudyLayer {
        guard layer.analysis == "parks", layer.name == "candidates" else { return layer }
        let area = (try? layer.table.doubles("area_m2")) ?? []
        let keep = layer.table.geometries.indices.filter { i in
            guard let g = layer.table.geometries[i], !g.isEmpty else { return false }
            return i >= area.count || (area[i] ?? 0) >= 0.01
        }
        var l = layer
        l.table = layer.table.subset(keep)
        return l
    }

    static func styleContext(_ coverage: CoverageSummary?, _ language: ReportLanguage) -> StudyStyles.Context {
        var cx = StudyStyles.Context(language: language)
        for c in coverage?.categories ?? [] {
            cx.categoryNames[c.id] = CategoryNames.display(id: c.id, name: c.name, nameZh: c.nameZh, language)
            cx.categoryOrder.append(c.id)
        }
        return cx
    }
}
