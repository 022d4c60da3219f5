import Foundation
import LifeCircleGeometry
import LifeCircleNetwork
import Testing

@testable import LifeCircleGrids

@Suite struct GeometryUnitsTests {
    static func square(_ x: Double, _ y: Double, _ s: Double = 1) -> GeometryValue {
        .polygon([[Coordinate(x, y), Coordinate(x + s, y), Coordinate(x + s, y + s), Coordinate(x, y + s), Coordinate(x, y)]])
    }

    /// 3 rows × 4 columns of unit squares, row 0 on top (y from 2 to 3).
    static func squares() -> [GeometryValue] {
        (0..<12).map { u in square(Double(u % 4), Double(2 - u / 4)) }
    }

    @Test func rookAdjacencyFromSquares() throws {
        let built = try UnitGraphBuilder.build(
            UnitInput(geometries: Self.squares(), weights: [[Double](repeating: 1, count: 12)], weightNames: ["w"]))
        let g = built.graph
        #expect(g.edges.count == 17)  // 3·3 horizontal + 2·4 vertical
        #expect(g.edges.allSatisfy { abs($0.length - 1) < 1e-12 })
        #expect(g.area.allSatisfy { abs($0 - 1) < 1e-12 } && g.perimeter.allSatisfy { abs($0 - 4) < 1e-12 })
        // Queen adds the 2·3·2 = 12 diagonal contacts, with length 0.
        let queen = try UnitGraphBuilder.build(
            UnitInput(geometries: Self.squares(), weights: [[Double](repeating: 1, count: 12)], weightNames: ["w"]),
            options: AdjacencyOptions(rule: .queen)
        ).graph
        #expect(queen.edges.count == 29)
        #expect(queen.edges.filter { $0.length == 0 }.count == 12)
    }

    @Test func dissolvedHandPlanMetrics() throws {
        let built = try UnitGraphBuilder.build(
            UnitInput(geometries: Self.squares(), weights: [[Double](repeating: 1, count: 12)], weightNames: ["w"]))
        let a: [Int32] = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 2]
        let polys = try GridDissolver.dissolve(cells: built.cells, assignment: a, gridCount: 4)
        var m = GridEvaluator.evaluate(graph: built.graph, assignment: a, gridCodes: ["A", "B", "C", "D"])
        try GridDissolver.addGeometryMetrics(&m, polygons: polys)
        // 2×2 square: Reock = 4 / (π·2) = 2/π; hull ratio 1.
        #expect(abs(m.grids[0].reock! - 2 / Double.pi) < 1e-6)
        #expect(abs(m.grids[0].convexHullRatio! - 1) < 1e-9)
        // C = a 2×1 bar and a separate unit square on one row: hull 4 × 1, ratio 3/4; two pieces.
        #expect(m.grids[2].dissolvedPieces == 2)
        #expect(abs(m.grids[2].convexHullRatio! - 0.75) < 1e-9)
        // Its enclosing circle spans the 4 × 1 row: radius √17 / 2.
        #expect(abs(m.grids[2].reock! - 3 / (Double.pi * 17 / 4)) < 1e-6)
        // The unit square D: Reock 1 / (π/2) = 2/π.
        #expect(abs(m.grids[3].reock! - 2 / Double.pi) < 1e-6)
        // The dissolved polygons' perimeters match the graph's accounting.
        for (i, p) in polys.enumerated() { #expect(abs(try Geometry(p!).length - m.grids[i].perimeter) < 1e-9) }
    }

    @Test func voronoiUnitsFromPoints() throws {
        // 4 × 4 points at cell centres of a 4 × 4 study square: the cells are the unit squares.
        let pts = (0..<16).map { GeometryValue.point(Coordinate(Double($0 % 4) + 0.5, Double($0 / 4) + 0.5)) }
        let area = Self.square(0, 0, 4)
        let built = try UnitGraphBuilder.build(
            UnitInput(geometries: pts, weights: [[Double](repeating: 1, count: 16)], weightNames: ["w"]),
            studyArea: area)
        #expect(built.graph.area.allSatisfy { abs($0 - 1) < 1e-9 })
        #expect(built.graph.edges.count == 24)
        #expect(abs(built.graph.area.reduce(0, +) - 16) < 1e-9)
    }

    @Test func barrierMarksCrossingAdjacencies() throws {
        // A line between columns 1 and 2 (x = 2) from top to bottom.
        let barrier = GeometryValue.lineString([Coordinate(2, -1), Coordinate(2, 4)])
        let built = try UnitGraphBuilder.build(
            UnitInput(geometries: Self.squares(), weights: [[Double](repeating: 1, count: 12)], weightNames: ["w"]),
            barriers: [barrier])
        let crossing = built.graph.edges.filter(\.crossesBarrier)
        #expect(crossing.count == 3)
        #expect(crossing.allSatisfy { $0.a % 4 == 1 && $0.b == $0.a + 1 })
    }

    @Test func overlappingUnitsAreNamed() throws {
        var geoms = Self.squares()
        geoms.append(Self.square(0.5, 2.5))  // overlaps units 0, 1, 4, 5... (12)
        let built = try UnitGraphBuilder.build(
            UnitInput(
                geometries: geoms, weights: [[Double](repeating: 1, count: 13)], weightNames: ["w"],
                ids: (0..<13).map { "u\($0)" }))
        let issue = built.issues.first { $0.kind == .overlappingUnits }
        #expect(issue?.units.contains(12) == true)
        #expect(issue?.message.contains("u12") == true)
    }

