import Foundation
import LifeCircleGeometry

/// What the improving search did, for the summary.
public struct SearchReport: Sendable, Codable, Hashable {
    /// Rounds run, and rounds since the last improvement when it stopped.
    public var rounds: Int
    public var roundsWithoutImprovement: Int
    /// Rounds that improved the plan.
    public var improvements: Int
    /// Why it stopped: `patience` (no improvement for that many rounds), `rounds` (its round bound) or `time_cap` (the wall-clock safety cap).
    public var stoppedBy: String
    /// The cut (as the pipeline ranks: shared length or cut edges) before and after.
    public var cutBefore: Double
    public var cutAfter: Double
    /// Independent chains run from each start (`SearchChains`); the figures above are the kept chain's.
    public var chains: Int = 1
    /// Independent pipeline starts, each searched by `chains` chains (`MultiStartSearch`).
    public var starts: Int = 1
    /// Rounds over every chain of every start.
    public var roundsAllChains: Int = 0
    /// The closing bursts on the kept plan (`ShortBurstSearch.closing`), when they ran:
    /// bursts run over both of its chains, and how many improved the plan.
    public var closingBursts: Int? = nil
    public var closingImprovements: Int? = nil
    /// The cut the closing bursts started from.
    public var cutBeforeClosing: Double? = nil

    enum CodingKeys: String, CodingKey {
        case rounds
        case roundsWithoutImprovement = "rounds_without_improvement"
        case improvements
        case stoppedBy = "stopped_by"
        case cutBefore = "cut_before"
        case cutAfter = "cut_after"
        case chains
        case starts
        case roundsAllChains = "rounds_all_chains"
        case closingBursts = "closing_bursts"
        case closingImprovements = "closing_improvements"
        case cutBeforeClosing = "cut_before_closing"
    }
}

/// An improving search from a finished plan, in rounds bounded by counts:
/// each round is a ReCom short burst (GerryChain's "short bursts": `burst`
/// random merge–splits of adjacent grid pairs along random spanning trees,
/// both halves in band, the best plan of the burst kept), then a short
/// annealing and boundary moves; the round's plan replaces the best when it is
/// better (less excess, then a shorter cut), and the next burst starts from the
/// best. It stops after `patience` rounds without improvement or `maxRounds`
/// rounds; the deadline is only a safety cap. Balance and contiguity stay hard.
/// With `rebisect` each round also re-splits adjacent pairs by METIS and runs the
/// multilevel pipeline's V-cycle and k-way FM after the annealing.
struct ShortBurstSearch {
    var maxRounds: Int
    var patience: Int
    var burst: Int = 10
    var annealSteps: Int
    var maxPasses: Int
    var ranking: PlanAttempt.Cut
    /// After each round's annealing: METIS re-bisection of the adjacent pairs with the
    /// longest shared cut, a V-cycle of k-way FM and unit-level FM (`MultilevelPipeline`'s
    /// moves that cross hills). Annealing moves single units inside a fixed balance
    /// band; a re-split turns a whole pair boundary, which those moves do not reach.
    var rebisect = false
    /// Bursts alone, at the full ±band (`closing`): no annealing or boundary moves between them.
    var burstsOnly = false

    /// Graphs over 2,000 units (those `.automatic` gives the multilevel pipeline)
    /// re-bisect in every round. On Wuhan's 8,304 blocks → 66, seeds 1–10 (release,
    /// the defaults below): 902–945 cut edges (seed 1: 919) where 24 rounds of
    /// annealing alone gave 948–977 (seed 1: 949) and one 16-million-step annealing per chain 941; on 2,000 Voronoi cells
    /// → 40 (patience-bound rounds) it gave 804 against 816 for twice the time, so
    /// smaller graphs keep annealing alone.
    static func rebisects(unitCount n: Int) -> Bool { n > 2_000 }

    /// Round bound for a graph of `n` units: about 20 million unit-steps of work;
    /// 32 rounds where the rounds re-bisect (their annealing is longer, see `defaultAnnealSteps`).
    static func defaultRounds(unitCount n: Int) -> Int {
        rebisects(unitCount: n) ? 32 : min(300, max(20, 20_000_000 / max(1, 100 * n)))
    }

    /// Annealing steps per round: 20 per unit within 10,000–200,000; where the rounds
    /// re-bisect, 60 per unit up to 600,000 (Wuhan's blocks: 498,240), since a re-split
    /// round costs more than its annealing and a longer cooling between re-splits gave
    /// fewer cut edges there (32 × 500,000 steps: 917 at seed 1; 60 × 166,000: 920;
    /// 16 × 1,000,000: 920, with a wider seed spread).
    static func defaultAnnealSteps(unitCount n: Int) -> Int {
        rebisects(unitCount: n) ? min(60 * n, 600_000) : min(max(20 * n, 10_000), 200_000)
    }

