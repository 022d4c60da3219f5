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
        try common.validateShared()
        try existing.validate()
    }

    func run() throws {
        let input = try GridsInput.load(common)
        let g = input.built.graph
        let codes = try GridsAssignment.codes(common: common, input: input, assignment: existing.assignment, gridsLayer: existing.gridsLayer, gridsCode: existing.gridsCode)
        let result: RebalanceResult
        do {
            result = try GridRebalancer.rebalance(graph: g, gridCodes: codes.map { $0 ?? "" },
                                                  options: RebalanceOptions(tolerance: common.tolerance, timeLimit: timeLimit))
        } catch let e as GridError { throw CLIError("\(common.units): \(e.description)") }
        var plan = result.plan
        let extra = input.built.issues
        try GridsOutput.write(common, input: input, plan: &plan) { p in
            GridsSummary(command: "rebalance", plan: p, graph: g, tolerance: common.tolerance, crs: input.crs, issues: extra,
                         moves: result.moves, changed: result.changedGrids, before: result.metricsBefore)
        }
        Console.note("moved \(result.moves.count) unit(s) among grids \(result.changedGrids.joined(separator: ", "))")
    }
}
