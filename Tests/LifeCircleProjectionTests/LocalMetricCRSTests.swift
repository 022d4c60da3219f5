import LifeCircleGeometry
import Testing

@testable import LifeCircleProjection

@Suite struct LocalMetricCRSTests {
    @Test func utmZones() {
        #expect(CRS.utm(forLongitude: 114.3055, latitude: 30.5928).epsg == 32650)  // Wuhan
        #expect(CRS.utm(forLongitude: 151.2093, latitude: -33.8688).epsg == 32756)  // Sydney
        #expect(CRS.utm(forLongitude: -0.1276, latitude: 51.5072).epsg == 32630)  // London
        #expect(CRS.utm(forLongitude: 180, latitude: 10).epsg == 32601)
        #expect(CRS.utm(forLongitude: -180, latitude: 10).epsg == 32601)
        #expect(CRS.utm(forLongitude: 179.99, latitude: 10).epsg == 32660)
        #expect(CRS.utm(forLongitude: 5.32, latitude: 60.39).epsg == 32632)  // Bergen (32V exception)
        #expect(CRS.utm(forLongitude: 15.6, latitude: 78.2).epsg == 32633)  // Longyearbyen (33X)
        #expect(CRS.utm(forLongitude: 114.3, latitude: 30.6).name == "WGS 84 / UTM zone 50N")
    }

    @Test func utmNamesMatchPROJ() throws {
        for c in [CRS.utm(forLongitude: 114.3, latitude: 30.6), CRS.utm(forLongitude: 151.2, latitude: -33.9)] {
            let db = try CRS.epsg(c.epsg!)
            #expect(db.name == c.name)
            #expect(db.isMetric)
        }
    }

    @Test func gaussKrugerCodesMatchPROJDatabase() throws {
        // Every zone: our code/name must be PROJ's (e.g. EPSG:4534 = CM 75E, 4548 = CM 117E, 4554 = CM 135E).
        for cm in stride(from: 75, through: 135, by: 3) {
            let ours = try CRS.cgcs2000GaussKruger3(forLongitude: Double(cm) + 1.2)
            let db = try CRS.epsg(ours.epsg!)
            #expect(db.name == "CGCS2000 / 3-degree Gauss-Kruger CM \(cm)E")
            #expect(ours.name == db.name)
            #expect(db.isMetric)
        }
        #expect(try CRS.cgcs2000GaussKruger3(forLongitude: 116.4).epsg == 4548)
        #expect(try CRS.cgcs2000GaussKruger3(forLongitude: 118.49).epsg == 4548)
        #expect(try CRS.cgcs2000GaussKruger3(forLongitude: 118.51).epsg == 4549)
        #expect(try CRS.cgcs2000GaussKruger3(forLongitude: 73.5).epsg == 4534)
        #expect(try CRS.cgcs2000GaussKruger3(forLongitude: 136.5).epsg == 4554)
        #expect(throws: ProjectionError.self) { try CRS.cgcs2000GaussKruger3(forLongitude: 73.4) }
        #expect(throws: ProjectionError.self) { try CRS.cgcs2000GaussKruger3(forLongitude: 24.94) }
    }

    @Test func resolveAutoAndLocalMetric() throws {
        let wuhan = Coordinate(114.3055, 30.5928)
        #expect(try CRS.autoUTM.resolveAuto(center: wuhan).epsg == 32650)
        #expect(try CRS.autoCGCS2000GaussKruger.resolveAuto(center: Coordinate(116.4, 39.9)).epsg == 4548)
        #expect(try CRS.wgs84.resolveAuto(center: wuhan) == CRS.wgs84)

        let env = Envelope(minX: 114.1, minY: 30.4, maxX: 114.6, maxY: 30.8)
        #expect(try CRS.localMetric(for: env).epsg == 32650)
        #expect(try CRS.localMetric(for: env, preferCGCS2000: true).epsg == 4547)  // CM 114E
        // Metres mislabelled as degrees are refused.
        #expect(throws: ProjectionError.self) {
            try CRS.localMetric(for: Envelope(minX: 240000, minY: 3380000, maxX: 250000, maxY: 3390000))
        }
        #expect(throws: ProjectionError.self) { try CRS.localMetric(for: .empty) }
    }

    @Test func sanity() {
        #expect(CoordinateSanity.looksGeographic(Envelope(minX: -180, minY: -90, maxX: 180, maxY: 90)))
        #expect(CoordinateSanity.looksGeographic(Envelope(minX: 114.1, minY: 30.4, maxX: 114.6, maxY: 30.8)))
        #expect(!CoordinateSanity.looksGeographic(Envelope(minX: 241633, minY: 3387568, maxX: 241700, maxY: 3387600)))
        #expect(!CoordinateSanity.looksGeographic(Envelope(minX: 10, minY: 91, maxX: 11, maxY: 92)))
        #expect(!CoordinateSanity.looksGeographic(Envelope(minX: -180.5, minY: 0, maxX: 0, maxY: 1)))
        #expect(CoordinateSanity.looksGeographic(.empty))
    }
}
