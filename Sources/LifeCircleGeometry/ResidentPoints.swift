import Foundation

/// How a polygon resident (or facility) becomes one point.
public enum RepresentativePoint: String, Sendable, CaseIterable {
    /// GEOS point-on-surface: always inside the polygon (default).
    case surface
    /// Area centroid, as many published studies use; may fall outside a concave polygon.
    case centroid
}

public enum ResidentPoints {
    /// One point per geometry: points stay, multipoints give their first
    /// point, polygons and lines their representative point; nil for
    /// missing or empty geometries.
    public static func points(of geometries: [GeometryValue?], mode: RepresentativePoint = .surface) throws -> [Coordinate?] {
        try geometries.map { g in
            guard let g, !g.isEmpty else { return nil }
            switch g {
            case .point(let c): return c
            case .multiPoint(let cs): return cs.first
            default:
                // Broken rings (OSM outlines with too few points) cannot enter GEOS:
                // their mean vertex still places the feature.
                guard let geom = try? Geometry(g) else { return meanVertex(g) }
                return (try? (mode == .centroid ? geom.centroid : geom.pointOnSurface)) ?? meanVertex(g)
            }
        }
    }

    static func meanVertex(_ g: GeometryValue) -> Coordinate? {
        let cs = g.allCoordinates.filter { $0.x.isFinite && $0.y.isFinite }
        guard !cs.isEmpty else { return nil }
        return Coordinate(cs.reduce(0) { $0 + $1.x } / Double(cs.count), cs.reduce(0) { $0 + $1.y } / Double(cs.count))
    }
}

extension RepresentativePoint: Codable {}
