import ArgumentParser
import Foundation
import LifeCircleGrids
import LifeCircleIO

struct GridsPartitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partition",
        abstract: "Split units into balanced, contiguous, compact grids (per community with --nest).",
        discussion: """
            Give the number of grids (--grids K in total, distributed over communities by weight; --grids-field with K per community as a column of the units; --grids-table community,k CSV) or a weight band (--target MIN:MAX on the first --weight) from which K per community is derived. The plan is seeded and bounded by --time-limit; what it reached is reported (max |d|, lower bound from the heaviest unit, feasible K range for --target).

            Example:
              lifecircle grids partition --units spo_hexgrid_EPSG32723.gpkg --weight population --grids 10 \\
                  --out grids.gpkg --summary summary.json
            """)

    @OptionGroup var common: GridsUnitOptions
    @Option(help: "Number of grids in total (distributed over communities by weight). Example: --grids 10")
    var grids: Int?
    @Option(help: "Column of the units holding the number of grids of each unit's community. Example: --grids-field n_grids")
    var gridsField: String?
    @Option(help: "CSV of community,grids lines. Example: --grids-table grids.csv")
    var gridsTable: String?
    @Option(help: "Weight band MIN:MAX per grid on the first --weight. Example: --target 300:500")
    var target: String?
    @Option(help: "First plan: metis (default) or tree (spanning-tree bisection).")
    var initial: GridsJob.Initial = .metis
    @Option(help: "Random seed; the same inputs and seed give the same plan.")
    var seed: UInt64 = 1
    @Option(help: "Time bound in seconds.")
    var timeLimit: Double = 120

    func validate() throws {
        let given = [grids != nil, gridsField != nil, gridsTable != nil, target != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of \(GridsJob.Count.keys.map(CLIRendering.flag).joined(separator: ", "))") }
        try GridsCLI.validate(makeJob)
    }

    func makeJob() throws -> GridsJob {
        var job = common.makeJob(.partition)
        if let grids { job.count = .total(grids) }
        if let gridsField { job.count = .field(gridsField) }
        if let gridsTable { job.count = .table(gridsTable) }
        if let target { job.count = try GridsJob.Count.target(parsing: target) }
        job.initial = initial
        job.seed = seed
        job.timeLimit = timeLimit
        return job
    }

    func run() throws {
        GridsCLI.report(try makeJob().run(), out: common.out)
    }
}
