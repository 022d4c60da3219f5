import Foundation
import Testing
import LifeCircleGeometry
@testable import LifeCircleGrids

/// Manual probes (timings and seed spread); run with GRIDS_PROBE=1. No assertions on time.
@Suite struct ProbeTests {
    static var on: Bool { ProcessInfo.processInfo.environment["GRIDS_PROBE"] == "1" }

    @Test(.enabled(if: ProbeTests.on && SaoPaulo.present)) func seedSpread() throws {
        let (g, _, _) = try SaoPaulo.graph()
        for seed in UInt64(1)...3 {
            let p = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(10), seed: seed))
            print("seed", seed, p.metrics.cutEdges, p.metrics.meanPolsbyPopper!, p.metrics.maxAbsDeviation)
        }
    }

    @Test(.enabled(if: ProbeTests.on)) func bigLattice() throws {
        let rows = 100, cols = 100
        let w = (0..<(rows * cols)).map { Double(1 + (($0 / cols) * ($0 % cols)) % 7) }
        let g = try UnitGraph.lattice(rows: rows, cols: cols, weights: [w])
        var t = ContinuousClock.now
        let parts = try MetisPartitioner.partition(graph: g, parts: 80, contiguous: true)
        print("metis", ContinuousClock.now - t)
        let metis = GridEvaluator.evaluate(graph: g, assignment: parts, gridCodes: (0..<80).map { String($0) })
        t = ContinuousClock.now
        let p = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(80)))
        print("ours", ContinuousClock.now - t, p.elapsedSeconds, "cut", p.metrics.cutEdges, "vs", metis.cutEdges, "PP", p.metrics.meanPolsbyPopper!, metis.meanPolsbyPopper!, "dev", p.metrics.maxAbsDeviation, metis.maxAbsDeviation, "passes", p.passes, "moves", p.moves, p.issues)
    }
}
