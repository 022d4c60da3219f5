import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

@Suite struct GridPartitionerTests {
    @Test func latticeIntoEightBalancedContiguousGrids() throws {
        let g = try UnitGraph.lattice(rows: 20, cols: 30)
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(8), seed: 7).oneStart())
        #expect(plan.gridCount == 8)
        let edges = g.edges.map { ($0.a, $0.b) }
        let pieces = Check.pieces(unitCount: g.unitCount, edges: edges, assignment: plan.assignment)
        #expect(pieces.count == 8)
        #expect(pieces.values.allSatisfy { $0 == 1 })
        let sums = Check.sums(g.weights[0], plan.assignment)
        for (_, s) in sums { #expect(abs(s - 75) / 75 <= 0.05 + 1e-12) }
        #expect(plan.metrics.maxAbsDeviation <= 0.05 + 1e-12)
        print("lattice 8:", plan.metrics.cutEdges, plan.metrics.meanPolsbyPopper ?? -1, plan.metrics.maxAbsDeviation, plan.elapsedSeconds)
    }

    @Test(.enabled(if: SaoPaulo.present, "../shared/geodata/sao_paulo absent: skipping"))
    func saoPauloTenGridsFromCSV() throws {
        let (g, c, e) = try SaoPaulo.graph()
        #expect(g.unitCount == 323)
        #expect(c.population.reduce(0, +) == 517_570)
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(10), seed: 1).oneStart())
        let pieces = Check.pieces(unitCount: g.unitCount, edges: e, assignment: plan.assignment)
        #expect(pieces.count == 10)
        #expect(pieces.values.allSatisfy { $0 == 1 })
        let ideal = 51_757.0
        let sums = Check.sums(c.population, plan.assignment)
        let maxDev = sums.values.map { abs($0 - ideal) / ideal }.max()!
        #expect(maxDev <= 0.05)
        print("SP:", plan.metrics.cutEdges, plan.metrics.meanPolsbyPopper ?? -1, maxDev, plan.elapsedSeconds, plan.issues)
    }
}

@Suite struct MultiWeightTests {
    /// Households (uniform) and a workload score that is heavy in the east:
    /// both columns within ±5% of their own ideal in every grid.
    @Test func twoWeightsBalancedAtOnce() throws {
        let rows = 20, cols = 30
        let households = [Double](repeating: 10, count: rows * cols)
        let workload = (0..<(rows * cols)).map { Double(1 + ($0 % cols) / 5 + ($0 / cols) % 3) }
        let g = try UnitGraph.lattice(rows: rows, cols: cols, weights: [households, workload])
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(6)).oneStart())
        let pieces = Check.pieces(unitCount: g.unitCount, edges: g.edges.map { ($0.a, $0.b) }, assignment: plan.assignment)
        #expect(pieces.count == 6 && pieces.values.allSatisfy { $0 == 1 })
        for column in [households, workload] {
            let ideal = column.reduce(0, +) / 6
            let sums = Check.sums(column, plan.assignment)
            for (_, s) in sums { #expect(abs(s - ideal) / ideal <= 0.05) }
        }
        #expect(plan.issues.filter { $0.kind == .balanceNotReached }.isEmpty)
    }
}
