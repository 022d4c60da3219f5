import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleIO
import LifeCircleParks
import LifeCircleProjection
import LifeCircleSiting

struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Where to add what: new sites for one facility category, for residents not yet within reach of one.",
        discussion: """
            Residents within --radius (default: the category's tier) of an
            existing facility are served; the rest can be served by new sites
            chosen from --candidates (points or polygons), from network nodes
            on a --grid-spacing grid, or from plots carved out of vacant --land
            as parks does. --capacity C: each new site serves at most C
            weight, residents going to their nearest new site. --count P: the P sites newly serving the
            most weight (MCLP); --cover-all: the fewest sites serving every
            reachable resident (LSCP). Greedy and exact (GLPK) both run; the
            summary gives exact_value, greedy_value, status, bound and gap, the
            sites in order with their marginal gains, and the shares before
            and after. Outputs: a GeoPackage with layers sites and residents
            (served_before, newly_served) and a summary.json.

            Example:
              lifecircle site --network helsinki.osm.pbf --residents buildings.gpkg \\
                --facilities helsinki.osm.pbf --preset helsinki.yaml --for school \\
                --grid-spacing 250 --count 5 --out site.gpkg --summary site.json
            """)

    @OptionGroup var inputs: CoverageInputFlags

    @Option(
        help:
            "Tier distances in metres (default: the preset's, else 300,500,1000); the category's tier is the default radius. Example: --tiers 300,500,1000"
    )
    var tiers: String?
    @Option(name: .customLong("for"), help: "The category to site (its id). Example: --for clinic")
    var forCategory: String
    @Option(help: "Choose this many new sites (MCLP). Example: --count 5")
    var count: Int?
    @Flag(help: "Choose the fewest sites that serve every resident a candidate can reach (LSCP).")
    var coverAll = false
    @Option(help: "Candidate sites: points or polygons (polygon -> representative point). Example: --candidates vacant.gpkg")
    var candidates: String?
    @Option(help: "Layer of the candidates file. Example: --candidates-layer lots")
    var candidatesLayer: String?
    @Option(help: "OGR SQL filter on candidates. Example: --candidates-filter \"area > 500\"")
    var candidatesFilter: String?
    @Option(help: "CRS of the candidates file when it has none or a wrong one. Example: --candidates-crs gcj02")
    var candidatesCrs: CRS?
    @Option(help: "Candidates on a grid: per cell of this many metres, the network node nearest its centre. Example: --grid-spacing 200")
    var gridSpacing: Double?
    @Option(
        help:
            "Candidates carved from vacant land as parks does: land minus --buildings, --roads, --water, within --min-area..--max-area and --min-width. Example: --land blocks.gpkg"
    )
    var land: String?
    @Option(help: "Layer of the land file.") var landLayer: String?
    @Option(help: "OGR SQL filter on land.") var landFilter: String?
    @Option(help: "Buildings subtracted from land (OSM .pbf: building=*). Example: --buildings city.osm.pbf") var buildings: String?
    @Option(help: "Layer of the buildings file.") var buildingsLayer: String?
    @Option(help: "Roads subtracted from land, buffered by half their width (OSM .pbf: highway=*). Example: --roads streets.gpkg") var roads: String?
    @Option(help: "Layer of the roads file.") var roadsLayer: String?
    @Option(help: "Water subtracted from land. Example: --water water.gpkg") var water: String?
    @Option(help: "Layer of the water file.") var waterLayer: String?
    @Option(help: "Smallest carved plot, m² (default 400).") var minArea: Double?
    @Option(help: "Largest carved plot, m² (default 10000).") var maxArea: Double?
    @Option(help: "Narrowest usable plot width, m (default 10).") var minWidth: Double?
    @Option(help: "Clearance kept around buildings, m (default 0).") var buildingSetback: Double?
    @Option(help: "Service radius in metres (default: the category's tier). Example: --radius 500")
    var radius: Double?
    @Option(
        help:
            "Served weight per new site at most (capacitated): residents go to their nearest chosen site, which serves its nearest first. Example: --capacity 5000"
    )
    var capacity: Double?
    @Option(
        help: "Branch-and-bound nodes of the capacitated and cover-all exact programs before they stop with their best. Example: --node-limit 100000")
    var nodeLimit: Int = 100_000
    @Option(help: "Exact solver time limit, seconds. Example: --time-limit 60")
    var timeLimit: Double = 60
    @Option(help: "Relative MIP gap at which the exact solver may stop. Example: --mip-gap 0.01")
    var mipGap: Double = 0

    @Option(help: "Output GeoPackage. Example: --out site.gpkg")
    var out: String
    @Option(help: "summary.json path. Example: --summary site.json")
    var summary: String?

    func validate() throws {
        try CLIValidation.check { try makeJob().validate() }
    }

    func makeJob() throws -> SiteJob {
        var inputsJob = try inputs.job()
        inputsJob.tiers = try CoverageInputFlags.parseTiers(tiers)
        var job = SiteJob(inputs: inputsJob, category: forCategory, objective: try SiteJob.objective(count: count, coverAll: coverAll))
        job.candidates = candidates.map { InputSource(path: $0, layer: candidatesLayer, filter: candidatesFilter, crs: candidatesCrs) }
        job.gridSpacing = gridSpacing
        if let land {
            var v = VacantLand(land: InputSource(path: land, layer: landLayer, filter: landFilter))
            v.buildings = buildings.map { InputSource(path: $0, layer: buildingsLayer) }
            v.roads = roads.map { InputSource(path: $0, layer: roadsLayer) }
            v.water = water.map { InputSource(path: $0, layer: waterLayer) }
            v.minArea = minArea ?? v.minArea; v.maxArea = maxArea ?? v.maxArea
            v.minWidth = minWidth ?? v.minWidth; v.buildingSetback = buildingSetback ?? v.buildingSetback
            job.vacantLand = v
        } else if let flag = [
            ("buildings", buildings != nil), ("roads", roads != nil), ("water", water != nil), ("min_area", minArea != nil),
            ("max_area", maxArea != nil), ("min_width", minWidth != nil), ("building_setback", buildingSetback != nil),
        ].first(where: { $0.1 })?.0 {
            throw OptionError(
                key: flag, "\(flag) shapes candidates carved from land, and no land is given", fix: "give --land too, or leave out {option}")
        }
        job.radius = radius
        job.capacity = capacity
        job.nodeLimit = nodeLimit
        job.timeLimit = timeLimit
        job.mipGap = mipGap
        job.out = out
        job.summary = summary
        return job
    }

    func run() throws {
        let job = try makeJob()
        let r = try job.run(progress: Console.isTerminal ? stageLine : nil)
        let s = r.summary
        for w in s.warnings { Console.warn(w) }
        Console.note(
            String(
                format: "%@ within %g m: %.1f%% before; exact (%@) %d sites -> %.1f%% (+%.6g), greedy %d sites -> %.1f%% (+%.6g)",
                s.category, s.radiusM, 100 * s.shareBefore, s.exact.status, s.exact.count, 100 * s.exact.shareAfter, s.exactValue,
                s.greedy.count, 100 * s.greedy.shareAfter, s.greedyValue))
        if let c = s.capacity {
            Console.note(
                String(
                    format: "capacity %.6g per site, nearest-site assignment: %.6g weight in reach left unserved by capacity (exact), %.6g (greedy)",
                    c,
                    s.exact.unservedByCapacityWeight ?? 0, s.greedy.unservedByCapacityWeight ?? 0))
        }
        for (k, site) in s.exact.sites.enumerated() {
            Console.note(String(format: "  %d. candidate %d at (%.1f, %.1f): +%.6g", k + 1, site.candidate, site.x, site.y, site.marginalGain ?? 0))
        }
        Console.note(String(format: "wrote %@ in %.2f s", out, s.elapsedS ?? 0))
    }
}
