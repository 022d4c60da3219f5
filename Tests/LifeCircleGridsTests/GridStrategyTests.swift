import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

/// `GridPartitionOptions.strategy`: both pipelines named explicitly give
/// contiguous in-band plans, and `.automatic` is the size-and-knobs rule.
@Suite(.serialized) struct GridStrategyTests {
    /// One piece per grid, every grid within ±5% of the ideal (independent checks).
    static func expectInBandAndContiguous(_ g: UnitGraph, _ plan: GridPlan, k: Int, _ label: String) {
        #expect(plan.gridCount == k, "\(label)")
        let pieces = Check.pieces(unitCount: g.unitCount, edges: g.edges.map { ($0.a, $0.b) }, assignment: plan.assignment)
        #expect(pieces.count == k && pieces.values.allSatisfy { $0 == 1 }, "\(label): a grid is in several pieces")
        let ideal = g.weights[0].reduce(0, +) / Double(k)
        let worst = Check.sums(g.weights[0], plan.assignment).values.map { abs($0 - ideal) / ideal }.max() ?? 1
        #expect(worst <= 0.05 + 1e-12, "\(label): max |d| \(worst)")
    }

    @Test func automaticRule() throws {
        let o = GridPartitionOptions(count: .total(4)).oneStart()
        #expect(o.strategy == .automatic)
        #expect(o.strategy.resolved(unitCount: 2_001, options: o) == .multilevel)
        #expect(o.strategy.resolved(unitCount: 2_000, options: o) == .classic)
        var knobs = o
        knobs.annealSteps = 0
        #expect(knobs.strategy.resolved(unitCount: 10_000, options: knobs) == .classic)
        knobs = o; knobs.initial = .treeBisection
        #expect(knobs.strategy.resolved(unitCount: 10_000, options: knobs) == .classic)
        knobs = o; knobs.recombinationSweeps = 1
        #expect(knobs.strategy.resolved(unitCount: 10_000, options: knobs) == .classic)
        knobs = o; knobs.inertiaPasses = 1
        #expect(knobs.strategy.resolved(unitCount: 10_000, options: knobs) == .classic)
        for s in [GridPartitionStrategy.multilevel, .classic] {
            var e = o; e.strategy = s
            #expect(e.strategy.resolved(unitCount: 100, options: e) == s)
            #expect(e.strategy.resolved(unitCount: 100_000, options: e) == s)
        }
    }

    /// A small graph (classic by default): both pipelines named explicitly.
    @Test func bothPipelinesOnASmallGraph() throws {
        let rows = 30, cols = 30
        let w = (0..<(rows * cols)).map { Double(1 + (($0 / cols) * ($0 % cols)) % 7) }
        let g = try UnitGraph.lattice(rows: rows, cols: cols, weights: [w])
        var o = GridPartitionOptions(count: .total(9), seed: 3).oneStart()
        let automatic = try GridPartitioner.partition(graph: g, options: o)
        o.strategy = .classic
        let classic = try GridPartitioner.partition(graph: g, options: o)
        o.strategy = .multilevel
        let multilevel = try GridPartitioner.partition(graph: g, options: o)
        Self.expectInBandAndContiguous(g, classic, k: 9, "classic")
        Self.expectInBandAndContiguous(g, multilevel, k: 9, "multilevel")
        #expect(automatic.assignment == classic.assignment)
    }

    /// Above 2,000 units `.automatic` is the multilevel pipeline; the classic one
    /// (one start, annealing bounded by steps) also gives a valid plan.
    @Test func bothPipelinesOnALargeGraph() throws {
        let g = FastPathRefinementTests.graph
        var o = GridPartitionOptions(count: .total(FastPathRefinementTests.k), seed: 1, annealSteps: nil).oneStart()
        let automatic = try GridPartitioner.partition(graph: g, options: o)
        o.strategy = .multilevel
        let multilevel = try GridPartitioner.partition(graph: g, options: o)
        #expect(automatic.assignment == multilevel.assignment)
        Self.expectInBandAndContiguous(g, multilevel, k: FastPathRefinementTests.k, "multilevel")
        o.strategy = .classic
        o.annealSteps = 50_000
        let classic = try GridPartitioner.partition(graph: g, options: o)
        Self.expectInBandAndContiguous(g, classic, k: FastPathRefinementTests.k, "classic")
    }
}
