import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract:
            "Walking distance from every resident to the nearest facility of each kind; 15-minute life-circle coverage, service areas and gaps.",
        discussion: """
            Residents and facilities attach to the nearest point on a street
            (within --max-snap); distances run along the walking network, or
            straight with --metric euclidean. Outputs: a GeoPackage with layers
            residents (d_<category> distance, all_<tier> 1 when every category
            of the tier is reached, share_<tier>) and facilities, plus
            service_areas and gaps with --service-areas / --gaps; and a
            summary.json (covered weight and share per category and tier,
            all_categories_share and mean_category_share per tier, unsnapped
            counts, the CRS used, timings per stage).

            Examples:
              lifecircle coverage --network city.osm.pbf \\
                --residents buildings.gpkg --weight pop \\
                --facilities pois.gpkg --category kind --preset gb50180 \\
                --service-areas --gaps --out coverage.gpkg --summary summary.json

              lifecircle coverage --network spo_osm.pbf \\
                --residents spo_hexgrid_EPSG32723.gpkg --weight population \\
                --resident-point centroid \\
                --facilities spo_hexgrid_EPSG32723.gpkg \\
                --facilities-filter "schools > 0" --category-name school \\
                --tiers 300,500,1000 --out spo.gpkg --summary spo.json

              lifecircle coverage --metric euclidean --crs local \\
                --residents hlg.geojson --residents-filter "type = 4" \\
                --resident-point centroid --facilities hlg.geojson \\
                --category type --out hlg.gpkg \\
                --category-map 5=shop,6=office,9=school,10=clinic,11=clinic,12=leisure
            """)

    @Option(
        help:
            "Walking network: an OSM .pbf/.osm extract (walkable ways kept) or a line layer (GeoPackage, Shapefile, GeoJSON). Example: --network streets.gpkg"
    )
    var network: String?
    @Option(help: "Layer of the network file. Example: --network-layer edges")
    var networkLayer: String?
    @Option(help: "CRS of the network file when it has none or a wrong one. Example: --network-crs EPSG:4547")
    var networkCrs: CRS?

    @Option(
        help:
            "Residents: points or polygons (polygon -> representative point), a CSV/XLSX table with coordinates, or a population GeoTIFF (one resident per cell, weighted by its value). Example: --residents buildings.gpkg"
    )
    var residents: String
    @Option(help: "Layer of the residents file. Example: --residents-layer homes")
    var residentsLayer: String?
    @Option(help: "OGR SQL filter on residents. Example: --residents-filter \"type = 4\"")
    var residentsFilter: String?
    @Option(help: "CRS of the residents file when it has none or a wrong one. Example: --residents-crs EPSG:4547")
    var residentsCrs: CRS?
    @Option(help: "Resident weight column (population or households); default: every record weighs 1. Example: --weight population")
    var weight: String?
    @Option(help: "Point of a polygon resident or facility: surface (inside, default) or centroid. Example: --resident-point centroid")
    var residentPoint: RepresentativePoint = .surface
    @Option(help: "Estimate building population as footprint area x levels / this floor area per person (m²). Example: --floor-area-per-person 35")
    var floorAreaPerPerson: Double?
    @Option(help: "Levels column for --floor-area-per-person (default: building:levels or levels when present). Example: --levels-field floors")
    var levelsField: String?
    @Option(help: "Levels of buildings without a value. Example: --default-levels 6")
    var defaultLevels: Double = 3

    @Option(
        help:
            "Facilities: a layer with a category column, or an OSM extract mapped by --preset/--mapping; repeat for several files. Example: --facilities pois.gpkg"
    )
    var facilities: [String] = []
    @Option(help: "Layer of each --facilities file, in the same order. Example: --facilities-layer pois")
    var facilitiesLayer: [String] = []
    @Option(help: "OGR SQL filter on facilities. Example: --facilities-filter \"schools > 0\"")
    var facilitiesFilter: String?
    @Option(
        help: "CRS of the facilities files, e.g. gcj02 for AMap/Tencent POIs or bd09 for Baidu (converted exactly). Example: --facilities-crs gcj02")
    var facilitiesCrs: CRS?
    @Option(help: "Facility category column. Example: --category kind")
    var category: String?
    @Option(help: "One category for every facility (a layer of one kind). Example: --category-name school")
    var categoryName: String?
    @Option(help: "Use only these category values, renamed (values may share a name). Example: --category-map 10=hospital,11=hospital")
    var categoryMap: String?
    @Option(help: "Facility categories and tiers: the built-in gb50180 (GB 50180-2018 life circles) or a preset YAML file. Example: --preset gb50180")
    var preset: String?
    @Option(help: "YAML (preset format) mapping OSM tags to categories, for OSM facilities. Example: --mapping my_tags.yaml")
    var mapping: String?

    @Option(help: "Zones for a breakdown (communities, sub-districts). Example: --zones communities.gpkg")
    var zones: String?
    @Option(help: "Layer of the zones file. Example: --zones-layer sq")
    var zonesLayer: String?
    @Option(help: "Zone name column. Example: --zone-field name")
    var zoneField: String?
    @Option(help: "CRS of the zones file when it has none or a wrong one. Example: --zones-crs gcj02")
    var zonesCrs: CRS?

    @Option(help: "Life-circle tier distances in metres, ascending (default: the preset's, else 300,500,1000). Example: --tiers 300,500,1000")
    var tiers: String?
    @Option(help: "Walking speed for minutes, km/h. Example: --walking-speed 4")
    var walkingSpeed: Double?
    @Option(help: "network (along streets, default) or euclidean (straight line). Example: --metric euclidean")
    var metric: DistanceMetric = .network
    @Option(
        help:
            "Working metric CRS, also the CRS of inputs without one: EPSG:n, utm, cgcs2000-gk, or local (local metres). Default: the network's projected CRS or its UTM zone. Example: --crs EPSG:32650"
    )
    var crs: CRS?
    @Option(help: "Residents and facilities farther than this (m) from every street are unsnapped. Example: --max-snap 100")
    var maxSnap: Double = 100
    @Flag(help: "Split network lines where they cross without a shared vertex (unnoded CAD data; bridges then join).")
    var nodeIntersections = false
    @Option(help: "Join dangling line ends to a line within this many metres. Example: --snap-tolerance 2")
    var snapTolerance: Double = 0
    @Option(help: "Walkable-tag rules for OSM networks, JSON (keys of WalkableTagRules). Example: --walkable-rules rules.json")
    var walkableRules: String?
    @Option(help: "Half-width of service-area buffers around reachable street parts, m. Example: --service-area-width 25")
    var serviceAreaWidth: Double = 25
    @Flag(
        inversion: .prefixedNo,
        help:
            "Also write service-area polygons (reachable street parts buffered by --service-area-width) per category at the tiers it counts in. Costs GEOS unions: about a second per category on a district, more on a whole city."
    )
    var serviceAreas = false
    @Flag(
        inversion: .prefixedNo,
        help: "Also write gap polygons: residential areas (or resident points) not covered, per category and tier and for all categories of a tier.")
    var gaps = false
    @Flag(
        inversion: .prefixedNo,
        help:
            "Count facilities within each tier per resident (n_<category>_<tier> columns, mean_facilities_within in the summary); one bounded search per facility, so off by default."
    )
    var facilityCounts = false

    @OptionGroup(title: "Tables and encodings") var tables: CoverageTableOptions

    @Option(help: "Output GeoPackage. Example: --out coverage.gpkg")
    var out: String
    @Option(help: "summary.json path. Example: --summary summary.json")
    var summary: String?

    func validate() throws {
        try CLIValidation.check { try makeJob().validate() }
    }

    func parsedTiers() throws -> [Double]? {
        guard let tiers else { return nil }
        let parts = tiers.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
            throw OptionError(
                key: "tiers", "'\(tiers)' is not a list of distances", fix: "give positive metres separated by commas, e.g. {option} 300,500,1000")
        }
        return parts.compactMap { $0 }
    }

    /// Flags → the library job; every check lives in `CoverageJob.validate()`.
    func makeJob() throws -> CoverageJob {
        var job = CoverageJob(
            network: network.map { InputSource(path: $0, layer: networkLayer, crs: networkCrs) },
            residents: InputSource(path: residents, layer: residentsLayer, filter: residentsFilter, crs: residentsCrs),
            facilities: facilities.enumerated().map { i, p in
                InputSource(path: p, layer: i < facilitiesLayer.count ? facilitiesLayer[i] : nil, filter: facilitiesFilter, crs: facilitiesCrs)
            })
        job.facilitiesLayerCount = facilitiesLayer.count
        job.weightField = weight
        job.residentPoint = residentPoint
        if let fa = floorAreaPerPerson {
            job.buildingPopulation = CoverageJob.BuildingPopulation(levelsField: levelsField, defaultLevels: defaultLevels, floorAreaPerPerson: fa)
        }
        job.categoryField = category
        job.categoryName = categoryName
        job.categoryMap = try categoryMap.map { try CoverageJob.parseCategoryMap($0) }
        job.preset = preset
        job.mapping = mapping
        job.zones = zones.map { InputSource(path: $0, layer: zonesLayer, crs: zonesCrs) }
        job.zoneField = zoneField
        tables.apply(residents: &job.residents, facilities: &job.facilities, zones: &job.zones)
        job.census = tables.census
        job.crs = crs
        job.build = NetworkBuildOptions(nodeIntersections: nodeIntersections, snapTolerance: snapTolerance)
        if let walkableRules { job.walkableRules = try CoverageJob.loadWalkableRules(walkableRules) }
        job.tiers = try parsedTiers()
        job.walkingSpeedGiven = walkingSpeed != nil
        job.config = CoverageConfig(
            walkingSpeedKmh: walkingSpeed ?? 4, metric: metric, maxSnap: maxSnap,
            serviceAreas: serviceAreas, serviceAreaWidth: serviceAreaWidth, gaps: gaps,
            facilityCounts: facilityCounts)
        job.out = out
        job.summary = summary
        return job
    }

    func run() throws {
        let job = try makeJob()
        let live = Console.isTerminal
        let result = try job.run(progress: live ? coverageProgressLine : nil)
        for w in result.summary.warnings { Console.warn(w) }
        let s = result.summary
        for t in s.tiers where !t.categories.isEmpty {
            let label = t.name.map { String(format: "%@ (%g m)", $0, t.tierM) } ?? String(format: "%g m (%.0f min)", t.tierM, t.minutes)
            Console.note(
                String(format: "%@: all categories %.1f%%, mean category share %.1f%%", label, 100 * t.allCategoriesShare, 100 * t.meanCategoryShare))
        }
        for p in s.poiMatching ?? [] {
            let top = p.unmatchedTypes.prefix(5).map { "\($0.type) ×\($0.pois)" }.joined(separator: ", ")
            Console.note(
                "POIs by '\(p.typeField)': \(p.matched) of \(p.pois) matched a category\(top.isEmpty ? "" : "; most frequent unmatched: \(top)")")
        }
        let total = s.elapsedS ?? s.timingsS.reduce(0) { $0 + $1.seconds }
        Console.note(String(format: "wrote %@ (%d residents, %d categories) in %.2f s", out, s.totals.residents, s.categories.count, total))
    }
}

/// A progress line on stderr for each stage (only when stderr is a terminal).
@Sendable private func coverageProgressLine(_ stage: String) {
    FileHandle.standardError.write(Data("▸ \(stage) …\n".utf8))
}
