// Pocket-park siting: 2,000 candidates x 50,000 residents, straight-line
// reach 300 m, p = 100: coverage sets, and sets + lazy greedy (target < 1 s).
// The exact MCLP is timed once per run by the anchors pair parks-exact.
import Benchmark
import LifeCircleBenchKit
import LifeCircleParks

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        maxDuration: .seconds(10), maxIterations: 20)
    let instance = SyntheticInstances.parks()

    Benchmark("Coverage sets, 2,000 x 50,000, 300 m") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try EuclideanCoverage.sets(candidates: instance.candidates, residents: instance.residents, radius: 300))
        }
    }

    Benchmark("Coverage sets + lazy greedy, p = 100") { benchmark in
        for _ in benchmark.scaledIterations {
            let sets = try EuclideanCoverage.sets(candidates: instance.candidates, residents: instance.residents, radius: 300)
            let inst = MaxCoverInstance(sets: sets, weights: instance.weights)
            blackHole(try LazyGreedyMaxCover.solve(inst, options: MaxCoverOptions(count: 100)))
        }
    }
}
