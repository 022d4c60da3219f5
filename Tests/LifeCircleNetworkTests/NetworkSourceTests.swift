import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection
import TestSupport
import Testing

/// What `NetworkSource.readLines` takes from a vector layer: every line part,
/// in feature order, sharing the layer's coordinates; polygons are never
/// streets.
@Suite struct NetworkSourceTests {
    func write(_ geometries: [GeometryValue?], _ name: String) throws -> InputSource {
        let path = try TestData.temporaryFolder().appendingPathComponent("\(name).gpkg").path
        try VectorWriter.write(
            [OutputLayer(name: name, geometries: geometries, columns: [], crs: try CRS.epsg(32650))], to: path)
        return InputSource(path: path)
    }

    let ring = [Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 0)]

    @Test func linesInFeatureOrderPolygonsLeftOut() throws {
        let a = [Coordinate(0, 0), Coordinate(5, 0)], b = [Coordinate(5, 0), Coordinate(5, 5)], c = [Coordinate(5, 5), Coordinate(9, 9)]
        let src = try write(
            [.lineString(a), nil, .polygon([ring]), .multiLineString([b, c]), .collection([.point(Coordinate(1, 1)), .lineString(c)])],
            "mixed")
        let (lines, crs) = try NetworkSource.readLines(src)
        #expect(lines == [a, b, c, c])
        #expect(crs == (try CRS.epsg(32650)))
    }

    @Test func polygonLayerIsRefusedWithTheFix() throws {
        let src = try write([.polygon([ring]), .multiPolygon([[ring]]), nil], "blocks")
        #expect {
            try NetworkSource.readLines(src)
        } throws: { e in
            "\(e)".contains("the network is a polygon layer (2 polygons)") && "\(e)".contains("road centrelines")
        }
    }

    @Test func pointLayerHasNoLines() throws {
        let src = try write([.point(Coordinate(1, 1)), .multiPoint([Coordinate(2, 2)])], "poi")
        #expect {
            try NetworkSource.readLines(src)
        } throws: { e in
            "\(e)".contains("the network layer has no lines")
        }
    }
}
