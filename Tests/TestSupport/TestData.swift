import Foundation

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

import Testing

extension Trait where Self == ConditionTrait {
    /// Skips a test or suite, with a clear message, when ../shared/geodata is absent.
    public static var requiresSharedData: Self {
        .enabled(if: TestData.sharedAvailable, "../shared/geodata is absent beside the checkout: skipping the real-data test")
    }
}
