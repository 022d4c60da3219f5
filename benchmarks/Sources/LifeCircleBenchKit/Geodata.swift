import Foundation

/// Where the shared real data live: `$LIFECIRCLE_GEODATA`, else
/// `<repo>/../shared/geodata` found from this file's location, so the
/// benchmarks run from any working directory.
public enum Geodata {
    public static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["LIFECIRCLE_GEODATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        // benchmarks/Sources/LifeCircleBenchKit/Geodata.swift -> repo root is 4 levels up.
        let repo = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/geodata")
    }

    /// The path of one input, or a clear error when the data are absent.
    public static func path(_ relative: String) throws -> String {
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BenchError(
                "real data not found: \(url.path); put the shared geodata folder beside the repository (../shared/geodata) or set LIFECIRCLE_GEODATA")
        }
        return url.path
    }

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("wuhan/wuhan_streets.gpkg").path)
    }
}

public struct BenchError: Error, LocalizedError, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}
