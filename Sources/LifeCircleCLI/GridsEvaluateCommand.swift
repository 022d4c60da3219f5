import ArgumentParser
import Foundation
import LifeCircleGrids
import LifeCircleIO

struct GridsEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract:
            "Metrics of an existing plan: weight, deviation, contiguity, Polsby–Popper, Reock, hull ratio, cut edges, barrier crossings, nesting.",
        discussion: """
            The plan is a column of grid codes on the units (--assignment), or grid polygons (--grids-layer PATH with --grids-code FIELD) to which units are assigned by largest overlap (points: the polygon containing them).

            Example:
              lifecircle grids evaluate --units units.gpkg --units-layer units --weight population \\
                  --assignment grid_code --out metrics.csv --summary summary.json
            """)

    @OptionGroup var common: GridsUnitOptions
    @OptionGroup var existing: GridsPlanOptions

    func validate() throws {
        try existing.validate()
        try GridsCLI.validate(makeJob)
    }

    func makeJob() -> GridsJob { existing.apply(to: common.makeJob(.evaluate)) }

    func run() throws {
        GridsCLI.report(try makeJob().run(), out: common.out)
    }
}
