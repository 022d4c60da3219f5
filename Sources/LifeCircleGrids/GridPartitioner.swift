import Foundation
import LifeCircleGeometry

/// Balanced, contiguous, compact grids. Per community (and per connected
/// region of it, after barrier relaxation and island bridging):
///  1. a first plan — METIS's contiguous k-way partition (default) or recursive
///     spanning-tree bisection — with pieces and empty grids repaired;
///  2. boundary moves: balance excess first, then shorter cut (shared length,
///     barrier edges free), ties broken by mass inertia; contiguity kept by a
///     local BFS; then balance repair along paths of grids;
///  3. optional ReCom-style merge–split of adjacent pairs (`recombinationSweeps`);
///  4. simulated annealing over boundary moves (band and contiguity hard),
///     best plan restored, and a final boundary pass.
/// The optimisation aims for an inner band (half the tolerance by default) and
/// falls back to the full band where units do not allow it. Small graphs run a
/// portfolio of starts and keep the best (least excess, then cut, then mean
/// Polsby–Popper). Seeded, deterministic, bounded in passes, steps and time.
///
/// That is the classic pipeline (`ClassicPipeline`). Graphs over 2,000 units
/// with default knobs take the multilevel pipeline instead (`MultilevelPipeline`:
/// METIS as pymetis runs it, then cut-edge moves, a V-cycle of k-way FM, pair
/// re-bisection and unit-level FM, all inside the band and contiguous); when its
/// plan still misses the band, a classic tree-bisection start (no annealing) is
/// tried too. `GridPartitionOptions.strategy` can name either pipeline.
/// Graphs up to 20,000 units then get an improving search (`ShortBurstSearch`)
/// in chains, from several independent starts of the pipeline (`MultiStartSearch`).
public enum GridPartitioner {
    /// Partitions `g` into grids as `o` asks; throws on invalid input (no weight
    /// column, bad tolerance or grid count). Problems that still allow a plan
    /// (infeasible bands, relaxed barriers, bounds hit) are `GridPlan.issues`.
    public static func partition(graph g: UnitGraph, options o: GridPartitionOptions) throws -> GridPlan {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(max(o.timeLimit, 0) * 1000))
        let setup = try PartitionSetup.build(graph: g, count: o.count, tolerance: o.tolerance)
        let strategy = o.strategy.resolved(unitCount: g.unitCount, options: o)
        // Small and medium graphs: the time left goes to several starts, each with an
        // improving search bounded by rounds (reproducible), the deadline only a safety cap.
        let rounds = o.searchRounds ?? (g.unitCount <= 20_000 ? ShortBurstSearch.defaultRounds(unitCount: g.unitCount) : 0)
        let searched = rounds > 0
        // One start: the pipeline's plan (the classic portfolio, or the multilevel one
        // with its classic fallback), as seeded by `v`.
        @Sendable func pipeline(_ v: GridPartitionOptions) -> PlanAttempt? {
            var best: PlanAttempt? = nil
            var classic = v
            var classicStarts = max(1, v.restarts ?? (g.unitCount <= 2_000 ? 6 : 1))
            if strategy == .multilevel {
                let ml = MultilevelPipeline.portfolio(
                    graph: g, setup: setup, options: v, starts: max(1, v.restarts ?? 1), deadline: deadline)
                best = ml
                // Where METIS's start cannot be repaired into the band, a classic
                // tree-bisection start (no annealing) is tried too and kept if it balances better.
                classicStarts = ml.excess > 1e-9 ? 1 : 0
                classic.annealSteps = 0
                classic.initial = .treeBisection
                classic.strategy = .classic
            }
            let kept = ClassicPipeline.portfolio(
                graph: g, setup: setup, options: classic, starts: classicStarts, best: best, deadline: deadline)
            // A searched graph left to the classic pipeline by `.automatic` (up to 2,000 units)
            // also gets a multilevel start, and the start keeps the fewer cut edges, which
            // the search ranks by: on 2,000 Voronoi cells → 40 the classic portfolio (ranked
            // by shared length) gave 955 cut edges where METIS with cut-edge moves gave 838.
            guard searched, o.strategy == .automatic, strategy == .classic, v.initial == .metis else { return kept }
            var ml = v
            ml.strategy = .multilevel
            var both = kept
            PlanAttempt.keepBetter(
                &both, MultilevelPipeline.portfolio(graph: g, setup: setup, options: ml, starts: 1, deadline: deadline), by: .edges)
            return both
        }
        let chosen: PlanAttempt?
        if rounds > 0 {
            // The search keeps what the starts and chains are judged by, cut edges: on
            // Helsinki's buildings (territory adjacency) ranking by shared length left
            // 50–59 cut edges over seeds 1–10, by cut edges 48–52 with one start.
            let search = ShortBurstSearch(
                maxRounds: rounds, patience: max(1, o.searchPatience),
                annealSteps: ShortBurstSearch.defaultAnnealSteps(unitCount: g.unitCount), maxPasses: o.maxPasses,
                ranking: .edges, rebisect: ShortBurstSearch.rebisects(unitCount: g.unitCount))
            let chains = SearchChains(search: search, chains: o.searchChains ?? SearchChains.defaultChains(unitCount: g.unitCount))
            let S = o.searchStarts ?? MultiStartSearch.defaultStarts(unitCount: g.unitCount)
            let starts = MultiStartSearch(
                starts: S, searched: o.searchedStarts ?? MultiStartSearch.defaultSearched(unitCount: g.unitCount, starts: S),
                chains: chains, closingBursts: o.searchClosingBursts ?? ShortBurstSearch.defaultClosingBursts(unitCount: g.unitCount))
            chosen = starts.run(graph: g, setup: setup, options: o, deadline: deadline, pipeline: pipeline)
        } else {
            chosen = pipeline(o)
        }
        guard let attempt = chosen else {
            // Unreachable: either pipeline runs at least one start.
            throw GridError.invalidInput("no partition start ran")
        }
        var plan = attempt.plan
        let elapsed = ContinuousClock.now - start
        plan.elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return plan
    }
}
