import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleNetwork

@Suite struct NetworkBuilderTests {
    @Test func crossingWithoutSharedVertexIsABridge() throws {
        let lines = [[Coordinate(0, 50), Coordinate(100, 50)], [Coordinate(50, 0), Coordinate(50, 100)]]
        let net = try NetworkBuilder.build(lines: lines)
        #expect(net.edgeCount == 2)
        #expect(net.nodeCount == 4)
        #expect(net.components.count == 2)
        #expect(net.components.largestLengthShare == 0.5)
    }

    @Test func nodeIntersectionsSplitsCrossingsAndTJunctions() throws {
        let lines = [
            [Coordinate(0, 50), Coordinate(100, 50)],
            [Coordinate(50, 0), Coordinate(50, 100)],
            [Coordinate(80, 50), Coordinate(80, 90)],  // T: starts on the first line's interior
        ]
        let net = try NetworkBuilder.build(lines: lines, options: NetworkBuildOptions(nodeIntersections: true))
        // First line cut at x=50 and x=80 -> 3 edges; second at y=50 -> 2; T line -> 1.
        #expect(net.edgeCount == 6)
        #expect(net.nodeCount == 7)
        #expect(net.components.count == 1)
        #expect(net.nodes.contains(Coordinate(50, 50)))
        #expect(abs(net.totalLength - 240) < 1e-9)
        #expect(net.buildStats.crossingsNoded == 2)
    }

    @Test func sharedInteriorVertexJoinsLines() throws {
        // Two lines passing through the same interior vertex (50, 50).
        let lines = [
            [Coordinate(0, 0), Coordinate(50, 50), Coordinate(100, 100)],
            [Coordinate(0, 100), Coordinate(50, 50), Coordinate(100, 0)],
        ]
        let net = try NetworkBuilder.build(lines: lines)
        #expect(net.edgeCount == 4)
        #expect(net.nodeCount == 5)
        #expect(net.components.count == 1)
        #expect(net.graph.degree(Int(net.nodes.firstIndex(of: Coordinate(50, 50))!)) == 4)
    }

    @Test func danglesWithinToleranceSnapOntoTheLine() throws {
        let lines = [[Coordinate(0, 0), Coordinate(100, 0)], [Coordinate(40, 3), Coordinate(40, 60)], [Coordinate(70, 20), Coordinate(70, 80)]]
        let off = try NetworkBuilder.build(lines: lines)
        #expect(off.components.count == 3)
        let on = try NetworkBuilder.build(lines: lines, options: NetworkBuildOptions(snapTolerance: 5))
        // The 3 m dangle snaps to (40, 0); the 20 m one stays apart.
        #expect(on.buildStats.danglesSnapped == 1)
        #expect(on.components.count == 2)
        #expect(on.nodes.contains(Coordinate(40, 0)))
        #expect(on.edgeCount == 4)
        #expect(abs(on.totalLength - (100 + 60 + 60)) < 1e-9)
    }

    /// Non-finite points and consecutive repeats are dropped (a clean line is
    /// used as it is): the network is the one built from the cleaned lines.
    @Test func repeatsAndNonFinitePointsAreDropped() throws {
        let nan = Double.nan
        let dirty = [
            [Coordinate(0, 0), Coordinate(0, 0), Coordinate(10, 0), Coordinate(nan, 5), Coordinate(20, 0)],
            [Coordinate(20, 0), Coordinate(20, 10), Coordinate(20, 10)],
            [Coordinate(5, 5), Coordinate(5, 5)],
            [Coordinate(-0.0, 30), Coordinate(0, 30), Coordinate(0, 40)],
        ]
        let cleaned = [
            [Coordinate(0, 0), Coordinate(10, 0), Coordinate(20, 0)], [Coordinate(20, 0), Coordinate(20, 10)],
            [Coordinate(-0.0, 30), Coordinate(0, 40)],
        ]
        #expect(NetworkBuilder.clean(cleaned[0]) == cleaned[0])
        #expect(NetworkBuilder.clean(dirty[0]) == cleaned[0])
        #expect(NetworkBuilder.clean(dirty[2]).isEmpty)
        let a = try NetworkBuilder.build(lines: dirty), b = try NetworkBuilder.build(lines: cleaned)
        #expect(a.buildStats.droppedLines == 1)
        #expect(a.nodes == b.nodes && a.edgeFrom == b.edgeFrom && a.edgeTo == b.edgeTo)
        #expect(a.coordinates == b.coordinates && a.edgeCoordStart == b.edgeCoordStart)
        #expect(a.edgeCount == 3 && a.totalLength == 40)
    }

    @Test func emptyInputIsAClearError() {
        #expect(throws: NetworkError.self) { try NetworkBuilder.build(lines: [[Coordinate(1, 1)], []]) }
        #expect(throws: NetworkError.self) {
            try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(1, 1)]], options: NetworkBuildOptions(snapTolerance: -1))
        }
    }

    @Test func nodingGeneratedGridMatchesPairwiseCount() throws {
        // Random segments: every proper crossing found by the grid equals a brute-force count.
        var rng = SplitMix64(seed: 7)
        var lines: [[Coordinate]] = []
        for _ in 0..<150 {
            let a = Coordinate(Double.random(in: 0...1000, using: &rng), Double.random(in: 0...1000, using: &rng))
            let b = Coordinate(a.x + Double.random(in: -150...150, using: &rng), a.y + Double.random(in: -150...150, using: &rng))
            lines.append([a, b])
        }
        var brute = 0
        for i in 0..<lines.count {
            for j in (i + 1)..<lines.count {
                let p1 = lines[i][0], p2 = lines[i][1], q1 = lines[j][0], q2 = lines[j][1]
                func o(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double { (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x) }
                if o(q1, q2, p1) * o(q1, q2, p2) < 0 && o(p1, p2, q1) * o(p1, p2, q2) < 0 { brute += 1 }
            }
        }
        let net = try NetworkBuilder.build(lines: lines, options: NetworkBuildOptions(nodeIntersections: true))
        #expect(net.buildStats.crossingsNoded == brute)
        #expect(net.edgeCount == lines.count + 2 * brute)
        #expect(abs(net.totalLength - lines.reduce(0) { $0 + $1[0].distance(to: $1[1]) }) < 1e-6)
    }
}

@Suite struct WalkableTagRulesTests {
    let r = WalkableTagRules.standard
    @Test func decisions() throws {
        #expect(r.isWalkable(["highway": "footway"]))
        #expect(r.isWalkable(["highway": "residential"]))
        #expect(!r.isWalkable(["highway": "motorway"]))
        #expect(r.isWalkable(["highway": "trunk", "sidewalk": "both"]))
        #expect(r.isWalkable(["highway": "trunk", "foot": "yes"]))
        #expect(!r.isWalkable(["highway": "trunk", "sidewalk": "separate"]))
        #expect(!r.isWalkable(["highway": "residential", "foot": "no"]))
        #expect(!r.isWalkable(["highway": "service", "access": "private"]))
        #expect(r.isWalkable(["highway": "service", "access": "private", "foot": "yes"]))
        #expect(!r.isWalkable(["area": "yes", "landuse": "grass"]))
        #expect(r.isWalkable(["area": "yes", "highway": "pedestrian"]))
        #expect(!r.isWalkable(["highway": "construction"]))
        let json = try JSONEncoder().encode(r)
        #expect(try WalkableTagRules.fromJSON(json) == r)
        #expect(throws: NetworkError.self) { try WalkableTagRules.fromJSON(Data("{}".utf8)) }
    }
}
