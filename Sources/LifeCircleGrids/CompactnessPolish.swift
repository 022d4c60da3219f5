import Foundation

/// Boundary moves at a fixed cut: a unit moves to a neighbouring grid when the
/// move adds no balance excess, no cut (as `cutCost` counts it) and raises the
/// sum of the two grids' Polsby–Popper scores (4πA/P²), contiguity kept. Cut
/// edges are integers, so many plans share the best cut; this picks the more
/// compact one, as a planner would (on Helsinki's buildings → 7, GerryChain's
/// plateau walk reached 47 cut edges at mean Polsby–Popper 0.518 where the
/// search ended at 0.515). Bounded by passes; a pass moves each unit at most once.
struct CompactnessPolish: PlanRefiner {
    var maxPasses: Int

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        let g = state.graph, n = g.unitCount
        var moves = 0, passes = 0
        var cands: [Int32] = []
        @inline(__always) func pp(_ area: Double, _ perim: Double) -> Double {
            perim > 1e-12 && area > 0 ? 4 * Double.pi * area / (perim * perim) : 0
        }
        while passes < maxPasses, ContinuousClock.now < context.deadline {
            passes += 1
            var moved = 0
            for u in 0..<n {
                let a = state.assign[u]
                guard a >= 0, g.area[u] > 0 else { continue }
                state.candidateGrids(u, into: &cands)
                if cands.isEmpty { continue }
                let (ca, sa) = state.contact(u, a)
                let exA0 = state.excess(grid: Int(a)), exA1 = state.excess(grid: Int(a), unit: u, sign: -1)
                let areaA = state.gridArea[Int(a)], perimA = state.gridPerim[Int(a)]
                let ppA0 = pp(areaA, perimA), ppA1 = pp(areaA - g.area[u], perimA - (g.perimeter[u] - 2 * sa))
                var best: Int32 = -1
                var bestGain = 1e-9
                for b in cands {
                    let dex = exA1 + state.excess(grid: Int(b), unit: u, sign: 1) - exA0 - state.excess(grid: Int(b))
                    if dex > 1e-12 { continue }
                    let (cb, sb) = state.contact(u, b)
                    if cb < ca - 1e-9 * max(1, ca) { continue }
                    let areaB = state.gridArea[Int(b)], perimB = state.gridPerim[Int(b)]
                    let gain = ppA1 + pp(areaB + g.area[u], perimB + g.perimeter[u] - 2 * sb) - ppA0 - pp(areaB, perimB)
                    if gain > bestGain { best = b; bestGain = gain }
                }
                guard best >= 0, state.canRemove(u) else { continue }
                state.move(u, to: best)
                moves += 1; moved += 1
            }
            if moved == 0 { break }
        }
        return RefineStats(passes: passes, moves: moves, hitLimit: passes >= maxPasses)
    }
}
