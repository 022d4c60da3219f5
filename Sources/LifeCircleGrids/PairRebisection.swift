import Foundation

/// Merge–split of adjacent grids by exact-ish bisection: the union of two
/// neighbouring grids is cut again by METIS's recursive bisection (half the
/// cost of its k-way call, and as good on these pairs; connectivity of both
/// halves is checked here, as that call has no contiguity option), and
/// the new split is kept when it has fewer cut edges between the halves (the
/// union's outer boundary, hence every other cut edge, is unchanged) and both
/// halves are inside the band and connected. Unlike unit moves, this can turn
/// the boundary between two grids around, which no sequence of small gains
/// reaches. Pairs are tried longest shared cut (for their size) first; later
/// sweeps retry only pairs touching a changed grid. Bounded by sweeps, METIS
/// calls and the deadline.
extension GridWorkState {
    struct PairRebisectionResult {
        var tried = 0
        var accepted = 0
        var edgesRemoved = 0
    }

    /// - Parameters:
    ///   - maxCalls: bound on METIS calls (the cost of the pass).
    ///   - minRatio: only pairs whose shared cut is at least this × √(units in the pair) are tried:
    ///     a short boundary for the pair's size is rarely improved, a long one often is.
    func rebisectPairs(
        maxSweeps: Int, maxCalls: Int, minRatio: Double, seed: Int32,
        deadline: ContinuousClock.Instant
    ) -> PairRebisectionResult {
        var result = PairRebisectionResult()
        let n = graph.unitCount, C = columns
        let off = graph.offsets, nb = graph.neighbours, len = graph.sharedLength
        var lists = memberLists()
        let metisWeights: [[Double]] = (0..<C).map { c in (0..<n).map { w[$0 * C + c] } }
        var union: [Int32] = []
        var half = [Int32](repeating: -1, count: n)
        // Grids changed in the last sweep: later sweeps only retry pairs touching one.
        var dirty = [Bool](repeating: true, count: gridCount)
        var pairCut: [Int64: Int] = [:]
        for _ in 0..<maxSweeps {
            var acceptedThisSweep = 0
            var changed = [Bool](repeating: false, count: gridCount)
            // Adjacent pairs (a < b) of one region with their shared cut, best ratio first.
            pairCut.removeAll(keepingCapacity: true)
            for u in 0..<n where assign[u] >= 0 {
                let a = assign[u]
                for s in off[u]..<off[u + 1] {
                    let b = assign[Int(nb[s])]
                    if b > a && gridRegion[Int(b)] == gridRegion[Int(a)] && (dirty[Int(a)] || dirty[Int(b)]) {
                        pairCut[Int64(a) << 32 | Int64(b), default: 0] += 1
                    }
                }
            }
            var order: [(ratio: Double, key: Int64)] = []
            for (key, cut) in pairCut {
                let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
                let ratio = Double(cut) / Double(lists[a].count + lists[b].count).squareRoot()
                if ratio >= minRatio { order.append((ratio, key)) }
            }
            order.sort { $0.ratio > $1.ratio || ($0.ratio == $1.ratio && $0.key < $1.key) }
            for (_, key) in order {
                if result.tried >= maxCalls { return result }
                if ContinuousClock.now >= deadline { return result }
                let a = Int32(key >> 32), b = Int32(key & 0xFFFF_FFFF)
                let r = Int(gridRegion[Int(a)])
                union.removeAll(keepingCapacity: true)
                union.append(contentsOf: lists[Int(a)]); union.append(contentsOf: lists[Int(b)])
                // Current cut between a and b.
                var cutNow = 0, lenNow = 0.0
                for u in lists[Int(a)] {
                    for s in off[Int(u)]..<off[Int(u) + 1] where assign[Int(nb[s])] == b { cutNow += 1; lenNow += len[s] }
                }
                // Imbalance METIS may use so that both halves stay in the band.
                var allow = Double.infinity
                for c in 0..<C where regionIdeal[r * C + c] > 0 {
                    let half = (gridW[Int(a) * C + c] + gridW[Int(b) * C + c]) / 2
                    allow = min(allow, min(regionHi[r * C + c] - half, half - regionLo[r * C + c]) / max(half, 1e-300))
                }
                guard allow > 1e-4, cutNow > 0, Double(cutNow) >= minRatio * Double(union.count).squareRoot() else { continue }
                result.tried += 1
                guard
                    let parts = try? MetisPartitioner.run(
                        members: union, offsets: off, neighbours: nb, lengths: nil,
                        weights: metisWeights, parts: 2, imbalance: min(allow, 0.5),
                        contiguous: false, seed: seed, recursive: true)
                else { continue }
                // New cut and the halves' weights.
                for (i, u) in union.enumerated() { half[Int(u)] = parts[i] }
                var cutNew = 0, lenNew = 0.0
                var w0 = [Double](repeating: 0, count: C)
                var same = 0
                for (i, u) in union.enumerated() {
                    if (parts[i] == 0) == (assign[Int(u)] == a) { same += 1 }
                    guard parts[i] == 0 else { continue }
                    for c in 0..<C { w0[c] += w[Int(u) * C + c] }
                    for s in off[Int(u)]..<off[Int(u) + 1] where half[Int(nb[s])] == 1 { cutNew += 1; lenNew += len[s] }
                }
                for u in union { half[Int(u)] = -1 }
                guard cutNew < cutNow || (cutNew == cutNow && lenNew < lenNow - 1e-9 * max(lenNow, 1)) else { continue }
                var fits = true
                for c in 0..<C where regionIdeal[r * C + c] > 0 {
                    let w1 = gridW[Int(a) * C + c] + gridW[Int(b) * C + c] - w0[c]
                    if w0[c] < regionLo[r * C + c] || w0[c] > regionHi[r * C + c] || w1 < regionLo[r * C + c] || w1 > regionHi[r * C + c] {
                        fits = false; break
                    }
                }
                guard fits else { continue }
                // Half 0 becomes the grid it overlaps more (fewer units move).
                let zeroIsA = same * 2 >= union.count
                let target0 = zeroIsA ? a : b, target1 = zeroIsA ? b : a
                let old = union.map { assign[Int($0)] }
                for (i, u) in union.enumerated() { assign[Int(u)] = parts[i] == 0 ? target0 : target1 }
                let la = union.filter { assign[Int($0)] == a }, lb = union.filter { assign[Int($0)] == b }
                if la.isEmpty || lb.isEmpty || pieces(of: la, grid: a) != 1 || pieces(of: lb, grid: b) != 1 {
                    for (i, u) in union.enumerated() { assign[Int(u)] = old[i] }
                    continue
                }
                // Commit through move() so the running sums stay right.
                for (i, u) in union.enumerated() { assign[Int(u)] = old[i] }
                for (i, u) in union.enumerated() {
                    let t = parts[i] == 0 ? target0 : target1
                    if assign[Int(u)] != t { move(Int(u), to: t) }
                }
                lists[Int(a)] = la; lists[Int(b)] = lb
                result.accepted += 1; acceptedThisSweep += 1
                changed[Int(a)] = true; changed[Int(b)] = true
                result.edgesRemoved += cutNow - cutNew
            }
            if acceptedThisSweep == 0 { break }
            dirty = changed
        }
        return result
    }
}

/// `rebisectPairs` as a pipeline step; accepted re-splits count as moves.
struct PairRebisection: PlanRefiner {
    var maxSweeps: Int
    var maxCalls: Int
    var minRatio: Double
    var seed: Int32

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        let r = state.rebisectPairs(
            maxSweeps: maxSweeps, maxCalls: maxCalls, minRatio: minRatio, seed: seed,
            deadline: context.deadline)
        return RefineStats(passes: 0, moves: r.accepted, hitLimit: r.tried >= maxCalls)
    }
}
