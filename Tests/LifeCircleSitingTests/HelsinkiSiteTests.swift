import Foundation
import LifeCircleCoverage
import LifeCircleIO
import TestSupport
import Testing

@testable import LifeCircleSiting

/// Siting on the Helsinki extract: the share served before equals coverage's
/// own share for the category at its tier (a separate search), and the
/// chosen sites' gains add up to the exact value.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: TestData.helsinkiPBF), "geodata/Helsinki.osm.pbf absent: skipping"))
struct HelsinkiSiteTests {
    func inputs() -> CoverageJob {
        let pbf = TestData.helsinkiPBF
        var job = CoverageJob(
            network: .init(path: pbf), residents: .init(path: pbf, layer: "multipolygons", filter: "building IS NOT NULL"),
            facilities: [.init(path: pbf)])
        job.buildingPopulation = .init(defaultLevels: 5, floorAreaPerPerson: 40)
        job.preset = "gb50180"
        return job
    }

    @Test func beforeShareMatchesCoverage() throws {
        let coverage = try inputs().run().summary
        let cat = try #require(coverage.category("elderly_day_care"))
        let tier = try #require(cat.tierM)
        let share = try #require(cat.tiers.first { $0.tierM == tier }).share
        var job = SiteJob(inputs: inputs(), category: "elderly_day_care", objective: .count(3))
        job.gridSpacing = 150
        let s = try job.run().summary
        #expect(s.radiusM == tier)
        #expect(abs(s.shareBefore - share) < 1e-12)
        #expect(s.exact.status == "optimal")
        #expect(s.exactValue >= s.greedyValue)
        let gains = s.exact.sites.compactMap(\.marginalGain).reduce(0, +)
        #expect(abs(gains - s.exactValue) <= 1e-9 * s.exactValue)
        #expect(abs(s.exact.shareAfter - (s.servedWeightBefore + s.exactValue) / s.residentWeight) < 1e-12)
    }
}
