import Foundation
import TestSupport
import Testing

@Suite(.requiresCLI) struct GridsCommandTests {
    @Test(.requiresSharedData) func partitionSaoPauloThenEvaluate() throws {
        let dir = try TestData.temporaryFolder()
        let units = TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg")
        let out = dir.appendingPathComponent("grids.gpkg").path
        let summary = dir.appendingPathComponent("summary.json").path
        let r = try CLI.run([
            "grids", "partition", "--units", units, "--weight", "population", "--grids", "10",
            "--out", out, "--summary", summary,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        #expect(s["grid_count"] as? Int == 10)
        #expect(s["units"] as? Int == 323)
        #expect((s["max_abs_deviation"] as! Double) <= 0.05)
        #expect(s["noncontiguous_grids"] as? Int == 0)
        #expect((s["mean_polsby_popper"] as! Double) > 0.3)
        let grids = s["grids"] as! [[String: Any]]
        #expect(grids.map { $0["grid_code"] as! String } == (1...10).map { String(format: "%03d", $0) })
        let total = grids.reduce(0.0) { $0 + (($1["weight"] as! [String: Double])["population"]!) }
        #expect(total == 517_570)
        #expect(grids.allSatisfy { ($0["dissolved_pieces"] as? Int) == 1 && ($0["reock"] as! Double) > 0 })

        // Evaluate the written units layer: the same plan, the same numbers.
        let summary2 = dir.appendingPathComponent("eval.json").path
        let csv = dir.appendingPathComponent("metrics.csv").path
        let e = try CLI.run([
            "grids", "evaluate", "--units", out, "--units-layer", "units", "--weight", "population",
            "--assignment", "grid_code", "--out", csv, "--summary", summary2,
        ])
        #expect(e.status == 0, "\(e.stderr)")
        let s2 = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary2))) as! [String: Any]
        #expect(abs((s2["max_abs_deviation"] as! Double) - (s["max_abs_deviation"] as! Double)) < 1e-12)
        #expect(s2["cut_edges"] as? Int == s["cut_edges"] as? Int)
        // Evaluating from the grid polygons (units assigned by overlap) gives the same plan.
        let summary3 = dir.appendingPathComponent("eval_polygons.json").path
        let e3 = try CLI.run([
            "grids", "evaluate", "--units", units, "--weight", "population", "--grids-layer", out,
            "--out", dir.appendingPathComponent("m3.csv").path, "--summary", summary3,
        ])
        #expect(e3.status == 0, "\(e3.stderr)")
        let s3 = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary3))) as! [String: Any]
        #expect(s3["cut_edges"] as? Int == s["cut_edges"] as? Int)
        #expect(abs((s3["max_abs_deviation"] as! Double) - (s["max_abs_deviation"] as! Double)) < 1e-12)
        // The units CSV beside the metrics: every unit once, with its code.
        let unitsCSV = try String(contentsOfFile: dir.appendingPathComponent("metrics_units.csv").path, encoding: .utf8)
        #expect(unitsCSV.split(whereSeparator: \.isNewline).count == 324)
    }

    @Test(.requiresSharedData) func rebalanceToATighterBand() throws {
        let dir = try TestData.temporaryFolder()
        let units = TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg")
        let out = dir.appendingPathComponent("grids.gpkg").path
        let p = try CLI.run(["grids", "partition", "--units", units, "--weight", "population", "--grids", "10", "--out", out])
        #expect(p.status == 0, "\(p.stderr)")
        let summary = dir.appendingPathComponent("rebalance.json").path
        let r = try CLI.run([
            "grids", "rebalance", "--units", out, "--units-layer", "units", "--weight", "population",
            "--assignment", "grid_code", "--tolerance", "0.02", "--out", dir.appendingPathComponent("re.gpkg").path,
            "--summary", summary,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        let before = (s["before"] as! [String: Any])["max_abs_deviation"] as! Double
        let after = s["max_abs_deviation"] as! Double
        let moves = s["moves"] as! [[String: Any]]
        let changed = Set(s["changed_grids"] as! [String])
        if before > 0.02 { #expect(!moves.isEmpty) }
        #expect(after <= 0.02 || (s["issues"] as! [[String: Any]]).contains { $0["kind"] as? String == "balance_not_reached" })
        #expect(after <= before)
        #expect(s["noncontiguous_grids"] as? Int == 0)
        for m in moves {
            #expect(changed.contains(m["from_grid"] as! String) && changed.contains(m["to_grid"] as! String))
        }
        // Codes are kept: still 001…010.
        #expect(Set((s["grids"] as! [[String: Any]]).map { $0["grid_code"] as! String }) == Set((1...10).map { String(format: "%03d", $0) }))
    }

    /// Point units (cell centroids from the CSV) joined through the OSM walking network.
    @Test(.requiresSharedData) func pointUnitsThroughTheWalkingNetwork() throws {
        let dir = try TestData.temporaryFolder()
        let summary = dir.appendingPathComponent("net.json").path
        let r = try CLI.run([
            "grids", "partition", "--units", TestData.shared("sao_paulo/spo_hexgrid.csv"), "--weight", "population",
            "--grids", "10", "--network", TestData.shared("sao_paulo/spo_osm.pbf"), "--max-walk", "800",
            "--out", dir.appendingPathComponent("net.gpkg").path, "--summary", summary,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        #expect(s["grid_count"] as? Int == 10 && s["units"] as? Int == 323)
        #expect((s["max_abs_deviation"] as! Double) <= 0.05)
        #expect(s["crs"] as? String == "EPSG:32723 (WGS 84 / UTM zone 23S)")
        // Grids in several pieces only where units have no walking neighbour, and that is said.
        let issues = s["issues"] as! [[String: Any]]
        let isolated = issues.filter { $0["kind"] as? String == "isolated_units" }.flatMap { $0["units"] as! [String] }
        #expect((s["noncontiguous_grids"] as! Int) <= Set(isolated).count)
        if (s["noncontiguous_grids"] as! Int) > 0 { #expect(issues.contains { $0["kind"] as? String == "noncontiguous_grid" }) }
    }

    @Test(.requiresSharedData) func missingWeightFieldIsNamed() throws {
        let dir = try TestData.temporaryFolder()
        let r = try CLI.run([
            "grids", "partition", "--units", TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg"),
            "--weight", "households", "--grids", "10", "--out", dir.appendingPathComponent("g.gpkg").path,
        ])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no weight field 'households'") && r.stderr.contains("population"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("g.gpkg").path))
    }
}
