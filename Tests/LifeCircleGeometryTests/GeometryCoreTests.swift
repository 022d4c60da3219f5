import Foundation
import Testing

@testable import LifeCircleGeometry

private let square10: GeometryValue = .polygon([[Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 10), Coordinate(0, 0)]])

@Suite struct GeometryCoreTests {
    @Test func roundTripsValueWKTAndWKB() throws {
        let holed: GeometryValue = .polygon([
            [Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 10), Coordinate(0, 0)],
            [Coordinate(2, 2), Coordinate(4, 2), Coordinate(4, 4), Coordinate(2, 4), Coordinate(2, 2)],
        ])
        let g = try Geometry(holed)
        #expect(try g.value == holed)
        #expect(try g.wkt == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))")
        let back = try Geometry(wkb: try g.wkb)
        #expect(try back.value == holed)
        #expect(try back.area == 96)
        let multi = try Geometry(wkt: "MULTILINESTRING ((0 0, 3 4), (10 10, 10 20))")
        #expect(try multi.length == 15)
        #expect(try multi.numGeometries == 2)
        #expect(try multi.parts[1].value == .lineString([Coordinate(10, 10), Coordinate(10, 20)]))
    }

    @Test func measures() throws {
        let sq = try Geometry(square10)
        #expect(try sq.area == 100)
        #expect(try sq.length == 40)
        #expect(try sq.centroid == Coordinate(5, 5))
        #expect(try sq.envelope == Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10))
        // L-shape: centroid lies outside; point-on-surface must lie inside.
        let l = try Geometry(wkt: "POLYGON ((0 0, 10 0, 10 2, 2 2, 2 10, 0 10, 0 0))")
        #expect(try l.area == 36)
        let c = try l.centroid
        // Hand-computed: (20*5 + 16*1)/36 for x; symmetric in y.
        #expect(abs(c.x - 116.0 / 36.0) < 1e-12 && abs(c.y - 116.0 / 36.0) < 1e-12)
        let pos = try Geometry(point: try l.pointOnSurface)
        #expect(try l.contains(pos))
        #expect(try sq.distance(to: try Geometry(point: Coordinate(13, 14))) == 5)
    }

    @Test func bufferWithParameters() throws {
        // A 100 m segment buffered 10 m with flat caps is a 100 × 20 rectangle.
        let line = try Geometry(lineString: [Coordinate(0, 0), Coordinate(100, 0)])
        let flat = try line.buffer(10, BufferParameters(capStyle: .flat))
        #expect(abs(try flat.area - 2000) < 1e-9)
        // Round caps add a circle of radius 10, approximated by a 4×q-gon.
        let q = 16
        let round = try line.buffer(10, BufferParameters(quadrantSegments: q))
        let polygonCircle = 0.5 * Double(4 * q) * 100 * sin(2 * Double.pi / Double(4 * q))
        #expect(abs(try round.area - (2000 + polygonCircle)) < 1e-6)
        // Mitre joins keep a square's corners square: 10×10 grown by 1 is 12×12.
        let mitred = try Geometry(square10).buffer(1, BufferParameters(joinStyle: .mitre))
        #expect(abs(try mitred.area - 144) < 1e-9)
    }

    @Test func overlayAndUnion() throws {
        let a = try Geometry(square10)
        let b = try Geometry(wkt: "POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))")
        #expect(try a.intersection(b).area == 25)
        #expect(try a.difference(b).area == 75)
        #expect(try a.union(b).area == 175)
        let many = try (0..<10).map { i in try Geometry(wkt: "POLYGON ((\(i) 0, \(i + 1) 0, \(i + 1) 1, \(i) 1, \(i) 0))") }
        let u = try Geometry.unionAll(many)
        #expect(try u.area == 10)
        #expect(try u.numGeometries == 1)
        #expect(try u.length == 22)
    }

    @Test func validityAndRepair() throws {
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        #expect(try bowtie.isValid == false)
        #expect(try bowtie.validityReason.hasPrefix("Self-intersection"))
        let fixed = try bowtie.makeValid()
        #expect(try fixed.isValid)
        // Two triangles of 25 m² each.
        #expect(abs(try fixed.area - 50) < 1e-9)
    }

    @Test func hullsSimplifyAndCircles() throws {
        let pts = try Geometry(wkt: "MULTIPOINT ((0 0), (10 0), (10 10), (0 10), (5 5), (5 9))")
        #expect(try pts.convexHull().area == 100)
        let concave = try Geometry(wkt: "MULTIPOINT ((0 0), (10 0), (10 10), (9 10), (9 1), (1 1), (1 10), (0 10))").concaveHull(ratio: 0)
        #expect(try concave.area < 100)
        let wiggly = try Geometry(wkt: "LINESTRING (0 0, 5 0.01, 10 0)")
        #expect(try wiggly.simplify(tolerance: 0.1).value == .lineString([Coordinate(0, 0), Coordinate(10, 0)]))
        // A 40 × 10 rectangle: the largest inscribed circle has radius 5.
        let rect = try Geometry(wkt: "POLYGON ((0 0, 40 0, 40 10, 0 10, 0 0))")
        let mic = try rect.maximumInscribedCircle(tolerance: 0.01)
        #expect(abs(mic.radius - 5) < 0.01)
        #expect(abs(mic.center.y - 5) < 0.01)
        // Its enclosing circle has the half-diagonal as radius.
        let mbc = try rect.minimumBoundingCircle()
        #expect(abs(mbc.radius - (1600.0 + 100.0).squareRoot() / 2) < 1e-9)
        #expect(abs(mbc.center.x - 20) < 1e-9 && abs(mbc.center.y - 5) < 1e-9)
    }

    @Test func nodingSplitsCrossings() throws {
        let cross = try Geometry.node([
            try Geometry(lineString: [Coordinate(0, 5), Coordinate(10, 5)]),
            try Geometry(lineString: [Coordinate(5, 0), Coordinate(5, 10)]),
        ])
        #expect(try cross.numGeometries == 4)
        #expect(try cross.length == 20)
    }

    @Test func preparedPredicates() throws {
        let p = try Geometry(square10).prepared()
        #expect(try p.contains(Coordinate(5, 5)))
        #expect(try !p.contains(Coordinate(15, 5)))
        #expect(try p.covers(try Geometry(point: Coordinate(10, 5))))
        #expect(try !p.contains(try Geometry(point: Coordinate(10, 5))))
        #expect(try p.intersects(try Geometry(lineString: [Coordinate(-5, 5), Coordinate(5, 5)])))
        #expect(try p.isWithinDistance(3, of: try Geometry(point: Coordinate(13, 5))))
        #expect(try !p.isWithinDistance(2.9, of: try Geometry(point: Coordinate(13, 5))))
    }

    @Test func strtreeReturnsIndices() throws {
        // 10 × 10 unit cells; cell i covers x in [i%10, i%10+1], y in [i/10, i/10+1].
        let cells = try (0..<100).map { i -> Geometry in
            let x = Double(i % 10), y = Double(i / 10)
            return try Geometry(wkt: "POLYGON ((\(x) \(y), \(x + 1) \(y), \(x + 1) \(y + 1), \(x) \(y + 1), \(x) \(y)))")
        }
        let tree = try STRtree(cells)
        let hits = try tree.query(Envelope(minX: 2.5, minY: 2.5, maxX: 3.5, maxY: 3.5))
        #expect(hits == [22, 23, 32, 33])
        let inside = try tree.query(try Geometry(wkt: "POLYGON ((0.5 0.5, 2.5 0.5, 2.5 1.5, 0.5 1.5, 0.5 0.5))"), predicate: .intersects)
        #expect(inside == [0, 1, 2, 10, 11, 12])
        let near = try tree.nearest(to: Coordinate(25.5, 0.5), k: 3)
        #expect(near.map(\.index) == [9, 19, 29])
        #expect(abs(near[0].distance - 15.5) < 1e-12)
    }

    @Test func errorsCarryGEOSMessage() throws {
        #expect(throws: GeometryError.self) { try Geometry(wkt: "POLYGON ((0 0, 1 1") }
        do {
            _ = try Geometry(wkt: "NOT WKT")
            Issue.record("expected an error")
        } catch let e as GeometryError {
            #expect(e.message.contains("ParseException"))
        }
    }

    /// Each thread uses its own GEOS context; results equal the serial run.
    @Test func geometryWorkOnSeveralThreads() throws {
        @Sendable func work(_ i: Int) throws -> Double {
            let g = try Geometry(point: Coordinate(Double(i), 0)).buffer(Double(1 + i % 5), BufferParameters(quadrantSegments: 8))
            let h = try Geometry(wkt: "POLYGON ((0 -1, 100 -1, 100 1, 0 1, 0 -1))")
            return try g.intersection(h).area
        }
        let serial = try (0..<64).map(work)
        let results = ResultBox(count: 64)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in stride(from: worker, to: 64, by: 8) { results.set(i, (try? work(i)) ?? -1) }
        }
        #expect(results.values == serial)
    }
}

/// Thread-safe slots for results written from several threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Double]
    init(count: Int) { storage = Array(repeating: .nan, count: count) }
    func set(_ i: Int, _ v: Double) { lock.lock(); storage[i] = v; lock.unlock() }
    var values: [Double] { lock.lock(); defer { lock.unlock() }; return storage }
}

@Suite struct PrecisionUnionTests {
    @Test func overlayNGUnionMatchesClassicUnion() throws {
        // 40 overlapping discs along a line: both unions give the same area.
        let discs = try (0..<40).map { i in try Geometry(point: Coordinate(Double(i) * 7, Double(i % 3))).buffer(10) }
        let classic = try Geometry.unionAll(discs).area
        let floating = try Geometry.unionAll(discs, gridSize: 0).area
        let snapped = try Geometry.unionAll(discs, gridSize: 0.01).area
        #expect(abs(classic - floating) < 1e-6 * classic)
        #expect(abs(classic - snapped) < 1e-3 * classic)
        #expect(try Geometry.unionAll(discs, gridSize: 0).numGeometries == 1)
    }
}
