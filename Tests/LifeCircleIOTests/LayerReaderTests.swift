import Foundation
import LifeCircleGeometry
import LifeCircleProjection
import TestSupport
import Testing

@testable import LifeCircleIO

/// Planar length of line parts, computed here rather than through GEOS.
private func planarLength(_ g: GeometryValue) -> Double {
    g.lineParts.reduce(0) { sum, line in
        sum + zip(line, line.dropFirst()).reduce(0) { $0 + $1.0.distance(to: $1.1) }
    }
}

@Suite(.requiresSharedData)
struct RealDataReadingTests {
    @Test func wuhanStreets() throws {
        let path = TestData.shared("wuhan/wuhan_streets.gpkg")
        let info = try VectorDataset(path: path).info(layer: "streets")
        #expect(info.featureCount == 92_667)
        #expect(info.crs == "EPSG:32650")
        let t = try LayerReader.read(path, ReadOptions(layer: "streets"))
        #expect(t.count == 92_667)
        #expect(t.crs?.epsg == 32650)
        #expect(t.geometries.allSatisfy { if case .lineString = $0 { return true } else { return false } })
        let km = t.geometries.reduce(0) { $0 + planarLength($1!) } / 1000
        #expect(abs(km - 7185) <= 1, "total length \(km) km")
        #expect(t.fieldNames.contains("highway"))
    }

    @Test func saoPauloHexGrid() throws {
        let gpkg = try LayerReader.read(TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg"))
        #expect(gpkg.count == 323)
        #expect(gpkg.crs?.epsg == 32723)
        let pop = try gpkg.doubles("population").reduce(0) { $0 + ($1 ?? 0) }
        #expect(pop == 517_570)
        // The CSV carries the same cells as lon/lat points.
        let csv = try LayerReader.read(TestData.shared("sao_paulo/spo_hexgrid.csv"))
        #expect(csv.count == 323)
        #expect(csv.crs == .wgs84)
        #expect(try csv.doubles("population").reduce(0) { $0 + ($1 ?? 0) } == 517_570)
        guard case .point(let p) = csv.geometries[0] else { Issue.record("CSV rows should be points"); return }
        #expect(p.x < -46 && p.x > -47 && p.y < -23 && p.y > -24)
    }

    @Test func beijingLocalMetresRefusedThenReadWhenDeclared() throws {
        let path = TestData.shared("beijing_hlg/hlg.geojson")
        #expect {
            try LayerReader.read(path)
        } throws: { error in
            // The library names the option by its key; the CLI spells it as a flag.
            guard let e = error as? OptionError else { return false }
            let m = e.rendered { "--" + $0 }
            return e.key == "crs" && m.contains("hlg.geojson") && m.contains("not longitude/latitude") && m.contains("--crs local")
        }
        let t = try LayerReader.read(path, ReadOptions(declaredCRS: .local))
        #expect(t.count == 410)
        #expect(t.crs == .local)
        let types = try t.doubles("type").map { Int($0 ?? -1) }
        #expect(types.filter { $0 == 4 }.count == 20)
        let e = t.envelope
        #expect(e.minX >= -1 && e.maxX <= 2200 && e.maxY <= 2100)
    }
}

@Suite struct HelsinkiOSMTests {
    @Test func linesAndMultipolygonsWithTags() throws {
        let osm = try OSMReader.read(TestData.helsinkiPBF)
        #expect(osm.lines.count > 1000)
        #expect(osm.multipolygons.count > 500)
        let highways = osm.lines.tags.filter { $0["highway"] != nil }
        #expect(highways.count > 1000)
        // Tags that GDAL keeps in other_tags come back as ordinary keys.
        #expect(osm.multipolygons.tags.contains { $0["building"] != nil })
        #expect(osm.lines.tags.contains { $0["surface"] != nil || $0["lanes"] != nil || $0["maxspeed"] != nil })
        let e = osm.lines.geometries.reduce(Envelope.empty) {
            var x = $0; x.expand(toInclude: $1.envelope); return x
        }
        #expect(e.minX > 24.8 && e.maxX < 25.1 && e.minY > 60.1 && e.maxY < 60.25)
        #expect(osm.lines.osmIDs.allSatisfy { $0 != 0 })
    }

