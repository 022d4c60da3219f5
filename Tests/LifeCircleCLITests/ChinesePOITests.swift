import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

/// Issue 12's "done when": an Amap export (GBK, typecode, GCJ-02 `location`)
/// and a Baidu export (UTF-8 BOM, 标签, BD-09 经度/纬度) of the same places
/// give the coverage of those places in WGS 84 with an explicit category.
@Suite(.requiresCLI, .requiresSharedData) struct ChinesePOITests {
    /// One kind of POI: its Amap code, Baidu tag, a name stem, and the gb50180 categories it is.
    struct Kind { var amap: String; var baidu: String; var name: String; var categories: [String] }
    static let kinds = [
        Kind(amap: "141203", baidu: "教育培训;小学", name: "小学", categories: ["primary_school"]),
        Kind(amap: "141204", baidu: "教育培训;幼儿园", name: "幼儿园", categories: ["kindergarten"]),
        Kind(amap: "200300", baidu: "生活服务;公共厕所", name: "公厕", categories: ["toilets"]),
        // No code for elderly homes: the name decides (房地产;住宅区 / 120302 match nothing).
        Kind(amap: "120302", baidu: "房地产;住宅区", name: "养老院", categories: ["elderly_home"]),
        // A 九年一贯制 school counts as primary and middle school.
        Kind(amap: "141202|141203", baidu: "教育培训;中学", name: "九年一贯制学校", categories: ["middle_school", "primary_school"]),
        // Restaurants are in no category: listed among the unmatched types.
        Kind(amap: "050000", baidu: "美食;中餐厅", name: "餐厅", categories: []),
    ]

    func shares(_ url: URL) throws -> [String: [Double]] {
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var out: [String: [Double]] = [:]
        for c in s["categories"] as! [[String: Any]] {
            out[c["id"] as! String] = (c["tiers"] as! [[String: Any]]).map { $0["share"] as! Double }
        }
        return out
    }

