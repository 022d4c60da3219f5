import Foundation
import LifeCircleGeometry

/// Simulated annealing over single boundary moves: the balance band and
/// contiguity stay hard constraints, the cut may worsen with probability
/// exp(−Δ/T) so the search leaves the plateaus plain hill climbing stops on.
/// The best plan seen is restored at the end. Bounded by steps and time.
extension GridWorkState {
    @discardableResult
    func anneal(steps: Int, deadline: ContinuousClock.Instant, rng: inout SplitMix64) -> (accepted: Int, improvedBy: Double) {
        let n = graph.unitCount
        guard n > 1, steps > 0, gridCount > 1 else { return (0, 0) }
        // Temperature from the typical cut cost of one adjacency.
        var costSum = 0.0, costN = 0
        for c in cutCost where c > 0 { costSum += c; costN += 1 }
        let unit = costN > 0 ? costSum / Double(costN) : 1
        let t0 = 0.6 * unit, t1 = 0.02 * unit
        var cut = 0.0
        for u in 0..<n where assign[u] >= 0 {
            for s in graph.neighbourRange(of: u) where Int(graph.neighbours[s]) > u && assign[Int(graph.neighbours[s])] != assign[u] {
                cut += cutCost[s]
            }
        }
        let startCut = cut
        var bestCut = cut, bestAssign = assign
        var accepted = 0
        var cands: [Int32] = []
        let checkEvery = 4096
        for step in 0..<steps {
            if step % checkEvery == 0 && ContinuousClock.now >= deadline { break }
            let T = t0 * pow(t1 / t0, Double(step) / Double(steps))
            let u = rng.nextInt(n)
            let a = assign[u]
            guard a >= 0 else { continue }
            candidateGrids(u, into: &cands)
            if cands.isEmpty { continue }
            let b = cands[rng.nextInt(cands.count)]
            let dex =
                excess(grid: Int(a), unit: u, sign: -1) + excess(grid: Int(b), unit: u, sign: 1)
                - excess(grid: Int(a)) - excess(grid: Int(b))
            if dex > 1e-12 { continue }
            let delta = contact(u, a).cost - contact(u, b).cost
            if delta > 0 && (dex < -1e-12 ? false : rng.nextUnit() >= exp(-delta / T)) { continue }
            guard canRemove(u) else { continue }
            move(u, to: b)
            cut += delta
            accepted += 1
            if cut < bestCut - 1e-9 * unit { bestCut = cut; bestAssign = assign }
        }
        if bestCut < cut - 1e-9 * unit {
            assign = bestAssign
            recomputeSums()
        }
        return (accepted, startCut - min(bestCut, cut))
    }
}

/// `anneal` as a pipeline step, drawing on the run's random stream. Annealing
/// moves are not counted in `GridPlan.moves` (the best plan seen is restored).
struct Annealing: PlanRefiner {
    var steps: Int

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        state.anneal(steps: steps, deadline: context.deadline, rng: &context.rng)
        return RefineStats()
    }
}