    @Test func hstoreParsing() {
        let pairs = OSMReader.parseHstore(#""name:zh"=>"赫尔辛基","note"=>"say \"hi\"","a=>b"=>"1""#)
        #expect(pairs.map(\.0) == ["name:zh", "note", "a=>b"])
        #expect(pairs.map(\.1) == ["赫尔辛基", "say \"hi\"", "1"])
    }
}

@Suite struct WriterTests {
    let squares: OutputLayer = OutputLayer(
        name: "cells",
        geometries: [
            .polygon([[Coordinate(0, 0), Coordinate(100, 0), Coordinate(100, 100), Coordinate(0, 100), Coordinate(0, 0)]]),
            .multiPolygon([[[Coordinate(200, 0), Coordinate(300, 0), Coordinate(300, 100), Coordinate(200, 0)]]]),
        ],
        columns: [
            Column(name: "名称", strings: ["社区甲", "社区乙"]), Column(name: "households", integers: [320, nil]),
            Column(name: "share", doubles: [0.25, 0.5]),
        ],
        crs: CRS.utm(forLongitude: 117, latitude: 30))

    @Test func geopackageSeveralLayersRoundTrip() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("out.gpkg").path
        let table = OutputLayer(name: "metrics", columns: [Column(name: "k", integers: [1, 2, 3])])
        try VectorWriter.write([squares, table], to: path)
        let ds = try VectorDataset(path: path)
        #expect(ds.layerNames.sorted() == ["cells", "metrics"])
        let back = try LayerReader.read(path, ReadOptions(layer: "cells"))
        #expect(back.crs?.epsg == 32650)
        #expect(try back.strings("名称") == ["社区甲", "社区乙"])
        #expect(try back.doubles("households") == [320, nil])
        #expect(back.geometries[0]?.polygonParts.count == 1)
        // Only the target file remains: no temporary folder left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.gpkg"])
    }

    @Test func geojsonIsRFC7946LonLat() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("cells.geojson").path
        try VectorWriter.write([squares], to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("\"crs\""))
        let back = try LayerReader.read(path)
        #expect(back.crs == .wgs84)
        // UTM 50N easting 0–300 m lies west of the zone's false origin, near 112.5°E.
        let e = back.envelope
        #expect(e.minX > 112 && e.maxX < 113 && abs(e.minY) < 0.01)
    }

    @Test func csvHasBOMAndWKT() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("cells.csv").path
        try VectorWriter.write([squares], to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("WKT,名称,households,share"))
        #expect(text.contains("社区甲"))
    }

    @Test func shapefileAndFlatGeobuf() throws {
        let dir = try TestData.temporaryFolder()
        try VectorWriter.write([squares], to: dir.appendingPathComponent("cells.shp").path)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(files.isSuperset(of: ["cells.shp", "cells.shx", "cells.dbf", "cells.prj", "cells.cpg"]))
        let shp = try LayerReader.read(dir.appendingPathComponent("cells.shp").path)
        #expect(try shp.strings("名称") == ["社区甲", "社区乙"])
        try VectorWriter.write([squares], to: dir.appendingPathComponent("cells.fgb").path)
        let fgb = try LayerReader.read(dir.appendingPathComponent("cells.fgb").path)
        #expect(fgb.count == 2 && fgb.crs?.epsg == 32650)
    }
}

@Suite struct BadInputTests {
    @Test func missingFile() {
        #expect { try LayerReader.read("/nonexistent/x.gpkg") } throws: { "\($0)".contains("/nonexistent/x.gpkg: no such file") }
    }

    @Test func notGeodataAndCorruptGeoJSON() throws {
        let dir = try TestData.temporaryFolder()
        let junk = dir.appendingPathComponent("notes.txt")
        try "hello".write(to: junk, atomically: true, encoding: .utf8)
        #expect { try LayerReader.read(junk.path) } throws: { "\($0)".contains("notes.txt: not a vector dataset") }
        let corrupt = dir.appendingPathComponent("broken.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,"#.write(
            to: corrupt, atomically: true, encoding: .utf8)
        #expect { try LayerReader.read(corrupt.path) } throws: { "\($0)".contains("broken.geojson") }
    }

