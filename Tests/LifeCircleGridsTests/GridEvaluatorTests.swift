import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

@Suite struct GridEvaluatorTests {
    /// 3 × 4 unit squares, weight 1 each:
    ///   A A B B
    ///   A A B B
    ///   C C D C      (C is in two pieces)
    @Test func handMadePlanWithNoncontiguousGrid() throws {
        let g = try UnitGraph.lattice(rows: 3, cols: 4)
        let a: [Int32] = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 2]
        let m = GridEvaluator.evaluate(graph: g, assignment: a, gridCodes: ["A", "B", "C", "D"])
        #expect(m.grids.map(\.pieces) == [1, 1, 2, 1])
        #expect(m.noncontiguousGrids == 1)
        let weights: [Double] = m.grids.map { $0.weight[0] }
        #expect(weights == [4, 4, 3, 1])
        // Ideal 12 / 4 = 3.
        let dev: [Double] = m.grids.map { $0.deviation[0] }
        let want: [Double] = [1.0 / 3, 1.0 / 3, 0, -2.0 / 3]
        #expect(dev == want)
        #expect(abs(m.maxAbsDeviation - 2.0 / 3) < 1e-12)
        #expect(abs(m.range - 1) < 1e-12)
        // 2×2 squares: A = 4, P = 8, PP = 16π/64 = π/4; C: A = 3, P = 12 − 2 = 10, PP = 12π/100; D: π/4.
        let perim: [Double] = m.grids.map { $0.perimeter }
        #expect(perim == [8, 8, 10, 4])
        let pp = m.grids.map { $0.polsbyPopper! }
        let quarterPi = Double.pi / 4
        #expect(abs(pp[0] - quarterPi) < 1e-12)
        #expect(abs(pp[1] - quarterPi) < 1e-12)
        #expect(abs(pp[3] - quarterPi) < 1e-12)
        #expect(abs(pp[2] - 0.12 * .pi) < 1e-12)
        let meanPP: Double = (0.75 + 0.12) * Double.pi / 4
        #expect(abs(m.meanPolsbyPopper! - meanPP) < 1e-12)
        // 17 lattice edges, 9 inside grids.
        #expect(m.cutEdges == 8)
        #expect(m.grids.map(\.cutEdges) == [4, 4, 5, 3])
        #expect(m.nestingViolations == 0 && m.barrierCrossings == 0)
    }

    @Test func nestingViolationsAndBarrierCrossings() throws {
        // 1 × 4 strip; units 0,1 in community "X", 2,3 in "Y"; barrier between 1 and 2 and between 0 and 1.
        let g = try UnitGraph(
            unitCount: 4,
            edges: [
                UnitEdge(0, 1, length: 1, crossesBarrier: true), UnitEdge(1, 2, length: 1, crossesBarrier: true),
                UnitEdge(2, 3, length: 1),
            ],
            weights: [[1, 1, 1, 1]], area: [1, 1, 1, 1], perimeter: [4, 4, 4, 4],
            nest: [0, 0, 1, 1], nestKeys: ["X", "Y"])
        let m = GridEvaluator.evaluate(graph: g, assignment: [0, 0, 0, 1], gridCodes: ["X001", "Y001"])
        #expect(m.grids[0].nestingViolations == 1)  // unit 2 is in Y
        #expect(m.grids[0].barrierCrossings == 2)
        #expect(m.nestingViolations == 1)
        #expect(m.grids[0].community == "X")
    }

    @Test func codesRunWestToEastThenNorthToSouth() throws {
        // 4 × 4 squares cut into four 2 × 2 blocks: NW, NE, SW, SE.
        let g = try UnitGraph.lattice(rows: 4, cols: 4)
        var a = [Int32](repeating: 0, count: 16)
        for u in 0..<16 { a[u] = Int32((u / 4 >= 2 ? 2 : 0) + (u % 4 >= 2 ? 1 : 0)) }
        // Grid indices deliberately scrambled: 0=NW→?, use a permutation.
        let perm: [Int32] = [3, 1, 0, 2]
        let b = a.map { perm[Int($0)] }
        let codes = GridCodes.assign(graph: g, assignment: b, gridCount: 4, gridCommunity: [0, 0, 0, 0])
        #expect(codes[3] == "001")  // NW
        #expect(codes[1] == "002")  // NE
        #expect(codes[0] == "003")  // SW
        #expect(codes[2] == "004")  // SE
    }
}
