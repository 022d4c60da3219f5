import Foundation
import LifeCircleGeometry
import TestSupport
import Testing

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

@Suite struct SVGDrawingTests {
    @Test func niceScaleLengths() {
        #expect(SVGMapRenderer.niceLength(1234) == 1000)
        #expect(SVGMapRenderer.niceLength(480) == 200)
        #expect(SVGMapRenderer.niceLength(520) == 500)
        #expect(SVGMapRenderer.niceLength(20) == 20)
        #expect(SVGMapRenderer.niceLength(0.07) == 0.05)
    }

    /// 2 km square area: bar near a fifth of the map: (952/5)/0.476 px/m = 400 m -> 200 m.
    @Test func scaleBarMatchesScale() {
        let sq = GeometryValue.polygon([[Coordinate(0, 0), Coordinate(2000, 0), Coordinate(2000, 2000), Coordinate(0, 2000), Coordinate(0, 0)]])
        let r = SVGMapRenderer.render(MapSection(title: "t", layers: [MapLayer(name: "a", features: [MapFeature(sq)])]))
        #expect(abs(r.viewport.scale - 0.476) < 1e-12)
        #expect(r.scaleBarMetres == 200)
        // Two halves of 200 × 0.476 / 2 = 47.6 px.
        #expect(r.svg.contains("width=\"47.6\" height=\"5\""))
        #expect(r.svg.contains(">200 m</text>"))
    }

    /// Vertices on a straight edge and sub-pixel wiggles are dropped; a feature
    /// smaller than half a pixel is not drawn and is counted as skipped.
    @Test func simplificationAndSubPixelSkip() {
        // 1000 m square with 1000 vertices along the bottom edge, wiggling by 1 cm.
        var ring = (0...1000).map { i in Coordinate(Double(i), i % 2 == 0 ? 0 : 0.01) }
        ring += [Coordinate(1000, 1000), Coordinate(0, 1000), Coordinate(0, 0)]
        let tiny = GeometryValue.polygon([[Coordinate(500, 500), Coordinate(500.3, 500), Coordinate(500.3, 500.3), Coordinate(500, 500)]])
        let r = SVGMapRenderer.render(
            MapSection(title: "t", layers: [MapLayer(name: "a", features: [MapFeature(.polygon([ring])), MapFeature(tiny)])]))
        #expect(r.drawnPerLayer == [1])
        #expect(r.skippedFeatures == 1)
        // Scale 0.952 px/m: the square is 952 px; 4 corners, closed.
        #expect(r.svg.contains("<path d=\"M24 976l952 0 0-952-952 0z\"/>"))
    }

    @Test func holesAndMultiPolygons() {
        let shell = [Coordinate(0, 0), Coordinate(100, 0), Coordinate(100, 100), Coordinate(0, 100), Coordinate(0, 0)]
        let hole = [Coordinate(25, 25), Coordinate(25, 75), Coordinate(75, 75), Coordinate(75, 25), Coordinate(25, 25)]
        let far = shell.map { Coordinate($0.x + 200, $0.y) }
        let g = GeometryValue.multiPolygon([[shell, hole], [far]])
        let r = SVGMapRenderer.render(MapSection(title: "t", layers: [MapLayer(name: "a", features: [MapFeature(g, label: "A")])]))
        // One path with three rings (fill-rule even-odd on the layer).
        let d = r.svg.components(separatedBy: "<path d=\"")[1].components(separatedBy: "\"")[0]
        #expect(d.filter { $0 == "M" }.count == 3 && d.filter { $0 == "z" }.count == 3)
        #expect(r.svg.contains("fill-rule=\"evenodd\""))
        // The label sits at the centroid of the largest part, which is inside it.
        #expect(r.labelsDrawn == 1)
    }

    @Test func labelPointInsideConcaveShape() {
        // A U shape whose centroid falls in the notch.
        let u = GeometryValue.polygon([
            [
                Coordinate(0, 0), Coordinate(30, 0), Coordinate(30, 100), Coordinate(20, 100), Coordinate(20, 10),
                Coordinate(10, 10), Coordinate(10, 100), Coordinate(0, 100), Coordinate(0, 0),
            ]
        ])
        let p = LabelPoint.of(u)!
        #expect(LabelPoint.contains(u.polygonParts[0][0], p))
    }

    @Test func pathNumbers() {
        #expect(SVGPathEncoder.decimal(123) == "12.3")
        #expect(SVGPathEncoder.decimal(-5) == "-0.5")
        #expect(SVGPathEncoder.decimal(120) == "12")
        #expect(SVGPathEncoder.decimal(0) == "0")
    }
}

@Suite struct StandaloneSVGTests {
    @Test func writesStandaloneSVG() throws {
        let dir = try TestSupport.TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("map.svg").path
        let mixed = GeometryValue.collection([
            .polygon([[Coordinate(0, 0), Coordinate(100, 0), Coordinate(100, 100), Coordinate(0, 0)]]),
            .lineString([Coordinate(0, 50), Coordinate(100, 50)]),
            .point(Coordinate(50, 50)),
        ])
        let r = try SVGMapRenderer.write(MapSection(title: "m", layers: [MapLayer(name: "x", features: [MapFeature(mixed)])]), to: path)
        // One path for the area, one for the line, one circle.
        #expect(r.drawnPerLayer == [3])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("<?xml") && text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }
}
