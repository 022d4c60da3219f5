import CGDAL
import Foundation
import LifeCircleGeometry
import LifeCircleProjection
import TestSupport
import Testing

@testable import LifeCircleIO

/// Amap/Baidu-style tables: coordinates found by column name, text in GBK or UTF-8.
@Suite struct PointTableTests {
    func write(_ text: String, _ encoding: TextEncoding, bom: Bool = false, name: String = "pois.csv") throws -> String {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent(name).path
        var data = encoding.encode(text)
        if bom { data = Data([0xEF, 0xBB, 0xBF]) + data }
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The encoder is anchored on GBK's published bytes: 经 = BE AD, 度 = B6 C8.
    @Test func gbkBytes() {
        #expect(Array(TextEncoding.gbk.encode("经度")) == [0xBE, 0xAD, 0xB6, 0xC8])
        #expect(TextEncoding.detect(Data([0xBE, 0xAD, 0xB6, 0xC8])) == .gbk)
        #expect(TextEncoding.detect(Data("经度".utf8)) == .utf8)
    }

    @Test func gbkCSVWithChineseHeadersAndBadRows() throws {
        let path = try write(
            """
            名称,类型,经度,纬度
            南山小学,141203,113.93,22.52
            坏行,141203,,22.5
            蛇口养老院,190000,113.91,22.49
            无坐标,050000,abc,22.5

            """, .gbk)
        let t = try LayerReader.read(path)
        #expect(t.count == 2)
        #expect(t.crs == .wgs84)
        #expect(try t.strings("名称") == ["南山小学", "蛇口养老院"])
        // 050000 has a leading zero, so the column stays text and the codes keep it.
        #expect(t.columns.first { $0.name == "类型" }?.type == .string)
        #expect(try t.strings("类型") == ["141203", "190000"])
        #expect(t.notes.contains { $0.contains("read as GBK") })
        #expect(t.notes.contains { $0.contains("2 rows have empty or unreadable coordinates") && $0.contains("rows 3, 5") })
        guard case .point(let p) = t.geometries[1] else { Issue.record("not a point"); return }
        #expect(p.x == 113.91 && p.y == 22.49)
    }

    @Test func amapLocationColumnKeepsLeadingZeros() throws {
        let path = try write(
            """
            name,typecode,location
            a,050100,"113.9,22.5"
            b,141203|141202,"113.8,22.4"

            """, .utf8, bom: true)
        let t = try LayerReader.read(path)
        #expect(t.count == 2)
        #expect(try t.strings("typecode") == ["050100", "141203|141202"])
        #expect(t.notes.isEmpty)  // ASCII after the BOM: nothing to report
        guard case .point(let p) = t.geometries[0] else { Issue.record("not a point"); return }
        #expect(p.x == 113.9 && p.y == 22.5)
    }

    /// gcj_lng/gcj_lat imply GCJ-02; bd_lng/bd_lat BD-09; explicit fields override.
    @Test func datumFromColumnNamesAndOverrides() throws {
        let gcj = try LayerReader.read(try write("id,gcj_lng,gcj_lat\n1,113.9,22.5\n", .utf8))
        #expect(gcj.crs == .gcj02)
        let bd = try LayerReader.read(try write("id,bd09_lng,bd09_lat\n1,113.9,22.5\n", .utf8))
        #expect(bd.crs == .bd09)
        var o = ReadOptions()
        o.coordinates = CoordinateFields(x: "E", y: "N")
        let given = try LayerReader.read(try write("id,E,N\n1,113.9,22.5\n", .utf8), o)
        #expect(given.count == 1 && given.crs == .wgs84)
    }

    /// A filter compares numbers as numbers ("10" > 4), not as text.
    @Test func filterOnATableComparesNumbers() throws {
        let path = try write("id,n,lon,lat\na,10,113.9,22.5\nb,5,113.8,22.4\nc,2,113.7,22.3\n", .utf8)
        let t = try LayerReader.read(path, ReadOptions(filter: "n > 4"))
        #expect(try t.strings("id") == ["a", "b"])
        #expect(t.geometries.allSatisfy { $0 != nil })
    }

    @Test func noCoordinatesNamesTheColumns() throws {
        let path = try write("名称,地址\n甲,乙\n", .utf8)
        var o = ReadOptions()
        o.inputKey = "facilities"
        #expect { try LayerReader.read(path, o) } throws: { e in
            guard let e = e as? OptionError else { return false }
            return e.key == "facilities_x_field" && e.message.contains("名称, 地址")
        }
        #expect { try LayerReader.read(path, ReadOptions(encoding: "latin-9")) } throws: { e in
            (e as? OptionError)?.key == "encoding" && "\(e)".contains("latin-9")
        }
    }

    /// A GBK Shapefile without .cpg and with language byte 0 (as many
    /// Chinese tools write it) keeps its text and two Chinese field names.
    @Test func gbkShapefileWithoutCPG() throws {
        let dir = try TestData.temporaryFolder()
        let shp = dir.appendingPathComponent("社区.shp").path
        var options = WriteOptions()
        options.shapefileEncoding = "GBK"
        let layer = OutputLayer(
            name: "社区", geometries: [.point(Coordinate(500_000, 2_500_000)), .point(Coordinate(500_100, 2_500_000))],
            columns: [Column(name: "社区名称", strings: ["桃源社区", "蛇口社区"]), Column(name: "社区人口", integers: [Int64(12), 34])],
            crs: try CRS.parse("EPSG:4547"))
        try VectorWriter.write([layer], to: shp, options: options)
        try FileManager.default.removeItem(atPath: dir.appendingPathComponent("社区.cpg").path)
        let dbf = URL(fileURLWithPath: dir.appendingPathComponent("社区.dbf").path)
        var bytes = try Data(contentsOf: dbf)
        bytes[29] = 0
        try bytes.write(to: dbf)
        let t = try LayerReader.read(shp)
        #expect(t.fieldNames == ["社区名称", "社区人口"])
        #expect(try t.strings("社区名称") == ["桃源社区", "蛇口社区"])
        #expect(t.notes.contains { $0.contains("read as GBK") })
        // And back out to a GeoPackage: the two names stay two columns.
        let gpkg = dir.appendingPathComponent("out.gpkg").path
        try VectorWriter.write([OutputLayer(t, name: "zones")], to: gpkg)
        #expect(try LayerReader.read(gpkg).fieldNames == ["社区名称", "社区人口"])
    }
}

