import Foundation
import Testing
import LifeCircleGeometry
@testable import LifeCircleGrids

/// Issue 4 req 6: fewer cut edges and higher mean Polsby–Popper than METIS's
/// contiguous k-way partition of the same graph, at better or equal balance.
@Suite(.serialized) struct MetisComparisonTests {
    static func compare(_ g: UnitGraph, k: Int, label: String) throws -> (ours: PlanMetrics, metis: PlanMetrics) {
        let parts = try MetisPartitioner.partition(graph: g, parts: k, contiguous: true)
        let metis = GridEvaluator.evaluate(graph: g, assignment: parts, gridCodes: (0..<k).map { String($0) })
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(k), seed: 1))
        let ours = plan.metrics
        print("\(label): ours cut \(ours.cutEdges) PP \(ours.meanPolsbyPopper!) dev \(ours.maxAbsDeviation) | METIS cut \(metis.cutEdges) PP \(metis.meanPolsbyPopper!) dev \(metis.maxAbsDeviation) noncontig \(metis.noncontiguousGrids)")
        return (ours, metis)
    }

    @Test(.enabled(if: SaoPaulo.present, "../shared/geodata/sao_paulo absent: skipping"))
    func saoPauloBeatsMetis() throws {
        let (g, _, _) = try SaoPaulo.graph()
        let (ours, metis) = try Self.compare(g, k: 10, label: "Sao Paulo 10")
        #expect(ours.maxAbsDeviation <= 0.05)
        #expect(ours.noncontiguousGrids == 0)
        #expect(ours.cutEdges < metis.cutEdges)
        #expect(ours.meanPolsbyPopper! > metis.meanPolsbyPopper!)
    }

    @Test func latticeBeatsMetis() throws {
        // Uneven weights so balance is not trivial: 1 + (row·col mod 7).
        let rows = 40, cols = 50
        let w = (0..<(rows * cols)).map { Double(1 + (($0 / cols) * ($0 % cols)) % 7) }
        let g = try UnitGraph.lattice(rows: rows, cols: cols, weights: [w])
        let (ours, metis) = try Self.compare(g, k: 16, label: "lattice 2000/16")
        #expect(ours.maxAbsDeviation <= 0.05)
        #expect(ours.noncontiguousGrids == 0)
        #expect(ours.cutEdges < metis.cutEdges)
        #expect(ours.meanPolsbyPopper! > metis.meanPolsbyPopper!)
    }

    @Test func metisAsFirstPlanIsRepairedAndBalanced() throws {
        let g = try UnitGraph.lattice(rows: 30, cols: 30)
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(9), initial: .metis))
        let pieces = Check.pieces(unitCount: g.unitCount, edges: g.edges.map { ($0.a, $0.b) }, assignment: plan.assignment)
        #expect(pieces.count == 9 && pieces.values.allSatisfy { $0 == 1 })
        let sums = Check.sums(g.weights[0], plan.assignment)
        #expect(sums.values.allSatisfy { abs($0 - 100) <= 5 })
    }
}
