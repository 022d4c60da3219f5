/// Greedy boundary moves that never add a cut edge: a unit moves to a
/// neighbouring grid when that removes cut adjacencies, or keeps their number
/// and shortens the shared-length cut (a higher Polsby–Popper). The balance
/// excess may not grow and contiguity is kept (local BFS only when the unit has
/// several neighbours in its grid). Only units next to a move are revisited.
extension GridWorkState {
    @discardableResult
    func refineCutEdges(maxPasses: Int, deadline: ContinuousClock.Instant) -> (moves: Int, passes: Int) {
        let n = graph.unitCount
        let off = graph.offsets, nb = graph.neighbours, len = graph.sharedLength
        var active = [Bool](repeating: false, count: n)
        var nextActive = [Bool](repeating: false, count: n)
        // Start from the boundary units only.
        for u in 0..<n where assign[u] >= 0 {
            let a = assign[u]
            for s in off[u]..<off[u + 1] where assign[Int(nb[s])] != a { active[u] = true; break }
        }
        // Per-candidate tallies, reused: grid -> (adjacencies, shared length).
        var cands: [Int32] = [], cnt: [Int] = [], shr: [Double] = []
        var moves = 0, passes = 0
        while passes < maxPasses {
            if ContinuousClock.now >= deadline { break }
            passes += 1
            var moved = 0
            for u in 0..<n where active[u] {
                active[u] = false
                let a = assign[u]
                if a < 0 { continue }
                cands.removeAll(keepingCapacity: true); cnt.removeAll(keepingCapacity: true); shr.removeAll(keepingCapacity: true)
                var na = 0, sa = 0.0
                for s in off[u]..<off[u + 1] {
                    let b = assign[Int(nb[s])]
                    if b == a { na += 1; sa += len[s]; continue }
                    if b < 0 { continue }
                    if let i = cands.firstIndex(of: b) { cnt[i] += 1; shr[i] += len[s] }
                    else { cands.append(b); cnt.append(1); shr.append(len[s]) }
                }
                if cands.isEmpty { continue }
                let r = gridRegion[Int(a)]
                let exA0 = excess(grid: Int(a)), exA1 = excess(grid: Int(a), unit: u, sign: -1)
                var best: Int32 = -1, bestD = 1, bestL = 0.0
                let eps = 1e-9 * max(sa, 1)
                for (i, b) in cands.enumerated() {
                    let d = na - cnt[i]            // change in cut edges
                    if d > 0 { continue }
                    let l = sa - shr[i]            // change in cut length
                    if d == 0 && l >= -eps { continue }
                    if d > bestD || (d == bestD && l >= bestL) { continue }
                    guard gridRegion[Int(b)] == r else { continue }
                    let dex = exA1 + excess(grid: Int(b), unit: u, sign: 1) - exA0 - excess(grid: Int(b))
                    if dex > 1e-12 { continue }
                    best = b; bestD = d; bestL = l
                }
                guard best >= 0, canRemove(u) else { continue }
                // The move must keep u attached to its new grid in the active graph.
                var touches = false
                for s in aOff[u]..<aOff[u + 1] where assign[Int(aNb[s])] == best { touches = true; break }
                guard touches else { continue }
                move(u, to: best)
                moves += 1; moved += 1
                nextActive[u] = true
                for s in off[u]..<off[u + 1] { nextActive[Int(nb[s])] = true }
            }
            if moved == 0 { break }
            swap(&active, &nextActive)
        }
        return (moves, passes)
    }
}