    @Test func amapBaiduAndWGS84GiveTheSameCoverage() throws {
        let dir = try TestData.temporaryFolder()
        let walk = TestData.shared("shenzhen_nanshan/nanshan_walk.gpkg")
        let nodes = try LayerReader.read(walk, ReadOptions(layer: "nodes"))
        let points = nodes.geometries.compactMap { g -> Coordinate? in if case .point(let p) = g { return p } else { return nil } }
        // Every 29th vertex is a POI, its kind cycling through the list.
        let picks = stride(from: 0, to: points.count, by: 29).map { points[$0] }
        let toGCJ = try CoordinateTransformer(from: .wgs84, to: .gcj02)
        let toBD = try CoordinateTransformer(from: .wgs84, to: .bd09)
        var wgs = "name,lon,lat,category\n"
        var amap = "id,name,type,typecode,address,location\n"
        var baidu = "名称,标签,经度,纬度\n"
        for (i, p) in picks.enumerated() {
            let k = Self.kinds[i % Self.kinds.count]
            let name = "南山第\(i)\(k.name)"
            for c in k.categories { wgs += String(format: "%@,%.8f,%.8f,%@\n", name, p.x, p.y, c) }
            let g = try toGCJ.transform(p), b = try toBD.transform(p)
            amap += String(format: "B0%05d,%@,,%@,深圳市南山区,\"%.6f,%.6f\"\n", i, name, k.amap, g.x, g.y)
            baidu += String(format: "%@,%@,%.6f,%.6f\n", name, k.baidu, b.x, b.y)
        }
        let wgsPath = dir.appendingPathComponent("pois_wgs84.csv"), amapPath = dir.appendingPathComponent("amap.csv")
        let baiduPath = dir.appendingPathComponent("baidu.csv")
        try Data(wgs.utf8).write(to: wgsPath)
        try TextEncoding.gbk.encode(amap).write(to: amapPath)
        try (Data([0xEF, 0xBB, 0xBF]) + Data(baidu.utf8)).write(to: baiduPath)
        #expect(String(validating: try Data(contentsOf: amapPath), as: UTF8.self) == nil, "the Amap file must really be GBK")

        func run(_ name: String, _ extra: [String]) throws -> URL {
            let sum = dir.appendingPathComponent("\(name).json")
            let r = try CLI.run(
                [
                    "coverage", "--network", walk, "--network-layer", "edges", "--residents", walk, "--residents-layer", "nodes",
                    "--out", dir.appendingPathComponent("\(name).gpkg").path, "--summary", sum.path,
                ] + extra)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            return sum
        }
        let reference = try shares(
            try run("wgs84", ["--facilities", wgsPath.path, "--category", "category", "--preset", "gb50180"]))
        let amapSum = try run("amap", ["--facilities", amapPath.path, "--facilities-crs", "gcj02"])
        let baiduSum = try run("baidu", ["--facilities", baiduPath.path, "--facilities-crs", "bd09"])
        // Expected categories are counted here from the kinds, not by the tool.
        var expectedCount: [String: Int] = [:]
        for i in picks.indices { for c in Self.kinds[i % Self.kinds.count].categories { expectedCount[c, default: 0] += 1 } }
        for sum in [amapSum, baiduSum] {
            let s = try shares(sum)
            #expect(Set(s.keys) == Set(reference.keys))
            for (id, ref) in reference {
                for (a, b) in zip(s[id] ?? [], ref) { #expect(abs(a - b) < 1e-9, "\(sum.lastPathComponent) \(id): \(a) vs \(b)") }
            }
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: sum)) as! [String: Any]
            let cats = json["categories"] as! [[String: Any]]
            for (id, n) in expectedCount { #expect(cats.first { $0["id"] as? String == id }?["facilities"] as? Int == n, "\(id)") }
            let poi = (json["poi_matching"] as! [[String: Any]])[0]
            let restaurants = picks.indices.filter { $0 % Self.kinds.count == 5 }.count
            #expect(poi["pois"] as? Int == picks.count)
            #expect(poi["matched"] as? Int == picks.count - restaurants)
            let unmatched = poi["unmatched_types"] as! [[String: Any]]
            #expect(unmatched.first?["pois"] as? Int == restaurants)
            #expect(["050000", "美食;中餐厅"].contains(unmatched.first?["type"] as? String ?? ""))
            let warnings = (json["warnings"] as! [String]).joined(separator: "\n")
            if sum == amapSum { #expect(warnings.contains("read as GBK")) } else { #expect(warnings.contains("read as UTF-8")) }
        }
        // A study reads the same GBK export through an input with `encoding`,
        // `location_field` and `crs`, and gives the same coverage.
        let study = dir.appendingPathComponent("study.yaml")
        try """
        study: {name: 南山 POI, lang: zh}
        inputs:
          streets: {path: \(walk), layer: edges}
          homes: {path: \(walk), layer: nodes}
          pois: {path: \(amapPath.path), encoding: GBK, location_field: location, crs: gcj02}
        coverage:
          network: streets
          residents: homes
          facilities: pois
        outputs: {folder: out, csv: true, report: true}
        """.write(to: study, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", study.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let studySummary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/summary.json"))) as! [String: Any]
        let coverage = studySummary["coverage"] as! [String: Any]
        for c in coverage["categories"] as! [[String: Any]] {
            let id = c["id"] as! String
            for (a, b) in zip((c["tiers"] as! [[String: Any]]).map { $0["share"] as! Double }, reference[id] ?? []) {
                #expect(abs(a - b) < 1e-9, "study \(id)")
            }
        }
        // The zh report names the tiers as GB 50180 does.
        let report = try String(contentsOf: dir.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(report.contains("15分钟生活圈"))

        // The elderly homes are found by name in both exports.
        let amapJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: amapSum)) as! [String: Any]
        let elderly = ((amapJSON["poi_matching"] as! [[String: Any]])[0]["categories"] as! [[String: Any]]).first {
            $0["id"] as? String == "elderly_home"
        }
        #expect(elderly?["pois"] as? Int == expectedCount["elderly_home"])
        #expect((elderly?["rules"] as? [[String: Any]])?.first?["rule"] as? String == "name 养老院")
    }
}

