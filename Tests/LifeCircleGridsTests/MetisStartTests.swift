import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

/// Plans from METIS's first plan (the default start) are contiguous and in
/// band. How they compare with METIS's own partition is a benchmark question
/// (benchmarks/), not a unit test.
@Suite(.serialized) struct MetisStartTests {
    static func plan(_ g: UnitGraph, k: Int) throws -> PlanMetrics {
        try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(k), seed: 1).oneStart()).metrics
    }

    @Test(.enabled(if: SaoPaulo.present, "../shared/geodata/sao_paulo absent: skipping"))
    func saoPauloInBandAndContiguous() throws {
        let (g, _, _) = try SaoPaulo.graph()
        let ours = try Self.plan(g, k: 10)
        #expect(ours.maxAbsDeviation <= 0.05)
        #expect(ours.noncontiguousGrids == 0)
    }

    @Test func unevenLatticeInBandAndContiguous() throws {
        // Uneven weights so balance is not trivial: 1 + (row·col mod 7).
        let rows = 40, cols = 50
        let w = (0..<(rows * cols)).map { Double(1 + (($0 / cols) * ($0 % cols)) % 7) }
        let g = try UnitGraph.lattice(rows: rows, cols: cols, weights: [w])
        let ours = try Self.plan(g, k: 16)
        #expect(ours.maxAbsDeviation <= 0.05)
        #expect(ours.noncontiguousGrids == 0)
    }

    @Test func metisAsFirstPlanIsRepairedAndBalanced() throws {
        let g = try UnitGraph.lattice(rows: 30, cols: 30)
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(9), initial: .metis).oneStart())
        let pieces = Check.pieces(unitCount: g.unitCount, edges: g.edges.map { ($0.a, $0.b) }, assignment: plan.assignment)
        #expect(pieces.count == 9 && pieces.values.allSatisfy { $0 == 1 })
        let sums = Check.sums(g.weights[0], plan.assignment)
        #expect(sums.values.allSatisfy { abs($0 - 100) <= 5 })
    }
}
