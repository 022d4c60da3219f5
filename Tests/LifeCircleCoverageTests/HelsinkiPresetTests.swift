import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleCoverage

let helsinkiPBF: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("geodata/Helsinki.osm.pbf").path

/// The whole pipeline on the embedded Helsinki extract: OSM walking network,
/// buildings as residents with estimated population, facilities from OSM
/// tags through the gb50180 preset.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: helsinkiPBF), "geodata/Helsinki.osm.pbf absent: skipping"))
struct HelsinkiPresetTests {
    @Test func osmFacilitiesThroughThePreset() throws {
        var job = CoverageJob(
            network: .init(path: helsinkiPBF),
            residents: .init(path: helsinkiPBF, layer: "multipolygons", filter: "building IS NOT NULL"),
            facilities: [.init(path: helsinkiPBF)])
        job.buildingPopulation = .init(defaultLevels: 5, floorAreaPerPerson: 40)
        job.preset = "gb50180"
        job.config.serviceAreas = true
        job.config.gaps = false
        let r = try job.run()
        let s = r.summary
        print("Helsinki timings:", s.timingsS.map { "\($0.stage) \(String(format: "%.2f", $0.seconds))" }.joined(separator: ", "))
        #expect(s.crs.contains("32635"))
        #expect(s.categories.count == 18)
        #expect(s.tiersM == [300, 500, 1000])
        #expect(s.totals.residents > 100 && s.totals.residentWeight > 0)
        #expect(s.category("toilets")!.facilities > 0)
        #expect(s.network!.edges > 100)
        // Invariants: per tier, the mean category share is the mean of the
        // tier's category shares, and no more residents reach all categories
        // than reach the hardest one.
        for (t, tier) in s.tiers.enumerated() {
            let shares = tier.categories.map { s.category($0)!.tiers[t].share }
            #expect(abs(tier.meanCategoryShare - shares.reduce(0, +) / Double(shares.count)) < 1e-12)
            #expect(tier.allCategoriesShare <= shares.min()! + 1e-12)
        }
        // Every tier has its own categories: 9 / 2 / 7.
        #expect(s.tiers.map(\.categories.count) == [9, 2, 7])
        // One service area per category with a snapped facility, at its own tier.
        let withFacilities = r.categories.indices.filter { c in r.facilitySnap[c].contains { $0.isSnapped } }
        #expect(r.serviceAreas.count == withFacilities.count)
        for c in withFacilities {
            let sa = r.serviceAreas.filter { $0.category == r.categories[c].id }
            #expect(sa.count == 1 && sa[0].tierIndex == r.categories[c].tier)
            #expect(sa[0].area > 0)
        }
    }
}
