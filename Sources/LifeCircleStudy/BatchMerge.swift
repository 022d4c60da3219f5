import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// The national view of a batch: `batch_summary.json` (per city: status,
/// time, peak memory, headline shares), `national.gpkg` (a point per city and
/// every city's zones, with their scores and a city column), CSV tables and a
/// self-contained `national.html` ranking the cities per tier.
public enum BatchMerge {
    public struct CityTier: Codable, Sendable, Equatable {
        public var tierM: Double
        public var minutes: Double
        public var allCategoriesShare: Double
        public var meanCategoryShare: Double
        enum CodingKeys: String, CodingKey {
            case tierM = "tier_m", minutes, allCategoriesShare = "all_categories_share", meanCategoryShare = "mean_category_share"
        }
    }

    public struct City: Codable, Sendable, Equatable {
        public var index: Int
        public var city: String
        public var code: String
        public var status: String
        public var error: String?
        public var seconds: Double
        public var peakMemoryMB: Double
        public var residents: Double?
        public var tiers: [CityTier]
        public var grids: Int?
        public var parksServiceRadiusCoverageAfter: Double?
        public var report: String?
        enum CodingKeys: String, CodingKey {
            case index, city, code, status, error, seconds, peakMemoryMB = "peak_memory_mb", residents, tiers, grids
            case parksServiceRadiusCoverageAfter = "parks_service_radius_coverage_after", report
        }
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var format = "lifecircle-batch-summary/1"
        public var toolVersion = LifeCircleVersion.string
        public var cities: [City]
        public var ok: Int
        public var failed: Int
        public var missing: Int
        enum CodingKeys: String, CodingKey { case format, toolVersion = "tool_version", cities, ok, failed, missing }
    }

