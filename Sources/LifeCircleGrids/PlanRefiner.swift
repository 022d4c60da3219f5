import Foundation
import LifeCircleGeometry

/// What a refiner may use besides the plan: the pipeline's deadline and its
/// seeded random stream and tree bisector (shared so that a run draws one
/// reproducible sequence whichever refiners it calls).
struct RefineContext {
    var deadline: ContinuousClock.Instant
    var rng: SplitMix64
    var bisector: TreeBisector
}

/// What one refiner call did, in the units `GridPlan.passes` / `moves` count.
struct RefineStats {
    /// Passes (or sweeps) the refiner reports towards `GridPlan.passes`.
    var passes = 0
    /// Unit moves (or accepted re-splits) it reports towards `GridPlan.moves`.
    var moves = 0
    /// Stopped by its own bound (passes, steps) or by the deadline.
    var hitLimit = false
}

/// One improving step over a plan in place. Every refiner keeps each grid
/// contiguous and never raises the plan's balance excess above what its own
/// rule allows; work bounds are the conformer's parameters, so plans are
/// reproducible unless the deadline hits.
protocol PlanRefiner {
    mutating func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats
}

extension GridWorkState {
    /// Runs `refiner` on this plan (reads as a pipeline step).
    @discardableResult
    func apply<R: PlanRefiner>(_ refiner: inout R, _ context: inout RefineContext) -> RefineStats {
        refiner.refine(self, &context)
    }

    /// Runs a refiner whose extra results are not needed afterwards.
    @discardableResult
    func apply<R: PlanRefiner>(_ refiner: R, _ context: inout RefineContext) -> RefineStats {
        var r = refiner
        return r.refine(self, &context)
    }

    /// Sum of the grids' balance excess.
    func totalExcess() -> Double { (0..<gridCount).reduce(0.0) { $0 + excess(grid: $1) } }

    /// Some grid lies outside its band.
    var anyOutOfBand: Bool { (0..<gridCount).contains(where: { excess(grid: $0) > 1e-12 }) }
}
