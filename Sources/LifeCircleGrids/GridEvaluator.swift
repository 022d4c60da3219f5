import Foundation
import LifeCircleGeometry

/// Metrics of one grid.
public struct GridMetrics: Sendable, Codable, Hashable {
    public var code: String
    public var community: String
    public var units: Int
    /// Weight per column.
    public var weight: [Double]
    /// d = (P − P̄) / P̄ per column, P̄ the community's ideal.
    public var deviation: [Double]
    /// Connected pieces in the adjacency graph (1 = contiguous).
    public var pieces: Int
    public var area: Double
    /// Σ unit perimeters − 2 × Σ internal shared lengths.
    public var perimeter: Double
    /// 4πA/P² (nil without perimeters).
    public var polsbyPopper: Double?
    /// A / area of the minimum enclosing circle of the dissolved grid (geometry only).
    public var reock: Double?
    /// A / area of the convex hull of the dissolved grid (geometry only).
    public var convexHullRatio: Double?
    /// Pieces of the dissolved polygon (geometry only).
    public var dissolvedPieces: Int?
    /// Adjacencies to units of other grids, and their shared length.
    public var cutEdges: Int
    public var cutLength: Double
    /// Adjacencies inside the grid that cross a barrier line.
    public var barrierCrossings: Int
    /// Units whose community differs from the grid's.
    public var nestingViolations: Int
    /// Codes of the grids it shares an adjacency with, sorted.
    public var neighbours: [String] = []

    public var maxAbsDeviation: Double { deviation.map(abs).max() ?? 0 }
}

/// Plan-level metrics.
public struct PlanMetrics: Sendable, Codable, Hashable {
    public var weightNames: [String]
    public var grids: [GridMetrics]
    /// max over grids and columns of |d|.
    public var maxAbsDeviation: Double
    /// max over communities and columns of (P_max − P_min) / P̄.
    public var range: Double
    /// Adjacencies joining different grids (each counted once) and their shared length.
    public var cutEdges: Int
    public var cutLength: Double
    public var meanPolsbyPopper: Double?
    public var meanReock: Double?
    public var meanConvexHullRatio: Double?
    public var noncontiguousGrids: Int
    public var barrierCrossings: Int
    public var nestingViolations: Int
    public var unassignedUnits: Int
    public var totalWeight: [Double]
}

