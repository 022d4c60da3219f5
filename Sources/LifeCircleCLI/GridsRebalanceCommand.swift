import ArgumentParser
import Foundation
import LifeCircleGrids
import LifeCircleIO

struct GridsRebalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebalance",
        abstract: "Bring an existing plan back within the tolerance moving few units; untouched grids keep their units and codes.",
        discussion: """
            Units without a grid code (e.g. a new estate) first join the neighbouring grid they share most boundary with. The summary lists every unit that moved (from, to, weight) and the grids changed.

            Example:
              lifecircle grids rebalance --units units.gpkg --units-layer units --weight population \\
                  --assignment grid_code --out rebalanced.gpkg --summary summary.json
            """)

    @OptionGroup var common: GridsUnitOptions
    @OptionGroup var existing: GridsPlanOptions
    @Option(help: "Time bound in seconds.")
    var timeLimit: Double = 60

    func validate() throws {
        try existing.validate()
        try GridsCLI.validate(makeJob)
    }

    func makeJob() -> GridsJob {
        var job = existing.apply(to: common.makeJob(.rebalance))
        job.timeLimit = timeLimit
        return job
    }

    func run() throws {
        let result = try makeJob().run()
        GridsCLI.report(result, out: common.out)
        if let r = result.rebalance {
            Console.note("moved \(r.moves.count) unit(s) among grids \(r.changedGrids.joined(separator: ", "))")
        }
    }
}
