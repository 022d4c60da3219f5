import Foundation
import LifeCircleGeometry

/// Everything that can go wrong in LifeCircleProjection, as one-line messages
/// that say what to do about it.
public enum ProjectionError: Error, LocalizedError, CustomStringConvertible, Equatable, Sendable {
    /// The text is neither an alias nor something PROJ understands.
    /// `detail` is PROJ's own complaint, when the text looked like a CRS.
    case unknownCRS(String, detail: String?)
    /// PROJ refused an operation; the message is PROJ's.
    case proj(String)
    /// `utm` / `cgcs2000-gk` used where a concrete CRS is needed.
    case unresolvedAuto(String)
    /// A "local" (ungeoreferenced) CRS on one side only of a transformation.
    case notGeoreferenced(from: String, to: String)
    /// A point PROJ could not transform (infinite result).
    case transformFailed(index: Int, coordinate: Coordinate, from: String, to: String, detail: String)
    /// Longitude outside the CGCS2000 3-degree Gauss–Krüger zones (73.5°–136.5°E).
    case outsideGaussKrugerZones(longitude: Double)
    /// An envelope that is not plausibly longitude/latitude.
    case notGeographic(String)

    public var description: String {
        switch self {
        case let .unknownCRS(text, detail):
            let why = detail.map { " (PROJ: \($0))" } ?? ""
            return "unknown CRS '\(text)'\(why): give EPSG:n, a PROJ string or WKT, or one of wgs84, gcj02, bd09, utm, cgcs2000-gk, local"
        case let .proj(message):
            return "PROJ error: \(message)"
        case let .unresolvedAuto(name):
            return "CRS '\(name)' is chosen from the data: resolve it first (CRS.resolveAuto(center:) or CRS.localMetric(for:))"
        case let .notGeoreferenced(from, to):
            return "cannot transform between \(from) and \(to): 'local' coordinates have no georeference; give the data's real CRS"
        case let .transformFailed(index, c, from, to, detail):
            return
                "cannot transform coordinate #\(index) (\(c.x), \(c.y)) from \(from) to \(to): \(detail); check the source CRS and the coordinate order (x = longitude/easting)"
        case let .outsideGaussKrugerZones(lon):
            return "longitude \(lon) is outside the CGCS2000 3-degree Gauss-Kruger zones (73.5-136.5 E, EPSG:4534-4554); use utm instead"
        case let .notGeographic(message):
            return message
        }
    }

    public var errorDescription: String? { description }
}
