import Foundation

/// Which OSM ways a pedestrian may use. One readable table: every list below
/// can be overridden from JSON/YAML (the struct is Codable with these keys)
/// or edited in code. Decision order (first match wins):
///  1. no `highway` tag, or highway in `neverWalkable` -> not walkable
///     (area outlines such as `area=yes` landuse are thus never edges; an
///     `area=yes` way is an edge only when it carries a walkable highway tag);
///  2. `foot` in `footDeny` -> not walkable;
///  3. `access` in `accessDeny` and `foot` not in `footAllow` -> not walkable;
///  4. highway in `walkable` -> walkable;
///  5. highway in `walkableWithSidewalkOrFoot` -> walkable only with
///     `foot` in `footAllow` or a sidewalk tag in `sidewalkYes`;
///  6. anything else -> walkable only with `foot` in `footAllow`.
public struct WalkableTagRules: Codable, Sendable, Equatable {
    public var walkable: [String]
    public var walkableWithSidewalkOrFoot: [String]
    public var neverWalkable: [String]
    public var footAllow: [String]
    public var footDeny: [String]
    public var accessDeny: [String]
    /// Tag keys that signal a sidewalk, and the values that count as present.
    public var sidewalkKeys: [String]
    public var sidewalkYes: [String]

    public init(
        walkable: [String], walkableWithSidewalkOrFoot: [String], neverWalkable: [String],
        footAllow: [String], footDeny: [String], accessDeny: [String],
        sidewalkKeys: [String], sidewalkYes: [String]
    ) {
        self.walkable = walkable
        self.walkableWithSidewalkOrFoot = walkableWithSidewalkOrFoot
        self.neverWalkable = neverWalkable
        self.footAllow = footAllow
        self.footDeny = footDeny
        self.accessDeny = accessDeny
        self.sidewalkKeys = sidewalkKeys
        self.sidewalkYes = sidewalkYes
    }

    /// The built-in table (issue 3, requirement 1).
    public static let standard = WalkableTagRules(
        walkable: [
            "footway", "path", "pedestrian", "steps", "living_street", "residential",
            "service", "unclassified", "tertiary", "tertiary_link", "secondary",
            "secondary_link", "primary", "primary_link", "track", "corridor", "crossing",
            "road", "cycleway", "bridleway", "elevator", "platform",
        ],
        walkableWithSidewalkOrFoot: ["motorway", "motorway_link", "trunk", "trunk_link"],
        neverWalkable: [
            "construction", "proposed", "planned", "abandoned", "disused", "razed",
            "raceway", "bus_guideway", "busway", "escape", "no",
        ],
        footAllow: ["yes", "designated", "permissive", "official"],
        footDeny: ["no", "private", "use_sidepath"],
        accessDeny: ["private", "no"],
        sidewalkKeys: ["sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right"],
        sidewalkYes: ["yes", "both", "left", "right"]
    )

    /// Rules from a JSON document with the property names above as keys.
    public static func fromJSON(_ data: Data) throws -> WalkableTagRules {
        do { return try JSONDecoder().decode(WalkableTagRules.self, from: data) } catch {
            throw NetworkError.invalidRules(
                "could not decode JSON (\(error)); expected keys walkable, walkableWithSidewalkOrFoot, neverWalkable, footAllow, footDeny, accessDeny, sidewalkKeys, sidewalkYes"
            )
        }
    }

    /// Whether a way with these tags belongs to the walking network.
    public func isWalkable(_ tags: [String: String]) -> Bool {
        guard let highway = tags["highway"], !neverWalkable.contains(highway) else { return false }
        let foot = tags["foot"]
        if let foot, footDeny.contains(foot) { return false }
        let footAllowed = foot.map { footAllow.contains($0) } ?? false
        if let access = tags["access"], accessDeny.contains(access), !footAllowed { return false }
        if walkable.contains(highway) { return true }
        if walkableWithSidewalkOrFoot.contains(highway) {
            if footAllowed { return true }
            for key in sidewalkKeys { if let v = tags[key], sidewalkYes.contains(v) { return true } }
            return false
        }
        return footAllowed
    }
}
