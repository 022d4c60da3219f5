import Foundation
import TestSupport
import Testing

@Suite(.requiresCLI) struct InspectCommandTests {
    @Test(.requiresSharedData) func wuhanJSON() throws {
        let r = try CLI.run(["inspect", TestData.shared("wuhan/wuhan_streets.gpkg"), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let layer = (json["layers"] as! [[String: Any]])[0]
        #expect(layer["feature_count"] as? Int == 92_667)
        #expect(layer["crs"] as? String == "EPSG:32650")
        #expect(layer["invalid_geometries"] as? Int == 0)
        let ll = layer["extent_lonlat"] as! [Double]
        #expect(ll[0] > 113.9 && ll[2] < 114.6 && ll[1] > 30.3 && ll[3] < 30.8)
    }

    @Test func helsinkiText() throws {
        let r = try CLI.run(["inspect", "geodata/Helsinki.osm.pbf", "--layer", "lines"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("layer lines: Line String"))
        #expect(r.stdout.contains("EPSG:32635"))
    }

    @Test(.requiresSharedData) func beijingNeedsDeclaredCRS() throws {
        let path = TestData.shared("beijing_hlg/hlg.geojson")
        let r = try CLI.run(["inspect", path])
        #expect(r.stdout.contains("not longitude/latitude") && r.stdout.contains("--crs local"))
        let ok = try CLI.run(["inspect", path, "--crs", "local", "--json"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("\"feature_count\" : 410"))
    }
}

@Suite(.requiresCLI) struct ConvertCommandTests {
    /// GCJ-02 points (an Amap-style CSV) become WGS 84 within 0.5 m of the
    /// reference values of eviltransform's test suite.
    @Test func gcj02ToWGS84() throws {
        let dir = try TestData.temporaryFolder()
        let csv = dir.appendingPathComponent("pois.csv")
        try """
        name,lon,lat
        上海,121.531541859215,31.17530398364597
        深圳,113.9171764808363,22.540796131694766
        北京,116.38404722455657,39.91334545536069
        """.write(to: csv, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("pois.geojson")
        let r = try CLI.run(["convert", csv.path, out.path, "--from", "gcj02", "--to", "wgs84"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as! [String: Any]
        let features = json["features"] as! [[String: Any]]
        let expected: [(Double, Double)] = [(121.5272106, 31.1774276), (113.912316, 22.543847), (116.377817, 39.911954)]
        #expect(features.count == 3)
        for (f, e) in zip(features, expected) {
            let c = (f["geometry"] as! [String: Any])["coordinates"] as! [Double]
            let dx = (c[0] - e.0) * 111_320 * cos(e.1 * .pi / 180), dy = (c[1] - e.1) * 110_574
            #expect((dx * dx + dy * dy).squareRoot() < 0.5)
        }
        #expect((features[0]["properties"] as! [String: Any])["name"] as? String == "上海")
    }

    @Test func invalidPolygonNeedsMakeValid() throws {
        let dir = try TestData.temporaryFolder()
        let src = dir.appendingPathComponent("bowtie.geojson")
        try
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}"#
            .write(to: src, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("fixed.gpkg")
        let bad = try CLI.run(["convert", src.path, out.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bowtie.geojson: feature 1 is an invalid polygon") && bad.stderr.contains("--make-valid"))
        #expect(bad.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let good = try CLI.run(["convert", src.path, out.path, "--make-valid", "--to", "utm"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stderr.contains("EPSG:32631"))
    }

    @Test func badInputsGiveOneLineErrors() throws {
        let dir = try TestData.temporaryFolder()
        let cases: [([String], String)] = [
            (["convert", "/no/such.gpkg", dir.appendingPathComponent("a.gpkg").path], "/no/such.gpkg: no such file"),
            (["convert", "geodata/README.md", dir.appendingPathComponent("a.gpkg").path], "not a vector dataset"),
            (["convert", "geodata/Helsinki.osm.pbf", dir.appendingPathComponent("a.gpkg").path, "--layer", "roads"], "no layer 'roads'"),
            (["convert", "geodata/Helsinki.osm.pbf", "/no/folder/a.gpkg", "--layer", "points"], "does not exist"),
            (["convert", "geodata/Helsinki.osm.pbf", dir.appendingPathComponent("a.gpkg").path, "--to", "EPSG:999999"], "EPSG:999999"),
        ]
        for (args, message) in cases {
            let r = try CLI.run(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