/// Graph-side evaluation of any assignment (no dissolving needed); Reock and
/// the hull ratio are added from dissolved polygons by `GridGeometryMetrics`.
public enum GridEvaluator {
    /// - Parameters:
    ///   - assignment: grid index per unit, −1 for none.
    ///   - gridCommunity: nest index per grid; by default the grid's most common community.
    public static func evaluate(
        graph g: UnitGraph, assignment: [Int32], gridCodes: [String],
        gridCommunity: [Int32]? = nil
    ) -> PlanMetrics {
        let n = g.unitCount, G = gridCodes.count, C = g.weightColumnCount
        var weight = [Double](repeating: 0, count: G * C)
        var count = [Int](repeating: 0, count: G)
        var area = [Double](repeating: 0, count: G)
        var perim = [Double](repeating: 0, count: G)
        var cutE = [Int](repeating: 0, count: G)
        var cutL = [Double](repeating: 0, count: G)
        var barrier = [Int](repeating: 0, count: G)
        var totalCut = 0, totalCutLen = 0.0, unassigned = 0
        var commCount = [[Int32: Int]](repeating: [:], count: G)
        var touching = [Set<Int32>](repeating: [], count: G)
        for u in 0..<n {
            let a = Int(assignment[u])
            guard a >= 0 && a < G else { unassigned += 1; continue }
            count[a] += 1
            area[a] += g.area[u]
            var p = g.perimeter[u]
            for c in 0..<C { let x = g.weights[c][u]; if x.isFinite && x > 0 { weight[a * C + c] += x } }
            commCount[a][g.nest[u], default: 0] += 1
            for s in g.neighbourRange(of: u) {
                let v = Int(g.neighbours[s])
                if Int(assignment[v]) == a {
                    p -= g.sharedLength[s]
                    if g.crossesBarrier[s] != 0 && v > u { barrier[a] += 1 }
                } else {
                    if assignment[v] >= 0 && Int(assignment[v]) < G { touching[a].insert(assignment[v]) }
                    cutE[a] += 1; cutL[a] += g.sharedLength[s]
                    if v > u { totalCut += 1; totalCutLen += g.sharedLength[s] }
                }
            }
            perim[a] += p
        }
        let comm: [Int32] =
            gridCommunity
            ?? (0..<G).map { a in
                commCount[a].max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? 0
            }
        // Ideal per community: its total weight over its number of grids.
        let K = g.nestKeys.count
        var commTotal = [Double](repeating: 0, count: K * C)
        for u in 0..<n { for c in 0..<C { let x = g.weights[c][u]; if x.isFinite && x > 0 { commTotal[Int(g.nest[u]) * C + c] += x } } }
        var commGrids = [Int](repeating: 0, count: K)
        for a in 0..<G where count[a] > 0 { commGrids[Int(comm[a])] += 1 }

        // Pieces by BFS over all real adjacencies inside the grid.
        var seen = [Bool](repeating: false, count: n)
        var pieces = [Int](repeating: 0, count: G)
        var queue: [Int] = []
        for u in 0..<n where !seen[u] {
            let a = assignment[u]
            guard a >= 0 && Int(a) < G else { continue }
            pieces[Int(a)] += 1
            seen[u] = true; queue.removeAll(keepingCapacity: true); queue.append(u)
            var h = 0
            while h < queue.count {
                let v = queue[h]; h += 1
                for s in g.neighbourRange(of: v) where g.contactOnly[s] == 0 {
                    let x = Int(g.neighbours[s])
                    if !seen[x] && assignment[x] == a { seen[x] = true; queue.append(x) }
                }
            }
        }
        var nestViol = [Int](repeating: 0, count: G)
        for a in 0..<G { nestViol[a] = count[a] - (commCount[a][comm[a]] ?? 0) }

        let hasPerimeter = g.perimeter.contains { $0 > 0 }
        var grids: [GridMetrics] = []
        var maxDev = 0.0
        var ppSum = 0.0, ppN = 0
        for a in 0..<G {
            let k = Int(comm[a])
            let dev = (0..<C).map { c -> Double in
                let ideal = commGrids[k] > 0 ? commTotal[k * C + c] / Double(commGrids[k]) : 0
                return ideal > 0 ? (weight[a * C + c] - ideal) / ideal : 0
            }
            if count[a] > 0 { maxDev = max(maxDev, dev.map(abs).max() ?? 0) }
            var pp: Double? = nil
            if hasPerimeter && perim[a] > 0 && count[a] > 0 {
                pp = 4 * Double.pi * area[a] / (perim[a] * perim[a]); ppSum += pp!; ppN += 1
            }
            grids.append(
                GridMetrics(
                    code: gridCodes[a], community: g.nestKeys[k], units: count[a],
                    weight: (0..<C).map { weight[a * C + $0] }, deviation: dev, pieces: pieces[a],
                    area: area[a], perimeter: perim[a], polsbyPopper: pp, reock: nil,
                    convexHullRatio: nil, dissolvedPieces: nil, cutEdges: cutE[a], cutLength: cutL[a],
                    barrierCrossings: barrier[a], nestingViolations: nestViol[a],
                    neighbours: touching[a].map { gridCodes[Int($0)] }.sorted()))
        }
        var range = 0.0
        for k in 0..<K where commGrids[k] > 0 {
            for c in 0..<C {
                let ideal = commTotal[k * C + c] / Double(commGrids[k])
                guard ideal > 0 else { continue }
                let ws = (0..<G).filter { Int(comm[$0]) == k && count[$0] > 0 }.map { weight[$0 * C + c] }
                if let mx = ws.max(), let mn = ws.min() { range = max(range, (mx - mn) / ideal) }
            }
        }
        return PlanMetrics(
            weightNames: g.weightNames, grids: grids, maxAbsDeviation: maxDev, range: range,
            cutEdges: totalCut, cutLength: totalCutLen,
            meanPolsbyPopper: ppN > 0 ? ppSum / Double(ppN) : nil, meanReock: nil, meanConvexHullRatio: nil,
            noncontiguousGrids: grids.filter { $0.units > 0 && $0.pieces > 1 }.count,
            barrierCrossings: barrier.reduce(0, +), nestingViolations: nestViol.reduce(0, +),
            unassignedUnits: unassigned,
            totalWeight: (0..<C).map { c in (0..<K).reduce(0.0) { $0 + commTotal[$1 * C + c] } })
    }
}
