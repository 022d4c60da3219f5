import ArgumentParser
import Foundation
import LifeCircleCLI
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

    @Test(.requiresSharedData) func exampleStudyOutputsUnchanged() async throws {
        let dir = try TestData.temporaryFolder()
        let out = dir.appendingPathComponent("hlg")
        try await Self.lifecircle(["run", Self.example, "--out", out.path, "--quiet"])
        // Kept on failure so the differing outputs can be inspected.
        if try Self.check("huilongguan", folder: out, baseline: "hlg") { try? FileManager.default.removeItem(at: dir) }
    }

    @Test func demoOutputsUnchanged() async throws {
        let dir = try TestData.temporaryFolder()
        let out = dir.appendingPathComponent("demo")
        // The PBF by absolute path: the default looks in the working directory,
        // which under `swift test` need not be the checkout.
        try await Self.lifecircle(["demo", "--osm", TestData.helsinkiPBF, "--out", out.path, "--quiet"])
        if try Self.check("demo", folder: out.appendingPathComponent("study"), baseline: "demo/study") {
            try? FileManager.default.removeItem(at: dir)
        }
    }
}
