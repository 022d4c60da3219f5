import ArgumentParser
import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleParks
import LifeCircleProjection

struct ParksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parks",
        abstract: "Pocket-park siting: candidate plots from vacant land, and the few sites that serve the most unserved residents.",
        discussion: """
            Residents already within the service radius of existing green space (rules per size class, --green-rules)
            are served; the rest are demand. Candidates come from --candidates (plots given directly) or from --land
            minus --buildings, --roads and --water (each may be an OSM .pbf). Sites are chosen by lazy greedy and,
            with --method exact (default), by an integer program solved with GLPK; the summary reports both and the gap.
            The areal park service-radius coverage rate (residential land within the radius of qualifying green ÷ all
            residential land) is reported before and after.

            Outputs (GeoPackage layers): candidates (every part, with area_m2, width_m, compactness, served_alone, rank,
            selected, order, reason), selected_sites, service_areas, residents (served_before/after), coverage
            (served shares overall and per zone); --summary writes summary.json.

            Examples:
              lifecircle parks --crs local --residents hlg.geojson --residents-filter "type = 4" --weight-area \\
                  --green hlg.geojson --green-filter "type IN (7, 8)" --green-rules 2000:300 \\
                  --candidates hlg.geojson --candidates-filter "type = 1" --count 3 --out parks.gpkg --summary summary.json
              lifecircle parks --residents homes.gpkg --weight pop --green parks.gpkg --land blocks.gpkg \\
                  --buildings city.osm.pbf --roads city.osm.pbf --water city.osm.pbf --network city.osm.pbf \\
                  --target-share 0.8 --out parks.gpkg
            """)

    // Residents and residential land.
    @Option(help: "Residents: points or polygons (polygon -> representative point). Example: --residents homes.gpkg")
    var residents: String
    @Option(help: "Layer of the residents file.") var residentsLayer: String?
    @Option(help: "OGR SQL filter on residents. Example: --residents-filter \"type = 4\"") var residentsFilter: String?
    @Option(help: "Resident weight column (population, households); default: every record weighs 1. Example: --weight pop")
    var weight: String?
    @Flag(help: "Weigh each resident polygon by its area (m²), e.g. residential parcels without population.")
    var weightArea = false
    @Option(help: "Point of a polygon resident: surface (inside, default) or centroid.") var residentPoint: RepresentativePoint = .surface
    @Option(
        help:
            "Sample resident polygons on a lattice of this spacing (m), splitting each polygon's weight over its points, so point demand tracks residential area. Example: --sample-spacing 20"
    )
    var sampleSpacing: Double?
    @Option(help: "Residential land for the areal coverage rate (default: the residents when they are polygons). Example: --residential landuse.gpkg")
    var residential: String?
    @Option(help: "Layer of the residential file.") var residentialLayer: String?
    @Option(help: "OGR SQL filter on residential land.") var residentialFilter: String?

    // Green space.
    @Option(
        help:
            "Existing green space (parks, squares, gardens); an OSM .pbf takes leisure=park/garden/playground, landuse=recreation_ground/village_green. Example: --green parks.gpkg"
    )
    var green: String
    @Option(help: "Layer of the green file.") var greenLayer: String?
    @Option(help: "OGR SQL filter on green space. Example: --green-filter \"type IN (7, 8)\"") var greenFilter: String?
    @Option(
        help:
            "Service rules MIN_AREA_M2:RADIUS_M, comma-separated: a green space serves within the largest radius its area earns. Example: --green-rules 2000:300,10000:500"
    )
    var greenRules: String = "2000:300,10000:500"
    @Flag(help: "Merge touching green polygons before applying the size rules (a park digitised in pieces).")
    var mergeTouchingGreen = false

    // Candidates.
    @Option(help: "Candidate plots given directly (e.g. vacant parcels). Example: --candidates vacant.gpkg") var candidates: String?
    @Option(help: "Layer of the candidates file.") var candidatesLayer: String?
    @Option(help: "OGR SQL filter on candidates. Example: --candidates-filter \"type = 1\"") var candidatesFilter: String?
    @Flag(help: "Apply the area band and width filter to --candidates too (always applied to plots carved from --land).")
    var filterCandidates = false
    @Option(help: "Land to carve candidates from (parcels, blocks, a study area); an OSM .pbf takes land-use polygons. Example: --land blocks.gpkg")
    var land: String?
    @Option(help: "Layer of the land file.") var landLayer: String?
    @Option(help: "OGR SQL filter on land.") var landFilter: String?
    @Option(help: "Buildings subtracted from land (OSM .pbf: building=*). Example: --buildings city.osm.pbf") var buildings: String?
    @Option(help: "Layer of the buildings file.") var buildingsLayer: String?
    @Option(help: "Roads subtracted from land, buffered by half their width (OSM .pbf: highway=*). Example: --roads streets.gpkg") var roads: String?
    @Option(help: "Layer of the roads file.") var roadsLayer: String?
    @Option(help: "Road width column in metres (full width). Example: --road-width-field width") var roadWidthField: String?
    @Option(help: "Road class column for default widths (OSM highway classes). Example: --road-class-field highway") var roadClassField: String =
        "highway"
    @Option(help: "Width (m) of roads whose class has no default and no width value.") var defaultRoadWidth: Double = 6
    @Option(help: "Water subtracted from land (OSM .pbf: natural=water, water=*, waterway=riverbank). Example: --water water.gpkg") var water: String?
    @Option(help: "Layer of the water file.") var waterLayer: String?
    @Option(help: "Smallest candidate plot, m².") var minArea: Double = 400
    @Option(help: "Largest candidate plot, m².") var maxArea: Double = 10_000
    @Option(help: "Smallest usable width (2 × inscribed-circle radius), m.") var minWidth: Double = 10
    @Option(help: "Clearance kept around buildings, m.") var buildingSetback: Double = 0

    // Reach and selection.
    @Option(help: "Walking network: OSM .pbf/.osm or a line layer. Without it distances are straight lines. Example: --network city.osm.pbf")
    var network: String?
    @Option(help: "Layer of the network file.") var networkLayer: String?
    @Option(help: "network (default with --network) or euclidean.") var metric: ParksJob.Metric?
    @Option(help: "Sites and residents farther than this (m) from every street are unsnapped.") var maxSnap: Double = 100
    @Option(help: "Service radius of a new site, m (walking distance on the network, else straight line).") var radius: Double = 300
    @Option(help: "Number of sites to choose (maximal covering). Example: --count 5") var count: Int?
    @Option(help: "Instead of --count: fewest sites so this share of all resident weight is served. Example: --target-share 0.8") var targetShare:
        Double?
    @Option(help: "greedy (lazy greedy only) or exact (greedy plus the GLPK integer program; default).") var method: SitingMethod = .exact
    @Option(help: "Cap on the total area of chosen sites, m².") var areaBudget: Double?
    @Option(help: "Time limit for the exact solver, seconds.") var timeLimit: Double = 60

    @Option(help: "Zones for per-zone shares. Example: --zones communities.gpkg") var zones: String?
    @Option(help: "Layer of the zones file.") var zonesLayer: String?
    @Option(help: "Zone name column.") var zoneField: String?
    @Option(
        help:
            "Working metric CRS, also the CRS of inputs without one: EPSG:n, utm, cgcs2000-gk, or local. Default: the residents' projected CRS or their UTM zone. Example: --crs local"
    )
    var crs: CRS?

    @OptionGroup(title: "Tables, encodings and input CRSs") var tables: ParksTableOptions

    @Option(help: "Output GeoPackage. Example: --out parks.gpkg") var out: String
    @Option(help: "summary.json path. Example: --summary summary.json") var summary: String?

    func validate() throws {
        try CLIValidation.check { try makeJob().validate() }
    }

    /// The flags as a job.
    func makeJob() throws -> ParksJob {
        var job = ParksJob(
            residents: InputSource(path: residents, layer: residentsLayer, filter: residentsFilter),
            green: InputSource(path: green, layer: greenLayer, filter: greenFilter),
            candidates: candidates.map { InputSource(path: $0, layer: candidatesLayer, filter: candidatesFilter) },
            land: land.map { InputSource(path: $0, layer: landLayer, filter: landFilter) },
            objective: try ParksJob.objective(count: count, targetShare: targetShare))
        job.weight = weight
        job.weightArea = weightArea
        job.residentPoint = residentPoint
        job.sampleSpacing = sampleSpacing
        job.residential = residential.map { InputSource(path: $0, layer: residentialLayer, filter: residentialFilter) }
        job.greenRules = try ParksJob.greenRules(greenRules)
        job.mergeTouchingGreen = mergeTouchingGreen
        job.filterCandidates = filterCandidates
        job.buildings = buildings.map { InputSource(path: $0, layer: buildingsLayer) }
        job.roads = roads.map { InputSource(path: $0, layer: roadsLayer) }
        job.roadWidthField = roadWidthField
        job.roadClassField = roadClassField
        job.defaultRoadWidth = defaultRoadWidth
        job.water = water.map { InputSource(path: $0, layer: waterLayer) }
        job.minArea = minArea; job.maxArea = maxArea; job.minWidth = minWidth; job.buildingSetback = buildingSetback
        job.network = network.map { InputSource(path: $0, layer: networkLayer) }
        job.metric = metric
        job.maxSnap = maxSnap
        job.radius = radius
        job.method = method
        job.areaBudget = areaBudget
        job.timeLimit = timeLimit
        job.zones = zones.map { InputSource(path: $0, layer: zonesLayer) }
        job.zoneField = zoneField
        job.crs = crs
        tables.apply(to: &job)
        job.out = out
        job.summary = summary
        return job
    }

    func run() throws {
        let summary = try makeJob().run().summary
        // A short report on stderr.
        for n in summary.notes { Console.note("note: \(n)") }
        if let b = summary.serviceRadiusCoverageBefore, let a = summary.serviceRadiusCoverageAfter {
            Console.note(String(format: "service-radius coverage rate: %.4f -> %.4f", b, a))
        }
        Console.note(
            String(
                format: "served share: %.4f -> %.4f; %d candidates, %d selected: %@", summary.servedShareBefore,
                summary.servedShareAfter, summary.candidates.accepted, summary.selected.count,
                summary.selected.map { String($0.part) }.joined(separator: ", ")))
        if let e = summary.exactValue {
            Console.note(
                String(format: "greedy %.6g, exact %.6g (%@), gap %.4f", summary.greedyValue, e, summary.exactStatus ?? "", summary.gap ?? 0))
        }
        Console.note("wrote \(out)\(self.summary.map { " and \($0)" } ?? "")")
    }
}
