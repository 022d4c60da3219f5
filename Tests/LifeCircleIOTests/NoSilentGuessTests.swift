import Foundation
import LifeCircleGeometry
import LifeCircleProjection
import TestSupport
import Testing

@testable import LifeCircleIO

/// No silent guesses: which layer, a folder, an empty layer, a filter typo
/// and a truncated file each give an error naming what is wrong.
struct NoSilentGuessTests {
    static let utm = (try? CRS.parse("EPSG:32650")) ?? .local

    /// A GeoPackage with a point layer `poi` (3 features), a line layer
    /// `roads` (2) and a polygon layer `parks` (1).
    static func threeLayers(_ dir: URL, name: String = "city.gpkg", withLines: Bool = true) throws -> String {
        let path = dir.appendingPathComponent(name).path
        let pts = (0..<3).map { GeometryValue.point(Coordinate(500_000 + Double($0) * 10, 3_400_000)) }
        var layers = [
            OutputLayer(name: "poi", geometries: pts, columns: [Column(name: "kind", strings: ["school", "clinic", "school"])], crs: utm)
        ]
        if withLines {
            let lines = (0..<2).map { k in
                GeometryValue.lineString([Coordinate(500_000, 3_400_000 + Double(k)), Coordinate(500_100, 3_400_000 + Double(k))])
            }
            layers.append(OutputLayer(name: "roads", geometries: lines, columns: [Column(name: "highway", strings: ["a", "b"])], crs: utm))
        }
        let square = GeometryValue.polygon([
            [Coordinate(500_000, 3_400_000), Coordinate(500_050, 3_400_000), Coordinate(500_050, 3_400_050), Coordinate(500_000, 3_400_000)]
        ])
        layers.append(OutputLayer(name: "parks", geometries: [square], columns: [Column(name: "name", strings: ["p"])], crs: utm))
        try VectorWriter.write(layers, to: path)
        return path
    }

