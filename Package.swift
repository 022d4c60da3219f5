// swift-tools-version:6.0
// LifeCircle: 15-minute community life-circle analysis for planners.
// Layering (each folder under Sources/ is one room):
//   C shims (CGEOS, CPROJ, CGDAL, CSQLite, CGLPK, CMETIS)
//   -> LifeCircleGeometry (GEOS), LifeCircleProjection (PROJ, GCJ-02/BD-09)
//   -> LifeCircleIO (GDAL/OGR read + atomic write)
//   -> LifeCircleNetwork (CSR walking graph, snapping, shortest paths)
//   -> LifeCircleCoverage / LifeCircleGrids / LifeCircleParks
//   -> LifeCircleReport -> LifeCircleStudy -> LifeCircleCLI (`lifecircle`)
// docs/ARCHITECTURE.md says what each may import.
import PackageDescription

let package = Package(
    name: "LifeCircle",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lifecircle", targets: ["lifecircle"]),
        .library(name: "LifeCircleGeometry", targets: ["LifeCircleGeometry"]),
        .library(name: "LifeCircleProjection", targets: ["LifeCircleProjection"]),
        .library(name: "LifeCircleIO", targets: ["LifeCircleIO"]),
        .library(name: "LifeCircleNetwork", targets: ["LifeCircleNetwork"]),
        .library(name: "LifeCircleCoverage", targets: ["LifeCircleCoverage"]),
        .library(name: "LifeCircleGrids", targets: ["LifeCircleGrids"]),
        .library(name: "LifeCircleParks", targets: ["LifeCircleParks"]),
        .library(name: "LifeCircleSiting", targets: ["LifeCircleSiting"]),
        .library(name: "LifeCircleReport", targets: ["LifeCircleReport"]),
        .library(name: "LifeCircleStudy", targets: ["LifeCircleStudy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C shims: system libraries found by pkg-config.
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        // Debian's GLPK ships no .pc file; the module map links it by name.
        // SQLite: bulk row inserts into GeoPackages GDAL has laid out (see GeoPackageBulkInsert).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // METIS: baseline and optional first plan for management grids.
        .systemLibrary(name: "CMETIS", providers: [.apt(["libmetis-dev"])]),
        // glibc's mallopt for the executable's heap tuning.
        .systemLibrary(name: "CMalloc"),

        .target(name: "LifeCircleGeometry", dependencies: ["CGEOS"]),
        .target(name: "LifeCircleProjection", dependencies: ["CPROJ", "LifeCircleGeometry"]),
        .target(name: "LifeCircleIO", dependencies: ["CGDAL", "CSQLite", "CPROJ", "LifeCircleGeometry", "LifeCircleProjection"]),
        .target(name: "LifeCircleNetwork", dependencies: ["LifeCircleGeometry", "LifeCircleProjection", "LifeCircleIO"]),
        .target(name: "LifeCircleCoverage", dependencies: [
            "LifeCircleNetwork", "LifeCircleGeometry", "LifeCircleProjection", "LifeCircleIO",
            .product(name: "Yams", package: "Yams"),
        ], resources: [.copy("Presets")]),
        .target(name: "LifeCircleGrids", dependencies: ["CMETIS", "LifeCircleGeometry", "LifeCircleProjection", "LifeCircleIO", "LifeCircleNetwork"]),
        .target(name: "LifeCircleParks", dependencies: ["CGLPK", "LifeCircleGeometry", "LifeCircleProjection", "LifeCircleIO", "LifeCircleNetwork"]),
        // Siting for any category: coverage's inputs and parks' max-cover solvers composed (neither imports it).
        .target(name: "LifeCircleSiting", dependencies: [
            "LifeCircleCoverage", "LifeCircleParks", "LifeCircleGeometry", "LifeCircleProjection", "LifeCircleIO", "LifeCircleNetwork",
        ]),
        .target(name: "LifeCircleReport", dependencies: ["LifeCircleGeometry", "LifeCircleIO"]),
        // Studies: YAML decoded into the jobs' options, jobs run in-process, typed summaries, the report.
        .target(name: "LifeCircleStudy", dependencies: [
            "LifeCircleGeometry", "LifeCircleProjection", "LifeCircleIO", "LifeCircleNetwork",
            "LifeCircleCoverage", "LifeCircleGrids", "LifeCircleParks", "LifeCircleSiting", "LifeCircleReport",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Commands only: flags mapped to the jobs' options. A library so tests can drive them in-process.
        .target(name: "LifeCircleCLI", dependencies: [
            "LifeCircleGeometry", "LifeCircleProjection", "LifeCircleIO", "LifeCircleNetwork",
            "LifeCircleCoverage", "LifeCircleGrids", "LifeCircleParks", "LifeCircleSiting", "LifeCircleStudy",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "lifecircle", dependencies: [
            "LifeCircleCLI", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Shared test helpers: paths to ../shared/geodata and geodata/.
        .target(name: "TestSupport", dependencies: ["LifeCircleIO", "LifeCircleGeometry"], path: "Tests/TestSupport"),
        .testTarget(name: "LifeCircleGeometryTests", dependencies: ["TestSupport", "LifeCircleGeometry"]),
        .testTarget(name: "LifeCircleProjectionTests", dependencies: ["TestSupport", "LifeCircleProjection", "LifeCircleGeometry"]),
        .testTarget(name: "LifeCircleIOTests", dependencies: ["TestSupport", "LifeCircleIO", "CSQLite"]),
        .testTarget(name: "LifeCircleNetworkTests", dependencies: ["TestSupport", "LifeCircleNetwork", "LifeCircleIO"]),
        .testTarget(name: "LifeCircleCoverageTests", dependencies: ["TestSupport", "LifeCircleCoverage"]),
        .testTarget(name: "LifeCircleGridsTests", dependencies: ["TestSupport", "LifeCircleGrids", "LifeCircleIO"]),
        .testTarget(name: "LifeCircleParksTests", dependencies: ["TestSupport", "LifeCircleParks", "LifeCircleIO"]),
        .testTarget(name: "LifeCircleSitingTests", dependencies: ["TestSupport", "LifeCircleSiting", "LifeCircleParks", "LifeCircleCoverage", "LifeCircleIO"]),
        .testTarget(
            name: "LifeCircleCLITests", dependencies: ["TestSupport", "LifeCircleCLI", "LifeCircleSiting", "LifeCircleIO", "LifeCircleGeometry"],
            exclude: ["Golden"]),
        .testTarget(name: "LifeCircleReportTests", dependencies: ["TestSupport", "LifeCircleReport", "LifeCircleIO"]),
        .testTarget(name: "LifeCircleStudyTests", dependencies: ["TestSupport", "LifeCircleStudy", "LifeCircleIO", "LifeCircleCoverage"]),
    ]
)

// Development aid for working on one module while others are mid-change:
// `LIFECIRCLE_ONLY=LifeCircleGeometryTests swift test` builds and runs only the
// named test targets and the targets they need. Unset, the package is whole.
if let only = Context.environment["LIFECIRCLE_ONLY"], !only.isEmpty {
    let byName = Dictionary(uniqueKeysWithValues: package.targets.map { ($0.name, $0) })
    var keep = Set<String>()
    func visit(_ name: String) {
        guard keep.insert(name).inserted, let t = byName[name] else { return }
        for d in t.dependencies {
            if case .byNameItem(let n, _) = d { visit(n) }
            if case .targetItem(let n, _) = d { visit(n) }
        }
    }
    only.split(separator: ",").map(String.init).forEach(visit)
    package.targets = package.targets.filter { keep.contains($0.name) }
    package.products = []
}

// libFuzzer harnesses, built only by scripts/fuzz.sh (LIFECIRCLE_FUZZ=1): they
// have no main of their own, so an ordinary `swift build` leaves them out.
if Context.environment["LIFECIRCLE_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"))
    for (name, dependency) in [
        ("FuzzGeoJSON", "LifeCircleIO"), ("FuzzOSMXML", "LifeCircleIO"), ("FuzzStudyYAML", "LifeCircleStudy"),
        ("FuzzGeoPackageBlob", "LifeCircleIO"),
    ] {
        package.targets.append(
            .executableTarget(name: name, dependencies: [.byName(name: dependency), "FuzzSupport"], path: "Fuzz/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
