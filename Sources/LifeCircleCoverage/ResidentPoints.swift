import Foundation
import LifeCircleGeometry

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

    /// Estimated population of buildings: footprint area × levels ÷ floor
    /// area per person. Missing or non-positive levels use `defaultLevels`.
    public static func buildingPopulation(footprints: [GeometryValue?], levels: [Double?], defaultLevels: Double,
                                          floorAreaPerPerson: Double) throws -> [Double] {
        guard floorAreaPerPerson > 0 else { throw CoverageError("floor area per person must be > 0 m² (got \(floorAreaPerPerson))") }
        guard defaultLevels > 0 else { throw CoverageError("default building levels must be > 0 (got \(defaultLevels))") }
        return try footprints.enumerated().map { i, g in
            guard let g, !g.polygonParts.isEmpty else { return 0 }
            // A footprint GEOS cannot read (degenerate ring) houses nobody.
            guard let area = try? Geometry(g).area else { return 0 }
            let lv = (i < levels.count ? levels[i] : nil).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? defaultLevels
            return area * lv / floorAreaPerPerson
        }
    }
}