    /// Merges what the rows left; rows without a record count as missing.
    @discardableResult
    public static func merge(_ manifest: BatchManifest) throws -> Summary {
        let out = URL(fileURLWithPath: manifest.output)
        var cities: [City] = []
        var cityPoints: [GeometryValue?] = []
        var zoneRows: [(city: City, zone: CoverageSummary.Zone, geometry: GeometryValue?)] = []
        var missing = 0
        for row in manifest.rows {
            guard let rec = BatchRow.record(manifest, row) else {
                missing += 1
                cities.append(
                    City(
                        index: row.index, city: row.city, code: row.code, status: "missing", error: "no record: the row has not run",
                        seconds: 0, peakMemoryMB: 0, residents: nil, tiers: [], grids: nil, parksServiceRadiusCoverageAfter: nil, report: nil))
                cityPoints.append(nil)
                continue
            }
            let folder = BatchRow.folder(manifest, row)
            var city = City(
                index: row.index, city: row.city, code: row.code, status: rec.status.rawValue, error: rec.error, seconds: rec.seconds,
                peakMemoryMB: rec.peakMemoryMB, residents: nil, tiers: [], grids: nil, parksServiceRadiusCoverageAfter: nil, report: nil)
            var point: GeometryValue? = nil
            if rec.status == .ok, let data = FileManager.default.contents(atPath: folder.appendingPathComponent("summary.json").path) {
                let s = try StudySummary.fromStableJSON(data)
                city.residents = s.coverage?.totals.residentWeight
                city.tiers =
                    s.coverage?.tiers.map {
                        CityTier(
                            tierM: $0.tierM, minutes: $0.minutes, allCategoriesShare: $0.allCategoriesShare, meanCategoryShare: $0.meanCategoryShare)
                    } ?? []
                city.grids = s.grids?.gridCount
                city.parksServiceRadiusCoverageAfter = s.parks?.serviceRadiusCoverageAfter
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path) {
                    city.report = "cities/\(row.folderName)/report.html"
                }
                point = try? centre(of: folder)
                let zoneGeoms = (try? zonePolygons(manifest, row)) ?? [:]
                for z in s.coverage?.zones ?? [] { zoneRows.append((city, z, zoneGeoms[z.zone])) }
            }
            cities.append(city)
            cityPoints.append(point)
        }
        let summary = Summary(
            cities: cities, ok: cities.filter { $0.status == "ok" }.count, failed: cities.filter { $0.status == "failed" }.count,
            missing: missing)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try enc.encode(summary), to: out.appendingPathComponent("batch_summary.json").path)

        // Tiers as columns: every city's first three tiers (the preset's), by position.
        let tierCount = cities.map(\.tiers.count).max() ?? 0
        func cityColumns(_ list: [City]) -> [Column] {
            var cols = [
                Column(name: "city", strings: list.map(\.city)), Column(name: "code", strings: list.map(\.code)),
                Column(name: "status", strings: list.map(\.status)), Column(name: "residents", doubles: list.map(\.residents)),
            ]
            for t in 0..<tierCount {
                cols.append(Column(name: "tier\(t + 1)_m", doubles: list.map { t < $0.tiers.count ? $0.tiers[t].tierM : nil }))
                cols.append(Column(name: "tier\(t + 1)_all_share", doubles: list.map { t < $0.tiers.count ? $0.tiers[t].allCategoriesShare : nil }))
                cols.append(Column(name: "tier\(t + 1)_mean_share", doubles: list.map { t < $0.tiers.count ? $0.tiers[t].meanCategoryShare : nil }))
            }
            cols += [
                Column(name: "grids", integers: list.map(\.grids)),
                Column(name: "parks_coverage_after", doubles: list.map(\.parksServiceRadiusCoverageAfter)),
                Column(name: "seconds", doubles: list.map(\.seconds)), Column(name: "peak_memory_mb", doubles: list.map(\.peakMemoryMB)),
                Column(name: "error", strings: list.map(\.error)), Column(name: "report", strings: list.map(\.report)),
            ]
            return cols
        }
        let cityLayer = OutputLayer(name: "cities", geometries: cityPoints, columns: cityColumns(cities), crs: .wgs84)
        var zoneCols = [
            Column(name: "city", strings: zoneRows.map(\.city.city)), Column(name: "code", strings: zoneRows.map(\.city.code)),
            Column(name: "zone", strings: zoneRows.map(\.zone.zone)), Column(name: "residents", doubles: zoneRows.map(\.zone.weight)),
        ]
        let zoneTiers = zoneRows.map(\.zone.tiers.count).max() ?? 0
        for t in 0..<zoneTiers {
            zoneCols.append(
                Column(name: "tier\(t + 1)_all_share", doubles: zoneRows.map { t < $0.zone.tiers.count ? $0.zone.tiers[t].allCategoriesShare : nil }))
            zoneCols.append(
                Column(name: "tier\(t + 1)_mean_share", doubles: zoneRows.map { t < $0.zone.tiers.count ? $0.zone.tiers[t].meanCategoryShare : nil }))
        }
        let zoneLayer = OutputLayer(name: "zones", geometries: zoneRows.map(\.geometry), columns: zoneCols, crs: .wgs84)
        try VectorWriter.write([cityLayer, zoneLayer], to: out.appendingPathComponent("national.gpkg").path)
        let tables = out.appendingPathComponent("tables")
        try FileManager.default.createDirectory(at: tables, withIntermediateDirectories: true)
        try VectorWriter.write(
            [OutputLayer(name: "cities", geometries: [], columns: cityLayer.columns)],
            to: tables.appendingPathComponent("cities.csv").path, options: WriteOptions(csvGeometry: .none))
        try VectorWriter.write(
            [OutputLayer(name: "zones", geometries: [], columns: zoneCols)],
            to: tables.appendingPathComponent("zones.csv").path, options: WriteOptions(csvGeometry: .none))
        try AtomicFile.write(Data(BatchReport.html(summary).utf8), to: out.appendingPathComponent("national.html").path)
        return summary
    }

    /// The centre of a city's residents, in WGS 84 (nil for local metres).
    static func centre(of folder: URL) throws -> GeometryValue? {
        let path = folder.appendingPathComponent("study.gpkg").path
        let ds = try VectorDataset(path: path)
        guard let name = ds.layerNames.first(where: { $0.hasSuffix("residents") }) else { return nil }
        let t = try LayerReader.read(path, ReadOptions(layer: name, fields: []))
        guard let crs = t.crs, crs.isGeoreferenced, !t.envelope.isEmpty else { return nil }
        let c = t.envelope.center
        return .point(crs == .wgs84 ? c : try CoordinateTransformer(from: crs, to: .wgs84).transform(c))
    }

    /// The coverage section's zone polygons by name, in WGS 84.
    static func zonePolygons(_ manifest: BatchManifest, _ row: BatchManifest.Row) throws -> [String: GeometryValue] {
        let study = try BatchRow.study(manifest, row)
        guard let section = study.sections.first(where: { $0.name == "coverage" }),
            let zi = section.keys.firstIndex(where: { $0.key == "zones" }), let fi = section.keys.firstIndex(where: { $0.key == "zone_field" })
        else { return [:] }
        let value = section.values[zi].value, field = section.values[fi].value
        let input = study.inputs[value]
        let source = InputSource(
            path: input?.path ?? study.resolve(value), layer: input?.layer, filter: input?.filter,
            crs: try input?.crs.map { try CRS.parse($0) })
        let t = try source.read(key: "zones")
        guard let crs = t.crs, crs.isGeoreferenced else { return [:] }
        let names = try t.strings(field)
        let geoms = try WorkingFrame(crs: .wgs84).project(t.geometries, from: crs, label: source.label)
        var out: [String: GeometryValue] = [:]
        for (i, n) in names.enumerated() { if let n, let g = geoms[i] { out[n] = g } }
        return out
    }
}
