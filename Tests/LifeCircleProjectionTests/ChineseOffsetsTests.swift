import LifeCircleGeometry
import Testing

@testable import LifeCircleProjection

/// WGS 84 / GCJ-02 / BD-09 triples from gcoord's test fixtures
/// (github.com/hujiulong/gcoord, test/fixtures/china-cities.json), spread
/// across China from Tibet to Liaoning. These look like web-service answers,
/// not formula values: their GCJ-02 <-> BD-09 pairs match the formulas to
/// < 0.5 m, but their WGS 84 sides sit a consistent 0.64–0.69 m off the
/// published GCJ-02 formula (gcoord itself checks them only to 1e-4°), so the
/// WGS 84 sides are asserted to 1 m; exact formula vectors follow below.
private let cityTriples: [(name: String, wgs: Coordinate, gcj: Coordinate, bd: Coordinate)] = [
    ("Zhumadian", Coordinate(114.0164322, 33.0133556), Coordinate(114.022306, 33.0115324), Coordinate(114.0287781, 33.0176697)),
    ("Shaoyang", Coordinate(111.4622119, 27.242124), Coordinate(111.4677938, 27.2388981), Coordinate(111.4742271, 27.2451662)),
    ("Nagqu", Coordinate(92.0499619, 31.4784436), Coordinate(92.0512438, 31.4762063), Coordinate(92.0576832, 31.4824421)),
    ("Xichang", Coordinate(102.2658401, 27.8850446), Coordinate(102.2673386, 27.8816151), Coordinate(102.2738428, 27.8876621)),
    ("Liaoyang", Coordinate(123.2312099, 41.2651725), Coordinate(123.2369518, 41.2672464), Coordinate(123.2433178, 41.2736074)),
    ("Meizhou", Coordinate(116.1174053, 24.2912377), Coordinate(116.1222426, 24.2886182), Coordinate(116.1287823, 24.2944828)),
    ("Xilinhot", Coordinate(116.0414035, 43.9312805), Coordinate(116.0482308, 43.9334573), Coordinate(116.0546232, 43.9397782)),
    ("Jiuquan", Coordinate(98.4937175, 39.7319946), Coordinate(98.4943595, 39.7328234), Coordinate(98.5008441, 39.7388949)),
    ("Qinzhou", Coordinate(108.6503952, 21.9828281), Coordinate(108.6541485, 21.9799392), Coordinate(108.6607283, 21.9856319)),
]

@Suite struct ChineseOffsetsTests {
    @Test func publishedCityPairs() {
        for t in cityTriples {
            #expect(metres(ChineseOffsets.gcj02ToBD09(t.gcj), t.bd) < 0.5, "\(t.name) gcj->bd")
            #expect(metres(ChineseOffsets.bd09ToGCJ02(t.bd), t.gcj) < 0.5, "\(t.name) bd->gcj")
            #expect(metres(ChineseOffsets.wgs84ToGCJ02(t.wgs), t.gcj) < 1.0, "\(t.name) wgs->gcj")
            #expect(metres(ChineseOffsets.gcj02ToWGS84(t.gcj), t.wgs) < 1.0, "\(t.name) gcj->wgs")
            #expect(metres(ChineseOffsets.wgs84ToBD09(t.wgs), t.bd) < 1.0, "\(t.name) wgs->bd")
            #expect(metres(ChineseOffsets.bd09ToWGS84(t.bd), t.wgs) < 1.0, "\(t.name) bd->wgs")
            // The offsets are real: hundreds of metres.
            #expect(metres(t.wgs, t.gcj) > 100)
        }
    }

    @Test func evilTransformVectors() {
        // googollee/eviltransform python/test.py (lat, lng order there):
        // wgs2gcj checked to 1e-6°, gcj2wgs_exact to 0.5 m, bd2wgs to 1e-6°.
        let wgsGCJ: [(Coordinate, Coordinate)] = [
            (Coordinate(121.5272106, 31.1774276), Coordinate(121.531541859215, 31.17530398364597)),  // Shanghai
            (Coordinate(113.912316, 22.543847), Coordinate(113.9171764808363, 22.540796131694766)),  // Shenzhen
            (Coordinate(116.377817, 39.911954), Coordinate(116.38404722455657, 39.91334545536069)),  // Beijing
        ]
        for (w, g) in wgsGCJ {
            let f = ChineseOffsets.wgs84ToGCJ02(w)
            #expect(abs(f.x - g.x) < 1e-6 && abs(f.y - g.y) < 1e-6)
            #expect(metres(f, g) < 0.5)
            #expect(metres(ChineseOffsets.gcj02ToWGS84(g), w) < 0.5)
        }
        // (Its bd2wgs vectors are not used: they sit 10–40 m from the published
        // BD-09 formula, so they must come from a web service.)
    }

    @Test func pyxisTriple() {
        // Glatzel/pyxis test constants (WGS84 -> GCJ02 -> BD09). They agree with the
        // published formula to 8 mm (pyxis appears to use a = 6378137 like
        // eviltransform, instead of the Krasovsky 6378245), so: within 2 cm.
        let w = Coordinate(121.0917077, 30.6107779)
        let g = Coordinate(121.09626935575027, 30.608604331756705)
        let b = Coordinate(121.10271732371203, 30.61484572185035)
        #expect(metres(ChineseOffsets.wgs84ToGCJ02(w), g) < 0.02)
        #expect(metres(ChineseOffsets.wgs84ToBD09(w), b) < 0.02)
        #expect(metres(ChineseOffsets.gcj02ToWGS84(g), w) < 0.02)
        #expect(metres(ChineseOffsets.bd09ToGCJ02(b), g) < 0.01)  // BD-09 step has no ellipsoid
        #expect(metres(ChineseOffsets.bd09ToWGS84(b), w) < 0.02)
    }

