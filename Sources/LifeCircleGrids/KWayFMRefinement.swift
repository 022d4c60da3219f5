import Foundation

/// Balance-constrained k-way Fiduccia–Mattheyses refinement of cut edges.
///
/// The greedy boundary moves (`refineCutEdges`) stop at the first local
/// minimum; METIS's result on irregular graphs sits in one. A pass here moves
/// boundary units one at a time in order of gain (cut edges removed, then cut
/// length shortened), each unit at most once, accepting moves that lose edges
/// too, and rolls back to the best plan seen in the pass: the cheap way across
/// the small hills between local minima.
///
/// Balance: a move may push a grid at most `slack` (fraction of the ideal) past
/// the band, so weight can flow through a full grid; while any grid is out of
/// band, moves that lower the excess come first, and only plans whose total
/// excess is no larger than at the start of the pass count as best.
/// Contiguity: the source grid must stay connected without the unit (BFS in the
/// grid) and the unit must touch its new grid in the active graph; rolling back
/// replays earlier connected states, so every plan kept is contiguous.
/// Bounded by passes, by `maxStall` moves without a new best per pass, and by the deadline.
extension GridWorkState {
    struct FMResult {
        var moves = 0
        var passes = 0
        /// Cut edges removed over all passes (kept moves only).
        var edgesRemoved = 0
    }

    func refineFM(maxPasses: Int, maxStall: Int, slack: Double, deadline: ContinuousClock.Instant) -> FMResult {
        let n = graph.unitCount
        let off = graph.offsets, nb = graph.neighbours
        var result = FMResult()
        var fm = FMPassQueue(count: n)
        // Per-unit tallies, reused: neighbouring grid -> (adjacencies, shared length).
        var tally = NeighbourGridTally()
        var logU: [Int32] = [], logFrom: [Int32] = []
        // Members per grid with positions (swap-remove), to re-key a grid's units
        // when it crosses the band (moves out of it become urgent or stop being so).
        var members = [[Int32]](repeating: [], count: gridCount)
        var pos = [Int](repeating: -1, count: n)
        for u in 0..<n where assign[u] >= 0 { pos[u] = members[Int(assign[u])].count; members[Int(assign[u])].append(Int32(u)) }
        func relist(_ u: Int, from a: Int32, to b: Int32) {
            let i = pos[u], last = members[Int(a)].removeLast()
            if Int(last) != u { members[Int(a)][i] = last; pos[Int(last)] = i }
            pos[u] = members[Int(b)].count; members[Int(b)].append(Int32(u))
        }
        var totalExcess = (0..<gridCount).reduce(0.0) { $0 + excess(grid: $1) }

        /// Best balance-admissible move of u: (target, urgent, edge gain, length gain); target -1 if none.
        func bestMove(_ u: Int) -> (Int32, Int, Int, Double) {
            let a = assign[u]
            if a < 0 { return (-1, 0, 0, 0) }
            tally.collect(u, grid: a, assign: assign, graph: graph)
            if tally.grids.isEmpty { return (-1, 0, 0, 0) }
            let na = tally.ownEdges, sa = tally.ownShared
            let r = gridRegion[Int(a)]
            let exA0 = excess(grid: Int(a)), exA1 = excess(grid: Int(a), unit: u, sign: -1)
            var best: Int32 = -1, bU = 0, bE = Int.min, bL = -Double.infinity
            for (i, b) in tally.grids.enumerated() where gridRegion[Int(b)] == r {
                let exB1 = excess(grid: Int(b), unit: u, sign: 1)
                let dex = exA1 + exB1 - exA0 - excess(grid: Int(b))
                if dex > 1e-12 && (exA1 > slack + 1e-12 || exB1 > slack + 1e-12) { continue }
                let urgent = dex < -1e-12 ? 1 : 0
                let e = tally.edges[i] - na, l = tally.shared[i] - sa
                if urgent > bU || (urgent == bU && (e > bE || (e == bE && l > bL))) {
                    // The unit must touch b in the active graph to join it.
                    var touches = false
                    for s in aOff[u]..<aOff[u + 1] where assign[Int(aNb[s])] == b { touches = true; break }
                    guard touches else { continue }
                    best = b; bU = urgent; bE = e; bL = l
                }
            }
            return (best, bU, bE, bL)
        }
        func push(_ u: Int) { fm.push(u, bestMove) }

        while result.passes < maxPasses && ContinuousClock.now < deadline {
            result.passes += 1
            fm.beginPass()
            logU.removeAll(keepingCapacity: true); logFrom.removeAll(keepingCapacity: true)
            for u in 0..<n where assign[u] >= 0 {
                let a = assign[u]
                for s in off[u]..<off[u + 1] where assign[Int(nb[s])] != a && assign[Int(nb[s])] >= 0 { push(u); break }
            }
            var pass = FMPassBest(startExcess: totalExcess)
            while let (u, b, e, l) = fm.nextMove(bestMove, canRemove: canRemove) {
                let a = assign[u]
                let before = excess(grid: Int(a)) + excess(grid: Int(b))
                let wasOutA = excess(grid: Int(a)) > 1e-12, wasOutB = excess(grid: Int(b)) > 1e-12
                move(u, to: b)
                relist(u, from: a, to: b)
                logU.append(Int32(u)); logFrom.append(a)
                totalExcess += excess(grid: Int(a)) + excess(grid: Int(b)) - before
                guard pass.record(edges: e, length: l, totalExcess: totalExcess, maxStall: maxStall) else { break }
                if pass.steps & 255 == 0 && ContinuousClock.now >= deadline { break }
                for s in off[u]..<off[u + 1] { push(Int(nb[s])) }
                if aOff[u + 1] > aOff[u] { for s in aOff[u]..<aOff[u + 1] { push(Int(aNb[s])) } }
                // A grid crossing the band edge changes which moves are urgent for all its units.
                if (excess(grid: Int(a)) > 1e-12) != wasOutA { for v in members[Int(a)] { push(Int(v)) } }
                if (excess(grid: Int(b)) > 1e-12) != wasOutB { for v in members[Int(b)] { push(Int(v)) } }
            }
            // Roll back to the best prefix.
            var i = logU.count
            while i > pass.bestAt {
                i -= 1
                let u = Int(logU[i]), from = logFrom[i], to = assign[u]
                let before = excess(grid: Int(from)) + excess(grid: Int(to))
                move(u, to: from)
                relist(u, from: to, to: from)
                totalExcess += excess(grid: Int(from)) + excess(grid: Int(to)) - before
            }
            result.moves += pass.bestAt
            result.edgesRemoved += pass.bestE
            if pass.isFinal { break }
        }
        return result
    }
}

/// `refineFM` as a pipeline step.
struct KWayFMRefinement: PlanRefiner {
    var maxPasses: Int
    var maxStall: Int
    var slack: Double = 0

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        let r = state.refineFM(maxPasses: maxPasses, maxStall: maxStall, slack: slack, deadline: context.deadline)
        return RefineStats(passes: r.passes, moves: r.moves, hitLimit: r.passes >= maxPasses)
    }
}
