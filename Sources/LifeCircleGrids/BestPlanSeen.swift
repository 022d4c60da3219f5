import Foundation

/// The best plan a pipeline run has passed through, judged on the asked band
/// (not the inner band a phase may aim for): least balance excess, then the
/// shorter cut. Phases never raise their own excess, but an inner band, a
/// repair along paths or a re-split can leave the final plan further out of
/// the asked band than an earlier one; restoring the best seen guarantees a run
/// never ends out of band after it has seen a plan inside it.
struct BestPlanSeen {
    private(set) var assign: [Int32] = []
    private(set) var excess = Double.infinity
    private(set) var cut = Double.infinity
    /// Mean Polsby–Popper of the kept plan: ties in cut edges (integers, so common)
    /// keep the more compact plan; a cut length rarely ties, so only `.edges` uses it.
    private(set) var compactness = -Double.infinity
    /// The asked band per region and column.
    let lo: [Double], hi: [Double]
    /// The cut the pipeline ranks by.
    let ranking: PlanAttempt.Cut

    init(lo: [Double], hi: [Double], ranking: PlanAttempt.Cut) { self.lo = lo; self.hi = hi; self.ranking = ranking }

    func cut(of state: GridWorkState) -> Double { ranking == .edges ? Double(state.cutEdgeCount()) : state.cutCostTotal() }

    /// Total excess of `state` over the asked band.
    func excess(of state: GridWorkState) -> Double {
        let C = state.columns
        var e = 0.0
        for g in 0..<state.gridCount {
            let r = Int(state.gridRegion[g])
            for c in 0..<C {
                let ideal = state.regionIdeal[r * C + c]
                guard ideal > 0 else { continue }
                let v = state.gridW[g * C + c]
                if v > hi[r * C + c] { e += (v - hi[r * C + c]) / ideal } else if v < lo[r * C + c] { e += (lo[r * C + c] - v) / ideal }
            }
        }
        return e
    }

    /// Keeps `state` when it beats the best seen.
    mutating func observe(_ state: GridWorkState) {
        let e = excess(of: state)
        guard e <= excess + 1e-12 else { return }
        let c = cut(of: state)
        if e < excess - 1e-12 || c < cut - 1e-9 * max(1, abs(cut)) {
            assign = state.assign; excess = e; cut = c
            compactness = ranking == .edges ? state.meanPolsbyPopper() : -Double.infinity
        } else if ranking == .edges, e <= excess + 1e-12, c <= cut + 1e-9 * max(1, abs(cut)) {
            let pp = state.meanPolsbyPopper()
            if pp > compactness + 1e-12 { assign = state.assign; compactness = pp }
        }
    }

    /// Puts the best seen back into `state` unless `state` is at least as good,
    /// counting the compactness tie-break (the end of a search, where a plateau
    /// walk may have left a less compact plan of the same cut).
    func restoreAtEnd(_ state: GridWorkState) {
        guard !assign.isEmpty, state.assign != assign else { return }
        let e = excess(of: state), c = cut(of: state)
        let better = e < excess - 1e-12 || (e <= excess + 1e-12 && c < cut - 1e-9 * max(1, abs(cut)))
        let tie = e <= excess + 1e-12 && c <= cut + 1e-9 * max(1, abs(cut))
        if better || (tie && ranking == .edges && state.meanPolsbyPopper() > compactness + 1e-12) { return }
        state.assign = assign
        state.recomputeSums()
    }

    /// Puts the best seen back into `state` when `state` is worse; true if it did.
    @discardableResult
    func restoreIfBetter(_ state: GridWorkState) -> Bool {
        guard !assign.isEmpty else { return false }
        let e = excess(of: state)
        let worse = e > excess + 1e-12 || (e >= excess - 1e-12 && cut(of: state) > cut + 1e-9 * max(1, abs(cut)))
        guard worse else { return false }
        state.assign = assign
        state.recomputeSums()
        return true
    }
}

extension GridWorkState {
    /// Σ cut cost over adjacencies joining different grids (each counted once).
    func cutCostTotal() -> Double {
        var cut = 0.0
        for u in 0..<graph.unitCount where assign[u] >= 0 {
            for s in graph.neighbourRange(of: u) where Int(graph.neighbours[s]) > u && assign[Int(graph.neighbours[s])] != assign[u] {
                cut += cutCost[s]
            }
        }
        return cut
    }

    /// Mean Polsby–Popper (4πA/P²) over the grids with an area and a perimeter, from
    /// the running sums (0 when no grid has both, as for graphs without geometry).
    func meanPolsbyPopper() -> Double {
        var sum = 0.0, n = 0
        for g in 0..<gridCount where gridArea[g] > 0 && gridPerim[g] > 1e-12 {
            sum += 4 * Double.pi * gridArea[g] / (gridPerim[g] * gridPerim[g]); n += 1
        }
        return n > 0 ? sum / Double(n) : 0
    }

    /// Adjacencies joining different grids (each counted once), what METIS counts.
    func cutEdgeCount() -> Int {
        var cut = 0
        for u in 0..<graph.unitCount where assign[u] >= 0 {
            for s in graph.neighbourRange(of: u) where Int(graph.neighbours[s]) > u && assign[Int(graph.neighbours[s])] != assign[u] {
                cut += 1
            }
        }
        return cut
    }
}