    @Test func gapsBetweenFootprintsAreBridged() throws {
        let a = Self.square(0, 0), b = Self.square(1.1, 0)  // 0.1 apart
        let exact = try UnitGraphBuilder.build(UnitInput(geometries: [a, b], weights: [[1, 1]], weightNames: ["w"]))
        #expect(exact.graph.edges.isEmpty)
        let bridged = try UnitGraphBuilder.build(
            UnitInput(geometries: [a, b], weights: [[1, 1]], weightNames: ["w"]),
            options: AdjacencyOptions(gapTolerance: 0.3))
        #expect(bridged.graph.edges.count == 1)
        // Neighbours, but no shared boundary: perimeters stay those of the two squares.
        #expect(bridged.graph.edges[0].length == 0)
        let m = GridEvaluator.evaluate(graph: bridged.graph, assignment: [0, 0], gridCodes: ["001"])
        #expect(abs(m.grids[0].perimeter - 8) < 1e-9)
        #expect(abs(m.grids[0].polsbyPopper! - 4 * Double.pi * 2 / 64) < 1e-9)
    }
}

@Suite struct PointUnitsTests {
    /// 12 × 12 address points, weight 1, in a 12 × 12 study square → 4 grids of 36:
    /// Voronoi cells are unit squares, so the dissolved grids tile the square.
    @Test func pointsIntoGapFreeGrids() throws {
        let pts = (0..<144).map { GeometryValue.point(Coordinate(Double($0 % 12) + 0.5, Double($0 / 12) + 0.5)) }
        let area = GeometryUnitsTests.square(0, 0, 12)
        let built = try UnitGraphBuilder.build(
            UnitInput(geometries: pts, weights: [[Double](repeating: 1, count: 144)], weightNames: ["w"]),
            studyArea: area)
        let plan = try GridPartitioner.partition(graph: built.graph, options: GridPartitionOptions(count: .total(4), tolerance: 0).oneStart())
        let sums = Check.sums(built.graph.weights[0], plan.assignment)
        #expect(sums.values.allSatisfy { $0 == 36 })
        let polys = try GridDissolver.dissolve(cells: built.cells, assignment: plan.assignment, gridCount: 4)
        let areas = try polys.map { try Geometry($0!).area }
        #expect(areas.allSatisfy { abs($0 - 36) < 1e-9 })
        let union = try Geometry.unionAll(polys.map { try Geometry($0!) })
        #expect(abs(try union.area - 144) < 1e-9)
        // Non-overlapping: pairwise intersections have no area.
        for i in 0..<4 {
            for j in (i + 1)..<4 {
                #expect(try Geometry(polys[i]!).intersection(Geometry(polys[j]!)).area < 1e-9)
            }
        }
    }
}

@Suite struct NetworkAdjacencyTests {
    /// One street along y = 0 with a node every 100 m, a second street at y = 500
    /// (one edge, a vertex every 100 m) not connected to it. Units at x = 50, 250, 450
    /// on the first street and one on the second.
    @Test func neighboursAlongTheStreetOnly() throws {
        let street = (0...10).map { Coordinate(Double($0) * 100, 0) }
        let lines = (0..<10).map { [street[$0], street[$0 + 1]] } + [(0...10).map { Coordinate(Double($0) * 100, 500) }]
        let net = try NetworkBuilder.build(lines: lines)
        let pts = [Coordinate(50, 10), Coordinate(250, 10), Coordinate(450, 10), Coordinate(250, 490)]
        let r = NetworkAdjacency.edges(points: pts, network: net, maxWalk: 400)
        let pairs = Set(r.edges.map { [min($0.a, $0.b), max($0.a, $0.b)] })
        // 0–1 and 1–2 are a short walk apart; 0–2 passes unit 1; unit 3 is on another street.
        #expect(pairs == [[0, 1], [1, 2]])
        #expect(r.unsnapped.isEmpty)
        let short = NetworkAdjacency.edges(points: pts, network: net, maxWalk: 150)
        #expect(short.edges.isEmpty)
        let far = NetworkAdjacency.edges(points: pts + [Coordinate(5000, 5000)], network: net, maxWalk: 400)
        #expect(far.unsnapped == [4])
    }
}

@Suite struct ClippingTests {
    @Test func dissolvedGridsAreClippedToTheCommunity() throws {
        // Four unit squares in one grid; the community polygon is 1.5 × 2.
        let cells = [
            GeometryUnitsTests.square(0, 0), GeometryUnitsTests.square(1, 0), GeometryUnitsTests.square(0, 1), GeometryUnitsTests.square(1, 1),
        ]
        let community = GeometryValue.polygon([[Coordinate(0, 0), Coordinate(1.5, 0), Coordinate(1.5, 2), Coordinate(0, 2), Coordinate(0, 0)]])
        let polys = try GridDissolver.dissolve(
            cells: cells, assignment: [0, 0, 0, 0], gridCount: 1, gridCommunity: [0], communityPolygons: [community])
        #expect(abs(try Geometry(polys[0]!).area - 3) < 1e-12)
        let unclipped = try GridDissolver.dissolve(cells: cells, assignment: [0, 0, 0, 0], gridCount: 1)
        #expect(abs(try Geometry(unclipped[0]!).area - 4) < 1e-12)
    }
}
