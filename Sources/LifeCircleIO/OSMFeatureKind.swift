import Foundation

/// The kinds of OpenStreetMap feature a study reads from an extract, each
/// decided by one tag rule, so that parks, the demo and the report agree on
/// what counts as a building, water or green space. Walkable ways have their
/// own table (`WalkableTagRules`, in LifeCircleNetwork); facilities come from
/// a preset's `osm` tags.
public enum OSMFeatureKind: String, Sendable, CaseIterable {
    /// `building=*` except `building=no`.
    case building
    /// Residential buildings by their `building` value (houses, apartments …).
    case residentialBuilding
    /// Water bodies: `natural=water`, `water=*`, `waterway=riverbank`, `landuse=basin|reservoir`.
    case water
    /// Existing green space: parks, gardens, playgrounds, recreation grounds,
    /// village greens, grass, forest and meadow.
    case green
    /// Land that may hold leftover plots (pocket-park candidates are carved
    /// from it): built-up and open land uses, never a building outline.
    case carvableLand
    /// Any `landuse=*` polygon (the demo's land cover).
    case anyLandUse
    /// `landuse=residential`.
    case residentialLand
    /// Any `highway=*` way (streets drawn on maps, roads subtracted from land).
    case road

    static let residentialBuildingValues: Set<String> = [
        "residential", "apartments", "house", "detached", "terrace", "semidetached_house", "dormitory",
    ]
    static let greenTags: [(String, Set<String>)] = [
        ("leisure", ["park", "garden", "playground", "recreation_ground"]),
        ("landuse", ["grass", "recreation_ground", "village_green", "forest", "meadow"]),
    ]
    static let carvableLandUses: Set<String> = [
        "residential", "commercial", "retail", "civil", "grass", "construction", "brownfield", "greenfield", "industrial",
    ]

    /// Whether a feature with these tags is of this kind.
    public func matches(_ t: [String: String]) -> Bool {
        switch self {
        case .building: return t["building"] != nil && t["building"] != "no"
        case .residentialBuilding: return t["building"].map { Self.residentialBuildingValues.contains($0) } ?? false
        case .water:
            return t["natural"] == "water" || t["water"] != nil || t["waterway"] == "riverbank" || t["landuse"] == "basin"
                || t["landuse"] == "reservoir"
        case .green: return Self.greenTags.contains { t[$0.0].map($0.1.contains) ?? false }
        case .carvableLand:
            guard t["building"] == nil, let l = t["landuse"] else { return false }
            return Self.carvableLandUses.contains(l)
        case .anyLandUse: return t["landuse"] != nil
        case .residentialLand: return t["landuse"] == "residential"
        case .road: return t["highway"] != nil
        }
    }
}
