import Foundation

/// The classic pipeline (`GridPartitionStrategy.classic`): optimise inside an
/// inner band (half the tolerance by default: balance first, tighter than asked
/// where the units allow it), falling back to the asked band where it cannot
/// be met. Boundary moves (balance excess first, then shorter cut, ties by mass
/// inertia), balance repair along paths of grids, optional ReCom-style
/// merge–split, simulated annealing, and boundary passes in between. Starts
/// vary seed and first plan and are ranked by cut length.
enum ClassicPipeline {
    static let ranking = PlanAttempt.Cut.length

    /// `starts` starts from `base`: start r uses seed `base.seed + ⌊r/2⌋·φ`, odd
    /// starts the other first plan, starts 2–3 mod 4 the whole band (balance
    /// inside ±tolerance is the constraint, compactness decides between plans
    /// that meet it). Each start runs the pipeline its options resolve to, so
    /// `.automatic` may send a METIS start of a large graph to the multilevel one.
    /// `best` is a plan to beat (the multilevel pipeline's, when it missed the band).
    static func portfolio(
        graph g: UnitGraph, setup: PartitionSetup, options base: GridPartitionOptions, starts: Int,
        best: PlanAttempt?, deadline: ContinuousClock.Instant
    ) -> PlanAttempt? {
        var best = best
        for r in 0..<starts {
            if r > 0 && ContinuousClock.now >= deadline { break }
            var variant = base
            variant.seed = base.seed &+ UInt64(r / 2) &* 0x9E37_79B9
            if r % 2 == 1 { variant.initial = base.initial == .metis ? .treeBisection : .metis }
            if r % 4 >= 2 { variant.innerTolerance = base.tolerance }
            let result =
                variant.strategy.resolved(unitCount: g.unitCount, options: variant) == .multilevel
                ? MultilevelPipeline.run(graph: g, setup: setup, options: variant, deadline: deadline)
                : run(graph: g, setup: setup, options: variant, deadline: deadline)
            PlanAttempt.keepBetter(&best, result, by: ranking)
        }
        return best
    }

    /// One start.
    static func run(
        graph g: UnitGraph, setup: PartitionSetup, options o: GridPartitionOptions,
        deadline: ContinuousClock.Instant
    ) -> PlanAttempt {
        let f = o.tolerance > 0 ? min(1, max(0, (o.innerTolerance ?? o.tolerance / 2) / o.tolerance)) : 1
        var start = PlanStart(graph: g, setup: setup, options: o, bandFraction: f, deadline: deadline)
        let state = start.state
        var ctx = start.context
        var done = RefineStats()
        var hitLimit = false
        var seen = BestPlanSeen(lo: start.outerLo, hi: start.outerHi, ranking: ranking)
        seen.observe(state)
        func count(_ s: RefineStats) { done.passes += s.passes; done.moves += s.moves; seen.observe(state) }
        func refine() {
            let r = state.apply(BoundaryRefinement(maxPasses: o.maxPasses), &ctx)
            count(r)
            if r.hitLimit { hitLimit = true }
        }
        if o.inertiaPasses > 0 {
            count(state.apply(BoundaryRefinement(maxPasses: o.inertiaPasses, inertiaOnly: true), &ctx))
        }
        refine()
        start.timer.lap("refine")
        var repair = BalanceRepair(maxSteps: o.maxRepairSteps)
        count(state.apply(&repair, &ctx))
        start.timer.lap("repair")
        let rec = state.apply(Recombination(sweeps: o.recombinationSweeps), &ctx)
        start.timer.lap("recombination")
        count(rec)
        refine()
        let steps = o.annealSteps ?? min(max(100 * g.unitCount, 200_000), 2_000_000)
        if steps > 0 {
            state.apply(Annealing(steps: steps), &ctx)
            seen.observe(state)
            start.timer.lap("anneal")
            refine()
        }
        if !repair.last.unresolved.isEmpty || state.anyOutOfBand {
            count(state.apply(&repair, &ctx))
            refine()
        }
        if f < 1 && state.anyOutOfBand {
            state.regionLo = start.outerLo; state.regionHi = start.outerHi
            count(state.apply(&repair, &ctx))
            refine()
        }
        state.regionLo = start.outerLo; state.regionHi = start.outerHi
        if g.unitCount > 2_000 {
            // Large graphs: a last pass of moves that only remove cut edges.
            count(state.apply(CutEdgeRefinement(maxPasses: o.maxPasses), &ctx))
        }
        seen.observe(state)
        seen.restoreIfBetter(state)
        if ContinuousClock.now >= deadline || repair.last.hitLimit || rec.hitLimit { hitLimit = true }
        start.timer.lap("refine")
        return start.finish(options: o, passes: done.passes, moves: done.moves, hitLimit: hitLimit)
    }
}
