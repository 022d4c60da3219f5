import Foundation

/// Why the plan's worst grid (largest |d|) is as it is, in one sentence a
/// planner can check on the map: a unit too heavy to move, barrier lines or the
/// community border closing it in, or the sizes of the units at its edge.
public struct WorstGrid: Sendable, Codable, Equatable {
    public var gridCode: String
    /// Its largest deviation from the ideal over the weights (signed).
    public var deviation: Double
    /// `heavy_unit`, `barrier`, `community_border` or `unit_sizes`.
    public var cause: String
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case gridCode = "grid_code"
        case deviation, cause, reason
    }

    /// The worst grid of `plan` on `g` and its cause, checked in that order:
    /// a member unit heavier than the band is wide (moving it takes one grid or
    /// the other out of band) or above the band alone, the grid's outside adjacencies mostly barrier crossings or into
    /// another community, else the boundary units' weights.
    public static func explain(plan: GridPlan, graph g: UnitGraph, tolerance: Double) -> WorstGrid? {
        let C = g.weightColumnCount
        guard C > 0,
            let worst = plan.metrics.grids.filter({ $0.units > 0 }).max(by: { $0.maxAbsDeviation < $1.maxAbsDeviation }),
            let gi = plan.gridCodes.firstIndex(of: worst.code), gi < plan.gridCommunity.count
        else { return nil }
        let col = worst.deviation.indices.max { abs(worst.deviation[$0]) < abs(worst.deviation[$1]) } ?? 0
        let dev = worst.deviation.isEmpty ? 0 : worst.deviation[col]
        let k = Int(plan.gridCommunity[gi])
        let name = g.weightNames[col]
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        var heaviest = -1, wmax = 0.0
        var outside = 0, barrier = 0, otherCommunity = 0
        var boundaryMin = Double.infinity
        for u in 0..<g.unitCount where plan.assignment[u] == Int32(gi) {
            let x = g.weights[col][u]
            if x.isFinite && x > wmax { wmax = x; heaviest = u }
            var onEdge = false
            for s in g.neighbourRange(of: u) where plan.assignment[Int(g.neighbours[s])] != Int32(gi) {
                outside += 1; onEdge = true
                if g.crossesBarrier[s] != 0 { barrier += 1 }
                if g.nest[Int(g.neighbours[s])] != g.nest[u] { otherCommunity += 1 }
            }
            if onEdge && x.isFinite && x > 0 { boundaryMin = min(boundaryMin, x) }
        }
        let ideal: Double? =
            k < plan.communities.count && plan.communities[k].idealWeight.indices.contains(col) ? plan.communities[k].idealWeight[col] : nil
        let within = abs(dev) <= tolerance + 1e-12
        if let ideal, ideal > 0, heaviest >= 0, wmax / ideal > 2 * tolerance || (!within && plan.communities[k].deviationLowerBound > 0) {
            return WorstGrid(
                gridCode: worst.code, deviation: dev, cause: "heavy_unit",
                reason:
                    "unit \(g.unitName(heaviest)) alone weighs \(fmt(wmax)) \(name) (\(pct(wmax / ideal)) of the ideal \(fmt(ideal))): moving it in or out overshoots the band, so the grid stays \(pct(dev)) off"
            )
        }
        if outside > 0 && 2 * barrier >= outside {
            return WorstGrid(
                gridCode: worst.code, deviation: dev, cause: "barrier",
                reason:
                    "\(barrier) of its \(outside) outside adjacencies cross barrier lines, so few units can move in or out; it stays \(pct(dev)) off")
        }
        if outside > 0 && 2 * otherCommunity >= outside {
            return WorstGrid(
                gridCode: worst.code, deviation: dev, cause: "community_border",
                reason:
                    "\(otherCommunity) of its \(outside) outside adjacencies lead into another community, which grids never cross; it stays \(pct(dev)) off"
            )
        }
        let edge = boundaryMin.isFinite ? fmt(boundaryMin) : "0"
        return WorstGrid(
            gridCode: worst.code, deviation: dev, cause: "unit_sizes",
            reason: (within ? "inside the band; " : "")
                + "its lightest unit at the edge weighs \(edge) \(name)\(ideal.map { " (\(pct(boundaryMin.isFinite ? boundaryMin / $0 : 0)) of the ideal)" } ?? ""): a single move changes the deviation by about that much, so \(pct(dev)) is as close as unit moves that keep both grids whole get"
        )
    }
}