/// A population raster derived here from the São Paulo hex grid: each cell
/// of a 250 m grid holds the population of the hexes whose centroid falls in it.
@Suite(.requiresSharedData) struct RasterPopulationTests {
    @Test func hexPopulationAsARaster() throws {
        let hex = try LayerReader.read(TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg"))
        let pop = try hex.doubles("population").map { $0 ?? 0 }
        let centres = try hex.geometries.map { try Geometry($0!).centroid }
        var e = Envelope.empty
        centres.forEach { e.expand(toInclude: $0) }
        let cell = 250.0
        let origin = Coordinate((e.minX / cell).rounded(.down) * cell - cell, (e.maxY / cell).rounded(.up) * cell + cell)
        let w = Int(((e.maxX - origin.x) / cell).rounded(.up)) + 1, h = Int(((origin.y - e.minY) / cell).rounded(.up)) + 1
        var grid = [Double](repeating: -9999, count: w * h)  // nodata where no hex lies
        for (c, p) in zip(centres, pop) {
            let i = Int((origin.y - c.y) / cell) * w + Int((c.x - origin.x) / cell)
            grid[i] = max(grid[i], 0) + p
        }
        grid[0] = -5  // one negative cell: skipped and counted
        let dir = try TestData.temporaryFolder()
        let tif = dir.appendingPathComponent("pop.tif").path
        try RasterPopulation.writeGeoTIFF(tif, width: w, height: h, values: grid, origin: origin, cellSize: cell, epsg: 32723, noData: -9999)
        let t = try LayerReader.read(tif)
        #expect(t.crs?.epsg == 32723)
        let total = try t.doubles("value").reduce(0) { $0 + ($1 ?? 0) }
        #expect(abs(total - 517_570) < 1e-6)
        #expect(t.count == grid.filter { $0 > 0 }.count)
        let nodata = grid.filter { $0 == -9999 }.count
        #expect(t.notes.contains { $0.contains("\(nodata) nodata and 1 negative cells skipped") })
        // Each point is a cell centre: half a cell from the grid lines.
        guard case .point(let p) = t.geometries[0] else { Issue.record("not a point"); return }
        #expect(abs((p.x - origin.x).truncatingRemainder(dividingBy: cell) - cell / 2) < 1e-6)
    }
}

/// An XLSX export (written here through GDAL's XLSX driver) reads its first
/// row as the header, and 经度/纬度 become points.
@Suite struct XLSXTableTests {
    @Test func xlsxHeaderRowAndCoordinates() throws {
        let dir = try TestData.temporaryFolder()
        let path = dir.appendingPathComponent("pois.xlsx").path
        GDALAllRegister()
        // Called outside #require: inside the macro a String's temporary C pointer outlives
        // the string (AddressSanitizer: heap-use-after-free in CPLStrdup).
        let driver = GDALGetDriverByName("XLSX")
        let drv = try #require(driver)
        let created = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, nil)
        let ds = try #require(created)
        let sheet = GDALDatasetCreateLayer(ds, "Sheet1", nil, wkbNone, nil)
        let layer = try #require(sheet)
        for (name, type) in [("名称", OFTString), ("经度", OFTReal), ("纬度", OFTReal)] {
            let f = OGR_Fld_Create(name, type)
            OGR_L_CreateField(layer, f, 1)
            OGR_Fld_Destroy(f)
        }
        for (n, x, y) in [("南山小学", 113.93, 22.52), ("蛇口公园", 113.91, 22.49)] {
            let f = OGR_F_Create(OGR_L_GetLayerDefn(layer))
            OGR_F_SetFieldString(f, 0, n)
            OGR_F_SetFieldDouble(f, 1, x)
            OGR_F_SetFieldDouble(f, 2, y)
            OGR_L_CreateFeature(layer, f)
            OGR_F_Destroy(f)
        }
        GDALClose(ds)
        let t = try LayerReader.read(path)
        #expect(t.count == 2)
        #expect(t.crs == .wgs84)
        #expect(try t.strings("名称") == ["南山小学", "蛇口公园"])
        guard case .point(let p) = t.geometries[1] else { Issue.record("not a point"); return }
        #expect(p.x == 113.91 && p.y == 22.49)
    }
}
