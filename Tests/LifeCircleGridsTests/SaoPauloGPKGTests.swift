import Foundation
import LifeCircleGeometry
import LifeCircleIO
import TestSupport
import Testing

@testable import LifeCircleGrids

/// Issue 4 req 10: the São Paulo hex cells (GeoPackage, UTM 23S) into 10 grids.
/// Contiguity and balance are checked independently: adjacency from shared
/// polygon vertices (not GEOS), sums by plain addition of the layer's column.
@Suite struct SaoPauloGPKGTests {
    static let path = TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg")

    struct Key: Hashable { var x: Int64; var y: Int64 }

    /// Hexes that share an edge share two vertices (rounded to the centimetre).
    static func vertexAdjacency(_ geoms: [GeometryValue]) -> [(Int, Int)] {
        var owners: [Key: [Int]] = [:]
        for (i, g) in geoms.enumerated() {
            var seen = Set<Key>()
            g.forEachCoordinate { c in
                let k = Key(x: Int64((c.x * 100).rounded()), y: Int64((c.y * 100).rounded()))
                if seen.insert(k).inserted { owners[k, default: []].append(i) }
            }
        }
        var shared: [Int64: Int] = [:]
        for (_, us) in owners where us.count > 1 {
            for a in 0..<us.count {
                for b in (a + 1)..<us.count {
                    let (p, q) = (min(us[a], us[b]), max(us[a], us[b]))
                    shared[Int64(p) << 32 | Int64(q), default: 0] += 1
                }
            }
        }
        return shared.filter { $0.value >= 2 }.keys.sorted().map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }

    @Test(.requiresSharedData) func tenGridsContiguousWithinFivePercent() throws {
        let table = try LayerReader.read(Self.path)
        #expect(table.count == 323)
        let pop = try table.doubles("population").map { $0 ?? 0 }
        #expect(pop.reduce(0, +) == 517_570)
        let geoms = table.geometries.map { $0! }
        let built = try UnitGraphBuilder.build(UnitInput(geometries: geoms, weights: [pop], weightNames: ["population"]))
        let mine = Self.vertexAdjacency(geoms)
        #expect(built.graph.edges.count == mine.count)
        let plan = try GridPartitioner.partition(graph: built.graph, options: GridPartitionOptions(count: .total(10)).oneStart())
        #expect(plan.gridCount == 10)
        let pieces = Check.pieces(unitCount: 323, edges: mine, assignment: plan.assignment)
        #expect(pieces.count == 10)
        #expect(pieces.values.allSatisfy { $0 == 1 })
        let sums = Check.sums(pop, plan.assignment)
        let ideal = 51_757.0
        for (_, s) in sums { #expect(abs(s - ideal) / ideal <= 0.05) }
        #expect(sums.values.reduce(0, +) == 517_570)
        // Codes 001…010, numbered north-west first.
        #expect(plan.gridCodes.sorted() == (1...10).map { String(format: "%03d", $0) })
        // Dissolved grids: one polygon each, areas adding up to the cells'.
        let polys = try GridDissolver.dissolve(cells: built.cells, assignment: plan.assignment, gridCount: 10)
        #expect(polys.allSatisfy { $0?.polygonParts.count == 1 })
        let cellArea = try geoms.reduce(0.0) { $0 + (try Geometry($1).area) }
        let gridArea = try polys.reduce(0.0) { $0 + (try Geometry($1!).area) }
        #expect(abs(cellArea - gridArea) / cellArea < 1e-9)
    }
}
