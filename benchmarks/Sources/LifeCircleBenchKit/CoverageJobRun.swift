import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// The whole `lifecircle coverage` run on Wuhan, files to files, as the anchor
/// pair coverage-wuhan times it: the synthetic residents and facilities are
/// written once as GeoPackages; each run reads them with the street network,
/// builds, snaps, searches and writes the result GeoPackage.
public struct WuhanCoverageJob: Sendable {
    public let folder: URL
    public let job: CoverageJob

    public init(seed: UInt64 = 20261125) throws {
        let instance = try SyntheticInstances.wuhanCoverage(seed: seed)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lifecircle-bench-coverage-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let crs = try CRS.parse("EPSG:32650")
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        let residents = OutputLayer(
            name: "residents", geometries: instance.residents.map { .point($0.point) },
            columns: [Column(name: "weight", integers: instance.residents.map { _ in Int64(1 + rng.next() % 5) })], crs: crs)
        var fg: [GeometryValue?] = [], fc: [String?] = []
        for (c, points) in instance.categories.enumerated() {
            for p in points { fg.append(.point(p.point)); fc.append(String(format: "cat%02d", c + 1)) }
        }
        let facilities = OutputLayer(name: "facilities", geometries: fg, columns: [Column(name: "category", strings: fc)], crs: crs)
        try VectorWriter.write([residents], to: folder.appendingPathComponent("residents.gpkg").path)
        try VectorWriter.write([facilities], to: folder.appendingPathComponent("facilities.gpkg").path)
        var job = CoverageJob(
            network: .init(path: try Geodata.path("wuhan/wuhan_streets.gpkg")),
            residents: .init(path: folder.appendingPathComponent("residents.gpkg").path),
            facilities: [.init(path: folder.appendingPathComponent("facilities.gpkg").path)])
        job.weightField = "weight"
        job.categoryField = "category"
        job.tiers = [300, 500, 1000]
        job.config = CoverageConfig(tiers: [300, 500, 1000])
        job.config.serviceAreas = false
        job.config.gaps = false
        job.out = folder.appendingPathComponent("result.gpkg").path
        self.job = job
    }

    /// One run; returns summary.json's elapsed seconds (first read to GeoPackage written).
    public func run() throws -> Double {
        try job.run().summary.elapsedS ?? 0
    }

    public func removeFiles() { try? FileManager.default.removeItem(at: folder) }
}
