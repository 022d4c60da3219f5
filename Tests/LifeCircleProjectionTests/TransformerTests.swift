import LifeCircleGeometry
import Testing

@testable import LifeCircleProjection

// Reference values: cs2cs (PROJ 9.1.1, `echo "30.5928 114.3055" | cs2cs -f %.6f EPSG:4326 EPSG:32650`)
// and, independently of PROJ, a Python Krüger-series transverse Mercator
// (Karney 2011, 6th order), which agree to < 1e-6 m:
//   Wuhan  (114.3055, 30.5928)  -> EPSG:32650  E 241633.917252  N 3387568.671618
//   Sydney (151.2093, -33.8688) -> EPSG:32756  E 334368.633648  N 6250948.345385
//   Beijing (116.4, 39.9)       -> EPSG:4548   E 448688.855734  N 4418598.001259 (CGCS2000 GK CM 117E,
//                                  WGS 84 -> CGCS2000 taken as null shift by PROJ's ballpark)
//   Wuhan -> EPSG:3857 (cs2cs): X 12724430.054871  Y 3579978.621364
@Suite struct TransformerTests {
    let wuhan = Coordinate(114.3055, 30.5928)

    @Test func wgs84ToUTM50() throws {
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.parse("EPSG:32650"))
        let p = try t.transform(wuhan)
        #expect(abs(p.x - 241633.917252) < 1e-5)
        #expect(abs(p.y - 3387568.671618) < 1e-5)

