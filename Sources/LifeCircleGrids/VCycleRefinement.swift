import Foundation
import LifeCircleGeometry

/// One level of a partition-respecting coarsening: a CSR graph whose vertices
/// are connected groups of units of one grid.
struct CoarseLevel {
    var n: Int
    var off: [Int]
    var nb: [Int32]
    /// Unit adjacencies (cut edges) and shared length behind each slot.
    var ew: [Int32]
    var el: [Double]
    /// Vertex weights, `v * columns + c`.
    var vw: [Double]
    var part: [Int32]
    /// Vertex of the next coarser level (filled when that level is built).
    var cmap: [Int32]
}

/// V-cycle refinement of an existing plan (Walshaw's iterated multilevel idea):
/// units are matched only inside their grid (heavy edges first), level after
/// level, so the plan is also a plan of every coarse graph; then k-way FM
/// (`levelFM`) runs from the coarsest level down, projecting between levels.
/// Moving a matched group at once crosses hills the unit-level FM cannot.
/// Coarse vertices are capped at a few times the band's half-width so that
/// they still fit into a grid with room. Each coarse vertex is connected in the
/// unit graph and a coarse grid stays connected, so every kept plan is
/// contiguous. The levels are built on the active (contiguity) graph; an active
/// slot weighs 1 cut edge where it is also an adjacency of the unit graph
/// (bridges weigh 0, and adjacencies that are not active — across a barrier,
/// contact only — are not seen). Returns nil when some unit has no grid.
extension GridWorkState {
    func refineVCycle(
        maxLevels: Int, passesPerLevel: Int, maxStall: Int, seed: UInt64,
        deadline: ContinuousClock.Instant
    ) -> FMResult? {
        let n = graph.unitCount
        guard n > 0, !assign.contains(where: { $0 < 0 }) else { return nil }
        let base: CoarseLevel
        if aOff == graph.offsets, aNb == graph.neighbours {
            base = CoarseLevel(
                n: n, off: graph.offsets, nb: graph.neighbours,
                ew: [Int32](repeating: 1, count: graph.neighbours.count),
                el: graph.sharedLength, vw: w, part: assign, cmap: [])
        } else {
            // Edge weight and length of each active slot from the unit graph's row.
            var slotOf = [Int](repeating: -1, count: n)
            var ew = [Int32](repeating: 0, count: aNb.count), el = [Double](repeating: 0, count: aNb.count)
            for u in 0..<n {
                for s in graph.offsets[u]..<graph.offsets[u + 1] { slotOf[Int(graph.neighbours[s])] = s }
                for t in aOff[u]..<aOff[u + 1] {
                    let s = slotOf[Int(aNb[t])]
                    if s >= 0 { ew[t] = 1; el[t] = graph.sharedLength[s] }
                }
                for s in graph.offsets[u]..<graph.offsets[u + 1] { slotOf[Int(graph.neighbours[s])] = -1 }
            }
            base = CoarseLevel(n: n, off: aOff, nb: aNb, ew: ew, el: el, vw: w, part: assign, cmap: [])
        }
        var levels: [CoarseLevel] = [base]
        // Coarse vertex cap per region and column: 3× the band's upper half-width
        // (larger groups rarely find a grid with room; smaller ones stop coarsening early).
        var cap = [Double](repeating: 0, count: regionIdeal.count)
        for i in cap.indices { cap[i] = 3 * max(regionHi[i] - regionIdeal[i], 0) }
        var rng = SplitMix64(seed: seed)
        while levels.count <= maxLevels && ContinuousClock.now < deadline {
            guard let coarse = coarsen(&levels[levels.count - 1], cap: cap, rng: &rng) else { break }
            levels.append(coarse)
        }
        var result = FMResult()
        var li = levels.count - 1
        while li >= 0 {
            if ContinuousClock.now >= deadline { break }
            let r = levelFM(&levels[li], maxPasses: passesPerLevel, maxStall: maxStall, slack: 0, deadline: deadline)
            result.moves += r.moves; result.passes += r.passes; result.edgesRemoved += r.edgesRemoved
            if li > 0 {
                let cm = levels[li - 1].cmap, cp = levels[li].part
                for v in 0..<levels[li - 1].n { levels[li - 1].part[v] = cp[Int(cm[v])] }
            }
            li -= 1
        }
        // Project whatever level was reached down to the units.
        while li > 0 {
            let cm = levels[li - 1].cmap, cp = levels[li].part
            for v in 0..<levels[li - 1].n { levels[li - 1].part[v] = cp[Int(cm[v])] }
            li -= 1
        }
        assign = levels[0].part
        recomputeSums()
        return result
    }

