import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

/// Issue 14, requirement 4: barrier lines cut territories apart.
@Suite struct TerritoryBarriersTests {
    /// Two rows of three 10 × 10 m buildings, 10 m apart along a row and 30 m
    /// apart across (rows y 0–10 and y 40–50), inside a 50 × 50 m study area.
    static let units: [GeometryValue] = [0.0, 40].flatMap { y in [0.0, 20, 40].map { x in TerritoryAndSearchTests.rect(x, y, 10, 10) } }
    static let area = TerritoryAndSearchTests.rect(0, 0, 50, 50)
    static func input() -> UnitInput { UnitInput(geometries: units, weights: [[1, 1, 1, 1, 1, 1]], weightNames: ["households"]) }
    static func pairs(_ g: UnitGraph, barrier: Bool) -> Set<[Int]> {
        Set(g.edges.filter { $0.crossesBarrier == barrier }.map { [min($0.a, $0.b), max($0.a, $0.b)] })
    }

    /// Without barriers the territories meet along x = 15, 35 (within a row) and
    /// y = 25 (across): seven adjacencies. A street along y = 25 takes away
    /// exactly the three across it; one along y = 25 that stops at x = 22 takes
    /// away only 0–3, whose shared boundary (x 0–15) it covers: 1–4 still share
    /// x 22.5–35 of theirs.
    @Test func aStreetBetweenTwoRowsRemovesTheAdjacenciesAcrossIt() throws {
        let within: Set<[Int]> = [[0, 1], [1, 2], [3, 4], [4, 5]]
        let across: Set<[Int]> = [[0, 3], [1, 4], [2, 5]]
        let free = try UnitGraphBuilder.build(Self.input(), options: AdjacencyOptions(rule: .territory), studyArea: Self.area)
        #expect(Self.pairs(free.graph, barrier: false) == within.union(across))
        #expect(Self.pairs(free.graph, barrier: true).isEmpty)

        let street = GeometryValue.lineString([Coordinate(-10, 25), Coordinate(60, 25)])
        let cut = try UnitGraphBuilder.build(
            Self.input(), options: AdjacencyOptions(rule: .territory), studyArea: Self.area, barriers: [street])
        #expect(Self.pairs(cut.graph, barrier: false) == within)
        #expect(Self.pairs(cut.graph, barrier: true) == across)
        // The grid polygons are the whole territories still: they tile the study area.
        let cells = try cut.cells.map { try Geometry($0) }
        let sum = try cells.reduce(0.0) { $0 + (try $1.area) }
        let union = try Geometry.unionAll(cells).area
        #expect(abs(sum - 2500) < 1e-6 && abs(union - 2500) < 1e-6)

        let deadEnd = GeometryValue.lineString([Coordinate(-10, 25), Coordinate(22, 25)])
        let part = try UnitGraphBuilder.build(
            Self.input(), options: AdjacencyOptions(rule: .territory), studyArea: Self.area, barriers: [deadEnd])
        #expect(Self.pairs(part.graph, barrier: true) == [[0, 3]])
        #expect(Self.pairs(part.graph, barrier: false) == within.union([[1, 4], [2, 5]]))
    }

    /// Cut into two rows by the street, the graph has two components of three
    /// households: two grids go one to each row, no barrier is relaxed, and the
    /// summary counts the three adjacencies the street removed.
    @Test func componentsSplitByABarrierGetTheirOwnGrids() throws {
        let street = GeometryValue.lineString([Coordinate(-10, 25), Coordinate(60, 25)])
        let built = try UnitGraphBuilder.build(
            Self.input(), options: AdjacencyOptions(rule: .territory), studyArea: Self.area, barriers: [street])
        let plan = try GridPartitioner.partition(graph: built.graph, options: GridPartitionOptions(count: .total(2), tolerance: 0).oneStart())
        #expect(plan.relaxedBarriers.isEmpty && plan.bridges.isEmpty)
        #expect(Set(plan.assignment[0..<3]).count == 1 && Set(plan.assignment[3..<6]).count == 1)
        #expect(plan.assignment[0] != plan.assignment[3])
        #expect(plan.metrics.noncontiguousGrids == 0 && plan.metrics.maxAbsDeviation == 0)
        let summary = GridsSummary(command: "partition", plan: plan, graph: built.graph, tolerance: 0, crs: nil, issues: [])
        #expect(summary.barrierAdjacencies == 3)
        #expect(summary.relaxedBarriers.isEmpty)
    }
}
