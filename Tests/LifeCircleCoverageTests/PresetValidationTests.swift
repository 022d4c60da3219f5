import Foundation
import LifeCircleCoverage
import TestSupport
import Testing

/// A preset's OSM filter with a clause of no tag key (`shop=*,=`) used to
/// trap while the matcher split it; it is now refused when the preset loads.
@Suite struct PresetValidationTests {
    @Test func clauseWithoutKeyIsRefused() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("bad.yaml").path
        try """
        name: bad
        tiers:
          - {id: t, distance_m: 300}
        categories:
          - {id: shop, name: Shop, tier: t, osm: ["shop=*,="]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let e = #expect(throws: CoverageError.self) { try LifeCirclePreset.load(path) }
        #expect(e?.message.contains("without a tag key") == true)
        #expect(e?.message.contains("shop") == true)
    }
}
