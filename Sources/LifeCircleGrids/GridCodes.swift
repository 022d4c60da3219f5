import Foundation
import LifeCircleGeometry

/// Grid codes in the Chinese convention: community code + 3-digit sequence
/// (more digits past 999), numbered west→east, north→south.
///
/// Precisely: within a community, take each grid's area-weighted centroid of
/// its units; cut the community's extent into horizontal rows of height
/// h = √(community area / number of grids) (one typical grid across) starting
/// at the northernmost grid centroid; sort grids by row (top row first), then
/// within a row by centroid x (west first), ties by centroid y descending then
/// by grid index. Sequence numbers start at 001.
public enum GridCodes {
    public static func assign(
        graph g: UnitGraph, assignment: [Int32], gridCount G: Int,
        gridCommunity: [Int32]
    ) -> [String] {
        var sx = [Double](repeating: 0, count: G), sy = sx, sa = sx
        for u in 0..<g.unitCount {
            let a = Int(assignment[u])
            guard a >= 0 && a < G else { continue }
            let wt = g.area[u] > 0 ? g.area[u] : 1
            sx[a] += g.centroid[u].x * wt; sy[a] += g.centroid[u].y * wt; sa[a] += wt
        }
        var codes = [String](repeating: "", count: G)
        let byComm = Dictionary(grouping: 0..<G, by: { gridCommunity[$0] })
        for (k, grids) in byComm {
            let cx = grids.map { sa[$0] > 0 ? sx[$0] / sa[$0] : 0 }, cy = grids.map { sa[$0] > 0 ? sy[$0] / sa[$0] : 0 }
            let totalArea = grids.reduce(0.0) { $0 + sa[$1] }
            let h = max((totalArea / Double(grids.count)).squareRoot(), 1e-12)
            let top = cy.max() ?? 0
            let order = grids.indices.sorted { i, j in
                let ri = Int(((top - cy[i]) / h).rounded(.down)), rj = Int(((top - cy[j]) / h).rounded(.down))
                if ri != rj { return ri < rj }
                if cx[i] != cx[j] { return cx[i] < cx[j] }
                if cy[i] != cy[j] { return cy[i] > cy[j] }
                return grids[i] < grids[j]
            }
            let prefix = g.nestKeys[Int(k)]
            for (seq, i) in order.enumerated() {
                codes[grids[i]] = prefix + String(format: "%03d", seq + 1)
            }
        }
        return codes
    }
}
