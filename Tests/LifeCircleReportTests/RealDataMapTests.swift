import Foundation
import LifeCircleGeometry
import LifeCircleIO
import TestSupport
import Testing

@testable import LifeCircleReport

@Suite(.requiresSharedData) struct RealDataMapTests {
    /// Wuhan's 92,667 streets (UTM 50N metres, ~57 km across, so 0.0175 px/m):
    /// every street is drawn or counted as shorter than half a pixel (28 m),
    /// and simplification keeps the SVG to a few MB.
    @Test func wuhanStreets() throws {
        let t = try LayerReader.read(TestData.shared("wuhan/wuhan_streets.gpkg"), ReadOptions(layer: "streets"))
        #expect(t.count == 92_667)
        let features = t.geometries.compactMap { $0 }.map { MapFeature($0) }
        let vertices = features.reduce(0) { $0 + $1.geometry.allCoordinates.count }
        let section = MapSection(title: "Wuhan streets", layers: [MapLayer(name: "streets", features: features, stroke: "#555555", strokeWidth: 0.3)])
        let r = SVGMapRenderer.render(section)
        #expect(r.drawnPerLayer[0] + r.skippedFeatures == 92_667)
        #expect(abs(r.viewport.scale - 0.01746) < 1e-4)
        // Streets longer than 28 m in x or y are drawn: most of them.
        let visible = features.filter { f in
            let e = f.geometry.envelope; return max(e.width, e.height) * r.viewport.scale >= 0.55
        }.count
        #expect(r.drawnPerLayer[0] >= visible && r.drawnPerLayer[0] > 50_000)
        #expect(vertices > 185_000)
        #expect(r.svg.utf8.count < 4_000_000, "\(r.svg.utf8.count) bytes")
    }
}
