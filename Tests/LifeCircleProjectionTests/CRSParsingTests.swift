import LifeCircleGeometry
import Testing

@testable import LifeCircleProjection

@Suite struct CRSParsingTests {
    @Test func epsgCodesAnyCase() throws {
        let utm = try CRS.parse("epsg:32650")
        #expect(utm.epsg == 32650)
        #expect(utm.definition == "EPSG:32650")
        #expect(utm.name == "WGS 84 / UTM zone 50N")
        #expect(utm.isMetric && !utm.isGeographic)
        #expect(utm.kind == .proj)

        let wgs = try CRS.parse("EPSG:4326")
        #expect(wgs == CRS.wgs84)
        #expect(wgs.isGeographic && !wgs.isMetric)
        #expect(wgs.name == "WGS 84")
        #expect(try CRS.parse("4326") == CRS.wgs84)
        #expect(try CRS.epsg(3857).name == "WGS 84 / Pseudo-Mercator")
    }

    @Test func aliases() throws {
        #expect(try CRS.parse("wgs84") == .wgs84)
        #expect(try CRS.parse("GCJ02").kind == .gcj02)
        #expect(try CRS.parse("bd09").kind == .bd09)
        let local = try CRS.parse("local")
        #expect(local.kind == .local && local.isMetric && !local.isGeographic && local.definition.isEmpty)
        #expect(try CRS.parse("utm").kind == .autoUTM)
        #expect(try CRS.parse("cgcs2000-gk").kind == .autoCGCS2000GK)
        #expect(CRS.gcj02.isGeographic && CRS.gcj02.epsg == nil)
    }

    @Test func projStringBecomesCRS() throws {
        let c = try CRS.parse("+proj=utm +zone=50 +datum=WGS84")
        #expect(c.kind == .proj)
        #expect(c.isMetric && !c.isGeographic)
        #expect(c.epsg == nil)
        #expect(c.definition.hasPrefix("PROJCRS["))
    }

    @Test func wktWithAndWithoutAuthority() throws {
        // WKT1 as GDAL writes it (projinfo EPSG:4326 -o WKT1_GDAL), latitude-first axes.
        let withID = """
            GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],\
            AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],\
            UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],\
            AUTHORITY["EPSG","4326"]]
            """
        let a = try CRS.parse(withID)
        #expect(a.epsg == 4326 && a.definition == "EPSG:4326" && a.isGeographic)

        // ESRI-style .prj: no authority, so the definition stays WKT.
        let esri = """
            PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],\
            PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],\
            PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],\
            PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]
            """
        let b = try CRS.parse(esri)
        #expect(b.epsg == nil && b.isMetric && !b.isGeographic)
        #expect(b.name == "WGS 84 / UTM zone 50N")  // PROJ maps ESRI names to EPSG ones
    }

    @Test func nonMetricProjected() throws {
        // NAD83 / New York Long Island (ftUS): projected, but not metres.
        let ny = try CRS.epsg(2263)
        #expect(!ny.isMetric && !ny.isGeographic)
    }

    @Test func unknownCRSMessage() {
        do {
            _ = try CRS.parse("XYZ")
            Issue.record("XYZ parsed")
        } catch {
            #expect("\(error)" == "unknown CRS 'XYZ': give EPSG:n, a PROJ string or WKT, or one of wgs84, gcj02, bd09, utm, cgcs2000-gk, local")
            #expect(error.localizedDescription == "\(error)")
        }
        do {
            _ = try CRS.parse("EPSG:999999")
            Issue.record("EPSG:999999 parsed")
        } catch let ProjectionError.unknownCRS(text, detail) {
            #expect(text == "EPSG:999999")
            #expect(detail != nil)  // PROJ's reason is passed on
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: ProjectionError.self) { try CRS.parse("") }
        // A coordinate operation is not a CRS.
        #expect(throws: ProjectionError.self) { try CRS.parse("+proj=pipeline +step +proj=axisswap +order=2,1") }
    }

    @Test func identifierRoundTrips() throws {
        let all = [
            CRS.wgs84, .gcj02, .bd09, .local, .autoUTM, .autoCGCS2000GaussKruger,
            try CRS.epsg(4548), try CRS.parse("+proj=utm +zone=50 +datum=WGS84"),
        ]
        for c in all {
            let back = try CRS.parse(c.identifier)
            #expect(back == c, "\(c.identifier)")
            #expect(back.isMetric == c.isMetric && back.isGeographic == c.isGeographic)
        }
        // PROJ strings need not start with +proj.
        #expect(try CRS.parse("+datum=WGS84 +proj=longlat").isGeographic)
    }

    @Test func descriptions() throws {
        #expect(CRS.wgs84.description == "EPSG:4326 (WGS 84)")
        #expect(CRS.utm(forLongitude: 114.3, latitude: 30.6).description == "EPSG:32650 (WGS 84 / UTM zone 50N)")
        #expect(CRS.gcj02.description.hasPrefix("gcj02"))
    }
}

@Suite struct CRSEquivalenceTests {
    @Test func sameCRSWrittenDifferently() throws {
        let wkt = """
            GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],\
            UNIT["degree",0.0174532925199433],AXIS["Longitude",EAST],AXIS["Latitude",NORTH]]
            """
        let noID = try CRS.parse(wkt)
        #expect(noID.epsg == nil)
        #expect(noID != CRS.wgs84)  // different spelling...
        #expect(noID.isEquivalent(to: .wgs84))  // ...same meaning
        #expect(!CRS.wgs84.isEquivalent(to: try CRS.epsg(32650)))
        #expect(!CRS.gcj02.isEquivalent(to: .wgs84))  // same datum label, offset coordinates
        let utmString = try CRS.parse("+proj=utm +zone=50 +datum=WGS84 +units=m")
        #expect(utmString.isEquivalent(to: try CRS.epsg(32650)))
    }
}