    /// Heavy-edge matching inside grids (visit order seeded), weight-capped; nil when it shrinks the graph by < 10%.
    private func coarsen(_ L: inout CoarseLevel, cap: [Double], rng: inout SplitMix64) -> CoarseLevel? {
        let n = L.n, C = columns
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1)); order.swapAt(i, j)
        }
        var match = [Int32](repeating: -1, count: n)
        var cmap = [Int32](repeating: -1, count: n)
        var cn = 0
        for u in order where match[u] < 0 {
            let p = L.part[u], r = Int(gridRegion[Int(p)])
            var best = -1, bestW: Int32 = 0, bestL = 0.0
            for s in L.off[u]..<L.off[u + 1] {
                let v = Int(L.nb[s])
                if match[v] >= 0 || v == u || L.part[v] != p { continue }
                var fits = true
                for c in 0..<C where L.vw[u * C + c] + L.vw[v * C + c] > cap[r * C + c] { fits = false; break }
                if !fits { continue }
                if L.ew[s] > bestW || (L.ew[s] == bestW && L.el[s] > bestL) { best = v; bestW = L.ew[s]; bestL = L.el[s] }
            }
            if best >= 0 {
                match[u] = Int32(best); match[best] = Int32(u)
                cmap[u] = Int32(cn); cmap[best] = Int32(cn)
            } else {
                match[u] = Int32(u); cmap[u] = Int32(cn)
            }
            cn += 1
        }
        if Double(cn) > 0.9 * Double(n) { return nil }
        // Coarse CSR: merge the two members' rows, summing parallel slots (dense marker per coarse vertex).
        var off = [Int](repeating: 0, count: cn + 1)
        var nb: [Int32] = [], ew: [Int32] = [], el: [Double] = []
        nb.reserveCapacity(L.nb.count); ew.reserveCapacity(L.nb.count); el.reserveCapacity(L.nb.count)
        var vw = [Double](repeating: 0, count: cn * C)
        var part = [Int32](repeating: 0, count: cn)
        var slotOf = [Int](repeating: -1, count: cn)
        var members = [Int](repeating: 0, count: 2 * cn)
        for u in 0..<n {
            let c = Int(cmap[u])
            if match[u] == Int32(u) || u < Int(match[u]) { members[2 * c] = u; members[2 * c + 1] = Int(match[u]) }
        }
        for c in 0..<cn {
            let rowStart = nb.count
            let a = members[2 * c], b = members[2 * c + 1]
            part[c] = L.part[a]
            for k in 0..<C { vw[c * C + k] = L.vw[a * C + k] + (b != a ? L.vw[b * C + k] : 0) }
            for t in 0..<(b != a ? 2 : 1) {
                let u = t == 0 ? a : b
                for s in L.off[u]..<L.off[u + 1] {
                    let d = Int(cmap[Int(L.nb[s])])
                    if d == c { continue }
                    if slotOf[d] >= rowStart {
                        ew[slotOf[d]] += L.ew[s]; el[slotOf[d]] += L.el[s]
                    } else {
                        slotOf[d] = nb.count; nb.append(Int32(d)); ew.append(L.ew[s]); el.append(L.el[s])
                    }
                }
            }
            off[c + 1] = nb.count
        }
        L.cmap = cmap
        return CoarseLevel(n: cn, off: off, nb: nb, ew: ew, el: el, vw: vw, part: part, cmap: [])
    }

    /// k-way FM on one level (as `refineFM`, with edge weights and vertex weights of the level).
    private func levelFM(
        _ L: inout CoarseLevel, maxPasses: Int, maxStall: Int, slack: Double,
        deadline: ContinuousClock.Instant
    ) -> FMResult {
        let n = L.n, C = columns, k = gridCount
        var pw = [Double](repeating: 0, count: k * C)
        var psize = [Int](repeating: 0, count: k)
        for v in 0..<n { psize[Int(L.part[v])] += 1; for c in 0..<C { pw[Int(L.part[v]) * C + c] += L.vw[v * C + c] } }
        func ex(_ g: Int, _ v: Int, _ sign: Double) -> Double {
            let r = Int(gridRegion[g])
            var e = 0.0
            for c in 0..<C {
                let ideal = regionIdeal[r * C + c]
                guard ideal > 0 else { continue }
                let x = pw[g * C + c] + (v >= 0 ? sign * L.vw[v * C + c] : 0)
                let hi = regionHi[r * C + c], lo = regionLo[r * C + c]
                if x > hi { e += (x - hi) / ideal } else if x < lo { e += (lo - x) / ideal }
            }
            return e
        }
        var fm = FMPassQueue(count: n)
        var cands: [Int32] = [], cnt: [Int] = [], shr: [Double] = []
        var logU: [Int32] = [], logFrom: [Int32] = []
        var stamp = [UInt32](repeating: 0, count: n), target = [UInt32](repeating: 0, count: n), mark: UInt32 = 0
        var queue = [Int32](repeating: 0, count: n)
        var totalExcess = (0..<k).reduce(0.0) { $0 + ex($1, -1, 0) }
        var result = FMResult()

        func bestMove(_ u: Int) -> (Int32, Int, Int, Double) {
            let a = L.part[u]
            cands.removeAll(keepingCapacity: true); cnt.removeAll(keepingCapacity: true); shr.removeAll(keepingCapacity: true)
            var na = 0, sa = 0.0
            for s in L.off[u]..<L.off[u + 1] {
                let b = L.part[Int(L.nb[s])]
                if b == a { na += Int(L.ew[s]); sa += L.el[s]; continue }
                if let i = cands.firstIndex(of: b) {
                    cnt[i] += Int(L.ew[s]); shr[i] += L.el[s]
                } else {
                    cands.append(b); cnt.append(Int(L.ew[s])); shr.append(L.el[s])
                }
            }
            if cands.isEmpty || psize[Int(a)] <= 1 { return (-1, 0, 0, 0) }
            let r = gridRegion[Int(a)]
            let exA0 = ex(Int(a), -1, 0), exA1 = ex(Int(a), u, -1)
            var best: Int32 = -1, bU = 0, bE = Int.min, bL = -Double.infinity
            for (i, b) in cands.enumerated() where gridRegion[Int(b)] == r {
                let exB1 = ex(Int(b), u, 1)
                let dex = exA1 + exB1 - exA0 - ex(Int(b), -1, 0)
                if dex > 1e-12 && (exA1 > slack + 1e-12 || exB1 > slack + 1e-12) { continue }
                let urgent = dex < -1e-12 ? 1 : 0
                let e = cnt[i] - na, l = shr[i] - sa
                if urgent > bU || (urgent == bU && (e > bE || (e == bE && l > bL))) {
                    best = b; bU = urgent; bE = e; bL = l
                }
            }
            return (best, bU, bE, bL)
        }
        func push(_ u: Int) { fm.push(u, bestMove) }
        /// Part of u stays connected without u (BFS from one in-part neighbour to the others).
        func canRemove(_ u: Int) -> Bool {
            let a = L.part[u]
            var first = -1, need = 0
            if mark == UInt32.max { for i in 0..<n { stamp[i] = 0; target[i] = 0 }; mark = 0 }
            mark += 1
            for s in L.off[u]..<L.off[u + 1] where L.part[Int(L.nb[s])] == a {
                let v = Int(L.nb[s])
                if target[v] != mark { target[v] = mark; need += 1; if first < 0 { first = v } }
            }
            if need <= 1 { return need == 1 }
            stamp[u] = mark; stamp[first] = mark
            var remaining = need - 1, head = 0, tail = 0
            queue[tail] = Int32(first); tail += 1
            while head < tail {
                let v = Int(queue[head]); head += 1
                for s in L.off[v]..<L.off[v + 1] {
                    let x = Int(L.nb[s])
                    if L.part[x] != a || stamp[x] == mark { continue }
                    stamp[x] = mark
                    if target[x] == mark { remaining -= 1; if remaining == 0 { return true } }
                    queue[tail] = Int32(x); tail += 1
                }
            }
            return remaining == 0
        }
        func doMove(_ u: Int, _ b: Int32) {
            let a = Int(L.part[u])
            let before = ex(a, -1, 0) + ex(Int(b), -1, 0)
            for c in 0..<C { pw[a * C + c] -= L.vw[u * C + c]; pw[Int(b) * C + c] += L.vw[u * C + c] }
            psize[a] -= 1; psize[Int(b)] += 1
            L.part[u] = b
            totalExcess += ex(a, -1, 0) + ex(Int(b), -1, 0) - before
        }

        while result.passes < maxPasses && ContinuousClock.now < deadline {
            result.passes += 1
            fm.beginPass()
            logU.removeAll(keepingCapacity: true); logFrom.removeAll(keepingCapacity: true)
            for u in 0..<n {
                let a = L.part[u]
                for s in L.off[u]..<L.off[u + 1] where L.part[Int(L.nb[s])] != a { push(u); break }
            }
            var pass = FMPassBest(startExcess: totalExcess)
            while let (u, b, e, l) = fm.nextMove(bestMove, canRemove: canRemove) {
                let a = L.part[u]
                let wasOutA = ex(Int(a), -1, 0) > 1e-12, wasOutB = ex(Int(b), -1, 0) > 1e-12
                doMove(u, b)
                logU.append(Int32(u)); logFrom.append(a)
                guard pass.record(edges: e, length: l, totalExcess: totalExcess, maxStall: maxStall) else { break }
                if pass.steps & 255 == 0 && ContinuousClock.now >= deadline { break }
                for s in L.off[u]..<L.off[u + 1] { push(Int(L.nb[s])) }
                // Crossing the band edge changes urgency for the grid's boundary: re-key its neighbours' side.
                if (ex(Int(a), -1, 0) > 1e-12) != wasOutA || (ex(Int(b), -1, 0) > 1e-12) != wasOutB {
                    for v in 0..<n where !fm.locked[v] && (L.part[v] == a || L.part[v] == b) { push(v) }
                }
            }
            var i = logU.count
            while i > pass.bestAt { i -= 1; doMove(Int(logU[i]), logFrom[i]) }
            result.moves += pass.bestAt
            result.edgesRemoved += pass.bestE
            if pass.isFinal { break }
        }
        return result
    }
}

/// `refineVCycle` as a pipeline step (nothing done when some unit has no grid).
struct VCycleRefinement: PlanRefiner {
    var maxLevels: Int
    var passesPerLevel: Int
    var maxStall: Int
    var seed: UInt64

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        guard
            let r = state.refineVCycle(
                maxLevels: maxLevels, passesPerLevel: passesPerLevel, maxStall: maxStall,
                seed: seed, deadline: context.deadline)
        else { return RefineStats() }
        return RefineStats(passes: r.passes, moves: r.moves, hitLimit: ContinuousClock.now >= context.deadline)
    }
}