    /// Closing bursts on the kept plan: off by default (`searchClosingBursts` or
    /// `LCB_CLOSING_BURSTS` turn them on). The rounds' splits keep 10% of the band in
    /// reserve and run one burst a round, so their plan can still be one merge–split away
    /// from a shorter cut that a split using the whole band reaches. Measured on Wuhan's
    /// 8,304 blocks → 66, seed 1, a 2-core machine where the default run takes 17.6 s:
    /// 1,500 bursts a chain took 919 to 918 for 11 s more; 500 found nothing. That is
    /// outside the 20 s a default run may take, so it stays off until a step costs less
    /// than its 0.7 ms. 10 steps a burst, as GerryChain's.
    static func defaultClosingBursts(unitCount n: Int) -> Int { 0 }

    /// The closing phase: bursts alone at the full band, patience-bound like the rounds.
    static func closing(bursts: Int, ranking: PlanAttempt.Cut) -> ShortBurstSearch {
        ShortBurstSearch(
            maxRounds: bursts, patience: bursts, annealSteps: 0, maxPasses: 0, ranking: ranking, burstsOnly: true)
    }

    func run(
        from attempt: PlanAttempt, graph g: UnitGraph, setup: PartitionSetup, options o: GridPartitionOptions,
        deadline: ContinuousClock.Instant
    ) -> PlanAttempt {
        guard maxRounds > 0, attempt.gridRegion.count > 1 else { return attempt }
        var start = PlanStart(
            resuming: attempt, graph: g, setup: setup, seed: o.seed ^ 0x5EA2_C4B5_7A11_0001, deadline: deadline,
            countEdges: ranking == .edges && o.searchCountsEdges)
        let state = start.state
        var ctx = start.context
        var best = BestPlanSeen(lo: start.outerLo, hi: start.outerHi, ranking: ranking)
        best.observe(state)
        let cutBefore = best.cut
        var rounds = 0, stall = 0, improvements = 0
        var stoppedBy = "rounds"
        var lists = state.memberLists()
        var scratch = [Bool](repeating: false, count: g.unitCount)
        while rounds < maxRounds {
            if ContinuousClock.now >= deadline { stoppedBy = "time_cap"; break }
            if stall >= patience { stoppedBy = "patience"; break }
            rounds += 1
            let (excessBefore, cutAtStart) = (best.excess, best.cut)
            shortBurst(state, &ctx, lists: &lists, inSide: &scratch)
            if !burstsOnly {
                state.apply(Annealing(steps: annealSteps), &ctx)
                if rebisect { crossHills(state, &ctx) }
                state.apply(BoundaryRefinement(maxPasses: maxPasses), &ctx)
            }
            best.observe(state)
            if best.excess < excessBefore - 1e-12 || best.cut < cutAtStart - 1e-9 * max(1, abs(cutAtStart)) {
                improvements += 1; stall = 0
            } else {
                stall += 1
            }
            // The next burst starts from the best plan.
            best.restoreIfBetter(state)
            lists = state.memberLists()
        }
        // The search ends on the best plan it saw, ties in cut going to the more compact,
        // then polished for compactness at that cut (judged again by the same count).
        best.restoreAtEnd(state)
        if ranking == .edges && !burstsOnly {
            state.apply(CompactnessPolish(maxPasses: maxPasses), &ctx)
            best.observe(state)
            best.restoreAtEnd(state)
        }
        start.timer.lap("search")
        var out = start.finish(
            options: o, passes: attempt.plan.passes,
            moves: attempt.plan.moves, hitLimit: stoppedBy == "time_cap")
        out.plan.phaseSeconds = attempt.plan.phaseSeconds.merging(out.plan.phaseSeconds) { $0 + $1 }
        // Never return a plan worse than the one the search started from.
        var kept = attempt.isBetter(than: out, by: ranking) ? attempt : out
        if burstsOnly {
            // The closing phase adds its figures to the search it closes.
            var report =
                attempt.plan.search
                ?? SearchReport(
                    rounds: 0, roundsWithoutImprovement: 0, improvements: 0, stoppedBy: stoppedBy,
                    cutBefore: cutBefore, cutAfter: cutBefore)
            report.closingBursts = rounds
            report.closingImprovements = improvements
            report.cutBeforeClosing = cutBefore
            report.cutAfter = min(report.cutAfter, best.cut)
            if stoppedBy == "time_cap" { report.stoppedBy = stoppedBy }
            kept.plan.search = report
            return kept
        }
        kept.plan.search = SearchReport(
            rounds: rounds, roundsWithoutImprovement: stall, improvements: improvements, stoppedBy: stoppedBy,
            cutBefore: cutBefore, cutAfter: min(best.cut, cutBefore), roundsAllChains: rounds)
        return kept
    }

