import Foundation
import TestSupport
import Testing

/// `lifecircle coverage` end to end on the real data of issue 3 req 12.
@Suite(.requiresCLI) struct CoverageCommandTests {
    func summary(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }
    func tiers(_ s: [String: Any]) -> [Double: [String: Any]] {
        Dictionary(uniqueKeysWithValues: (s["tiers"] as! [[String: Any]]).map { ($0["tier_m"] as! Double, $0) })
    }

    @Test(.requiresSharedData) func beijingEuclideanCentroids() throws {
        let dir = try TestData.temporaryFolder()
        let hlg = TestData.shared("beijing_hlg/hlg.geojson")
        let out = dir.appendingPathComponent("hlg.gpkg"), sum = dir.appendingPathComponent("hlg.json")
        let r = try CLI.run([
            "coverage", "--metric", "euclidean", "--crs", "local", "--residents", hlg,
            "--residents-filter", "type = 4 AND existence = 1", "--resident-point", "centroid",
            "--facilities", hlg, "--facilities-filter", "existence = 1", "--category", "type",
            "--category-map", "5=business,6=office,9=school,10=hospital,11=hospital,12=recreation",
            "--service-areas", "--gaps", "--out", out.path, "--summary", sum.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try summary(sum)
        let t = tiers(s)
        #expect(abs((t[300]!["mean_category_share"] as! Double) - 0.40) < 1e-9)
        #expect(abs((t[500]!["mean_category_share"] as! Double) - 0.71) < 1e-9)
        #expect(abs((t[1000]!["mean_category_share"] as! Double) - 1.00) < 1e-9)
        #expect((s["categories"] as! [[String: Any]]).map { $0["id"] as! String } == ["business", "hospital", "office", "recreation", "school"])
        #expect(s["metric"] as? String == "euclidean")
        let info = try CLI.run(["inspect", out.path, "--json"])
        for layer in ["residents", "facilities", "service_areas", "gaps"] { #expect(info.stdout.contains("\"\(layer)\"")) }
    }

    @Test(.requiresSharedData) func saoPauloSchoolsOnTheOSMNetwork() throws {
        let dir = try TestData.temporaryFolder()
        let hex = TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg")
        let out = dir.appendingPathComponent("spo.gpkg"), sum = dir.appendingPathComponent("spo.json")
        let r = try CLI.run([
            "coverage", "--network", TestData.shared("sao_paulo/spo_osm.pbf"),
            "--residents", hex, "--weight", "population", "--resident-point", "centroid",
            "--facilities", hex, "--facilities-filter", "schools > 0", "--category-name", "school",
            "--tiers", "300,500,1000", "--out", out.path, "--summary", sum.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try summary(sum)
        #expect((s["crs"] as! String).contains("32723"))
        let totals = s["totals"] as! [String: Any]
        #expect(totals["resident_weight"] as? Double == 517_570)
        let school = (s["categories"] as! [[String: Any]])[0]
        let share1000 = (school["tiers"] as! [[String: Any]])[2]["share"] as! Double
        // Confirmed independently (brute-force snapping + plain Dijkstra) in LifeCircleCoverageTests.
        #expect(abs(share1000 - 0.8898429197982881) < 1e-9)
        #expect(((s["timings_s"] as! [[String: Any]]).map { $0["stage"] as! String }).contains("build_network"))
    }

    @Test func badInputIsOneClearLine() throws {
        let dir = try TestData.temporaryFolder()
        let out = dir.appendingPathComponent("x.gpkg").path
        let noNet = try CLI.run(["coverage", "--residents", "a.gpkg", "--facilities", "b.gpkg", "--category", "c", "--out", out])
        #expect(noNet.status != 0 && noNet.stderr.contains("network distances need a walking network") && noNet.stderr.contains("--network"))
        let badTiers = try CLI.run([
            "coverage", "--metric", "euclidean", "--residents", "a.gpkg", "--facilities", "b.gpkg", "--tiers", "500,300", "--out", out,
        ])
        #expect(badTiers.status != 0 && badTiers.stderr.contains("tiers must ascend") && badTiers.stderr.contains("--tiers"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(.requiresSharedData) func missingWeightFieldIsNamed() throws {
        let dir = try TestData.temporaryFolder()
        let hex = TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg")
        let out = dir.appendingPathComponent("x.gpkg").path
        let r = try CLI.run([
            "coverage", "--metric", "euclidean", "--residents", hex, "--weight", "pop",
            "--facilities", hex, "--category-name", "school", "--out", out,
        ])
        #expect(r.status != 0 && r.stderr.contains("pop"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
