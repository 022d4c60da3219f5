import ArgumentParser
import Foundation
import LifeCircleGrids
import LifeCircleIO
import LifeCircleProjection

/// `lifecircle grids`: management grids (网格) — partition, evaluate, rebalance.
struct GridsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grids",
        abstract: "Management grids: balanced, contiguous, compact grids of units (partition, evaluate, rebalance).",
        discussion: """
            Units are polygons (blocks, parcels, buildings, grid cells) or points (entrances, addresses; joined through Voronoi cells clipped to --study-area). Grids never cross --nest boundaries, stay contiguous, keep every grid within ±--tolerance of its community's ideal weight, then minimise cut edges. Grid codes: community code + 3-digit sequence, numbered in rows from north to south and west to east within a row (rows one typical grid high).

            Examples:
              lifecircle grids partition --units spo_hexgrid_EPSG32723.gpkg --weight population --grids 10 \\
                  --out grids.gpkg --summary summary.json
              lifecircle grids partition --units blocks.gpkg --weight households --weight workload --nest community \\
                  --target 300:500 --barriers arterials.gpkg --out grids.gpkg
              lifecircle grids evaluate --units units.gpkg --units-layer units --weight population --assignment grid_code \\
                  --out metrics.csv --summary summary.json
              lifecircle grids rebalance --units units.gpkg --units-layer units --weight population --assignment grid_code \\
                  --out rebalanced.gpkg --summary summary.json
            """,
        subcommands: [GridsPartitionCommand.self, GridsEvaluateCommand.self, GridsRebalanceCommand.self])
}

/// Options shared by the three grid subcommands.
struct GridsUnitOptions: ParsableArguments {
    @Option(help: "Units: polygons or points. Example: --units blocks.gpkg")
    var units: String
    @Option(help: "Layer of the units file. Example: --units-layer units")
    var unitsLayer: String?
    @Option(help: "OGR SQL filter on units. Example: --units-filter \"population > 0\"")
    var unitsFilter: String?
    @Option(help: "Text encoding of the units file (CSV, DBF): UTF-8 or GBK; default: detected. Example: --units-encoding GBK")
    var unitsEncoding: String?
    @Option(help: "Weight column to balance; repeat for several balanced at once. Example: --weight households --weight workload")
    var weight: [String] = []
    @Option(help: "Unit identifier column, used in messages (default: the row number). Example: --id block_id")
    var id: String?
    @Option(help: "Nesting column: grids never cross its boundaries (community, village). Example: --nest community")
    var nest: String?
    @Option(
        help: "Community polygons to clip grid polygons to (matched on --communities-field = --nest values). Example: --communities communities.gpkg")
    var communities: String?
    @Option(help: "Key column of --communities matching the --nest values. Example: --communities-field code")
    var communitiesField: String?
    @Option(
        help:
            "Adjacency: rook (shared boundary, default), queen (any contact) or territory (units that do not touch, e.g. building footprints: neighbours share a boundary of the land nearest each unit, within --study-area or the units' convex hull, so every grid is one piece on the ground)."
    )
    var adjacency: GridsJob.Adjacency = .rook
    @Option(
        help:
            "Bridge gaps up to this width (map units, metres) between units that do not touch (the older rule; --adjacency territory leaves no unit without neighbours). Example: --gap 5"
    )
    var gap: Double = 0
    @Option(
        help: "Barrier lines (arterials, rivers, railways) whose crossings remove adjacency; repeat for several files. Example: --barriers roads.gpkg"
    )
    var barriers: [String] = []
    @Option(help: "OGR SQL filter on the barrier layers. Example: --barriers-filter \"highway IN ('primary','trunk')\"")
    var barriersFilter: String?
    @Option(help: "Layer of the barrier files (default: their only line layer). Example: --barriers-layer roads")
    var barriersLayer: String?
    @Option(help: "Study area polygon for point units (Voronoi cells are clipped to it). Example: --study-area district.gpkg")
    var studyArea: String?
    @Option(
        help:
            "Walking network for point units (an OSM .pbf, walkable ways kept, or a line layer): units are adjacent when a short walk joins them without passing another unit. Example: --network city.osm.pbf"
    )
    var network: String?
    @Option(help: "Longest walk (m) that makes two point units adjacent with --network.")
    var maxWalk: Double = 400
    @Option(
        help:
            "Working metric CRS (also the CRS of inputs without one): EPSG:n, utm, cgcs2000-gk or local. Default: the units' projected CRS or their UTM zone."
    )
    var crs: CRS?
    @Option(help: "Balance tolerance around each community's ideal weight (0.05 = ±5%).")
    var tolerance: Double = 0.05
    @OptionGroup(title: "Tables, encodings and input CRSs") var tables: GridsTableOptions
    @Option(help: "Output: .gpkg (layers grids, units, grid_metrics), .geojson or .csv (grids; units go to --units-out). Example: --out grids.gpkg")
    var out: String
    @Option(help: "Where the units with their grid_code go for single-layer formats (default: <out>_units.<ext>).")
    var unitsOut: String?
    @Option(help: "Plan metrics as JSON. Example: --summary summary.json")
    var summary: String?

