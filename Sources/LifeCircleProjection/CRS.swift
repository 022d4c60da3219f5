import Foundation
import LifeCircleGeometry

/// A coordinate reference system as a plain value (Sendable; no PROJ object
/// inside). PROJ-backed CRSs carry the definition PROJ and GDAL accept
/// ("EPSG:n" or WKT); the offset systems GCJ-02 / BD-09, ungeoreferenced
/// local metres and the automatic choices are kinds of their own.
/// Coordinates are always longitude/latitude (x/y) or easting/northing,
/// whatever axis order the CRS's definition declares.
public struct CRS: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Anything PROJ knows (EPSG code, WKT, PROJ string).
        case proj
        /// GCJ-02: WGS 84 with the Chinese obfuscation offset (Amap, Tencent, Google China).
        case gcj02
        /// BD-09: GCJ-02 with Baidu's further offset.
        case bd09
        /// Local metres, no georeference: metric, but cannot be transformed.
        case local
        /// UTM zone chosen from the data's centre (`resolveAuto`).
        case autoUTM
        /// CGCS2000 3-degree Gauss–Krüger zone chosen from the data's centre.
        case autoCGCS2000GK
    }

    public let kind: Kind
    /// For GDAL/PROJ: "EPSG:n" when the CRS has an EPSG id, else WKT2.
    /// GCJ-02/BD-09 give "EPSG:4326" (the closest GDAL can label them; `kind`
    /// tells the truth). Empty for `local` (no georeference) and auto kinds.
    public let definition: String
    /// Human-readable name, e.g. "WGS 84 / UTM zone 50N".
    public let name: String
    /// EPSG code, when the definition carries one (never for GCJ-02/BD-09).
    public let epsg: Int?
    /// Degrees of longitude/latitude.
    public let isGeographic: Bool
    /// Planar metres (projected CRS in metres, or local metres). True for the
    /// auto kinds too: they always resolve to metric CRSs.
    public let isMetric: Bool

    init(kind: Kind, definition: String, name: String, epsg: Int?, isGeographic: Bool, isMetric: Bool) {
        self.kind = kind; self.definition = definition; self.name = name
        self.epsg = epsg; self.isGeographic = isGeographic; self.isMetric = isMetric
    }

    /// `utm` or `cgcs2000-gk`: must be resolved from the data before use.
    public var isAuto: Bool { kind == .autoUTM || kind == .autoCGCS2000GK }
    /// Whether coordinates in this CRS can be transformed to a georeferenced CRS.
    public var isGeoreferenced: Bool { kind == .proj || kind == .gcj02 || kind == .bd09 }

    /// Text that `CRS.parse` turns back into this CRS: the definition for
    /// PROJ CRSs, the alias otherwise (for configs, reports and metadata).
    public var identifier: String {
        switch kind {
        case .proj: return definition
        case .gcj02: return "gcj02"
        case .bd09: return "bd09"
        case .local: return "local"
        case .autoUTM: return "utm"
        case .autoCGCS2000GK: return "cgcs2000-gk"
        }
    }

    /// E.g. "EPSG:32650 (WGS 84 / UTM zone 50N)", "gcj02 (GCJ-02 …)".
    public var description: String {
        switch kind {
        case .proj:
            if let epsg { return "EPSG:\(epsg) (\(name))" }
            return name.isEmpty ? "custom CRS" : "\(name) (custom definition)"
        case .gcj02: return "gcj02 (\(name))"
        case .bd09: return "bd09 (\(name))"
        case .local: return "local (\(name))"
        case .autoUTM: return "utm (\(name))"
        case .autoCGCS2000GK: return "cgcs2000-gk (\(name))"
        }
    }

    // Identity is what the coordinates mean, not how the name is spelled.
    public static func == (a: CRS, b: CRS) -> Bool { a.kind == b.kind && a.definition == b.definition }
    public func hash(into h: inout Hasher) { h.combine(kind); h.combine(definition) }

    // MARK: Well-known values

    public static let wgs84 = CRS(
        kind: .proj, definition: "EPSG:4326", name: "WGS 84", epsg: 4326,
        isGeographic: true, isMetric: false)
    public static let gcj02 = CRS(
        kind: .gcj02, definition: "EPSG:4326", name: "GCJ-02, offset WGS 84 of Chinese web maps",
        epsg: nil, isGeographic: true, isMetric: false)
    public static let bd09 = CRS(
        kind: .bd09, definition: "EPSG:4326", name: "BD-09, Baidu offset of GCJ-02",
        epsg: nil, isGeographic: true, isMetric: false)
    public static let local = CRS(
        kind: .local, definition: "", name: "local metres, no georeference",
        epsg: nil, isGeographic: false, isMetric: true)
    public static let autoUTM = CRS(
        kind: .autoUTM, definition: "", name: "UTM zone of the data's centre",
        epsg: nil, isGeographic: false, isMetric: true)
    public static let autoCGCS2000GaussKruger = CRS(
        kind: .autoCGCS2000GK, definition: "",
        name: "CGCS2000 3-degree Gauss-Kruger zone of the data's centre",
        epsg: nil, isGeographic: false, isMetric: true)

    /// An EPSG code, checked against PROJ's database.
    public static func epsg(_ code: Int) throws -> CRS { try parse("EPSG:\(code)") }

    // MARK: Parsing

    /// Accepts "EPSG:n" (any case; a bare number is read as an EPSG code),
    /// WKT (1 or 2), PROJ strings ("+proj=utm +zone=50 +datum=WGS84"),
    /// PROJJSON, and the aliases wgs84, gcj02, bd09, local, utm, cgcs2000-gk.
    public static func parse(_ text: String) throws -> CRS {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed.lowercased() {
        case "wgs84", "wgs-84", "wgs 84": return .wgs84
        case "gcj02", "gcj-02": return .gcj02
        case "bd09", "bd-09": return .bd09
        case "local": return .local
        case "utm", "auto-utm": return .autoUTM
        case "cgcs2000-gk", "cgcs2000gk", "gk": return .autoCGCS2000GaussKruger
        default: break
        }
        guard !trimmed.isEmpty else { throw ProjectionError.unknownCRS(text, detail: nil) }

        var projText = trimmed
        let lower = trimmed.lowercased()
        if lower.hasPrefix("epsg:"), let code = Int(trimmed.dropFirst(5)) {
            projText = "EPSG:\(code)"
        } else if let code = Int(trimmed), code > 0 {
            projText = "EPSG:\(code)"
        } else if lower.hasPrefix("+") || lower.hasPrefix("proj=") {
            // A bare PROJ string is an operation to PROJ ≥ 6; "+type=crs" makes it a CRS.
            if !lower.contains("type=crs") { projText += " +type=crs" }
        }
        // Only add PROJ's complaint when the text looked like a definition;
        // for a plain unknown word the one-line hint says it all.
        let looksLikeDefinition = trimmed.contains(":") || trimmed.contains("=") || trimmed.contains("[") || trimmed.contains("{")
        // PROJ resolves a bare word by fuzzy name search ("foo" becomes
        // Amersfoort), so only definitions go to PROJ.
        guard looksLikeDefinition || projText.hasPrefix("EPSG:") else { throw ProjectionError.unknownCRS(text, detail: nil) }
        do {
            return try CRSInspection.inspect(projText)
        } catch ProjectionError.proj(let message) {
            throw ProjectionError.unknownCRS(text, detail: looksLikeDefinition ? message : nil)
        }
    }

    /// For the auto kinds: the concrete CRS for data centred at `center`
    /// (longitude/latitude, WGS 84). Other CRSs return themselves.
    public func resolveAuto(center: Coordinate) throws -> CRS {
        switch kind {
        case .autoUTM:
            return CRS.utm(forLongitude: center.x, latitude: center.y)
        case .autoCGCS2000GK:
            return try CRS.cgcs2000GaussKruger3(forLongitude: center.x)
        default:
            return self
        }
    }
}
