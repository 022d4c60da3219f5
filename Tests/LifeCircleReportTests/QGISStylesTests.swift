import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

@testable import LifeCircleReport

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct QGISStylesTests {
    static func specs() -> [StyleSpec] {
        [
            QGISStyles.tiers(layer: "residents", field: "tier_min", minutes: [15, 5, 10], geometry: .point, language: .zh),
            QGISStyles.gridCodes(layer: "grids", field: "grid_code", codes: ["A001", "A002", "A003"], adjacency: [[1], [0, 2], [1]]),
            QGISStyles.rank(layer: "park_candidates", field: "rank", count: 7),
            QGISStyles.deviation(layer: "grid_balance", field: "deviation", limit: 100),
            QGISStyles.single(layer: "service_area's", color: Palette.green, geometry: .polygon, opacity: 0.5),
        ]
    }

    /// Runs sqlite3 (the CLI) on a database; nil when sqlite3 is not installed.
    static func sqlite(_ db: String, _ sql: String) throws -> [String]? {
        let candidates = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
        guard let exe = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["-separator", "|", db, sql]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    @Test func qmlIsWellFormedWithTheCategories() throws {
        let s = Self.specs()
        let tiers = try XMLDocument(xmlString: QGISStyles.qml(for: s[0]), options: [])
        let cats = try tiers.nodes(forXPath: "/qgis/renderer-v2/categories/category")
        // 3 tiers + "all other values" (not covered), in ascending minutes.
        #expect(cats.map { ($0 as! XMLElement).attribute(forName: "value")?.stringValue ?? "?" } == ["5", "10", "15", ""])
        #expect(cats.map { ($0 as! XMLElement).attribute(forName: "label")?.stringValue ?? "?" } == ["5分钟生活圈", "10分钟生活圈", "15分钟生活圈", "未覆盖"])
        #expect(try tiers.nodes(forXPath: "/qgis/renderer-v2/symbols/symbol[@type='marker']").count == 4)
        let color = try tiers.nodes(forXPath: "/qgis/renderer-v2/symbols/symbol[@name='0']/layer/prop[@k='color']").first as? XMLElement
        #expect(color?.attribute(forName: "v")?.stringValue == "27,120,55,255")

        let grids = try XMLDocument(xmlString: QGISStyles.qml(for: s[1]), options: [])
        #expect(try grids.nodes(forXPath: "/qgis/labeling/settings/text-style[@fieldName='grid_code']").count == 1)
        let fills = try grids.nodes(forXPath: "/qgis/renderer-v2/symbols/symbol/layer/prop[@k='color']").map {
            ($0 as! XMLElement).attribute(forName: "v")!.stringValue!
        }
        // A path of three grids: neighbours differ, ends may share.
        #expect(fills[0] != fills[1] && fills[1] != fills[2])

        let rank = try XMLDocument(xmlString: QGISStyles.qml(for: s[2]), options: [])
        let ranges = try rank.nodes(forXPath: "/qgis/renderer-v2[@type='graduatedSymbol']/ranges/range").map { $0 as! XMLElement }
        // 7 ranks in 5 bands: 1, 2, 3, 4–5, 6–7 (bounds at half ranks).
        #expect(ranges.map { $0.attribute(forName: "lower")!.stringValue! } == ["0.5", "1.5", "2.5", "3.5", "5.5"])
        #expect(ranges.map { $0.attribute(forName: "upper")!.stringValue! } == ["1.5", "2.5", "3.5", "5.5", "7.5"])

        let dev = try XMLDocument(xmlString: QGISStyles.qml(for: s[3]), options: [])
        #expect(try dev.nodes(forXPath: "/qgis/renderer-v2/ranges/range").count == 5)
        // SLD parses too.
        _ = try XMLDocument(xmlString: QGISStyles.sld(for: s[0]), options: [])
        _ = try XMLDocument(xmlString: QGISStyles.sld(for: s[2]), options: [])
    }

    /// Aliases go into the QML's Fields category (QGIS 3.22 applies them on load),
    /// escaped, in field order; a style without aliases keeps its two categories.
    @Test func qmlCarriesFieldAliases() throws {
        var s = Self.specs()[4]
        #expect(QGISStyles.qml(for: s).contains("styleCategories=\"Symbology|Labeling\""))
        #expect(!QGISStyles.qml(for: s).contains("<aliases>"))
        s.fieldAliases = [.init(field: "share_500", alias: "500米覆盖率"), .init(field: "a&b", alias: "甲<乙>")]
        let doc = try XMLDocument(xmlString: QGISStyles.qml(for: s), options: [])
        #expect(
            (try doc.nodes(forXPath: "/qgis").first as? XMLElement)?.attribute(forName: "styleCategories")?.stringValue
                == "Symbology|Labeling|Fields")
        let aliases = try doc.nodes(forXPath: "/qgis/aliases/alias").map { $0 as! XMLElement }
        #expect(aliases.map { $0.attribute(forName: "field")!.stringValue! } == ["share_500", "a&b"])
        #expect(aliases.map { $0.attribute(forName: "name")!.stringValue! } == ["500米覆盖率", "甲<乙>"])
    }

    /// Writes a GeoPackage with the styles through the IO module's writer and
    /// reads `layer_styles` back with sqlite3 and with GDAL (as QGIS does).
    @Test func geopackageCarriesStyles() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("study.gpkg").path
        let crs = try CRS.epsg(32650)
        let sq = { (x: Double) in
            GeometryValue.polygon([[Coordinate(x, 0), Coordinate(x + 10, 0), Coordinate(x + 10, 10), Coordinate(x, 10), Coordinate(x, 0)]])
        }
        let layers = [
            OutputLayer(
                name: "residents", geometries: [.point(Coordinate(500_000, 3_400_000)), .point(Coordinate(500_100, 3_400_000))],
                columns: [Column(name: "tier_min", integers: [5, nil])], crs: crs),
            OutputLayer(
                name: "grids", geometries: [sq(500_000), sq(500_010), sq(500_020)],
                columns: [Column(name: "grid_code", strings: ["A001", "A002", "A003"])], crs: crs),
            OutputLayer(name: "park_candidates", geometries: [sq(500_000)], columns: [Column(name: "rank", integers: [1])], crs: crs),
            OutputLayer(name: "grid_balance", geometries: [sq(500_000)], columns: [Column(name: "deviation", doubles: [-12.5])], crs: crs),
            OutputLayer(name: "service_area's", geometries: [sq(500_000)], crs: crs),
        ]
        let specs = Self.specs()
        try VectorWriter.write(layers, to: path, options: WriteOptions(geopackageSQL: QGISStyles.sql(for: specs)))

        // GDAL lists layer_styles as an attribute table, so QGIS finds it.
        let infos = try VectorDataset(path: path).layerInfos()
        let styles = try #require(infos.first { $0.name == "layer_styles" })
        #expect(styles.featureCount == 5)
        let table = try LayerReader.read(path, ReadOptions(layer: "layer_styles"))
        #expect(
            table.fieldNames == [
                "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time",
            ])
        #expect(try table.strings("f_table_name") == ["residents", "grids", "park_candidates", "grid_balance", "service_area's"])
        #expect(try table.strings("f_geometry_column") == Array(repeating: "geom", count: 5))
        #expect(try table.strings("f_table_schema") == Array(repeating: "", count: 5))
        #expect(try table.doubles("useAsDefault") == Array(repeating: 1, count: 5))
        let qml = try table.strings("styleQML")
        #expect(qml[1] == QGISStyles.qml(for: specs[1]))
        #expect(qml[0]?.contains("未覆盖") == true)

        guard let rows = try Self.sqlite(path, "SELECT name FROM pragma_table_info('layer_styles') ORDER BY cid") else { return }
        #expect(
            rows == [
                "id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
                "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time",
            ])
        // The geometry column named in the styles is the one GDAL wrote.
        let geomCols = try Self.sqlite(path, "SELECT DISTINCT column_name FROM gpkg_geometry_columns")
        #expect(geomCols == ["geom"])
        let matched = try Self.sqlite(
            path,
            """
            SELECT s.f_table_name FROM layer_styles s JOIN gpkg_geometry_columns g \
            ON g.table_name = s.f_table_name AND g.column_name = s.f_geometry_column WHERE s.useAsDefault ORDER BY s.id
            """)
        #expect(matched == ["residents", "grids", "park_candidates", "grid_balance", "service_area's"])
        #expect(try Self.sqlite(path, "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'") == ["attributes"])
        #expect(try Self.sqlite(path, "SELECT DISTINCT update_time FROM layer_styles") == [QGISStyles.defaultUpdateTime])
    }

    /// Running the statements twice leaves one default style per layer.
    @Test func sqlIsRepeatable() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("twice.gpkg").path
        let crs = try CRS.epsg(32650)
        let sql = QGISStyles.sql(for: [QGISStyles.single(layer: "a", color: Palette.gap, geometry: .point)])
        try VectorWriter.write(
            [OutputLayer(name: "a", geometries: [.point(Coordinate(500_000, 3_400_000))], crs: crs)],
            to: path, options: WriteOptions(geopackageSQL: sql + sql))
        let t = try LayerReader.read(path, ReadOptions(layer: "layer_styles"))
        #expect(t.count == 1)
        guard let n = try Self.sqlite(path, "SELECT count(*) FROM gpkg_contents WHERE table_name = 'layer_styles'") else { return }
        #expect(n == ["1"])
    }
}
