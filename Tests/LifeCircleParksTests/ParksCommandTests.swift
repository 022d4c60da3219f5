import Foundation
import LifeCircleIO
import TestSupport
import Testing

/// `lifecircle parks` end to end, as a user runs it (the built executable).
@Suite(.requiresCLI, .requiresSharedData) struct ParksCommandTests {
    static var plan: String { TestData.shared("beijing_hlg/hlg.geojson") }

    static func beijingArgs(_ extra: [String], out: URL) -> [String] {
        [
            "parks", "--crs", "local",
            "--residents", plan, "--residents-filter", "type = 4 AND existence = 1", "--weight-area",
            "--green", plan, "--green-filter", "type IN (7, 8) AND existence = 1", "--green-rules", "2000:300",
            "--candidates", plan, "--candidates-filter", "type = 1",
            "--out", out.appendingPathComponent("parks.gpkg").path,
            "--summary", out.appendingPathComponent("summary.json").path,
        ] + extra
    }

    static func summary(_ dir: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("summary.json"))) as! [String: Any]
    }

    @Test func beijingReproducesTheRateAndRaisesIt() throws {
        let dir = try TestData.temporaryFolder()
        let r = try CLI.run(Self.beijingArgs(["--count", "3", "--sample-spacing", "20"], out: dir))
        #expect(r.status == 0, "\(r.stderr)")
        let s = try Self.summary(dir)
        let before = try #require(s["service_radius_coverage_before"] as? Double)
        let after = try #require(s["service_radius_coverage_after"] as? Double)
        #expect(abs(before - 0.7303) < 0.00005)
        #expect(abs(after - 0.8509) < 0.0005)
        #expect(s["exact_status"] as? String == "optimal")
        #expect(abs((s["exact_value"] as? Double ?? 0) - 326_156.0) < 1)
        #expect(abs((s["greedy_value"] as? Double ?? 0) - 306_961.7) < 1)
        #expect(abs((s["gap"] as? Double ?? 0) - (326_156.0 - 306_961.7) / 326_156.0) < 1e-5)
        let selected = try #require(s["selected"] as? [[String: Any]])
        #expect(selected.map { $0["part"] as? Int } == [14, 0, 11])
        #expect(selected.map { $0["order"] as? Int } == [1, 2, 3])
        #expect((s["served_share_after"] as! Double) > (s["served_share_before"] as! Double))
        // The GeoPackage holds every layer with the promised columns.
        let gpkg = dir.appendingPathComponent("parks.gpkg").path
        let cands = try LayerReader.read(gpkg, ReadOptions(layer: "candidates", declaredCRS: .local))
        #expect(cands.count == 29)
        for f in ["area_m2", "width_m", "compactness", "served_alone", "rank", "selected", "order", "reason"] {
            #expect(cands.fieldNames.contains(f), "candidates lacks \(f)")
        }
        #expect(try cands.doubles("selected").compactMap { $0 }.reduce(0, +) == 3)
        let sites = try LayerReader.read(gpkg, ReadOptions(layer: "selected_sites", declaredCRS: .local))
        #expect(sites.count == 3)
        let areas = try LayerReader.read(gpkg, ReadOptions(layer: "service_areas", declaredCRS: .local))
        #expect(areas.count == 3)
        let coverage = try LayerReader.read(gpkg, ReadOptions(layer: "coverage"))
        #expect(coverage.count == 1)
    }

    @Test func badInputsEndWithASummaryNotACrash() throws {
        // More sites than candidates: clamped, flagged.
        let dir1 = try TestData.temporaryFolder()
        let r1 = try CLI.run(Self.beijingArgs(["--count", "50"], out: dir1))
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect((try Self.summary(dir1)["flags"] as? [String])?.contains("count_exceeds_candidates") == true)
        // A candidates filter that keeps nothing is the filter's mistake, said so (issue 10: empty inputs say so).
        let dir2 = try TestData.temporaryFolder()
        var args = Self.beijingArgs(["--count", "3"], out: dir2)
        args[args.firstIndex(of: "type = 1")!] = "type = 99"
        let r2 = try CLI.run(args)
        #expect(r2.status != 0)
        #expect(r2.stderr.contains("no feature matches the filter 'type = 99'") && r2.stderr.contains("--candidates-filter"), "\(r2.stderr)")
        // Everyone already served (any green serves 5 km).
        let dir3 = try TestData.temporaryFolder()
        var args3 = Self.beijingArgs(["--count", "3"], out: dir3)
        args3[args3.firstIndex(of: "2000:300")!] = "0:5000"
        let r3 = try CLI.run(args3)
        #expect(r3.status == 0, "\(r3.stderr)")
        let s3 = try Self.summary(dir3)
        #expect((s3["flags"] as? [String])?.contains("all_served") == true)
        #expect(s3["served_share_before"] as? Double == 1)
        // Contradictory options: a one-line error, non-zero exit, nothing written.
        let dir4 = try TestData.temporaryFolder()
        let r4 = try CLI.run(Self.beijingArgs(["--count", "3", "--target-share", "0.8"], out: dir4))
        #expect(r4.status != 0)
        #expect(r4.stderr.contains("either --count P or target_share S"))
        #expect(!FileManager.default.fileExists(atPath: dir4.appendingPathComponent("parks.gpkg").path))
        // Unknown weight column names the file and the fix.
        let dir5 = try TestData.temporaryFolder()
        var args5 = Self.beijingArgs(["--count", "3"], out: dir5)
        args5[args5.firstIndex(of: "--weight-area")!] = "--weight=population"
        let r5 = try CLI.run(args5)
        #expect(r5.status != 0)
        #expect(r5.stderr.contains("population"))
    }
}
