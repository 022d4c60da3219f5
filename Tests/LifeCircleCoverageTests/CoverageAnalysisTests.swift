import Foundation
import LifeCircleGeometry
import LifeCircleNetwork
import Testing

@testable import LifeCircleCoverage

@Suite struct CoverageAnalysisTests {
    /// A 1 km street with a 500 m side street at x = 1000.
    func lNetwork() throws -> WalkNetwork {
        try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(1000, 0)], [Coordinate(1000, 0), Coordinate(1000, 500)]])
    }

    @Test func networkDistancesSharesAndServiceArea() throws {
        let net = try lNetwork()
        // Residents: on the street at x = 100, 450, 900, up the side street at y = 300, one 150 m off (unsnapped).
        let residents = [Coordinate(100, 10), Coordinate(450, -20), Coordinate(900, 5), Coordinate(1010, 300), Coordinate(500, 150)]
        let weights = [1.0, 2, 3, 4, 5]
        let cats = [
            CoverageCategory(id: "school", tier: 2, facilities: [Coordinate(500, 0)]),
            CoverageCategory(id: "shop", tier: 0, facilities: [Coordinate(950, 0), Coordinate(5000, 5000)]),
        ]
        let input = CoverageInput(network: net, residents: residents, weights: weights, categories: cats, crsName: "test")
        let r = try CoverageAnalysis.run(input, CoverageConfig(serviceAreas: true, gaps: true, facilityCounts: true))
        // school at 500: 10+400, 20+50, 5+400, 10+500+300 = 810, unsnapped.
        let expSchool = [410.0, 70, 405, 810, .infinity]
        let expShop: [Double] = [860, 520, 55, 360, .infinity]
        for i in 0..<5 {
            #expect(r.distances[0][i] == expSchool[i] || abs(r.distances[0][i] - expSchool[i]) < 1e-9)
            #expect(r.distances[1][i] == expShop[i] || abs(r.distances[1][i] - expShop[i]) < 1e-9)
        }
        let s = r.summary
        #expect(s.totals.residentsUnsnapped == 1 && s.totals.facilitiesUnsnapped == 1)
        #expect(s.totals.residentWeight == 15)
        // school, 1000 m tier: weights 1+2+3+4 of 15.
        #expect(abs(s.category("school")!.tiers[2].share - 10.0 / 15) < 1e-12)
        // shop at 300 m: only resident 3 (55 m).
        #expect(s.category("shop")!.tiers[0].coveredWeight == 3)
        // Tier 300 has only "shop"; tier 1000 only "school".
        #expect(s.tiers[0].categories == ["shop"] && s.tiers[2].categories == ["school"])
        #expect(abs(s.tiers[0].allCategoriesShare - 3.0 / 15) < 1e-12)
        #expect(s.tiers[1].categories.isEmpty && s.tiers[1].meanCategoryShare == 0)
        // Counts: shop within 1000 m for residents 1..3 (1 facility each), school within 500 m for residents 0? 410 yes.
        #expect(r.counts[0][0 * 5 + 1] == 1 && r.counts[0][1 * 5 + 0] == 1 && r.counts[0][2 * 5 + 3] == 1 && r.counts[0][1 * 5 + 3] == 0)
        // Service areas: each category at its own tier only.
        #expect(r.serviceAreas.map { "\($0.category!)@\($0.tierDistance)" }.sorted() == ["school@1000.0", "shop@300.0"])
        // Gap points: residents not within 300 m of a shop.
        let gap = r.gaps.first { $0.category == "shop" && $0.tierDistance == 300 }!
        #expect(gap.geometry.pointParts.count == 4)
        let json = try JSONSerialization.jsonObject(with: s.jsonData()) as! [String: Any]
        #expect(Array(json.keys).count == 14)
        #expect(
            (json["timings_s"] as! [[String: Any]]).map { $0["stage"] as! String } == [
                "snap", "search", "facility_counts", "summary", "service_areas", "gaps",
            ])
    }

    @Test func serviceAreaIsTheBufferedReachableStretch() throws {
        // A 1 km street; a facility at 500 m reaches 200..800 m within 300 m.
        let net = try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(400, 0), Coordinate(1000, 0)]])
        let input = CoverageInput(
            network: net, residents: [Coordinate(100, 5)], categories: [CoverageCategory(id: "a", facilities: [Coordinate(500, 0)])])
        let r = try CoverageAnalysis.run(input, CoverageConfig(tiers: [300, 1000], serviceAreas: true))
        let sa = r.serviceAreas.first { $0.tierDistance == 300 }!
        // 600 m x 50 m plus the two round caps (a 16-gon: 4 segments a quadrant).
        let capArea = 0.5 * 16 * 25 * 25 * sin(2 * Double.pi / 16)
        #expect(abs(sa.area - (600 * 50 + capArea)) < 1e-6)
        #expect(sa.geometry.envelope.minX == 175 && sa.geometry.envelope.maxX == 825)
        let whole = r.serviceAreas.first { $0.tierDistance == 1000 }!
        #expect(abs(whole.area - (1000 * 50 + capArea)) < 1e-6)
    }

    @Test func zonesBreakDownTheShares() throws {
        let net = try lNetwork()
        let residents = [Coordinate(100, 0), Coordinate(900, 0)]
        let cats = [CoverageCategory(id: "a", facilities: [Coordinate(0, 0)])]
        let input = CoverageInput(network: net, residents: residents, residentZone: [0, 1], zoneNames: ["west", "east"], categories: cats)
        let r = try CoverageAnalysis.run(input, CoverageConfig(tiers: [300], serviceAreas: false, gaps: false))
        #expect(r.summary.zones.map(\.zone) == ["west", "east"])
        #expect(r.summary.zones[0].tiers[0].allCategoriesShare == 1 && r.summary.zones[1].tiers[0].allCategoriesShare == 0)
        #expect(r.summary.tiers[0].meanCategoryShare == 0.5)
    }

    @Test func badInputIsAClearError() throws {
        let net = try lNetwork()
        let cats = [CoverageCategory(id: "a", facilities: [Coordinate(0, 0)])]
        func run(_ input: CoverageInput, _ cfg: CoverageConfig = CoverageConfig()) throws { _ = try CoverageAnalysis.run(input, cfg) }
        #expect(throws: (any Error).self) { try run(CoverageInput(network: net, residents: [Coordinate(0, 0)], weights: [-1], categories: cats)) }
        #expect(throws: (any Error).self) { try run(CoverageInput(network: net, residents: [Coordinate(0, 0)], weights: [.nan], categories: cats)) }
        #expect(throws: (any Error).self) { try run(CoverageInput(network: nil, residents: [Coordinate(0, 0)], categories: cats)) }
        #expect(throws: (any Error).self) { try run(CoverageInput(network: net, residents: [], categories: cats)) }
        #expect(throws: (any Error).self) {
            try run(CoverageInput(network: net, residents: [Coordinate(0, 0)], categories: cats), CoverageConfig(tiers: [500, 300]))
        }
        // No facility of a category: a warning, not an error.
        let r = try CoverageAnalysis.run(
            CoverageInput(network: net, residents: [Coordinate(0, 0)], categories: [CoverageCategory(id: "none", facilities: [])]), CoverageConfig())
        #expect(r.summary.warnings.contains { $0.contains("'none' has no facility") })
        #expect(r.summary.categories[0].unreachableResidents == 1)
    }

    @Test func buildingPopulation() throws {
        let sq: GeometryValue = .polygon([[Coordinate(0, 0), Coordinate(20, 0), Coordinate(20, 10), Coordinate(0, 10), Coordinate(0, 0)]])
        let pop = try ResidentPoints.buildingPopulation(footprints: [sq, sq, nil], levels: [6, nil, 3], defaultLevels: 3, floorAreaPerPerson: 40)
        let expected: [Double] = [30, 15, 0]
        #expect(pop == expected)
    }
}

