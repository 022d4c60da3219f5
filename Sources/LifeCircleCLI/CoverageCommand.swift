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

    @OptionGroup var inputs: CoverageInputFlags

    @Option(help: "Life-circle tier distances in metres, ascending (default: the preset's, else 300,500,1000). Example: --tiers 300,500,1000")
    var tiers: String?
    @Option(help: "Walking speed for minutes, km/h. Example: --walking-speed 4")
    var walkingSpeed: Double?
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

    @Option(help: "Output GeoPackage. Example: --out coverage.gpkg")
    var out: String
    @Option(help: "summary.json path. Example: --summary summary.json")
    var summary: String?

    func validate() throws {
        try CLIValidation.check { try makeJob().validate() }
    }

    /// Flags → the library job; every check lives in `CoverageJob.validate()`.
    func makeJob() throws -> CoverageJob {
        var job = try inputs.job()
        job.tiers = try CoverageInputFlags.parseTiers(tiers)
        job.walkingSpeedGiven = walkingSpeed != nil
        job.config = CoverageConfig(
            walkingSpeedKmh: walkingSpeed ?? 4, metric: inputs.metric, maxSnap: inputs.maxSnap,
            serviceAreas: serviceAreas, serviceAreaWidth: serviceAreaWidth, gaps: gaps,
            facilityCounts: facilityCounts)
        job.out = out
        job.summary = summary
        job.residentResults = false  // only the summary and files are used: residents may stream
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
