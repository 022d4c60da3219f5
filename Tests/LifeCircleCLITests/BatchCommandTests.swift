import Foundation
import LifeCircleIO
import TestSupport
import Testing

/// `lifecircle batch`: rows in parallel as their own processes, resumable,
/// merged; and the Slurm scripts that run the same rows.
@Suite(.requiresCLI, .requiresSharedData) struct BatchCommandTests {
    static let hex = TestData.shared("sao_paulo/spo_hexgrid_EPSG32723.gpkg")

    func manifest(in dir: URL, ranges: [(Int, Int)]) throws -> URL {
        let template = TestData.repoRoot.appendingPathComponent("examples/batch/city.yaml").path
        var rows = ""
        for (k, r) in ranges.enumerated() {
            rows +=
                "  - {city: \"城市\(k + 1)\", code: \"T\(k + 1)\", inputs: {cells: {path: \(Self.hex), filter: \"FID >= \(r.0) AND FID < \(r.1)\"}, "
            rows += "schools: {path: \(Self.hex), filter: \"schools > 0 AND FID >= \(r.0) AND FID < \(r.1)\"}}}\n"
        }
        let url = dir.appendingPathComponent("cities.yaml")
        try "template: \(template)\noutput: out\nrows:\n\(rows)".write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func runsResumesAndMerges() throws {
        let dir = try TestData.temporaryFolder()
        let ranges = [(1, 40), (40, 90), (90, 130)]
        let m = try manifest(in: dir, ranges: ranges)
        let first = try CLI.run(["batch", m.path, "--jobs", "2", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/batch_summary.json"))) as? [String: Any]
        #expect(summary?["ok"] as? Int == 3)
        // Each city's residents equal the population of its hexagons, read independently.
        let cities = summary?["cities"] as? [[String: Any]] ?? []
        for (k, r) in ranges.enumerated() {
            let t = try LayerReader.read(Self.hex, ReadOptions(filter: "FID >= \(r.0) AND FID < \(r.1)"))
            let pop = try t.doubles("population").reduce(0) { $0 + ($1 ?? 0) }
            #expect(cities[k]["residents"] as? Double == pop)
            #expect(cities[k]["city"] as? String == "城市\(k + 1)")
        }
        let national = try LayerReader.read(dir.appendingPathComponent("out/national.gpkg").path, ReadOptions(layer: "cities"))
        #expect(national.count == 3 && national.geometries.allSatisfy { $0 != nil })
        let html = try String(contentsOf: dir.appendingPathComponent("out/national.html"), encoding: .utf8)
        #expect(html.contains("cities/T1/report.html") && html.contains("城市3"))

        // Unchanged rows are skipped; a changed filter reruns only its row.
        let again = try CLI.run(["batch", m.path, "--jobs", "2"])
        #expect(again.stderr.contains("ran 0 row(s), skipped 3 unchanged"), "\(again.stderr)")
        _ = try manifest(in: dir, ranges: [(1, 40), (40, 95), (90, 130)])
        let changed = try CLI.run(["batch", m.path, "--jobs", "2"])
        #expect(changed.stderr.contains("ran 1 row(s), skipped 2 unchanged"), "\(changed.stderr)")
    }

    @Test func failedRowIsListedWithoutStoppingOthers() throws {
        let dir = try TestData.temporaryFolder()
        let m = try manifest(in: dir, ranges: [(1, 40), (100_000, 100_010)])
        let r = try CLI.run(["batch", m.path, "--jobs", "2", "--retries", "0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("row 2 (城市2)"), "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/batch_summary.json"))) as? [String: Any]
        #expect(summary?["ok"] as? Int == 1 && summary?["failed"] as? Int == 1)
    }

    @Test func emitsASlurmArrayAndADependentMerge() throws {
        let dir = try TestData.temporaryFolder()
        let m = try manifest(in: dir, ranges: [(1, 40), (40, 90), (90, 130)])
        let r = try CLI.run(["batch", m.path, "--emit", "slurm", "--emit-to", dir.appendingPathComponent("slurm").path, "--throttle", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let array = try String(contentsOf: dir.appendingPathComponent("slurm/array.sbatch"), encoding: .utf8)
        #expect(array.contains("#SBATCH --array=1-3%2") && array.contains("--row \"$SLURM_ARRAY_TASK_ID\""))
        let submit = try String(contentsOf: dir.appendingPathComponent("slurm/submit.sh"), encoding: .utf8)
        #expect(submit.contains("--dependency=afterany:"))
        let k8s = try CLI.run(["batch", m.path, "--emit", "k8s", "--emit-to", dir.appendingPathComponent("k8s").path])
        #expect(k8s.status == 0)
        let job = try String(contentsOf: dir.appendingPathComponent("k8s/rows-job.yaml"), encoding: .utf8)
        #expect(job.contains("completionMode: Indexed") && job.contains("completions: 3"))
    }
}
