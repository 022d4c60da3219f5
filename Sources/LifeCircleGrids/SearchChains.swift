import Foundation
import LifeCircleGeometry

/// Independent improving searches from one plan, the best kept: one seed's
/// search can settle in a poorer basin than another's (São Paulo's hex cells:
/// 139–146 cut edges over seeds 1–10 with one chain), so each run draws
/// `chains` seeds from its own and keeps the best chain, which makes the plan
/// depend much less on the seed. Chains run two at a time on separate states;
/// results come back in chain order and ties keep the lower chain, so the plan
/// is the same however the threads are scheduled.
struct SearchChains {
    var search: ShortBurstSearch
    var chains: Int

    /// Chains for a graph of `n` units: eight up to 1,000 units, four up to 5,000,
    /// two above (each chain is at most about 20 million unit-steps of work).
    static func defaultChains(unitCount n: Int) -> Int { n <= 1_000 ? 8 : n <= 5_000 ? 4 : 2 }

    /// The seed of chain `c` for a run seeded `seed` (chain 0 keeps the single-chain seed).
    static func seed(_ seed: UInt64, chain c: Int) -> UInt64 { seed &+ UInt64(c) &* 0x9E37_79B9_7F4A_7C15 }

    func run(
        from attempt: PlanAttempt, graph g: UnitGraph, setup: PartitionSetup, options o: GridPartitionOptions,
        deadline: ContinuousClock.Instant
    ) -> PlanAttempt {
        let m = max(1, chains)
        let slots = ParallelSlots<PlanAttempt?>(count: m, initial: nil)
        let search = self.search
        let workers = min(m, 2)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            // Worker w runs chains w, w + workers, …: a fixed split, so each
            // chain's result depends on its seed alone.
            var c = w
            while c < m {
                var chainOptions = o
                chainOptions.seed = Self.seed(o.seed, chain: c)
                slots.set(c, search.run(from: attempt, graph: g, setup: setup, options: chainOptions, deadline: deadline))
                c += workers
            }
        }
        // Chains are compared on cut edges (what planners and the anchors count),
        // then the higher mean Polsby–Popper; inside a chain the pipeline's own cut
        // (shared length for the classic one) guides the moves. On territories the
        // two differ: a shorter cut can take more, shorter, edges.
        var best: PlanAttempt? = nil
        var rounds = 0
        for case let r? in slots.values {
            rounds += r.plan.search?.rounds ?? 0
            PlanAttempt.keepBetter(&best, r, by: .edges)
        }
        guard var kept = best else { return attempt }
        kept.plan.search?.chains = m
        kept.plan.search?.roundsAllChains = rounds
        return kept
    }
}