    @Test func unknownLayerAndField() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("p.gpkg").path
        try VectorWriter.write(
            [
                OutputLayer(
                    name: "pts", geometries: [.point(Coordinate(1, 2))],
                    columns: [Column(name: "pop", doubles: [5])], crs: .wgs84)
            ], to: path)
        #expect { try LayerReader.read(path, ReadOptions(layer: "nope")) } throws: { "\($0)" == "\(path): no layer 'nope': choose one of 'pts'" }
        let t = try LayerReader.read(path)
        #expect { try t.doubles("population") } throws: { "\($0)".contains("no field 'population': choose one of pop") }
    }

    @Test func outputInMissingFolderWritesNothing() throws {
        let path = "/nonexistent-folder-xyz/out.gpkg"
        #expect { try VectorWriter.write([OutputLayer(name: "a", columns: [Column(name: "k", integers: [1])])], to: path) } throws: {
            "\($0)".contains("does not exist")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func failedWriteLeavesPreviousFileUntouched() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("keep.gpkg").path
        try VectorWriter.write([OutputLayer(name: "a", columns: [Column(name: "k", integers: [1])])], to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A column with the wrong number of rows fails mid-write.
        let bad = OutputLayer(
            name: "b", geometries: [.point(Coordinate(0, 0)), .point(Coordinate(1, 1))],
            columns: [Column(name: "k", integers: [1])], crs: .wgs84)
        #expect(throws: IOError.self) { try VectorWriter.write([bad], to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.gpkg"])
    }
}

@Suite(.requiresSharedData) struct DefaultCRSTests {
    /// A command's --crs applies to inputs without a usable CRS, never over a real one.
    @Test func defaultAppliesOnlyWhereTheFileHasNoUsableCRS() throws {
        let local = try LayerReader.read(TestData.shared("beijing_hlg/hlg.geojson"), ReadOptions(defaultCRS: .local))
        #expect(local.crs == .local)
        let wuhan = try LayerReader.read(TestData.shared("wuhan/wuhan_streets.gpkg"), ReadOptions(defaultCRS: .local))
        #expect(wuhan.crs?.epsg == 32650)
        // A file with no CRS at all takes the default as given.
        let csv = try LayerReader.read(TestData.shared("sao_paulo/spo_hexgrid.csv"), ReadOptions(defaultCRS: .wgs84))
        #expect(csv.crs == .wgs84)
        let gpkg = try LayerReader.read(TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg"), ReadOptions(defaultCRS: .wgs84))
        #expect(gpkg.crs?.epsg == 32723)
    }
}

@Suite struct LocalCRSRoundTripTests {
    /// Local metres survive a GeoPackage round trip as local metres, not degrees.
    @Test func localMetresRoundTrip() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("plan.gpkg").path
        try VectorWriter.write(
            [
                OutputLayer(
                    name: "parcels", geometries: [.point(Coordinate(1500, 2000))],
                    columns: [Column(name: "k", integers: [1])], crs: .local)
            ], to: path)
        let back = try LayerReader.read(path)
        #expect(back.crs == .local)
        #expect(try VectorDataset(path: path).info(layer: nil).crsName?.contains("local metres") == true)
    }
}

@Suite struct ShapefileEncodingTests {
    /// GBK .dbf files (common from Chinese desktop GIS) read right through their
    /// .cpg, or through the encoding option when the .cpg is missing.
    @Test func gbkThroughCPGOrOption() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("社区.shp").path
        var options = WriteOptions()
        options.shapefileEncoding = "GBK"
        try VectorWriter.write(
            [
                OutputLayer(
                    name: "社区", geometries: [.point(Coordinate(116.4, 39.9))],
                    columns: [Column(name: "name", strings: ["回龙观社区"])], crs: .wgs84)
            ],
            to: path, options: options)
        let dbf = try Data(contentsOf: dir.appendingPathComponent("社区.dbf"))
        // 回 in GBK is 0xBB 0xD8; in UTF-8 it would be 0xE5 0x9B 0x9E.
        #expect(dbf.range(of: Data([0xBB, 0xD8])) != nil)
        #expect(try String(contentsOf: dir.appendingPathComponent("社区.cpg"), encoding: .utf8).contains("GBK"))
        #expect(try LayerReader.read(path).strings("name") == ["回龙观社区"])
        try FileManager.default.removeItem(at: dir.appendingPathComponent("社区.cpg"))
        #expect(try LayerReader.read(path, ReadOptions(encoding: "GBK")).strings("name") == ["回龙观社区"])
    }
}
