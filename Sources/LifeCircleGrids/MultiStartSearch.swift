import Foundation
import LifeCircleGeometry

/// Independent starts of the whole pipeline, each searched by its own chains,
/// the best plan kept by the chains' criterion (cut edges, then mean
/// Polsby–Popper). One start can decide the basin: on Wuhan's street blocks the
/// multilevel pipeline's METIS start gave 1,032–1,059 cut edges for six seeds
/// of ten and 1,491–1,653 for the other four, and 24 search rounds a chain
/// cannot leave it; with several starts drawn from the run's seed, a poor plan
/// needs every start to land in the poor basin.
///
/// Start s runs with seed `seed(o.seed, start: s)` (start 0 keeps the run's
/// seed, so one start is exactly the single-start plan). First every start's
/// pipeline runs, then the `searched` best first plans get the chains; all are
/// independent jobs on both cores, each on its own state, compared in (start,
/// chain) order with ties keeping the lower, so the plan is the same however
/// threads are scheduled.
struct MultiStartSearch {
    var starts: Int
    /// How many of the starts get the chains: start 0 and the best first plans of the others.
    var searched: Int
    var chains: SearchChains
    /// Closing bursts on the kept plan (`ShortBurstSearch.closing`), two chains at once; 0: none.
    var closingBursts = 0

    /// Starts for a graph of `n` units (searched graphs only, up to 20,000 units):
    /// eight up to 2,000 units, above that 200,000 / n within 4–24 (Wuhan's 8,304
    /// blocks: 24). A start's pipeline is cheap next to its search (release: about
    /// 0.35 s on 2,000 Voronoi cells, 0.2 s on Wuhan's blocks, against about 1 s a
    /// chain), and the search rarely moves a plan to another basin (on Wuhan's
    /// blocks it improved none in 480 chain rounds), so many starts are drawn and
    /// only the best are searched.
    static func defaultStarts(unitCount n: Int) -> Int { n <= 2_000 ? 8 : min(24, max(4, 200_000 / max(1, n))) }

    /// Starts searched by the chains: start 0 and the best of the others.
    /// Four: on Wuhan's blocks → 66, searching the best four of 24 first plans gave
    /// 949 cut edges where the best two gave 958 (São Paulo's hexes: 138 against 139),
    /// for about 1.5 times the time.
    static func defaultSearched(unitCount n: Int, starts: Int) -> Int { min(starts, 4) }

    /// The seed of start `s` for a run seeded `seed`: start 0 keeps it; the others
    /// leave the additive streams the chains (`SearchChains.seed`) and METIS
    /// restarts (`seed + r`) draw from.
    static func seed(_ seed: UInt64, start s: Int) -> UInt64 {
        s == 0 ? seed : seed ^ (UInt64(s) &* 0xD1B5_4A32_D192_ED03)
    }

    /// - Parameter pipeline: one start's first plan for the options it is given
    ///   (nil when no start ran).
    func run(
        graph g: UnitGraph, setup: PartitionSetup, options o: GridPartitionOptions, deadline: ContinuousClock.Instant,
        pipeline: @Sendable (GridPartitionOptions) -> PlanAttempt?
    ) -> PlanAttempt? {
        let S = max(1, starts), C = max(1, chains.chains)
        let optionsOf = (0..<S).map { s -> GridPartitionOptions in
            var v = o
            v.seed = Self.seed(o.seed, start: s)
            return v
        }
        let firsts = ParallelSlots<PlanAttempt?>(count: S, initial: nil)
        DispatchQueue.concurrentPerform(iterations: S) { s in firsts.set(s, pipeline(optionsOf[s])) }
        let firstPlans = firsts.values
        // The starts searched: start 0 (so the run is never worse than its single-start
        // plan) and the best `searched` − 1 of the others' first plans, in start order.
        var others = (1..<S).compactMap { s in firstPlans[s].map { (s, $0) } }
        others.sort { x, y in x.1.isBetter(than: y.1, by: .edges) || (!y.1.isBetter(than: x.1, by: .edges) && x.0 < y.0) }
        let chosen = [0] + others.prefix(max(0, searched - 1)).map(\.0).sorted()
        // Every (searched start, chain) pair is one job; a job's result depends on its start and seed alone.
        let search = chains.search
        let results = ParallelSlots<PlanAttempt?>(count: chosen.count * C, initial: nil)
        DispatchQueue.concurrentPerform(iterations: chosen.count * C) { j in
            let (s, c) = (chosen[j / C], j % C)
            guard let first = firstPlans[s] else { return }
            var chainOptions = optionsOf[s]
            chainOptions.seed = SearchChains.seed(optionsOf[s].seed, chain: c)
            results.set(j, search.run(from: first, graph: g, setup: setup, options: chainOptions, deadline: deadline))
        }
        var best: PlanAttempt? = nil
        var rounds = 0
        for (j, r) in results.values.enumerated() {
            // A search never returns a plan worse than its start; a start whose search did not run competes as it is.
            guard let r = r ?? (j % C == 0 ? firstPlans[chosen[j / C]] : nil) else { continue }
            rounds += r.plan.search?.rounds ?? 0
            PlanAttempt.keepBetter(&best, r, by: .edges)
        }
        guard var kept = best else { return nil }
        if closingBursts > 0 {
            // Two closing chains from the kept plan, one per core, the better kept (first on ties).
            let closing = ShortBurstSearch.closing(bursts: closingBursts, ranking: .edges)
            let from = kept
            let ends = ParallelSlots<PlanAttempt?>(count: 2, initial: nil)
            DispatchQueue.concurrentPerform(iterations: 2) { c in
                var v = o
                v.seed = SearchChains.seed(o.seed ^ 0xC105_E0B5_7A11_0002, chain: c)
                ends.set(c, closing.run(from: from, graph: g, setup: setup, options: v, deadline: deadline))
            }
            var closed: PlanAttempt? = nil
            var bursts = 0, gains = 0
            for e in ends.values.compactMap({ $0 }) {
                bursts += e.plan.search?.closingBursts ?? 0
                gains += e.plan.search?.closingImprovements ?? 0
                PlanAttempt.keepBetter(&closed, e, by: .edges)
            }
            if var c = closed {
                c.plan.search?.closingBursts = bursts
                c.plan.search?.closingImprovements = gains
                kept = c
            }
        }
        kept.plan.search?.chains = C
        kept.plan.search?.starts = S
        kept.plan.search?.roundsAllChains = rounds
        return kept
    }
}
