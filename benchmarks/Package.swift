// swift-tools-version:6.1
// LifeCircle benchmarks: a separate package so the root package never pulls
// in the benchmark harness. Run: `cd benchmarks && swift package benchmark`.
// The anchors (Python pairs) live in anchors/ and call `lifecircle-bench`.
import PackageDescription

let package = Package(
    name: "LifeCircleBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "LifeCircle", path: ".."),
    ],
    targets: [
        // Workloads shared by the ordo-one benchmarks and the anchor runner,
        // so both time exactly the same code.
        .target(name: "LifeCircleBenchKit", dependencies: [
            .product(name: "LifeCircleGeometry", package: "LifeCircle"),
            .product(name: "LifeCircleProjection", package: "LifeCircle"),
            .product(name: "LifeCircleIO", package: "LifeCircle"),
            .product(name: "LifeCircleNetwork", package: "LifeCircle"),
            .product(name: "LifeCircleGrids", package: "LifeCircle"),
            .product(name: "LifeCircleParks", package: "LifeCircle"),
            .product(name: "LifeCircleCoverage", package: "LifeCircle"),
        ]),
        // Runs one named workload once and prints its work time as JSON.
        .executableTarget(name: "lifecircle-bench", dependencies: ["LifeCircleBenchKit"]),
        .executableTarget(
            name: "WuhanIO",
            dependencies: [
                "LifeCircleBenchKit",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WuhanIO",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Coverage",
            dependencies: [
                "LifeCircleBenchKit",
                .product(name: "LifeCircleNetwork", package: "LifeCircle"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Coverage",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Grids",
            dependencies: [
                "LifeCircleBenchKit",
                .product(name: "LifeCircleGrids", package: "LifeCircle"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Grids",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Parks",
            dependencies: [
                "LifeCircleBenchKit",
                .product(name: "LifeCircleParks", package: "LifeCircle"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Parks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
