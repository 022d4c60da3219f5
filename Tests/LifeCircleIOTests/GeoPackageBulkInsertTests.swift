import CSQLite
import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

/// GeoPackages whose rows went in through SQLite directly: read back by GDAL
/// exactly, and the GeoPackage bookkeeping (counts, extents, R-tree, header)
/// checked with plain SQLite, independently of the writer.
@Suite struct GeoPackageBulkInsertTests {
    // swift-format-ignore: NeverUseForceTry
    let crs = try! CRS.parse("EPSG:32650")
    let square = [Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 10), Coordinate(0, 0)]
    let hole = [Coordinate(2, 2), Coordinate(4, 2), Coordinate(4, 4), Coordinate(2, 2)]

    var mixed: [GeometryValue?] {
        [
            .point(Coordinate(1.5, -2.25)),
            .lineString([Coordinate(0, 0), Coordinate(3, 4), Coordinate(6, 0)]),
            .polygon([square, hole]),
            .multiPoint([Coordinate(1, 1), Coordinate(2, 2)]),
            .multiLineString([[Coordinate(0, 0), Coordinate(1, 1)], [Coordinate(5, 5), Coordinate(6, 7)]]),
            .multiPolygon([[square], [square.map { Coordinate($0.x + 20, $0.y + 30) }]]),
            .collection([.point(Coordinate(9, 9)), .lineString([Coordinate(0, 0), Coordinate(1, 0)])]),
            nil,
        ]
    }

    @Test func everyGeometryTypeAndValueReadsBackThroughGDAL() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("mixed.gpkg").path
        let layer = OutputLayer(
            name: "mixed \"layer\"", geometries: mixed,
            columns: [
                Column(name: "name's", strings: ["甲", "b'\"c", nil, "", "社区", "x", "y", "z"]),
                Column(name: "n", integers: [1, nil, -3, Int(Int32.max) + 5, 0, 6, 7, 8]),
                Column(name: "v", doubles: [0.1, .infinity, nil, -2.5e300, 1, 2, 3, .nan]),
                // Unboxed storage, as analysis results are handed over.
                Column(name: "d", finiteDoubles: [250.5, .infinity, 0, -1, .nan, 1e-9, 7, 8]),
                Column(name: "i", integers: [Int64](arrayLiteral: 1, 0, -5, Int64.max, 4, 5, 6, 7)),
            ], crs: crs)
        var options = WriteOptions()
        options.bulkInsertAbove = 0  // every layer through SQLite directly
        try VectorWriter.write([layer], to: path, options: options)
        let back = try LayerReader.read(path)
        #expect(back.crs?.epsg == 32650)
        #expect(back.geometries == mixed)
        #expect(try back.strings("name's") == ["甲", "b'\"c", nil, "", "社区", "x", "y", "z"])
        #expect(try back.doubles("n") == [1, nil, -3, Double(Int(Int32.max) + 5), 0, 6, 7, 8])
        #expect(try back.doubles("v") == [0.1, nil, nil, -2.5e300, 1, 2, 3, nil])
        #expect(try back.doubles("d") == [250.5, nil, 0, -1, nil, 1e-9, 7, 8])
        #expect(try back.column("i").values == [1, 0, -5, Int64.max, 4, 5, 6, 7].map { FieldValue.integer($0) })

        let db = try SQLiteFile(path)
        #expect(try db.text("PRAGMA integrity_check") == "ok")
        #expect(try db.text("PRAGMA application_id") == "\(0x4750_4B47)")  // "GPKG"
        #expect(try db.text("SELECT feature_count FROM gpkg_ogr_contents") == "8")
        // Extent: the union of every coordinate above (x −0..30, y −2.25..40).
        #expect(try db.text("SELECT min_x || ' ' || min_y || ' ' || max_x || ' ' || max_y FROM gpkg_contents") == "0.0 -2.25 30.0 40.0")
        // GDAL's feature-count triggers are back in place for later edits.
        #expect(try db.text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trigger_%_feature_count_%'") == "2")
        // A point blob: "GP", version 0, flags 1 (little endian, no envelope), SRS id, then WKB.
        let srs = try #require(try db.text("SELECT srs_id FROM gpkg_geometry_columns"))
        #expect(
            try db.text("SELECT hex(substr(geom, 1, 8)) FROM \"mixed \"\"layer\"\"\" WHERE fid = 1")
                == "47500001" + littleEndianHex(Int32(srs)!))
    }

    @Test func spatialIndexBuiltAfterTheRowsAndSkippedForLargePointLayers() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("indexed.gpkg").path
        let cells = OutputLayer(
            name: "cells", geometries: [.polygon([square]), .polygon([square.map { Coordinate($0.x + 10, $0.y) }])],
            columns: [Column(name: "k", integers: [1, 2])], crs: crs)
        let many = 50_001
        let points = OutputLayer(
            name: "points", geometries: (0..<many).map { .point(Coordinate(Double($0), 1)) },
            columns: [Column(name: "k", integers: Array(0..<many))], crs: crs)
        var options = WriteOptions()
        options.bulkInsertAbove = 1  // the two cells through SQLite as well, indexed afterwards
        try VectorWriter.write([cells, points], to: path, options: options)
        let db = try SQLiteFile(path)
        #expect(try db.text("SELECT count(*) FROM rtree_cells_geom") == "2")
        #expect(try db.text("SELECT maxx FROM rtree_cells_geom WHERE id = 2") == "20.0")
        #expect(try db.text("SELECT count(*) FROM sqlite_master WHERE name = 'rtree_points_geom'") == "0")
        #expect(try db.text("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'points'") == "\(many)")
        #expect(try db.text("SELECT sum(k) FROM points") == "\(many * (many - 1) / 2)")
        // Written in two halves at once, then joined: rows keep layer order as fid 1…n.
        #expect(try db.text("SELECT count(*) FROM points WHERE k != fid - 1") == "0")
        #expect(try db.text("SELECT min(fid) || ' ' || max(fid) FROM points") == "1 \(many)")
        #expect(try db.text("PRAGMA integrity_check") == "ok")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["indexed.gpkg"])
        #expect(try VectorDataset(path: path).info(layer: "points").featureCount == many)
    }

    @Test func smallLayersWrittenByGDALWithTheirIndex() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("small.gpkg").path
        let cells = OutputLayer(
            name: "cells", geometries: [.polygon([square]), nil],
            columns: [Column(name: "k", integers: [1, nil])], crs: crs)
        try VectorWriter.write([cells], to: path)
        let db = try SQLiteFile(path)
        #expect(try db.text("SELECT count(*) FROM rtree_cells_geom") == "1")
        #expect(try db.text("SELECT feature_count FROM gpkg_ogr_contents") == "2")
        #expect(try db.text("PRAGMA page_size") == "65536")
    }

    private func littleEndianHex(_ v: Int32) -> String {
        withUnsafeBytes(of: v.littleEndian) { $0.map { String(format: "%02X", $0) }.joined() }
    }
}

/// A read-only SQLite connection for checking files.
private final class SQLiteFile {
    let db: OpaquePointer
    init(_ path: String) throws {
        var h: OpaquePointer?
        guard sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let h else { throw IOError("cannot open \(path)") }
        db = h
    }
    deinit { sqlite3_close(db) }

    /// The first column of the first row, as text.
    func text(_ sql: String) throws -> String? {
        var st: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &st, nil) == SQLITE_OK, let st else {
            throw IOError("\(sql): \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(st) }
        guard sqlite3_step(st) == SQLITE_ROW else { return nil }
        return sqlite3_column_text(st, 0).map { String(cString: $0) }
    }
}
