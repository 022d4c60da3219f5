// Grid partitioning on lattices of 50 m squares (households 20..80):
// 10,000 units into 80 grids and 100,000 into 800, ±5%, seed 1.
// See anchors pair grids-* (pymetis, GerryChain).
import Benchmark
import LifeCircleBenchKit
import LifeCircleGrids

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        maxDuration: .seconds(20), maxIterations: 5)
    for (rows, cols, k) in [(100, 100, 80), (250, 400, 800)] {
        Benchmark("Lattice \(rows * cols) units into \(k) grids") { benchmark in
            let graph = try SyntheticInstances.lattice(rows: rows, cols: cols)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try GridsWorkload.partition(graph, grids: k))
            }
        }
    }
}
