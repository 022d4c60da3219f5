/// Greedy boundary moves that never add a cut edge: a unit moves to a
/// neighbouring grid when that removes cut adjacencies, or keeps their number
/// and shortens the shared-length cut (a higher Polsby–Popper). The balance
/// excess may not grow and contiguity is kept (local BFS only when the unit has
/// several neighbours in its grid). Only units next to a move are revisited.
extension GridWorkState {
    @discardableResult
    func refineCutEdges(maxPasses: Int, deadline: ContinuousClock.Instant) -> (moves: Int, passes: Int) {
        let n = graph.unitCount
        let off = graph.offsets, nb = graph.neighbours
        var active = [Bool](repeating: false, count: n)
        var nextActive = [Bool](repeating: false, count: n)
        // Start from the boundary units only.
        for u in 0..<n where assign[u] >= 0 {
            let a = assign[u]
            for s in off[u]..<off[u + 1] where assign[Int(nb[s])] != a { active[u] = true; break }
        }
        // Per-candidate tallies, reused: grid -> (adjacencies, shared length).
        var tally = NeighbourGridTally()
        // Members per grid with positions, for the paired moves below (swap-remove).
        var members = [[Int32]](repeating: [], count: gridCount)
        var pos = [Int](repeating: -1, count: n)
        for u in 0..<n where assign[u] >= 0 { pos[u] = members[Int(assign[u])].count; members[Int(assign[u])].append(Int32(u)) }
        func relist(_ u: Int, from a: Int32, to b: Int32) {
            let i = pos[u], last = members[Int(a)].removeLast()
            if Int(last) != u { members[Int(a)][i] = last; pos[Int(last)] = i }
            pos[u] = members[Int(b)].count; members[Int(b)].append(Int32(u))
        }
        var moves = 0, passes = 0
        while passes < maxPasses {
            if ContinuousClock.now >= deadline { break }
            passes += 1
            var moved = 0
            for u in 0..<n where active[u] {
                active[u] = false
                let a = assign[u]
                if a < 0 { continue }
                tally.collect(u, grid: a, assign: assign, graph: graph)
                if tally.grids.isEmpty { continue }
                let na = tally.ownEdges, sa = tally.ownShared
                let r = gridRegion[Int(a)]
                let exA0 = excess(grid: Int(a)), exA1 = excess(grid: Int(a), unit: u, sign: -1)
                var best: Int32 = -1, bestD = 1, bestL = 0.0
                var blocked: Int32 = -1, blockedD = 0
                let eps = 1e-9 * max(sa, 1)
                for (i, b) in tally.grids.enumerated() {
                    let d = na - tally.edges[i]  // change in cut edges
                    if d > 0 { continue }
                    let l = sa - tally.shared[i]  // change in cut length
                    if d == 0 && l >= -eps { continue }
                    if d > bestD || (d == bestD && l >= bestL) { continue }
                    guard gridRegion[Int(b)] == r else { continue }
                    let dex = exA1 + excess(grid: Int(b), unit: u, sign: 1) - exA0 - excess(grid: Int(b))
                    if dex > 1e-12 {
                        if d < blockedD { blocked = b; blockedD = d }
                        continue
                    }
                    best = b; bestD = d; bestL = l
                }
                if best < 0 && blocked >= 0,
                    let (v, x, c) = pairedMove(
                        u, from: a, to: blocked, gain: blockedD, bMembers: members[Int(blocked)],
                        aMembers: members[Int(a)])
                {
                    relist(u, from: a, to: blocked)
                    relist(v, from: x, to: c)
                    moves += 2; moved += 1
                    nextActive[v] = true
                    for s in off[v]..<off[v + 1] { nextActive[Int(nb[s])] = true }
                    nextActive[u] = true
                    for s in off[u]..<off[u + 1] { nextActive[Int(nb[s])] = true }
                    continue
                }
                guard best >= 0, canRemove(u) else { continue }
                // The move must keep u attached to its new grid in the active graph.
                var touches = false
                for s in aOff[u]..<aOff[u + 1] where assign[Int(aNb[s])] == best { touches = true; break }
                guard touches else { continue }
                move(u, to: best)
                relist(u, from: a, to: best)
                moves += 1; moved += 1
                nextActive[u] = true
                for s in off[u]..<off[u + 1] { nextActive[Int(nb[s])] = true }
            }
            if moved == 0 { break }
            swap(&active, &nextActive)
        }
        return (moves, passes)
    }