    /// The multilevel pipeline's hill-crossing moves (see `rebisect`), seeded from the run's stream.
    private func crossHills(_ state: GridWorkState, _ ctx: inout RefineContext) {
        let seed = ctx.rng.next()
        state.apply(
            PairRebisection(
                maxSweeps: FastPathTuning.pairSweeps,
                maxCalls: Int((FastPathTuning.pairCallsPerGrid * Double(state.gridCount)).rounded(.up)),
                minRatio: FastPathTuning.pairMinRatio, seed: Int32(truncatingIfNeeded: seed)), &ctx)
        state.apply(
            VCycleRefinement(
                maxLevels: FastPathTuning.vCycleLevels, passesPerLevel: FastPathTuning.vCyclePasses,
                maxStall: FastPathTuning.fmStall, seed: seed), &ctx)
        state.apply(KWayFMRefinement(maxPasses: maxPasses, maxStall: FastPathTuning.fmStall, slack: 0), &ctx)
    }

    /// `burst` random merge–splits from the current plan; the best plan of the
    /// burst (by the cut between the re-split pairs, as the rest is unchanged) stays.
    private func shortBurst(_ state: GridWorkState, _ ctx: inout RefineContext, lists: inout [[Int32]], inSide: inout [Bool]) {
        let g = state.graph, n = g.unitCount, C = state.columns
        let startAssign = state.assign
        // The burst's best starts as its first plan; ties move on (plateaus drift, as GerryChain's bursts do).
        var delta = 0.0, bestDelta = 0.0
        var bestAssign: [Int32]? = nil
        for _ in 0..<burst {
            // A random adjacent pair of grids in one region: a random boundary slot.
            var pair: (Int32, Int32)? = nil
            for _ in 0..<64 {
                let u = ctx.rng.nextInt(n)
                let a = state.assign[u]
                guard a >= 0, state.aOff[u + 1] > state.aOff[u] else { continue }
                let s = state.aOff[u] + ctx.rng.nextInt(state.aOff[u + 1] - state.aOff[u])
                let b = state.assign[Int(state.aNb[s])]
                if b >= 0, b != a, state.gridRegion[Int(a)] == state.gridRegion[Int(b)] { pair = (a, b); break }
            }
            guard let (A, B) = pair else { break }
            let r = Int(state.gridRegion[Int(A)])
            let union = lists[Int(A)] + lists[Int(B)]
            let target = SplitTarget(
                kA: 1, kB: 1, ideal: (0..<C).map { state.regionIdeal[r * C + $0] },
                lo: (0..<C).map { state.regionLo[r * C + $0] }, hi: (0..<C).map { state.regionHi[r * C + $0] },
                singleBand: burstsOnly ? 1 : 0.9)
            guard
                let sp = ctx.bisector.split(
                    union, target: target, rng: &ctx.rng, geometricAttempts: 0, randomAttempts: burstsOnly ? 4 : 2),
                sp.score <= 1
            else { continue }
            let before = pairCut(state, lists[Int(A)], B)
            for u in sp.sideA { inSide[Int(u)] = true }
            var after = 0.0
            for u in sp.sideA {
                for s in g.neighbourRange(of: Int(u)) {
                    let v = Int(g.neighbours[s])
                    if !inSide[v] && (state.assign[v] == A || state.assign[v] == B) { after += cost(state, s) }
                }
            }
            for u in sp.sideA { inSide[Int(u)] = false }
            for u in sp.sideA where state.assign[Int(u)] != A { state.move(Int(u), to: A) }
            for u in sp.sideB where state.assign[Int(u)] != B { state.move(Int(u), to: B) }
            lists[Int(A)] = sp.sideA; lists[Int(B)] = sp.sideB
            delta += after - before
            if delta <= bestDelta + 1e-12 { bestDelta = min(delta, bestDelta); bestAssign = state.assign }
        }
        let keep = bestAssign ?? startAssign
        if keep != state.assign {
            state.assign = keep
            state.recomputeSums()
        }
    }

    @inline(__always) private func cost(_ state: GridWorkState, _ s: Int) -> Double {
        ranking == .edges ? 1 : state.cutCost[s]
    }

    /// The cut between grid `members`' grid and grid `b`.
    private func pairCut(_ state: GridWorkState, _ members: [Int32], _ b: Int32) -> Double {
        var c = 0.0
        for u in members {
            for s in state.graph.neighbourRange(of: Int(u)) where state.assign[Int(state.graph.neighbours[s])] == b { c += cost(state, s) }
        }
        return c
    }
}