        let back = try CoordinateTransformer(from: CRS.parse("EPSG:32650"), to: .wgs84)
        let q = try back.transform(p)
        #expect(metres(q, wuhan) < 1e-6)
        // And the projected round trip, in metres.
        let p2 = try t.transform(q)
        #expect(p2.distance(to: p) < 1e-6)
    }

    @Test func southernHemisphere() throws {
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.utm(forLongitude: 151.2093, latitude: -33.8688))
        let p = try t.transform(Coordinate(151.2093, -33.8688))
        #expect(abs(p.x - 334368.633648) < 1e-5 && abs(p.y - 6250948.345385) < 1e-5)
    }

    @Test func axisOrderIsLonLatEvenForLatFirstCRS() throws {
        // EPSG:4326 declares latitude first; we still feed longitude as x.
        let t = try CoordinateTransformer(from: CRS.parse("EPSG:4326"), to: CRS.parse("EPSG:3857"))
        let p = try t.transform(wuhan)
        #expect(abs(p.x - 12724430.054871) < 1e-5 && abs(p.y - 3579978.621364) < 1e-5)
        // Same through lat-first WKT1 (no authority) and to a northing-first CRS (GK: X north, Y east).
        let wkt = """
            GEOGCS["WGS 84 lat-first",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],\
            UNIT["degree",0.0174532925199433],AXIS["Latitude",NORTH],AXIS["Longitude",EAST]]
            """
        let gk = try CoordinateTransformer(from: CRS.parse(wkt), to: CRS.cgcs2000GaussKruger3(forLongitude: 116.4))
        let b = try gk.transform(Coordinate(116.4, 39.9))
        #expect(abs(b.x - 448688.855734) < 1e-5)  // easting in x
        #expect(abs(b.y - 4418598.001259) < 1e-5)  // northing in y
    }

    @Test func projStringMatchesEPSG() throws {
        let a = try CoordinateTransformer(from: .wgs84, to: CRS.parse("+proj=utm +zone=50 +datum=WGS84"))
        let p = try a.transform(wuhan)
        #expect(abs(p.x - 241633.917252) < 1e-5 && abs(p.y - 3387568.671618) < 1e-5)
    }

    @Test func bulkArrayMatchesSinglePoints() throws {
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.utm(forLongitude: 114.3, latitude: 30.6))
        var coords: [Coordinate] = []
        coords.reserveCapacity(100_000)
        for i in 0..<100_000 {  // 1e5 points, several chunks
            coords.append(Coordinate(114.0 + Double(i % 1000) * 0.0006, 30.3 + Double(i / 1000) * 0.006))
        }
        let input = coords
        try t.transform(&coords)
        for i in [0, 1, 4095, 4096, 4097, 54_321, 99_999] {
            let single = try t.transform(input[i])
            #expect(single == coords[i])
        }
        // Spacing 0.0006° of longitude at 30.3°N is about 57.6 m.
        let d = coords[1].distance(to: coords[0])
        #expect(d > 57 && d < 58.2)
    }

    @Test func geometriesKeepStructure() throws {
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.parse("EPSG:32650"))
        let ring = [Coordinate(114.30, 30.59), Coordinate(114.31, 30.59), Coordinate(114.31, 30.60), Coordinate(114.30, 30.59)]
        let g = GeometryValue.collection([.point(wuhan), .polygon([ring]), .lineString([wuhan, Coordinate(114.4, 30.6)])])
        let out = try t.transform(g)
        guard case .collection(let parts) = out, parts.count == 3,
            case .point(let p) = parts[0], case .polygon(let rings) = parts[1],
            case .lineString(let line) = parts[2]
        else {
            Issue.record("structure changed: \(out)"); return
        }
        #expect(abs(p.x - 241633.917252) < 1e-5)
        #expect(rings.count == 1 && rings[0].count == 4 && rings[0].first == rings[0].last)
        #expect(line.count == 2)
        #expect(try rings[0][2] == t.transform(ring[2]))

        let column: [GeometryValue?] = [.point(wuhan), nil, .multiPoint([wuhan, wuhan])]
        let outColumn = try t.transform(column)
        #expect(outColumn[1] == nil)
        #expect(outColumn[0] == .point(p))
        #expect(outColumn[2] == .multiPoint([p, p]))
    }

    @Test func envelopeCoversCorners() throws {
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.parse("EPSG:32650"))
        let env = Envelope(minX: 114.1, minY: 30.4, maxX: 114.6, maxY: 30.8)
        let out = try t.transform(env)
        for c in [Coordinate(114.1, 30.4), Coordinate(114.6, 30.8), Coordinate(114.1, 30.8), Coordinate(114.6, 30.4)] {
            #expect(out.contains(try t.transform(c)))
        }
        // 0.5° is 48.0 km at 30.4°N; UTM scale 3° off the central meridian (+0.1 %)
        // and the tilt of the west and east edges (grid convergence) make it 49.0 km.
        #expect(out.width > 48_500 && out.width < 49_500)
        // cs2cs: SW corner E 221371.7579, NW corner E 222515.5421, NE corner N 3411034.9322.
        #expect(abs(out.minX - 221371.7579) < 1e-3)
        #expect(abs(out.maxY - 3411034.9322) < 1e-3)
    }

    @Test func emptyPointsStayEmpty() throws {
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.parse("EPSG:32650"))
        var a = [wuhan, Coordinate(.nan, .nan)]
        try t.transform(&a)
        #expect(a[1].x.isNaN && a[1].y.isNaN)
        #expect(abs(a[0].x - 241633.917252) < 1e-5)
    }

    @Test func failuresNameTheCoordinate() throws {
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.parse("EPSG:32650"))
        var a = [wuhan, Coordinate(114.3, 95.0)]  // latitude 95: impossible
        do {
            try t.transform(&a)
            Issue.record("transformed latitude 95")
        } catch let ProjectionError.transformFailed(index, c, _, _, _) {
            #expect(index == 1)
            #expect(c == Coordinate(114.3, 95.0))
        }
        // The transformer still works afterwards.
        #expect(abs(try t.transform(wuhan).x - 241633.917252) < 1e-5)
    }

    @Test func localAndAutoEndpoints() throws {
        #expect(throws: ProjectionError.self) { try CoordinateTransformer(from: .local, to: .wgs84) }
        #expect(throws: ProjectionError.self) { try CoordinateTransformer(from: .wgs84, to: .autoUTM) }
        let id = try CoordinateTransformer(from: .local, to: .local)
        #expect(id.isIdentity)
        #expect(try id.transform(Coordinate(12.5, -3)) == Coordinate(12.5, -3))
        #expect(try CoordinateTransformer(from: .wgs84, to: CRS.parse("epsg:4326")).isIdentity)
    }

    @Test func offsetSystemsComposeWithPROJ() throws {
        let gcj = Coordinate(114.3110, 30.5900)
        let viaOffsets = try CoordinateTransformer(from: .gcj02, to: CRS.parse("EPSG:32650")).transform(gcj)
        let direct = try CoordinateTransformer(from: .wgs84, to: CRS.parse("EPSG:32650"))
            .transform(ChineseOffsets.gcj02ToWGS84(gcj))
        #expect(viaOffsets.distance(to: direct) < 1e-9)

        // From UTM into BD-09 and back to UTM: within a centimetre.
        let toBD = try CoordinateTransformer(from: CRS.parse("EPSG:32650"), to: .bd09)
        let fromBD = try CoordinateTransformer(from: .bd09, to: CRS.parse("EPSG:32650"))
        let p = Coordinate(241633.917252, 3387568.671618)
        let bd = try toBD.transform(p)
        #expect(metres(bd, wuhan) > 100)  // the offset is several hundred metres
        #expect(try fromBD.transform(bd).distance(to: p) < 0.01)

        // GCJ-02 <-> BD-09 directly, without PROJ.
        let g2b = try CoordinateTransformer(from: .gcj02, to: .bd09)
        #expect(g2b.isIdentity == false)
        #expect(try g2b.transform(gcj) == ChineseOffsets.gcj02ToBD09(gcj))
        #expect(try CoordinateTransformer(from: .wgs84, to: .gcj02).transform(wuhan) == ChineseOffsets.wgs84ToGCJ02(wuhan))
    }
}