    @Test func multiLayerWithoutLayerListsTheLayers() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.threeLayers(dir)
        #expect {
            try LayerReader.read(path)
        } throws: { e in
            let m = "\(e)"
            return (e as? OptionError)?.key == "layer" && m.contains("city.gpkg") && m.contains("3 layers") && m.contains("'poi' (Point)")
                && m.contains("'roads' (Line String)") && m.contains("'parks' (Polygon)")
        }
        // Residents may be points or polygons: two layers fit, so it is still a question.
        #expect {
            try InputSource(path: path).read(key: "residents")
        } throws: { e in (e as? OptionError)?.key == "residents_layer" && "\(e)".contains("'poi'") }
        // Named, it is read.
        #expect(try InputSource(path: path, layer: "poi").read(key: "residents").count == 3)
    }

    @Test func theOnlyLayerOfTheNeededGeometryIsTakenAndSaidSo() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.threeLayers(dir)
        let net = try InputSource(path: path).read(key: "network")
        #expect(net.name == "roads")
        #expect(net.count == 2)
        #expect(net.notes.contains { $0.contains("layer 'roads' taken") && $0.contains("lines") && $0.contains("2 other layers") })
        let zones = try InputSource(path: path).read(key: "zones")
        #expect(zones.name == "parks" && zones.count == 1)
        // No line layer at all: said so, listing what there is.
        let noLines = try Self.threeLayers(dir, name: "nolines.gpkg", withLines: false)
        #expect {
            try InputSource(path: noLines).read(key: "network")
        } throws: { e in
            (e as? OptionError)?.key == "network_layer" && "\(e)".contains("none of its 2 layers holds lines")
        }
    }

    @Test func aFolderIsNotALayer() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shp = dir.appendingPathComponent("shapes")
        try FileManager.default.createDirectory(at: shp, withIntermediateDirectories: true)
        let path = try Self.threeLayers(dir)
        for name in ["poi", "parks"] {
            let t = try LayerReader.read(path, ReadOptions(layer: name))
            try VectorWriter.write([OutputLayer(t)], to: shp.appendingPathComponent("\(name).shp").path)
        }
        #expect {
            try LayerReader.read(shp.path)
        } throws: { e in
            "\(e)".contains("shapes is a folder of 2 Shapefiles (parks.shp, poi.shp), not a layer") && "\(e)".contains("shapes/parks.shp")
        }
        let empty = dir.appendingPathComponent("nothing")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: IOError.self) { try LayerReader.read(empty.path) }
        #expect { try InputSource(path: empty.path).read(key: "zones") } throws: { "\($0)".contains("nothing is a folder, where a file is expected") }
    }

    @Test func anEmptyLayerSaysEmpty() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("facilities.gpkg").path
        try VectorWriter.write(
            [OutputLayer(name: "poi", geometries: [], columns: [Column(name: "kind", strings: [])], crs: Self.utm)], to: path)
        #expect {
            try InputSource(path: path).read(key: "facilities")
        } throws: { e in
            (e as? OptionError)?.key == "facilities" && "\(e)".contains("facilities.gpkg layer 'poi' is empty")
        }
        // A filter that keeps nothing names the filter.
        let three = try Self.threeLayers(dir)
        #expect {
            try InputSource(path: three, layer: "poi", filter: "kind = 'library'").read(key: "facilities")
        } throws: { e in
            (e as? OptionError)?.key == "facilities_filter" && "\(e)".contains("no feature matches the filter 'kind = 'library''")
        }
    }

    @Test func aFilterTypoNamesTheColumn() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.threeLayers(dir)
        #expect {
            try InputSource(path: path, layer: "poi", filter: "kindd = 'school'").read(key: "facilities")
        } throws: { e in
            let m = "\(e)"
            return (e as? OptionError)?.key == "facilities_filter" && m.contains("unknown column 'kindd'") && m.contains("its columns are kind")
                && !m.contains("corrupt")
        }
        // The right column reads the two schools.
        #expect(try InputSource(path: path, layer: "poi", filter: "kind = 'school'").read(key: "facilities").count == 2)
    }

    @Test func aTruncatedGeoPackageIsAnError() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full.gpkg").path
        let pts = (0..<2000).map { GeometryValue.point(Coordinate(500_000 + Double($0), 3_400_000)) }
        try VectorWriter.write(
            [OutputLayer(name: "res", geometries: pts, columns: [Column(name: "pop", integers: (0..<2000).map { Int64($0) })], crs: Self.utm)],
            to: full)
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let cut = dir.appendingPathComponent("cut.gpkg")
        try data.prefix(data.count / 2).write(to: cut)
        #expect(throws: (any Error).self) { try InputSource(path: cut.path).read(key: "residents") }
        #expect(try InputSource(path: full).read(key: "residents").count == 2000)
    }

    @Test func aTruncatedPBFIsAnError() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestData.helsinkiPBF))
        let cut = dir.appendingPathComponent("cut.osm.pbf")
        try data.prefix(data.count / 2).write(to: cut)
        #expect {
            try OSMReader.read(cut.path, layers: [.lines])
        } throws: { e in "\(e)".contains("cut.osm.pbf") && "\(e)".contains("the OSM extract is incomplete") }
        // The whole file passes the same check.
        try PBFIntegrity.check(TestData.helsinkiPBF)
        #expect(try OSMReader.read(TestData.helsinkiPBF, layers: [.lines]).lines.count > 0)
    }

    /// Found by FuzzGeoJSON: a ".geojson" holding OSM XML went to GDAL's OSM
    /// driver (10-20 s a file). A file is read by the driver its extension names.
    @Test func aFileIsReadByTheDriverItsExtensionNames() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.geojson")
        try "<osm version=\"0.6\"><node id=\"1\" lat=\"1\" lon=\"2\"/></osm>".write(to: path, atomically: true, encoding: .utf8)
        #expect { try LayerReader.read(path.path) } throws: { "\($0)".contains("x.geojson") && "\($0)".contains("not a vector dataset") }
        let osm = dir.appendingPathComponent("x.osm")
        try FileManager.default.copyItem(at: path, to: osm)
        // The same bytes named .osm are read by the OSM driver, as they should be.
        #expect(throws: Never.self) { try OSMReader.read(osm.path) }
    }
}
