import Foundation

/// Balance repair for a grid trapped in a pocket of the graph (a cul-de-sac
/// reached through a narrow neck, common among street blocks): every unit of
/// its neighbour next to the neck is an articulation point of that neighbour,
/// so no single unit can move and the path repair stalls. Here the union of the
/// trapped grid A and one neighbour B is bisected again by METIS with unequal
/// targets — A's half at the ideal weight, B's half the rest — so the neck
/// changes hands as a whole. B may leave the band; it has other neighbours, and
/// the caller's repair (path moves, V-cycle) brings it back. Both halves must be
/// connected in the contiguity graph (METIS sees the unit graph). Returns the grids re-split; the caller keeps the result only when
/// the plan's total excess went down.
extension GridWorkState {
    func rebisectPockets(seed: Int32, deadline: ContinuousClock.Instant) -> Int {
        let n = graph.unitCount, C = columns
        let off = graph.offsets, nb = graph.neighbours
        let metisWeights: [[Double]] = (0..<C).map { c in (0..<n).map { w[$0 * C + c] } }
        var lists = memberLists()
        var resplit = 0
        // Out-of-band grids, worst first.
        let out = (0..<gridCount).filter { excess(grid: $0) > 1e-12 }.sorted {
            excess(grid: $0) > excess(grid: $1) || (excess(grid: $0) == excess(grid: $1) && $0 < $1)
        }
        for a in out where excess(grid: a) > 1e-12 {
            if ContinuousClock.now >= deadline { break }
            let r = Int(gridRegion[a])
            // Neighbouring grids by shared cut, most first.
            var shared: [Int32: Int] = [:]
            for u in lists[a] {
                for s in off[Int(u)]..<off[Int(u) + 1] {
                    let b = assign[Int(nb[s])]
                    if b != Int32(a) && b >= 0 && Int(gridRegion[Int(b)]) == r { shared[b, default: 0] += 1 }
                }
            }
            let order = shared.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map(\.key)
            for b in order {
                let union = lists[a] + lists[Int(b)]
                // A's share: the ideal, on the first column with an ideal (the band is per column).
                var fa = 0.5
                for c in 0..<C where regionIdeal[r * C + c] > 0 {
                    let total = gridW[a * C + c] + gridW[Int(b) * C + c]
                    fa = min(max(regionIdeal[r * C + c] / max(total, 1e-300), 0.05), 0.95)
                    break
                }
                guard
                    let parts = try? MetisPartitioner.run(
                        members: union, offsets: off, neighbours: nb, lengths: nil,
                        weights: metisWeights, parts: 2, imbalance: 0.01,
                        contiguous: false, seed: seed, recursive: true,
                        targetFractions: [fa, 1 - fa])
                else { continue }
                let la = zip(union, parts).filter { $0.1 == 0 }.map(\.0), lb = zip(union, parts).filter { $0.1 != 0 }.map(\.0)
                if la.isEmpty || lb.isEmpty { continue }
                let old = union.map { assign[Int($0)] }
                for u in la { assign[Int(u)] = Int32(a) }
                for u in lb { assign[Int(u)] = b }
                let ok = pieces(of: la, grid: Int32(a)) == 1 && pieces(of: lb, grid: b) == 1
                for (i, u) in union.enumerated() { assign[Int(u)] = old[i] }
                guard ok else { continue }
                let exBefore = excess(grid: a)
                for u in la where assign[Int(u)] != Int32(a) { move(Int(u), to: Int32(a)) }
                for u in lb where assign[Int(u)] != b { move(Int(u), to: b) }
                // A must now be better off; otherwise undo and try the next neighbour.
                if excess(grid: a) >= exBefore - 1e-12 {
                    for (i, u) in union.enumerated() where assign[Int(u)] != old[i] { move(Int(u), to: old[i]) }
                    continue
                }
                lists[a] = la; lists[Int(b)] = lb
                resplit += 1
                break
            }
        }
        return resplit
    }
}

/// `rebisectPockets` as a pipeline step; `moves` is the number of grids re-split
/// (the caller keeps the result only when the plan's excess went down).
struct PocketRebalance: PlanRefiner {
    var seed: Int32

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        RefineStats(passes: 0, moves: state.rebisectPockets(seed: seed, deadline: context.deadline), hitLimit: false)
    }
}
