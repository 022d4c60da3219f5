import LifeCircleGeometry
import Testing

@testable import LifeCircleNetwork

@Suite struct SnappingTests {
    // An L: edge 0 along y = 0 from (0,0) to (100,0) with a vertex at (60,0); edge 1 up to (100,100).
    func lNetwork() throws -> WalkNetwork {
        try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(60, 0), Coordinate(100, 0)], [Coordinate(100, 0), Coordinate(100, 100)]])
    }

    @Test func snapsToNearestPointOnTheEdgeNotTheNode() throws {
        let net = try lNetwork()
        let idx = EdgeIndex(network: net)
        let a = idx.snap(Coordinate(30, 10))
        #expect(a.edge == 0 && abs(a.offset - 30) < 1e-12 && abs(a.access - 10) < 1e-12 && a.point == Coordinate(30, 0))
        let b = idx.snap(Coordinate(130, 50))
        #expect(b.edge == 1 && abs(b.offset - 50) < 1e-12 && abs(b.access - 30) < 1e-12)
        let c = idx.snap(Coordinate(80, -5))  // on the second segment of edge 0
        #expect(c.edge == 0 && abs(c.offset - 80) < 1e-12 && abs(c.access - 5) < 1e-12)
        let d = idx.snap(Coordinate(-30, -40))  // nearest is the end node (0,0), 50 m away
        #expect(d.edge == 0 && d.offset == 0 && abs(d.access - 50) < 1e-12)
        #expect(!idx.snap(Coordinate(50, 200)).isSnapped)  // 111.8 m from (100, 100)
        #expect(abs(idx.snap(Coordinate(50, 150)).access - 50 * 2.0.squareRoot()) < 1e-9)
        #expect(!idx.snap(Coordinate(-90, -90), maxDistance: 100).isSnapped)
        #expect(idx.snap(Coordinate(-60, -60), maxDistance: 100).isSnapped)
        #expect(!idx.snap(Coordinate(5000, 5000)).isSnapped)
    }

    @Test func snapMatchesBruteForceOnGeneratedStreets() throws {
        let net = try NetworkBuilder.build(lines: generatedStreets(side: 12, spacing: 80, seed: 3))
        let idx = EdgeIndex(network: net)
        let pts = randomPoints(400, in: Envelope(minX: -150, minY: -150, maxX: 1050, maxY: 1050), seed: 9)
        let (snapped, counts) = idx.snapAll(pts, maxDistance: 60)
        var unsnapped = 0
        for (i, p) in pts.enumerated() {
            var best = Double.infinity
            for k in 0..<(net.coordinates.count - 1) {
                // Only segments inside one edge.
                var inEdge = false
                for e in 0..<net.edgeCount where k >= Int(net.edgeCoordStart[e]) && k + 1 < Int(net.edgeCoordStart[e + 1]) { inEdge = true; break }
                if !inEdge { continue }
                let a = net.coordinates[k], b = net.coordinates[k + 1]
                let dx = b.x - a.x, dy = b.y - a.y
                let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)))
                best = min(best, p.distance(to: Coordinate(a.x + t * dx, a.y + t * dy)))
            }
            if best > 60 {
                unsnapped += 1; #expect(!snapped[i].isSnapped)
            } else {
                #expect(abs(snapped[i].access - best) < 1e-9)
                #expect(abs(net.point(onEdge: Int(snapped[i].edge), at: snapped[i].offset).distance(to: snapped[i].point)) < 1e-9)
            }
        }
        #expect(counts.unsnapped == unsnapped)
        #expect(unsnapped > 0)
    }

    @Test func gridCellsListEverySegmentTheirBoxTouchesInAscendingOrder() throws {
        // Three segments on a 10 m grid: a long diagonal (cells (0,0)–(2,2)), a short one in cell (1,0), a point-like one in (2,2).
        let a = [Coordinate(0, 0), Coordinate(12, 2), Coordinate(25, 25)]
        let b = [Coordinate(29, 29), Coordinate(14, 3), Coordinate(25.5, 25.5)]
        let g = SegmentGrid(a: a, b: b, cellSize: 10, cellsPerSegment: 16)
        #expect(g.nx == 3 && g.ny == 3)
        var expected = [[Int32]](repeating: [], count: 9)
        for cy in 0..<3 { for cx in 0..<3 { expected[cy * 3 + cx].append(0) } }
        expected[0 * 3 + 1].append(1)
        expected[2 * 3 + 2].append(2)
        for cy in 0..<3 {
            for cx in 0..<3 { #expect(Array(g.items(inCell: cx, cy)) == expected[cy * 3 + cx]) }
        }
        #expect(g.cellStart == [0, 1, 3, 4, 5, 6, 7, 8, 9, 11])
    }
}

