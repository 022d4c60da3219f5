/// One start's plan with its total balance excess (sum over grids of the
/// relative distance outside the band; 0 when every grid is in band).
struct PlanAttempt {
    var plan: GridPlan
    var excess: Double
    /// Region of each grid, so a later search can resume from this plan.
    var gridRegion: [Int32] = []

    /// The cut a pipeline minimises, and so ranks its starts by.
    enum Cut {
        /// Cut adjacencies, what METIS counts (multilevel pipeline).
        case edges
        /// Shared boundary length of the cut (classic pipeline).
        case length
    }

    /// The one ordering of plans: least balance excess, then the shorter cut
    /// (as `cut` measures it), then the higher mean Polsby–Popper; values within
    /// 1e-9 count as equal (exact for cut-edge counts).
    func isBetter(than other: PlanAttempt, by cut: Cut) -> Bool {
        if excess < other.excess - 1e-9 { return true }
        guard abs(excess - other.excess) <= 1e-9 else { return false }
        let (m, om) = (plan.metrics, other.plan.metrics)
        let (c, oc) = cut == .edges ? (Double(m.cutEdges), Double(om.cutEdges)) : (m.cutLength, om.cutLength)
        if c < oc - 1e-9 { return true }
        return abs(c - oc) <= 1e-9 && (m.meanPolsbyPopper ?? 0) > (om.meanPolsbyPopper ?? 0)
    }

    /// Keeps the better of `best` and `candidate` in `best` (the first one if none yet).
    static func keepBetter(_ best: inout PlanAttempt?, _ candidate: PlanAttempt, by cut: Cut) {
        if let b = best, !candidate.isBetter(than: b, by: cut) { return }
        best = candidate
    }
}
