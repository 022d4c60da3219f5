import ArgumentParser
import Foundation
import LifeCircleCLI
import LifeCircleGeometry
import LifeCircleIO
import TestSupport
import Testing

/// Safety net for refactoring the study runner and the grids/parks jobs: the
/// example study and the demo, run in this process, must fingerprint exactly as
/// the outputs of the pre-refactor binary (commit 5d4f3a3) did.
///
/// The goldens in Golden/ are `StudyFingerprint`s (see Tests/TestSupport).
/// To re-record them from a folder of baseline outputs laid out as
///   ROOT/hlg         (lifecircle run examples/huilongguan/study.yaml --out ROOT/hlg --quiet)
///   ROOT/demo/study  (lifecircle demo --out ROOT/demo --quiet)
/// run `LIFECIRCLE_RECORD_GOLDEN=ROOT swift test --filter BehaviourUnchangedTests`:
/// each test writes its golden from ROOT, then checks the current code against it.
///
/// Serialized: a study run redirects the process's stdout and stderr into its
/// run.log while a stage runs, and two runs at once would swap each other's.
@Suite(.serialized) struct BehaviourUnchangedTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let example = TestData.repoRoot.appendingPathComponent("examples/huilongguan/study.yaml").path
    static let recordRoot = ProcessInfo.processInfo.environment["LIFECIRCLE_RECORD_GOLDEN"].flatMap { $0.isEmpty ? nil : $0 }

    struct NotAsync: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "lifecircle \(arguments.joined(separator: " ")) did not parse to an async command" }
    }

    /// `lifecircle ARGUMENTS` in this process, through the root command as the
    /// executable's `main` does, so the test follows wherever the refactor moves
    /// the runner (and needs no built executable).
    static func lifecircle(_ arguments: [String]) async throws {
        let parsed = try LifeCircleCommand.parseAsRoot(arguments)
        guard var command = parsed as? AsyncParsableCommand else { throw NotAsync(arguments: arguments) }
        try await command.run()
    }

    /// Compares the study output `folder` with Golden/NAME.json, first recording
    /// that golden from RECORD_ROOT/BASELINE when LIFECIRCLE_RECORD_GOLDEN is set.
    static func check(_ name: String, folder: URL, baseline: String) throws -> Bool {
        let golden = goldenFolder.appendingPathComponent("\(name).json")
        if let root = recordRoot {
            let source = URL(fileURLWithPath: root).appendingPathComponent(baseline)
            try StudyFingerprint(folder: source).write(to: golden)
        }
        let want = try StudyFingerprint.load(golden)
        let got = try StudyFingerprint(folder: folder)
        let differences = got.differences(from: want)
        #expect(
            differences.isEmpty,
            """
            \(differences.count) of \(Set(want.entries.keys).union(got.entries.keys).count) key paths differ from \
            Golden/\(name).json (outputs kept in \(folder.path)):
            \(differences.joined(separator: "\n"))
            """)
        return differences.isEmpty
    }

    /// Issue 14: every grid is one piece, in the unit graph and on the ground, and
    /// the grid polygons tile the land the territories cover (the units' convex
    /// hull): no overlaps (areas add up to their union) and no gaps (the union is the hull).
    static func expectGridsWholeAndTiling(_ folder: URL, _ label: String) throws {
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any]
        let grids = summary?["grids"] as? [String: Any]
        #expect(grids?["noncontiguous_grids"] as? Int == 0, "\(label): non-contiguous grids")
        let rows = grids?["grids"] as? [[String: Any]] ?? []
        #expect(!rows.isEmpty && rows.allSatisfy { $0["pieces"] as? Int == 1 && $0["dissolved_pieces"] as? Int == 1 }, "\(label): a grid in pieces")
        let gpkg = folder.appendingPathComponent("study.gpkg").path
        func layer(_ name: String) throws -> [Geometry] {
            let t: FeatureTable
            do { t = try LayerReader.read(gpkg, ReadOptions(layer: name)) } catch {
                t = try LayerReader.read(gpkg, ReadOptions(layer: name, declaredCRS: .local))
            }
            return try t.geometries.compactMap { $0 }.map { try Geometry($0) }
        }
        let polygons = try layer("grids_grids"), units = try layer("grids_units")
        #expect(polygons.count == rows.count)
        let sum = try polygons.reduce(0.0) { $0 + (try $1.area) }
        let union = try Geometry.unionAll(polygons).area
        let hull = try Geometry.unionAll(units).convexHull().area
        print("\(label) grids: Σ areas \(sum) m², union \(union) m², units' hull \(hull) m²")
        #expect(abs(sum - union) < 1e-6 * hull, "\(label): grid polygons overlap")
        #expect(abs(union - hull) < 1e-6 * hull, "\(label): grid polygons leave gaps")
    }

    @Test(.requiresSharedData) func exampleStudyOutputsUnchanged() async throws {
        let dir = try TestData.temporaryFolder()
        let out = dir.appendingPathComponent("hlg")
        try await Self.lifecircle(["run", Self.example, "--out", out.path, "--quiet"])
        try Self.expectGridsWholeAndTiling(out, "Huilongguan")
        // Kept on failure so the differing outputs can be inspected.
        if try Self.check("huilongguan", folder: out, baseline: "hlg") { try? FileManager.default.removeItem(at: dir) }
    }

    @Test func demoOutputsUnchanged() async throws {
        let dir = try TestData.temporaryFolder()
        let out = dir.appendingPathComponent("demo")
        // The PBF by absolute path: the default looks in the working directory,
        // which under `swift test` need not be the checkout.
        try await Self.lifecircle(["demo", "--osm", TestData.helsinkiPBF, "--out", out.path, "--quiet"])
        try Self.expectGridsWholeAndTiling(out.appendingPathComponent("study"), "demo")
        if try Self.check("demo", folder: out.appendingPathComponent("study"), baseline: "demo/study") {
            try? FileManager.default.removeItem(at: dir)
        }
    }
}
