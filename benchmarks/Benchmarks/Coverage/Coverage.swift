// Coverage on Wuhan (92,667 edges): 100,000 residents and 12 categories x
// 300 facilities on the network. One bounded multi-source search (1000 m)
// for one category, and all 12 categories with distances for every resident
// through the library's parallel entry point, and the whole CoverageJob from
// GeoPackages in to the result GeoPackage out. See anchors pair coverage-wuhan.
import Benchmark
import LifeCircleBenchKit
import LifeCircleNetwork

let benchmarks: @Sendable () -> Void = {
    guard Geodata.isAvailable else {
        print("Coverage: ../shared/geodata absent: skipping (set LIFECIRCLE_GEODATA)")
        return
    }
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(10), maxIterations: 50)
    let instance: SyntheticInstances.WuhanCoverage
    do { instance = try SyntheticInstances.wuhanCoverage() } catch {
        print("Coverage: \(error)"); return
    }

    Benchmark("One category: bounded search, 300 sources, 1000 m") { benchmark in
        let search = MultiSourceDijkstra(network: instance.network)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            search.run(sources: instance.categories[0], cutoff: 1000)
            blackHole(search.settledCount)
        }
    }

    Benchmark("12 categories x 100,000 residents: nearest distances") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                CategorySearch.nearestDistances(
                    network: instance.network, categories: instance.categories,
                    targets: instance.residents, cutoff: 1000))
        }
    }

    // The whole run, files to files (the span of the anchor pair coverage-wuhan).
    Benchmark("Whole run: Wuhan GeoPackages in, result GeoPackage out", configuration: .init(maxIterations: 10)) { benchmark in
        let run = try WuhanCoverageJob()
        defer { run.removeFiles() }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try run.run()) }
    }
}
