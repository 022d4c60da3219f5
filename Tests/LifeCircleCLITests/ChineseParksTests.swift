import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

/// Chinese field names and values through `parks` and `grids`: a GBK
/// Shapefile without .cpg, a UTF-8 GeoPackage, and GBK CSV point tables read
/// through the encoding, coordinate-column and CRS flags.
///
/// 20 homes on a 5 × 4 lattice of 100 m (UTM 50N), 人口 = 10 + i + 5j; the
/// community 桃源社区 holds columns i = 0, 1 (144 people), 蛇口社区 the rest (246).
@Suite(.requiresCLI) struct ChineseParksTests {
    static let utm = (try? CRS.parse("EPSG:32650")) ?? .local
    static let x0 = 500_000.0, y0 = 2_500_000.0

    typealias Home = (i: Int, j: Int, x: Double, y: Double, pop: Int)
    static var homes: [Home] {
        var out: [Home] = []
        for i in 0..<5 {
            for j in 0..<4 {
                let x: Double = x0 + 50 + 100 * Double(i)
                let y: Double = y0 + 50 + 100 * Double(j)
                out.append((i, j, x, y, 10 + i + 5 * j))
            }
        }
        return out
    }

    static func square(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> GeometryValue {
        .polygon([[Coordinate(x, y), Coordinate(x + w, y), Coordinate(x + w, y + h), Coordinate(x, y + h), Coordinate(x, y)]])
    }

    /// Residents as a GBK Shapefile without .cpg (and language byte 0), the
    /// rest as UTF-8 GeoPackages.
    static func fixture(_ dir: URL) throws {
        var gbk = WriteOptions()
        gbk.shapefileEncoding = "GBK"
        let h = homes
        try VectorWriter.write(
            [
                OutputLayer(
                    name: "住宅", geometries: h.map { .point(Coordinate($0.x, $0.y)) },
                    columns: [
                        Column(name: "小区名称", strings: h.map { "小区\($0.i)-\($0.j)" }), Column(name: "人口", integers: h.map { Int64($0.pop) }),
                    ], crs: utm)
            ], to: dir.appendingPathComponent("住宅.shp").path, options: gbk)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("住宅.cpg"))
        let dbf = dir.appendingPathComponent("住宅.dbf")
        var bytes = try Data(contentsOf: dbf)
        bytes[29] = 0
        try bytes.write(to: dbf)
        try VectorWriter.write(
            [
                OutputLayer(
                    name: "社区", geometries: [square(x0, y0, 200, 400), square(x0 + 200, y0, 300, 400)],
                    columns: [Column(name: "社区名称", strings: ["桃源社区", "蛇口社区"])], crs: utm)
            ], to: dir.appendingPathComponent("社区.gpkg").path)
        try VectorWriter.write(
            [
                OutputLayer(
                    name: "绿地", geometries: [square(x0 + 10, y0 + 10, 60, 60)], columns: [Column(name: "名称", strings: ["小公园"])], crs: utm)
            ], to: dir.appendingPathComponent("绿地.gpkg").path)
        try VectorWriter.write(
            [
                OutputLayer(
                    name: "地块", geometries: [square(x0 + 400, y0 + 300, 40, 40), square(x0 + 200, y0 + 100, 40, 40)],
                    columns: [Column(name: "地块名称", strings: ["东地块", "中地块"])], crs: utm)
            ], to: dir.appendingPathComponent("地块.gpkg").path)
    }

    /// The per-zone table of a parks output: zone → total weight.
    func zoneTotals(_ gpkg: String) throws -> [String: Double] {
        let t = try LayerReader.read(gpkg, ReadOptions(layer: "coverage"))
        let zones = try t.strings("zone"), totals = try t.doubles("total_weight")
        return Dictionary(uniqueKeysWithValues: zip(zones, totals).compactMap { z, w in z.flatMap { z in w.map { (z, $0) } } })
    }

    func parks(_ dir: URL, residents: [String], out: String) throws -> CLI.Result {
        try CLI.run(
            [
                "parks", "--metric", "euclidean", "--weight", "人口", "--green", "绿地.gpkg", "--candidates", "地块.gpkg", "--count", "1",
                "--zones", "社区.gpkg", "--zone-field", "社区名称", "--out", out, "--summary", out + ".json",
            ] + residents, in: dir)
    }

