import Foundation
import LifeCircleGeometry
import LifeCircleIO

extension ResidentPoints {
    /// Estimated population of buildings: footprint area × levels ÷ floor
    /// area per person. Missing or non-positive levels use `defaultLevels`.
    public static func buildingPopulation(
        footprints: [GeometryValue?], levels: [Double?], defaultLevels: Double,
        floorAreaPerPerson: Double
    ) throws -> [Double] {
        guard floorAreaPerPerson > 0, floorAreaPerPerson.isFinite else {
            throw OptionError(
                key: "floor_area_per_person", "floor area per person must be > 0 m² (got \(floorAreaPerPerson))", fix: "give e.g. {option} 35")
        }
        guard defaultLevels > 0, defaultLevels.isFinite else {
            throw OptionError(key: "default_levels", "default building levels must be > 0 (got \(defaultLevels))", fix: "give e.g. {option} 3")
        }
        return footprints.enumerated().map { i, g in
            guard let g, !g.polygonParts.isEmpty else { return 0 }
            // A footprint GEOS cannot read (degenerate ring) houses nobody.
            guard let area = try? Geometry(g).area else { return 0 }
            let lv = (i < levels.count ? levels[i] : nil).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? defaultLevels
            return area * lv / floorAreaPerPerson
        }
    }
}
