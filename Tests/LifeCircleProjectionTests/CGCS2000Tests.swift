import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleProjection

/// CGCS2000 (EPSG:4490) and its 3-degree Gauss–Krüger zones, checked against
/// the projection's definition: on the central meridian the easting is the
/// false easting and the northing the meridian arc (k0 = 1).
@Suite struct CGCS2000Tests {
    /// Meridian arc of the CGCS2000 ellipsoid (GRS 80 axes), by series to 1 mm.
    func meridianArc(_ latDeg: Double) -> Double {
        let a = 6_378_137.0, f = 1 / 298.257222101
        let e2 = f * (2 - f), phi = latDeg * .pi / 180
        let e4 = e2 * e2, e6 = e4 * e2
        return a
            * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * phi - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * sin(2 * phi)
                + (15 * e4 / 256 + 45 * e6 / 1024) * sin(4 * phi) - (35 * e6 / 3072) * sin(6 * phi))
    }

    @Test func geographicCGCS2000() throws {
        let c = try CRS.parse("EPSG:4490")
        #expect(c.isGeographic && c.epsg == 4490)
    }

    /// EPSG:4547 is CM 114°E without zone prefix; EPSG:4526 is the same zone
    /// (38) with the prefix in the easting.
    @Test func gaussKrugerZonesWithAndWithoutPrefix() throws {
        let plain = try CRS.parse("EPSG:4547"), prefixed = try CRS.parse("EPSG:4526")
        #expect(plain.isMetric && prefixed.isMetric)
        let p = try CoordinateTransformer(from: try CRS.parse("EPSG:4490"), to: plain).transform(Coordinate(114, 22.5))
        #expect(abs(p.x - 500_000) < 1e-3)
        #expect(abs(p.y - meridianArc(22.5)) < 0.01)
        let q = try CoordinateTransformer(from: try CRS.parse("EPSG:4490"), to: prefixed).transform(Coordinate(114, 22.5))
        #expect(abs(q.x - 38_500_000) < 1e-3)
        #expect(abs(q.y - p.y) < 1e-3)
    }

    /// `cgcs2000-gk` picks the zone whose central meridian is nearest the data's centre.
    @Test func autoZoneFromTheCentre() throws {
        #expect(try CRS.parse("cgcs2000-gk").resolveAuto(center: Coordinate(113.93, 22.52)).epsg == 4547)  // Shenzhen, CM 114
        #expect(try CRS.parse("cgcs2000-gk").resolveAuto(center: Coordinate(116.4, 39.9)).epsg == 4548)  // Beijing, CM 117
        #expect(try CRS.parse("cgcs2000-gk").resolveAuto(center: Coordinate(121.47, 31.23)).epsg == 4549)  // Shanghai, CM 120
    }
}