    @Test func wandergisFormulaValues() {
        // Forward values from hutool's CoordinateUtilTest (github.com/dromara/hutool,
        // hutool-core/src/test/java/.../CoordinateUtilTest.java), which checks against
        // wandergis/coordtransform; the published forward formulas agree to 1e-12°.
        let p = Coordinate(116.404, 39.915)
        let g = ChineseOffsets.wgs84ToGCJ02(p)
        #expect(abs(g.x - 116.41024449916938) < 1e-12 && abs(g.y - 39.91640428150164) < 1e-12)
        let b = ChineseOffsets.gcj02ToBD09(p)
        #expect(abs(b.x - 116.41036949371029) < 1e-12 && abs(b.y - 39.92133699351022) < 1e-12)
        let wb = ChineseOffsets.wgs84ToBD09(p)
        #expect(abs(wb.x - 116.41662724378733) < 1e-12 && abs(wb.y - 39.922699552216216) < 1e-12)
        // Their inverses are the one-step approximations; ours iterate, so only
        // agree within the approximation error (well under half a metre).
        #expect(metres(ChineseOffsets.gcj02ToWGS84(p), Coordinate(116.39775550083061, 39.91359571849836)) < 0.5)
        #expect(metres(ChineseOffsets.bd09ToGCJ02(p), Coordinate(116.39762729119315, 39.90865673957631)) < 0.5)
        #expect(metres(ChineseOffsets.bd09ToWGS84(p), Coordinate(116.3913836995125, 39.907253214522164)) < 0.5)
        // gcoord's GCJ02 -> WGS84 and GCJ02 -> BD09 at (123, 45), to 5 decimals.
        let q = Coordinate(123, 45)
        let w = ChineseOffsets.gcj02ToWGS84(q)
        #expect(abs(w.x - 122.99395597) < 5e-6 && abs(w.y - 44.99804071) < 5e-6)
        let qb = ChineseOffsets.gcj02ToBD09(q)
        #expect(abs(qb.x - 123.00636499) < 5e-6 && abs(qb.y - 45.00636899) < 5e-6)
        // gcoord WGS84 -> GCJ02 / BD09 at (123, 45).
        let qg = ChineseOffsets.wgs84ToGCJ02(q)
        #expect(abs(qg.x - 123.00607541) < 5e-6 && abs(qg.y - 45.00197815) < 5e-6)
        let qwb = ChineseOffsets.wgs84ToBD09(q)
        #expect(abs(qwb.x - 123.0124491) < 5e-6 && abs(qwb.y - 45.0083293) < 5e-6)
        // hutool wgs84toBd09Test2 (checked there against tool.lu/coordinate).
        let h2 = ChineseOffsets.wgs84ToBD09(Coordinate(122.99395597, 44.99804071))
        #expect(abs(h2.x - 123.00636516028885) < 1e-9 && abs(h2.y - 45.0063690918959) < 1e-9)
    }

    @Test func roundTripsAcrossChinaBelowOneCentimetre() {
        var worstGCJ = 0.0, worstBD = 0.0, worstWGSBD = 0.0
        var lon = 73.0
        while lon <= 135.0 {
            var lat = 18.0
            while lat <= 53.5 {
                let c = Coordinate(lon, lat)
                // gcj -> wgs -> gcj
                worstGCJ = max(worstGCJ, metres(ChineseOffsets.wgs84ToGCJ02(ChineseOffsets.gcj02ToWGS84(c)), c))
                // bd -> gcj -> bd
                worstBD = max(worstBD, metres(ChineseOffsets.gcj02ToBD09(ChineseOffsets.bd09ToGCJ02(c)), c))
                // wgs -> bd -> wgs
                worstWGSBD = max(worstWGSBD, metres(ChineseOffsets.bd09ToWGS84(ChineseOffsets.wgs84ToBD09(c)), c))
                lat += 0.37
            }
            lon += 0.53
        }
        #expect(worstGCJ < 0.01)
        #expect(worstBD < 0.01)
        #expect(worstWGSBD < 0.01)
        // Iterating to 1e-9° actually gives about a millimetre or better.
        #expect(worstGCJ < 0.001 && worstBD < 0.001)
    }

    @Test func identityOutsideChina() {
        let helsinki = Coordinate(24.94, 60.17)
        #expect(ChineseOffsets.wgs84ToGCJ02(helsinki) == helsinki)
        #expect(ChineseOffsets.gcj02ToWGS84(helsinki) == helsinki)
        #expect(ChineseOffsets.gcj02ToBD09(helsinki) == helsinki)
        #expect(ChineseOffsets.bd09ToGCJ02(helsinki) == helsinki)
        #expect(ChineseOffsets.wgs84ToBD09(helsinki) == helsinki)
        #expect(ChineseOffsets.bd09ToWGS84(helsinki) == helsinki)
        #expect(ChineseOffsets.isOutsideChina(Coordinate(183, 45)))
        #expect(!ChineseOffsets.isOutsideChina(Coordinate(114.3, 30.6)))
        #expect(ChineseOffsets.isOutsideChina(Coordinate(72.0, 30)))  // just west of 72.004
        #expect(ChineseOffsets.isOutsideChina(Coordinate(100, 55.9)))  // north of 55.8271
    }
}