/// A census table by district (GBK, Chinese headers) spread evenly over the
/// Nanshan network's vertices: each district's residents weigh its total.
@Suite(.requiresCLI, .requiresSharedData) struct CensusPopulationTests {
    @Test func censusTotalsReachTheZones() throws {
        let dir = try TestData.temporaryFolder()
        let walk = TestData.shared("shenzhen_nanshan/nanshan_walk.gpkg")
        let districts = TestData.shared("shenzhen_nanshan/shenzhen_districts.geojson")
        let names = try LayerReader.read(districts).strings("qh").compactMap { $0 }
        #expect(names.count == 10)
        var census = "区,常住人口\n"
        var total: [String: Double] = [:]
        for (i, n) in names.enumerated() {
            total[n] = Double(1000 * (i + 1))
            census += "\(n),\(1000 * (i + 1))\n"
        }
        census += "不存在区,500\n"
        let csv = dir.appendingPathComponent("census.csv")
        try TextEncoding.gbk.encode(census).write(to: csv)
        let sum = dir.appendingPathComponent("s.json")
        let r = try CLI.run([
            "coverage", "--metric", "euclidean", "--residents", walk, "--residents-layer", "nodes",
            "--facilities", walk, "--facilities-layer", "nodes", "--category-name", "node",
            "--zones", districts, "--zone-field", "qh", "--zones-crs", "gcj02",
            "--population-table", csv.path, "--population-key", "区", "--population-field", "常住人口",
            "--out", dir.appendingPathComponent("c.gpkg").path, "--summary", sum.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: sum)) as! [String: Any]
        let zones = (s["zones"] as! [[String: Any]]).filter { ($0["residents"] as! Int) > 0 }
        #expect(!zones.isEmpty)
        var expected = 0.0
        for z in zones {
            let name = z["zone"] as! String
            #expect(abs((z["weight"] as! Double) - total[name]!) < 1e-6, "\(name)")
            expected += total[name]!
        }
        let totals = s["totals"] as! [String: Any]
        #expect(abs((totals["resident_weight"] as! Double) - expected) < 1e-6)
        let warnings = (s["warnings"] as! [String]).joined(separator: "\n")
        #expect(warnings.contains("\(10 - zones.count) communities have census population but no residents"))
        #expect(warnings.contains("不存在区"))
    }
}

/// Grids from a GBK table of points with Chinese column names: the weight
/// column and the names survive into the grids' units layer.
@Suite(.requiresCLI, .requiresSharedData) struct ChineseGridsTests {
    @Test func gbkPointUnitsWithChineseColumns() throws {
        let dir = try TestData.temporaryFolder()
        let hex = try String(contentsOfFile: TestData.shared("sao_paulo/spo_hexgrid.csv"), encoding: .utf8)
        let lines = hex.split(whereSeparator: \.isNewline).map(String.init)
        // The header's names are quoted: "id","lon","lat","population",…
        let header = lines[0].split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        let lon = try #require(header.firstIndex(of: "lon")), lat = try #require(header.firstIndex(of: "lat"))
        let pop = try #require(header.firstIndex(of: "population"))
        var csv = "名称,常住人口,经度,纬度\n"
        var total = 0.0
        for (i, l) in lines.dropFirst().enumerated() {
            let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            csv += "单元\(i + 1),\(f[pop]),\(f[lon]),\(f[lat])\n"
            total += Double(f[pop]) ?? 0
        }
        let path = dir.appendingPathComponent("单元.csv")
        try TextEncoding.gbk.encode(csv).write(to: path)
        let out = dir.appendingPathComponent("grids.gpkg").path, summary = dir.appendingPathComponent("s.json").path
        let r = try CLI.run([
            "grids", "partition", "--units", path.path, "--units-encoding", "GBK", "--weight", "常住人口", "--grids", "5",
            "--out", out, "--summary", summary,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        #expect(s["units"] as? Int == 323)
        let grids = s["grids"] as! [[String: Any]]
        #expect(abs(grids.reduce(0.0) { $0 + (($1["weight"] as! [String: Double])["常住人口"] ?? 0) } - total) < 1e-6)
        let units = try LayerReader.read(out, ReadOptions(layer: "units"))
        #expect(units.fieldNames.contains("名称") && units.fieldNames.contains("常住人口"))
        #expect(try units.strings("名称").first == "单元1")
    }
}
