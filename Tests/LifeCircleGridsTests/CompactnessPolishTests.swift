import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

/// `CompactnessPolish` on a 3 × 4 lattice of unit squares in two grids of 6
/// (band 5–7): from a ragged plan it moves units only where the cut does not
/// grow, keeps both grids in band and in one piece, and raises the mean
/// Polsby–Popper, all counted here from the cells.
struct CompactnessPolishTests {
    @Test func raisesCompactnessWithoutAddingCut() throws {
        let rows = 3, cols = 4, n = rows * cols
        let edges = Lattice.rookEdges(rows: rows, cols: cols)
        let g = try UnitGraph(
            unitCount: n, edges: edges, weights: [[Double](repeating: 1, count: n)], weightNames: ["w"],
            area: [Double](repeating: 1, count: n), perimeter: [Double](repeating: 4, count: n),
            centroid: (0..<n).map { Coordinate(Double($0 % cols), Double($0 / cols)) })
        // Grid 0: column 0, rows 0–1 of column 1, and the top cell of column 2.
        let a0: Set<Int> = [0, 4, 8, 1, 5, 2]
        let start = (0..<n).map { a0.contains($0) ? Int32(0) : 1 }
        let state = GridWorkState(
            graph: g, columns: 1, unitWeights: g.weights[0], activeOffsets: g.offsets, activeNeighbours: g.neighbours,
            assignment: start, gridCount: 2, gridRegion: [0, 0], regionLo: [5], regionHi: [7], regionIdeal: [6],
            countEdges: true)
        state.recomputeSums()
        var ctx = RefineContext(deadline: .now + .seconds(60), rng: SplitMix64(seed: 1), bisector: TreeBisector(state: state))
        let stats = state.apply(CompactnessPolish(maxPasses: 10), &ctx)

        func cut(_ p: [Int32]) -> Int { edges.filter { p[$0.a] != p[$0.b] }.count }
        func meanPP(_ p: [Int32]) -> Double {
            (0..<2).map { k -> Double in
                let area = Double(p.filter { $0 == k }.count)
                let inner = edges.filter { p[$0.a] == k && p[$0.b] == k }.count
                let perim = 4 * area - 2 * Double(inner)
                return 4 * Double.pi * area / (perim * perim)
            }.reduce(0, +) / 2
        }
        let end = state.assign
        #expect(stats.moves > 0)
        #expect(cut(end) <= cut(start))
        #expect(meanPP(end) > meanPP(start) + 1e-9)
        let sizes = Check.sums(g.weights[0], end)
        #expect(sizes.values.allSatisfy { $0 >= 5 && $0 <= 7 })
        let pieces = Check.pieces(unitCount: n, edges: edges.map { ($0.a, $0.b) }, assignment: end)
        #expect(pieces.count == 2 && pieces.values.allSatisfy { $0 == 1 })
        // The running perimeter sums agree with the cells'.
        #expect(abs(state.meanPolsbyPopper() - meanPP(end)) < 1e-9)
    }
}
