import Foundation
import Testing

/// Paths to test data: the real data beside the checkout (`../shared/geodata`)
/// and the project's embedded `geodata/`.
public enum TestData {
    /// The package root, found from this file's location.
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let sharedRoot: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/geodata")

    /// Whether `../shared/geodata` is there; tests that need it skip otherwise.
    public static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: sharedRoot.appendingPathComponent("README.md").path) }

    public static let sharedMissing = "../shared/geodata is absent beside the checkout: skipping the real-data test"

    public static func shared(_ relative: String) -> String { sharedRoot.appendingPathComponent(relative).path }

    public static var helsinkiPBF: String { repoRoot.appendingPathComponent("geodata/Helsinki.osm.pbf").path }

    /// A fresh empty folder for a test's outputs.
    public static func temporaryFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-test-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a test or suite, with a clear message, when ../shared/geodata is absent.
    public static var requiresSharedData: Self {
        .enabled(if: TestData.sharedAvailable, "../shared/geodata is absent beside the checkout: skipping the real-data test")
    }
}

/// Runs the built `lifecircle` executable, as a user would.
public enum CLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The executable beside the test bundle (same build folder).
    public static var binary: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("lifecircle")
    }

    public static var available: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = directory ?? TestData.repoRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read before waiting so a large output cannot fill the pipe and block.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

extension Trait where Self == ConditionTrait {
    /// Needs the `lifecircle` executable built beside the tests (`swift build` does that).
    public static var requiresCLI: Self {
        .enabled(if: CLI.available, "the lifecircle executable is not built beside the tests: run `swift build` first")
    }
}
