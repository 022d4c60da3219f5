import Foundation
import LifeCircleGeometry

/// Green spaces of at least `minArea` m² serve everyone within `radius` m.
public struct GreenServiceRule: Sendable, Equatable, Codable {
    public var minArea: Double
    public var radius: Double
    public init(minArea: Double, radius: Double) { self.minArea = minArea; self.radius = radius }

    /// Common Chinese practice (e.g. GB/T 51346 guidance as applied by cities):
    /// any green ≥ 2,000 m² within 300 m; parks ≥ 1 ha within 500 m.
    public static let defaults = [
        GreenServiceRule(minArea: 2_000, radius: 300),
        GreenServiceRule(minArea: 10_000, radius: 500),
    ]

    /// Parses "2000:300,10000:500" (area m² : radius m).
    public static func parse(_ text: String) throws -> [GreenServiceRule] {
        let rules = try text.split(separator: ",").map { item -> GreenServiceRule in
            let f = item.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard f.count == 2, let a = f[0], let r = f[1], a >= 0, r > 0, a.isFinite, r.isFinite else {
                throw ParksError.invalidInput("green rule '\(item)': expected MIN_AREA:RADIUS in m² and m, e.g. 2000:300,10000:500")
            }
            return GreenServiceRule(minArea: a, radius: r)
        }
        guard !rules.isEmpty else { throw ParksError.invalidInput("no green rules given; e.g. 2000:300,10000:500") }
        return rules
    }

    /// Largest radius any rule grants a green space of this area, or nil.
    public static func radius(forArea area: Double, rules: [GreenServiceRule]) -> Double? {
        rules.filter { area >= $0.minArea }.map(\.radius).max()
    }
}

/// An existing green space with the service radius its size earns.
public struct QualifiedGreen: Sendable {
    public var geometry: GeometryValue
    public var area: Double
    /// nil when the space is too small for every rule.
    public var radius: Double?
}

public enum GreenQualification {
    /// Area and radius of each green space; optionally merges touching spaces
    /// first (a park digitised in pieces counts as one).
    public static func qualify(
        _ green: [GeometryValue], rules: [GreenServiceRule],
        mergeTouching: Bool = false
    ) throws -> [QualifiedGreen] {
        var geoms: [Geometry] = []
        for v in green where !v.polygonParts.isEmpty {
            // Broken polygons are repaired; unusable ones (collapsed rings) cannot serve anyone.
            if let g = PolygonRepair.geometry(v).geometry { geoms.append(g) }
        }
        if mergeTouching && !geoms.isEmpty {
            let merged = try Geometry.unionAll(geoms)
            geoms = try merged.value.polygonParts.map { try Geometry(.polygon($0)) }
        }
        return try geoms.map { g in
            let a = try g.area
            return QualifiedGreen(geometry: try g.value, area: a, radius: GreenServiceRule.radius(forArea: a, rules: rules))
        }
    }
}