    /// The job of `command` with the shared options; the subcommands add theirs.
    func makeJob(_ command: GridsJob.Command) -> GridsJob {
        var job = GridsJob(
            command: command, units: InputSource(path: units, layer: unitsLayer, filter: unitsFilter, encoding: unitsEncoding), weights: weight)
        job.id = id
        job.nest = nest
        job.communities = communities.map { InputSource(path: $0) }
        job.communitiesField = communitiesField
        job.adjacency = adjacency
        job.gap = gap
        job.barriers = barriers.map { InputSource(path: $0) }
        job.barriersFilter = barriersFilter
        job.barriersLayer = barriersLayer
        job.studyArea = studyArea.map { InputSource(path: $0) }
        job.network = network.map { InputSource(path: $0) }
        job.maxWalk = maxWalk
        job.crs = crs
        job.tolerance = tolerance
        job.out = out
        job.unitsOut = unitsOut
        job.summary = summary
        tables.apply(to: &job)
        return job
    }
}

extension GridsJob.Adjacency: ExpressibleByArgument {}
extension GridsJob.Initial: ExpressibleByArgument {}

/// Flag-level checks and printing shared by the grid subcommands.
enum GridsCLI {
    /// Runs the job's own checks, its option errors spelt as flags.
    static func validate(_ job: () throws -> GridsJob) throws {
        try CLIValidation.check { try job().validate() }
    }

    /// The console lines of a finished job.
    static func report(_ result: GridsJobResult, out: String) {
        if let unitsPath = result.unitsPath { Console.note("wrote units with grid_code to \(unitsPath)") }
        let plan = result.plan
        let m = plan.metrics
        Console.note(
            String(
                format: "%d grids over %d units: max |d| %.2f%%, range %.2f%%, cut edges %d, mean Polsby–Popper %.3f, non-contiguous %d",
                plan.gridCount, result.graph.unitCount, m.maxAbsDeviation * 100, m.range * 100, m.cutEdges,
                m.meanPolsbyPopper ?? 0, m.noncontiguousGrids))
        for c in plan.communities where c.unitCount > 0 && (plan.communities.count > 1 || c.feasibleGridsMin != nil) {
            let range = c.feasibleGridsMin.map { "; feasible \($0)–\(c.feasibleGridsMax ?? $0)" } ?? ""
            Console.note(
                "community \(c.key.isEmpty ? "(all)" : c.key): \(c.grids) grid(s) of ideal \(String(format: "%.1f", c.idealWeight.first ?? 0))\(range)"
            )
        }
        for issue in result.warnings { Console.warn(issue.description) }
        Console.note("wrote \(out)")
    }
}
