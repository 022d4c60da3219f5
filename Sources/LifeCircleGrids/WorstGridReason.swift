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
    /// The reason in English, and in Chinese for `language: zh` studies and reports.
    public var reason: String
    public var reasonZh: String

    enum CodingKeys: String, CodingKey {
        case gridCode = "grid_code"
        case deviation, cause, reason
        case reasonZh = "reason_zh"
    }

    /// The reason in the study's language (`zh` or else English).
    public func reason(language: String) -> String { language == "zh" ? reasonZh : reason }

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
                    "unit \(g.unitName(heaviest)) alone weighs \(fmt(wmax)) \(name) (\(pct(wmax / ideal)) of the ideal \(fmt(ideal))): moving it in or out overshoots the band, so the grid stays \(pct(dev)) off",
                reasonZh:
                    "单元\(g.unitName(heaviest))单独即有\(fmt(wmax)) \(name)（为理想值\(fmt(ideal))的\(pct(wmax / ideal))）：移入或移出都会超出容差带，因此该网格偏差保持在\(pct(dev))"
            )
        }
        if outside > 0 && 2 * barrier >= outside {
            return WorstGrid(
                gridCode: worst.code, deviation: dev, cause: "barrier",
                reason:
                    "\(barrier) of its \(outside) outside adjacencies cross barrier lines, so few units can move in or out; it stays \(pct(dev)) off",
                reasonZh: "其\(outside)条对外邻接中有\(barrier)条跨越障碍线，能移入或移出的单元很少；偏差保持在\(pct(dev))")
        }
        if outside > 0 && 2 * otherCommunity >= outside {
            return WorstGrid(
                gridCode: worst.code, deviation: dev, cause: "community_border",
                reason:
                    "\(otherCommunity) of its \(outside) outside adjacencies lead into another community, which grids never cross; it stays \(pct(dev)) off",
                reasonZh: "其\(outside)条对外邻接中有\(otherCommunity)条通向其他社区，而网格不跨社区；偏差保持在\(pct(dev))"
            )
        }
        let edge = boundaryMin.isFinite ? fmt(boundaryMin) : "0"
        let edgeShare = ideal.map { pct(boundaryMin.isFinite ? boundaryMin / $0 : 0) }
        return WorstGrid(
            gridCode: worst.code, deviation: dev, cause: "unit_sizes",
            reason: (within ? "inside the band; " : "")
                + "its lightest unit at the edge weighs \(edge) \(name)\(edgeShare.map { " (\($0) of the ideal)" } ?? ""): a single move changes the deviation by about that much, so \(pct(dev)) is as close as unit moves that keep both grids whole get",
            reasonZh: (within ? "已在容差带内；" : "")
                + "其边缘最轻的单元为\(edge) \(name)\(edgeShare.map { "（为理想值的\($0)）" } ?? "")：每次移动约使偏差变化这么多，因此在保持两侧网格完整的单元移动下，\(pct(dev))已是最接近的结果"
        )
    }
}
