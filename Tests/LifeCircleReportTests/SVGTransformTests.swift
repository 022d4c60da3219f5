import Testing
import LifeCircleGeometry
@testable import LifeCircleReport

@Suite struct SVGTransformTests {
    /// A 100 m square in a 1000 px wide map with 24 px margins: scale
    /// (1000 − 48) / 100 = 9.52 px/m, height 952 + 48 = 1000, so the square's
    /// corners land on the margins, y flipped.
    @Test func knownSquareMapsToKnownPixels() {
        let e = Envelope(minX: 500_000, minY: 3_000_000, maxX: 500_100, maxY: 3_000_100)
        let vp = MapViewport(extent: e, width: 1000, maxHeight: 1300, margin: 24)
        #expect(abs(vp.scale - 9.52) < 1e-12)
        #expect(vp.height == 1000)
        let sw = vp.pixel(Coordinate(500_000, 3_000_000)), ne = vp.pixel(Coordinate(500_100, 3_000_100))
        #expect(abs(sw.x - 24) < 1e-9 && abs(sw.y - 976) < 1e-9)
        #expect(abs(ne.x - 976) < 1e-9 && abs(ne.y - 24) < 1e-9)
        let mid = vp.tenths(Coordinate(500_050, 3_000_025))
        #expect(mid.x == 5000 && mid.y == Int((24 + 75 * 9.52) * 10 + 0.5))
    }

    @Test func squarePathInSVG() {
        let square = GeometryValue.polygon([[Coordinate(0, 0), Coordinate(100, 0), Coordinate(100, 100), Coordinate(0, 100), Coordinate(0, 0)]])
        let section = MapSection(title: "t", layers: [MapLayer(name: "sq", features: [MapFeature(square, fill: "#ff0000")])])
        let r = SVGMapRenderer.render(section)
        // (0,0) -> (24, 976); then +952 px east, 952 px north (−y), 952 px west; closed.
        #expect(r.svg.contains("<path d=\"M24 976l952 0 0-952-952 0z\" fill=\"#ff0000\"/>"))
        #expect(r.drawnPerLayer == [1])
    }
}
