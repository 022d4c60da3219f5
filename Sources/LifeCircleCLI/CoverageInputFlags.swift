import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// Coverage's input flags (residents, facilities, network, zones, metric,
/// snapping), declared once for every command reading those inputs:
/// `coverage`, `access`, `site`.
struct CoverageInputFlags: ParsableArguments {
    @OptionGroup(title: "Tables and encodings") var tables: CoverageTableOptions

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

    /// `--tiers 300,500,1000` as metres (checked further by the job).
    static func parseTiers(_ tiers: String?) throws -> [Double]? {
        guard let tiers else { return nil }
        let parts = tiers.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
            throw OptionError(
                key: "tiers", "'\(tiers)' is not a list of distances", fix: "give positive metres separated by commas, e.g. {option} 300,500,1000")
        }
        return parts.compactMap { $0 }
    }

    /// The flags as coverage's input options.
    func job() throws -> CoverageJob {
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
        job.config = CoverageConfig(metric: metric, maxSnap: maxSnap)
        return job
    }
}
