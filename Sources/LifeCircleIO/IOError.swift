import Foundation

/// A reading or writing failure, phrased for the person at the command line:
/// one line naming the file and what to do about it.
public struct IOError: Error, LocalizedError, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }

    static func missingFile(_ path: String) -> IOError {
        IOError("\(path): no such file: check the path (relative paths start from \(FileManager.default.currentDirectoryPath))")
    }
    static func notGeodata(_ path: String, _ detail: String) -> IOError {
        let why = detail.isEmpty ? "" : " (\(detail))"
        return IOError("\(path): not a vector dataset GDAL can read\(why): give a GeoPackage, GeoJSON, Shapefile, FlatGeobuf, CSV or OSM file")
    }
    static func unknownLayer(_ path: String, _ layer: String, _ available: [String]) -> IOError {
        IOError("\(path): no layer '\(layer)': choose one of \(available.map { "'\($0)'" }.joined(separator: ", "))")
    }
    static func unknownField(_ path: String, _ layer: String, _ field: String, _ available: [String]) -> IOError {
        let list = available.isEmpty ? "(the layer has no attribute fields)" : available.joined(separator: ", ")
        return IOError("\(path) layer '\(layer)': no field '\(field)': choose one of \(list)")
    }
}
