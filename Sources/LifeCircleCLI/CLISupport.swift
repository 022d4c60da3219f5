import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleParks
import LifeCircleProjection

/// CRS names as the command line takes them: EPSG:n, a PROJ string, WKT,
/// or one of wgs84, gcj02, bd09, utm, cgcs2000-gk, local.
extension CRS: ExpressibleByArgument {
    public init?(argument: String) {
        guard let crs = try? CRS.parse(argument) else { return nil }
        self = crs
    }
}

// Option values that are enumerations, spelt by their raw values. Each help
// text words its own choices, so no generated value list.
extension RepresentativePoint: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}
extension DistanceMetric: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}
extension ParksJob.Metric: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}
extension SitingMethod: ExpressibleByArgument {}

/// Job validation from a command's `validate()`: an `OptionError` becomes a
/// `ValidationError` with the option spelt as a flag.
enum CLIValidation {
    static func check(_ body: () throws -> Void) throws {
        // A CLIError: one line, without the usage text (the flags parsed; a value or path is wrong).
        do { try body() } catch let e as OptionError { throw CLIError(e.rendered(CLIRendering.flag)) }
    }
}

/// Messages on stderr, so stdout stays clean for JSON and tables.
enum Console {
    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
    }
}

/// Pretty, stable JSON (sorted keys) for summaries that people diff.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value)
    }

    /// Writes beside the target and renames into place.
    static func write<T: Encodable>(_ value: T, to path: String) throws {
        try AtomicFile.write(try encode(value), to: path)
    }
}

/// A run-time failure: ArgumentParser prints it as one line, without the usage
/// text that `ValidationError` adds (that belongs to bad arguments).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
