import ArgumentParser
import LifeCircleGrids
import LifeCircleIO

/// The existing plan that `grids evaluate` and `grids rebalance` start from:
/// a grid-code column on the units, or grid polygons the units fall in.
struct GridsPlanOptions: ParsableArguments {
    @Option(help: "Column of the units with each unit's grid code. Example: --assignment grid_code")
    var assignment: String?
    @Option(help: "Existing grid polygons; units are assigned by overlap. Example: --grids-layer grids.gpkg")
    var gridsLayer: String?
    @Option(help: "Grid code column of --grids-layer (default: grid_code).")
    var gridsCode: String = "grid_code"

    func validate() throws {
        guard (assignment == nil) != (gridsLayer == nil) else { throw ValidationError("give one of --assignment FIELD or --grids-layer PATH") }
    }

    /// The job with this existing plan.
    func apply(to job: GridsJob) -> GridsJob {
        var job = job
        job.assignment = assignment
        job.gridsLayer = gridsLayer.map { InputSource(path: $0) }
        job.gridsCode = gridsCode
        return job
    }
}
