// Reading the Wuhan street layer (92,667 LineStrings, EPSG:32650) and
// projecting it to WGS 84 — the same work as the anchor pair
// `wuhan-read-project` (pyogrio + GeoPandas).
import Benchmark
import LifeCircleBenchKit

let benchmarks: @Sendable () -> Void = {
    guard Geodata.isAvailable else {
        print("WuhanIO: ../shared/geodata absent: skipping (set LIFECIRCLE_GEODATA)")
        return
    }
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(10),
        maxIterations: 10
    )
    Benchmark("Wuhan read + project to WGS 84") { benchmark in
        let path = try WuhanReadProject.inputPath()
        for _ in benchmark.scaledIterations {
            blackHole(try WuhanReadProject.readAndProject(path))
        }
    }
}