    @Test func gbkShapefileAndUTF8GeoPackageNamesSurviveParks() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.fixture(dir)
        let r = try parks(dir, residents: ["--residents", "住宅.shp"], out: "p.gpkg")
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.appendingPathComponent("p.gpkg").path
        #expect(try zoneTotals(out) == ["桃源社区": 144, "蛇口社区": 246, "(all)": 390])
        // Each resident keeps its community's name.
        let res = try LayerReader.read(out, ReadOptions(layer: "residents"))
        let zones = try res.strings("zone")
        #expect(zones.filter { $0 == "桃源社区" }.count == 8 && zones.filter { $0 == "蛇口社区" }.count == 12)
        let summary = try String(contentsOf: dir.appendingPathComponent("p.gpkg.json"), encoding: .utf8)
        #expect(summary.contains("桃源社区") && summary.contains("蛇口社区"))
    }

    /// The same homes as a GBK CSV whose coordinate columns no name rule
    /// finds (东向/北向, in UTM metres): read through --residents-encoding,
    /// --residents-x-field/-y-field and --residents-crs, they give the same
    /// zone totals and the same served share as the Shapefile.
    @Test func gbkPointTableThroughTheResidentsFlags() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.fixture(dir)
        var csv = "小区名称,人口,东向,北向\n"
        for h in Self.homes { csv += "小区\(h.i)-\(h.j),\(h.pop),\(h.x),\(h.y)\n" }
        try TextEncoding.gbk.encode(csv).write(to: dir.appendingPathComponent("住宅.csv"))
        let flags = [
            "--residents", "住宅.csv", "--residents-encoding", "GBK", "--residents-x-field", "东向", "--residents-y-field", "北向",
            "--residents-crs", "EPSG:32650",
        ]
        let r = try parks(dir, residents: flags, out: "csv.gpkg")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try zoneTotals(dir.appendingPathComponent("csv.gpkg").path) == ["桃源社区": 144, "蛇口社区": 246, "(all)": 390])
        let shp = try parks(dir, residents: ["--residents", "住宅.shp"], out: "shp.gpkg")
        #expect(shp.status == 0, "\(shp.stderr)")
        func served(_ name: String) throws -> [Double?] {
            try LayerReader.read(dir.appendingPathComponent(name).path, ReadOptions(layer: "coverage")).doubles("served_weight_after")
        }
        #expect(try served("csv.gpkg") == served("shp.gpkg"))
        // Without the column flags the table's coordinates are not found, and the message says which columns it has.
        let bare = try parks(dir, residents: ["--residents", "住宅.csv", "--residents-encoding", "GBK"], out: "bare.gpkg")
        #expect(bare.status != 0)
        #expect(bare.stderr.contains("东向") && bare.stderr.contains("--residents-x-field"), "\(bare.stderr)")
    }

    /// Grid units as a GBK CSV read through --units-x-field/-y-field and
    /// --units-crs: all 20 units and all 390 people are in the grids.
    @Test func gbkPointUnitsThroughTheUnitsFlags() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "单元,人口,东向,北向\n"
        for h in Self.homes { csv += "单元\(h.i)-\(h.j),\(h.pop),\(h.x),\(h.y)\n" }
        try TextEncoding.gbk.encode(csv).write(to: dir.appendingPathComponent("单元.csv"))
        let r = try CLI.run(
            [
                "grids", "partition", "--units", "单元.csv", "--units-encoding", "GBK", "--units-x-field", "东向", "--units-y-field", "北向",
                "--units-crs", "EPSG:32650", "--weight", "人口", "--grids", "2", "--out", "g.gpkg", "--summary", "g.json",
            ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let s = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("g.json"))) as? [String: Any])
        #expect(s["units"] as? Int == 20)
        let grids = s["grids"] as? [[String: Any]] ?? []
        #expect(grids.reduce(0.0) { $0 + (($1["weight"] as? [String: Double])?["人口"] ?? 0) } == 390)
        let units = try LayerReader.read(dir.appendingPathComponent("g.gpkg").path, ReadOptions(layer: "units"))
        #expect(try units.strings("单元").first == "单元0-0")
    }
}
