import Foundation
import LifeCircleCoverage
import LifeCircleIO
import LifeCircleParks
import TestSupport
import Testing

@testable import LifeCircleSiting

/// Candidates carved from vacant land as parks does, on hand-drawn land:
/// a 60 m square (3,600 m², kept), a 15 m square (225 m², below 400 m²),
/// and a 200 × 40 m strip cut in two by a 20 m building (two 3,600 m²
/// plots): 4 parts, 3 candidates, each at its plot's centre.
@Suite struct VacantLandSiteTests {
    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ props: String = "{}") -> String {
        let ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)].map { "[\(500_000 + $0.0),\(3_400_000 + $0.1)]" }.joined(separator: ",")
        return "{\"type\":\"Feature\",\"properties\":\(props),\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(ring)]]}}"
    }
    static func point(_ x: Double, _ y: Double, _ props: String) -> String {
        "{\"type\":\"Feature\",\"properties\":\(props),\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(500_000 + x),\(3_400_000 + y)]}}"
    }
    static func write(_ dir: URL, _ name: String, _ features: [String]) throws -> String {
        let text =
            "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32650\"}},\"features\":[\(features.joined(separator: ","))]}"
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func job(_ dir: URL, count: Int, capacity: Double? = nil) throws -> SiteJob {
        let land = try Self.write(dir, "land.geojson", [Self.square(0, 0, 60, 60), Self.square(100, 0, 115, 15), Self.square(0, 100, 200, 140)])
        let buildings = try Self.write(dir, "buildings.geojson", [Self.square(90, 95, 110, 145)])
        let residents = try Self.write(
            dir, "residents.geojson",
            [
                Self.point(30, 30, "{\"pop\":100}"), Self.point(155, 120, "{\"pop\":50}"), Self.point(45, 120, "{\"pop\":20}"),
                Self.point(1000, 1000, "{\"pop\":7}"),
            ])
        let facilities = try Self.write(dir, "facilities.geojson", [Self.point(1000, 1000, "{\"kind\":\"clinic\"}")])
        var inputs = CoverageJob(network: nil, residents: InputSource(path: residents), facilities: [InputSource(path: facilities)])
        inputs.weightField = "pop"
        inputs.categoryField = "kind"
        inputs.config = CoverageConfig(metric: .euclidean, maxSnap: 100)
        var j = SiteJob(inputs: inputs, category: "clinic", objective: .count(count))
        var v = VacantLand(land: InputSource(path: land))
        v.buildings = InputSource(path: buildings)
        j.vacantLand = v
        j.radius = 60
        j.capacity = capacity
        return j
    }

    @Test func carvedCandidatesAndChoice() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try job(dir, count: 2).run().summary
        #expect(s.candidates.source == "vacant_land")
        #expect(s.candidates.landParts == 4)
        #expect(s.candidates.total == 3)
        #expect(s.servedWeightBefore == 7)
        // Each resident is within 60 m of its own plot only: the square (100) and the strip's east half (50).
        #expect(s.exactValue == 150 && s.greedyValue == 150)
        #expect(s.exact.sites.map(\.inputRow) == [1, 3])
        #expect(abs(s.exact.sites[0].x - 500_030) < 1e-6 && abs(s.exact.sites[0].y - 3_400_030) < 1e-6)
        #expect(abs(s.exact.sites[1].x - 500_155) < 1e-6 && abs(s.exact.sites[1].y - 3_400_120) < 1e-6)
        #expect(abs(s.exact.shareAfter - 157.0 / 177.0) < 1e-12)
    }

    @Test func carvedCandidatesWithCapacity() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try job(dir, count: 2, capacity: 60).run().summary
        // 60 of the square's 100, all 50 of the east half: 110; 40 left over by capacity.
        #expect(s.exactValue == 110 && s.greedyValue == 110)
        #expect(s.exact.unservedByCapacityWeight == 40)
        #expect(s.exact.sites.map(\.servedWeight) == [60, 50])
        #expect(s.exact.sites.map(\.assignedWeight) == [100, 50])
        #expect(s.capacity == 60)
    }

    @Test func landOptionsNeedLand() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var j = try job(dir, count: 1)
        j.gridSpacing = 50
        #expect(throws: OptionError.self) { try j.validate() }
        j.gridSpacing = nil
        j.vacantLand?.minArea = -1
        #expect(throws: OptionError.self) { try j.validate() }
        j.vacantLand?.minArea = 400
        j.capacity = 0
        #expect(throws: OptionError.self) { try j.validate() }
    }
}
