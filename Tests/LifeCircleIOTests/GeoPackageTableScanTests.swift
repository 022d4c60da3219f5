import Foundation
import LifeCircleGeometry
import LifeCircleProjection
import TestSupport
import Testing

@testable import LifeCircleIO

/// A GeoPackage layer read by the SQLite table scan equals the same layer read
/// feature by feature through OGR (an attribute filter that keeps every row
/// sends the read through OGR).
@Suite struct GeoPackageTableScanTests {
    func bothWays(_ path: String, layer: String? = nil) throws -> (scan: FeatureTable, ogr: FeatureTable) {
        (
            try LayerReader.read(path, ReadOptions(layer: layer)),
            try LayerReader.read(path, ReadOptions(layer: layer, filter: "1 = 1"))
        )
    }

    func expectSame(_ a: FeatureTable, _ b: FeatureTable) {
        #expect(a.count == b.count)
        #expect(a.geometries == b.geometries)
        #expect(a.fieldNames == b.fieldNames)
        for (x, y) in zip(a.columns, b.columns) {
            #expect(x.type == y.type)
            #expect(x.values == y.values, "column \(x.name)")
        }
        #expect(a.crs == b.crs)
    }

    @Test func everyGeometryTypeWrittenByLifeCircle() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("mixed.gpkg").path
        let ring = [Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 0)]
        let geometries: [GeometryValue?] = [
            .point(Coordinate(3, 4)), nil, .lineString([Coordinate(0, 0), Coordinate(5, 5)]), .polygon([ring, ring.reversed()]),
            .multiPoint([Coordinate(1, 2)]), .multiLineString([[Coordinate(0, 0), Coordinate(1, 1)]]),
            .multiPolygon([[ring], [ring.map { Coordinate($0.x + 50, $0.y) }]]),
            .collection([.point(Coordinate(7, 7)), .polygon([ring])]),
        ]
        let layer = OutputLayer(
            name: "mixed", geometries: geometries,
            columns: [
                Column(name: "名称", strings: ["甲", nil, "c", "d", "e", "f", "g", "h"]),
                Column(name: "n", integers: [1, 2, nil, 4, 5, 6, 7, Int(Int64.max)]),
                Column(name: "v", doubles: [0.5, nil, 1e-300, 4, 5, 6, 7, 8]),
            ], crs: try CRS.parse("EPSG:4547"))
        try VectorWriter.write([layer], to: path)
        let (scan, ogr) = try bothWays(path)
        expectSame(scan, ogr)
        #expect(scan.geometries == geometries)
        #expect(try scan.doubles("n")[7] == Double(Int64.max))
    }

    @Test(.requiresSharedData) func wuhanStreetsSaoPauloCellsNanshanWalk() throws {
        let (w, wo) = try bothWays(TestData.shared("wuhan/wuhan_streets.gpkg"))
        #expect(w.count == 92_667)
        expectSame(w, wo)
        let (s, so) = try bothWays(TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg"))
        #expect(s.count == 323)
        expectSame(s, so)
        let nanshan = TestData.shared("shenzhen_nanshan/nanshan_walk.gpkg")
        for layer in try VectorDataset(path: nanshan).layerNames {
            let (n, no) = try bothWays(nanshan, layer: layer)
            #expect(n.count > 0)
            expectSame(n, no)
        }
    }

    /// A zero-length geometry blob (not SQL NULL) used to skip the row's
    /// attributes and shift every later value by one column.
    @Test func zeroLengthGeometryBlobKeepsAttributesAligned() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("blob.gpkg").path
        let layer = OutputLayer(
            name: "res", geometries: [.point(Coordinate(1, 1)), .point(Coordinate(2, 2)), .point(Coordinate(3, 3))],
            columns: [Column(name: "id", integers: [10, 20, 30]), Column(name: "pop", doubles: [1.5, 2.5, 3.5])],
            crs: try CRS.epsg(32650))
        try VectorWriter.write([layer], to: path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        // Plain sqlite3 lacks GDAL's ST_ functions that the R-tree triggers call.
        p.arguments = [
            path,
            "DROP TRIGGER rtree_res_geom_update1; DROP TRIGGER rtree_res_geom_update2; DROP TRIGGER rtree_res_geom_update3; DROP TRIGGER rtree_res_geom_update4; UPDATE res SET geom = X'' WHERE id = 20",
        ]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let scan = try LayerReader.read(path)
        #expect(scan.count == 3)
        #expect(try scan.doubles("id") == [10, 20, 30])
        #expect(try scan.doubles("pop") == [1.5, 2.5, 3.5])
        #expect(scan.geometries[1] == nil && scan.geometries[2] == .point(Coordinate(3, 3)))
    }

    /// A large layer is read in two fid ranges at once; with gaps in the
    /// fids (rows deleted) the halves are uneven, and the rows still come
    /// back whole and in fid order, as OGR reads them.
    @Test func largeLayerWithDeletedRowsReadInTwoRanges() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("large.gpkg").path
        let n = 120_000
        let layer = OutputLayer(
            name: "res", geometries: (0..<n).map { .point(Coordinate(Double($0 % 400), Double($0 / 400))) },
            columns: [Column(name: "id", integers: (0..<n).map { $0 + 1 }), Column(name: "tag", strings: (0..<n).map { "r\($0 % 13)" })],
            crs: try CRS.epsg(32650))
        try VectorWriter.write([layer], to: path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [path, "DELETE FROM res WHERE fid <= 60000 OR fid % 7 = 0"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(GeoPackageTableScan.parallelRows <= 40_000)
        let (scan, ogr) = try bothWays(path)
        let kept = (60_001...n).filter { $0 % 7 != 0 }
        #expect(scan.count == kept.count)
        #expect(try scan.doubles("id") == kept.map { Double($0) })
        #expect(scan.geometries.first == .point(Coordinate(Double(60_000 % 400), Double(60_000 / 400))))
        expectSame(scan, ogr)
    }
}
