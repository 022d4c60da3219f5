import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import Testing

@testable import LifeCircleCoverage

/// Issue 3 req 12: the Huilongguan community plan scored as its authors do —
/// residential parcels (type 4) weight 1, straight-line centroid distances to
/// business (5), office (6), school (9), hospital (10 and 11 together) and
/// recreation (12). Only features with `existence` true are used; in this
/// file every facility polygon has existence true, so the reading is the
/// same either way. Mean category share 0.40 / 0.71 / 1.00 at 300/500/1000 m.
@Suite struct BeijingHuilongguanTests {
    static let path = "beijing_hlg/hlg.geojson"

    @Test(.enabled(if: hasGeodata(path), "../shared/geodata/beijing_hlg absent: skipping"))
    func euclideanCentroidSharesMatchThePaper() throws {
        let table = try LayerReader.read(geodata(Self.path), ReadOptions(declaredCRS: .local))
        let types = try table.doubles("type"), exists = try table.doubles("existence")
        let groups: [(String, Set<Int>)] = [("business", [5]), ("office", [6]), ("school", [9]), ("hospital", [10, 11]), ("recreation", [12])]
        var residentAreas: [GeometryValue?] = []
        var facilities = [[Coordinate]](repeating: [], count: groups.count)
        var shells: [[Coordinate]] = [], facShells = [[[Coordinate]]](repeating: [], count: groups.count)
        for i in 0..<table.count {
            guard let g = table.geometries[i], case .polygon(let rings) = g, exists[i] == 1, let t = types[i].map({ Int($0) }) else { continue }
            if t == 4 { residentAreas.append(g); shells.append(rings[0]) }
            for (k, grp) in groups.enumerated() where grp.1.contains(t) { facShells[k].append(rings[0]) }
        }
        #expect(residentAreas.count == 20)
        for k in groups.indices { facilities[k] = try ResidentPoints.points(of: facShells[k].map { .polygon([$0]) }, mode: .centroid).map { $0! } }
        let residents = try ResidentPoints.points(of: residentAreas, mode: .centroid).map { $0! }
        let input = CoverageInput(
            network: nil, residents: residents, residentAreas: residentAreas,
            categories: groups.enumerated().map { CoverageCategory(id: $1.0, facilities: facilities[$0]) }, crsName: "local")
        let result = try CoverageAnalysis.run(input, CoverageConfig(metric: .euclidean, serviceAreas: true, gaps: true, facilityCounts: true))
        let s = result.summary
        #expect(abs(s.tier(300)!.meanCategoryShare - 0.40) < 1e-12)
        #expect(abs(s.tier(500)!.meanCategoryShare - 0.71) < 1e-12)
        #expect(abs(s.tier(1000)!.meanCategoryShare - 1.00) < 1e-12)
        #expect(s.tier(300)!.allCategoriesWeight == 1 && s.tier(500)!.allCategoriesWeight == 6 && s.tier(1000)!.allCategoriesWeight == 20)
        #expect(s.category("school")!.tiers[0].coveredWeight == 10)
        #expect(s.category("hospital")!.tiers[1].coveredWeight == 12)

        // Independent check: shoelace centroids and brute-force distances.
        let rc = shells.map(shellCentroid)
        let fc = facShells.map { $0.map(shellCentroid) }
        for (t, limit) in [300.0, 500, 1000].enumerated() {
            var sum = 0.0
            for r in rc { sum += Double(fc.filter { f in f.contains { $0.distance(to: r) <= limit } }.count) / 5 }
            #expect(abs(sum / 20 - s.tiers[t].meanCategoryShare) < 1e-12)
        }
        for c in 0..<5 {
            for r in 0..<20 {
                let d = fc[c].map { $0.distance(to: rc[r]) }.min()!
                #expect(d > 1000 ? result.distances[c][r] == .infinity : abs(result.distances[c][r] - d) < 1e-9)
                for (t, limit) in [300.0, 500, 1000].enumerated() {
                    #expect(Int(result.counts[c][t * 20 + r]) == fc[c].filter { $0.distance(to: rc[r]) <= limit }.count)
                }
            }
        }
        // Euclidean service areas are tier discs; gaps are uncovered parcels.
        #expect(result.serviceAreas.count == 15)
        let gap300 = result.gaps.first { $0.category == nil && $0.tierDistance == 300 }!
        #expect(gap300.area > 0)
        #expect(!result.gaps.contains { $0.category == nil && $0.tierDistance == 1000 })
        let json = String(decoding: try s.jsonData(), as: UTF8.self)
        #expect(json.contains("\"mean_category_share\" : 0.71"))
    }
}