    /// u would cut `gain` (< 0) edges moving from a to b but breaks the band:
    /// move it anyway and look for one unit v that moves on so that the pair
    /// removes cut edges and the balance excess does not grow: a unit of b to
    /// any neighbouring grid, or a unit next to a into a. Undone when none fits.
    private func pairedMove(
        _ u: Int, from a: Int32, to b: Int32, gain: Int, bMembers: [Int32],
        aMembers: [Int32]
    ) -> (Int, Int32, Int32)? {
        let off = graph.offsets, nb = graph.neighbours
        guard canRemove(u) else { return nil }
        var touches = false
        for s in aOff[u]..<aOff[u + 1] where assign[Int(aNb[s])] == b { touches = true; break }
        guard touches else { return nil }
        let exA0 = excess(grid: Int(a)), exB0 = excess(grid: Int(b))
        move(u, to: b)
        let r = gridRegion[Int(b)]
        var bestV = -1, bestX: Int32 = -1, bestC: Int32 = -1, bestD = -gain  // the pair must gain: dv < -gain
        // Excess after moving v from x to c, minus before both moves, over a, b, x, c.
        func balanceOK(_ v: Int, _ x: Int32, _ c: Int32) -> Bool {
            // a and b: before = excess before u's move; after = with u moved and v's move applied.
            var before = exA0 + exB0, after = 0.0
            for g in [a, b] {
                let sign: Double = g == x ? -1 : (g == c ? 1 : 0)
                after += sign == 0 ? excess(grid: Int(g)) : excess(grid: Int(g), unit: v, sign: sign)
            }
            for g in [x, c] where g != a && g != b {
                before += excess(grid: Int(g))
                after += excess(grid: Int(g), unit: v, sign: g == x ? -1 : 1)
            }
            return after <= before + 1e-12
        }
        func consider(_ v: Int, _ x: Int32, _ c: Int32) {
            var nIn = 0, nc = 0
            for s in off[v]..<off[v + 1] {
                let y = assign[Int(nb[s])]
                if y == x { nIn += 1 } else if y == c { nc += 1 }
            }
            let dv = nIn - nc
            if dv >= bestD || !balanceOK(v, x, c) { return }
            bestV = v; bestX = x; bestC = c; bestD = dv
        }
        var cs: [Int32] = []
        for v32 in bMembers {
            let v = Int(v32)
            cs.removeAll(keepingCapacity: true)
            for s in off[v]..<off[v + 1] {
                let c = assign[Int(nb[s])]
                if c != b && c >= 0 && gridRegion[Int(c)] == r && !cs.contains(c) { cs.append(c) }
            }
            for c in cs { consider(v, b, c) }
        }
        for w32 in aMembers where Int(w32) != u {
            let w = Int(w32)
            for s in off[w]..<off[w + 1] {
                let v = Int(nb[s]), x = assign[v]
                if x == a || x < 0 || v == u || gridRegion[Int(x)] != r { continue }
                consider(v, x, a)
            }
        }
        if bestV >= 0 && canRemove(bestV) {
            var t = false
            for s in aOff[bestV]..<aOff[bestV + 1] where assign[Int(aNb[s])] == bestC { t = true; break }
            if t {
                move(bestV, to: bestC)
                return (bestV, bestX, bestC)
            }
        }
        move(u, to: a)
        return nil
    }
}

/// `refineCutEdges` as a pipeline step.
struct CutEdgeRefinement: PlanRefiner {
    var maxPasses: Int

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        let r = state.refineCutEdges(maxPasses: maxPasses, deadline: context.deadline)
        return RefineStats(passes: r.passes, moves: r.moves, hitLimit: r.passes >= maxPasses)
    }
}