@Suite struct PresetTests {
    @Test func builtInGB50180() throws {
        let p = try LifeCirclePreset.load("gb50180")
        #expect(p.tiers.map(\.distanceM) == [300, 500, 1000])
        #expect(p.categories.count == 18)
        #expect(p.categories.filter { $0.tier == "15min" }.count == 7)
        #expect(p.categories.filter { $0.tier == "10min" }.count == 2)
        #expect(p.categories.filter { $0.tier == "5min" }.count == 9)
        #expect(p.categories.allSatisfy { $0.nameZh != nil && $0.name != nil && !($0.osm ?? []).isEmpty })
        #expect(p.categories.first { $0.id == "middle_school" }?.nameZh == "初中")
        let m = OSMTagMatcher(categories: p.categories)
        let ids = { (tags: [String: String]) in m.categories(for: tags).map { p.categories[$0].id } }
        #expect(ids(["amenity": "school"]) == ["middle_school", "primary_school"])
        #expect(ids(["amenity": "social_facility", "social_facility:for": "senior"]) == ["elderly_day_care"])
        #expect(ids(["amenity": "social_facility"]).isEmpty)
        #expect(ids(["amenity": "toilets"]) == ["toilets"])
    }

    @Test func badPresetsAreNamed() {
        #expect(throws: CoverageError.self) { try LifeCirclePreset.load("/nonexistent/preset.yaml") }
        #expect(throws: CoverageError.self) {
            try LifeCirclePreset.parse(yaml: "name: x\ntiers: [{id: a, distance_m: 300}]\ncategories: [{id: c, tier: b}]", source: "x.yaml")
        }
    }
}