@Suite struct SearchTests {
    @Test func targetsAreVisitedByEdgeThenIndexAndUnsnappedOnesSkipped() {
        func at(_ e: Int32) -> SnappedPoint { e < 0 ? .unsnapped : SnappedPoint(edge: e, offset: 0, point: Coordinate(0, 0), access: 0) }
        let targets = [at(2), at(0), at(-1), at(2), at(1), at(0), at(-1), at(3)]
        #expect(CategorySearch.edgeOrder(targets, edgeCount: 4) == [1, 5, 4, 0, 3, 7])
    }

    @Test func sameEdgeSourceAndTarget() throws {
        let net = try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(1000, 0)]])
        let idx = EdgeIndex(network: net)
        let s = idx.snap(Coordinate(400, 3)), t = idx.snap(Coordinate(450, -4))
        let search = MultiSourceDijkstra(network: net)
        search.run(sources: [s], cutoff: 300)
        // Both end nodes are beyond 300 m, the direct stretch is 3 + 50 + 4.
        #expect(search.distance(to: t, sameEdge: SourcesByEdge([s]).on(edge: 0)) == 57)
        #expect(search.distance(to: t) == .infinity)
    }

    @Test func multiSourceEqualsNaiveDijkstraOnGeneratedGraphs() throws {
        for seed in UInt64(1)...4 {
            let net = try NetworkBuilder.build(lines: generatedStreets(side: 9, spacing: 100, seed: seed))
            let idx = EdgeIndex(network: net)
            let env = Envelope(minX: -50, minY: -50, maxX: 850, maxY: 850)
            let sources = idx.snapAll(randomPoints(5, in: env, seed: seed &* 11), maxDistance: 100).points
            let targets = idx.snapAll(randomPoints(150, in: env, seed: seed &* 13), maxDistance: 100).points
            let expected = naiveDistances(network: net, sources: sources, targets: targets)
            for cutoff in [250.0, 600.0, .infinity] {
                let (got, _) = CategorySearch.nearestDistances(
                    network: net, categories: [sources, Array(sources.prefix(2))], targets: targets, cutoff: cutoff)
                let exp2 = naiveDistances(network: net, sources: Array(sources.prefix(2)), targets: targets)
                for i in 0..<targets.count {
                    let e = expected[i] <= cutoff ? expected[i] : .infinity
                    let e2 = exp2[i] <= cutoff ? exp2[i] : .infinity
                    #expect(got[0][i] == e || abs(got[0][i] - e) < 1e-6)
                    #expect(got[1][i] == e2 || abs(got[1][i] - e2) < 1e-6)
                }
            }
        }
    }

    @Test func facilityCountsMatchPerFacilityNaiveCounts() throws {
        let net = try NetworkBuilder.build(lines: generatedStreets(side: 8, spacing: 100, seed: 21))
        let idx = EdgeIndex(network: net)
        let env = Envelope(minX: 0, minY: 0, maxX: 700, maxY: 700)
        let sources = idx.snapAll(randomPoints(6, in: env, seed: 5), maxDistance: 100).points
        let targets = idx.snapAll(randomPoints(120, in: env, seed: 6), maxDistance: 100).points
        let limits = [200.0, 400.0]
        let counts = CategorySearch.facilityCounts(network: net, categories: [sources], targets: targets, limits: limits)
        let per = sources.map { naiveDistances(network: net, sources: [$0], targets: targets) }
        var nonzero = 0
        for (l, lim) in limits.enumerated() {
            for i in 0..<targets.count {
                let exp = per.filter { $0[i] <= lim }.count
                #expect(Int(counts[0][l * targets.count + i]) == exp)
                nonzero += exp
            }
        }
        #expect(nonzero > 0)
    }

    @Test func reachablePartsCoverTheLimitExactly() throws {
        // A 1 km line, source at 400 m with access 10: 200 m limit reaches [210, 590].
        let net = try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(1000, 0)], [Coordinate(1000, 0), Coordinate(1000, 500)]])
        let s = EdgeIndex(network: net).snap(Coordinate(400, 10))
        let search = MultiSourceDijkstra(network: net)
        search.run(sources: [s], cutoff: 700)
        let iv = ReachableEdges.intervals(search: search, sources: [s], limit: 200)
        #expect(iv.count == 1 && abs(iv[0].a - 210) < 1e-9 && abs(iv[0].b - 590) < 1e-9)
        let iv2 = ReachableEdges.intervals(search: search, sources: [s], limit: 700)
        // Whole first edge (node at 1000 reached at 610, 90 m up the second edge).
        #expect(iv2.count == 2)
        #expect(iv2[0].a == 0 && iv2[0].b == 1000)
        #expect(abs(iv2[1].b - 90) < 1e-9)
        let lines = ReachableEdges.lines(search: search, sources: [s], limit: 700)
        #expect(lines[1].last == Coordinate(1000, 90))
    }
}
