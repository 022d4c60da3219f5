import Foundation
import Yams

/// A set of facility categories grouped into life-circle tiers, read from
/// YAML (see Presets/gb50180.yaml for the format).
public struct LifeCirclePreset: Codable, Sendable, Equatable {
    public struct Tier: Codable, Sendable, Equatable {
        public var id: String
        public var name: String?
        public var nameZh: String?
        public var distanceM: Double
        /// The minutes the standard names the tier by (5 for GB 50180's 300 m).
        public var minutes: Double?
        enum CodingKeys: String, CodingKey {
            case id, name
            case nameZh = "name_zh"
            case distanceM = "distance_m"
            case minutes
        }
    }
    public struct Category: Codable, Sendable, Equatable {
        public var id: String
        public var name: String?
        public var nameZh: String?
        /// Id of the tier it belongs to; nil = counts in every tier.
        public var tier: String?
        /// OSM tag filters: "k=v", "k=*", or "k1=v1, k2=v2" (all needed).
        public var osm: [String]?
        /// Values of the facilities' category column that mean this category
        /// (defaults to the id).
        public var values: [String]?
        /// Amap (高德) six-digit type codes; `xxxx00` covers its sub-classes.
        public var amap: [String]?
        /// Baidu (百度) tags, "一级;二级" or a first level alone.
        public var baidu: [String]?
        /// Words in a POI's name that make it this category, for facilities
        /// no code covers (养老院, 托儿所 …).
        public var keywords: [String]?
        /// Words that keep a name out despite a keyword (宠物医院 is no clinic).
        public var excludeKeywords: [String]?
        enum CodingKeys: String, CodingKey {
            case id, name
            case nameZh = "name_zh"
            case tier, osm, values, amap, baidu, keywords
            case excludeKeywords = "exclude_keywords"
        }
    }
    public var name: String
    public var standard: String?
    public var walkingSpeedKmh: Double?
    public var tiers: [Tier]
    public var categories: [Category]
    enum CodingKeys: String, CodingKey {
        case name, standard
        case walkingSpeedKmh = "walking_speed_kmh"
        case tiers, categories
    }

    /// Parses YAML text; `source` names the file in errors.
    public static func parse(yaml: String, source: String) throws -> LifeCirclePreset {
        let p: LifeCirclePreset
        do { p = try YAMLDecoder().decode(LifeCirclePreset.self, from: yaml) } catch {
            throw CoverageError("\(source): not a valid life-circle preset (\(error)); copy Presets/gb50180.yaml and edit it")
        }
        try p.validate(source: source)
        return p
    }

    func validate(source: String) throws {
        if tiers.isEmpty { throw CoverageError("\(source): preset has no tiers; list at least one under 'tiers:' with distance_m") }
        for t in tiers where !(t.distanceM > 0) || !t.distanceM.isFinite {
            throw CoverageError("\(source): tier '\(t.id)' has distance_m \(t.distanceM); give a positive number of metres")
        }
        var seen = Set<String>()
        for c in categories {
            for alt in c.osm ?? [] {
                for part in alt.split(separator: ",", omittingEmptySubsequences: false) {
                    let key =
                        part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map {
                            $0.trimmingCharacters(in: .whitespaces)
                        } ?? ""
                    if key.isEmpty {
                        throw CoverageError(
                            "\(source): category '\(c.id)' has an OSM filter '\(alt)' with a clause without a tag key; write key=value or key=*, separated by commas"
                        )
                    }
                }
            }
            if !seen.insert(c.id).inserted { throw CoverageError("\(source): category id '\(c.id)' appears twice; ids must be unique") }
            if let t = c.tier, !tiers.contains(where: { $0.id == t }) {
                throw CoverageError(
                    "\(source): category '\(c.id)' names tier '\(t)', which is not among the tiers \(tiers.map(\.id)); fix the tier id")
            }
        }
    }

    /// A built-in preset by name (`gb50180`) or a YAML file path.
    public static func load(_ nameOrPath: String) throws -> LifeCirclePreset {
        if let url = Bundle.module.url(forResource: nameOrPath, withExtension: "yaml", subdirectory: "Presets") {
            return try parse(yaml: String(contentsOf: url, encoding: .utf8), source: "preset \(nameOrPath)")
        }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw CoverageError("preset '\(nameOrPath)' not found: use the built-in 'gb50180' or the path of a YAML preset file")
        }
        let text: String
        do { text = try String(contentsOfFile: nameOrPath, encoding: .utf8) } catch {
            throw CoverageError("\(nameOrPath): cannot read preset file (\(error.localizedDescription))")
        }
        return try parse(yaml: text, source: nameOrPath)
    }

    /// The distance in metres of a category's tier, if it has one.
    public func tierDistance(of category: Category) -> Double? {
        category.tier.flatMap { id in tiers.first { $0.id == id }?.distanceM }
    }
}

/// Matches OSM tags against a category's `osm` filters.
public struct OSMTagMatcher: Sendable {
    struct Clause: Sendable { var key: String; var value: String? }
    let filters: [[[Clause]]]  // per category, alternatives, each a conjunction

    public init(categories: [LifeCirclePreset.Category]) {
        filters = categories.map { c in
            (c.osm ?? []).map { alt in
                alt.split(separator: ",").compactMap { part in
                    let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    // `validate` refuses clauses without a key; a matcher built without it skips them.
                    guard let key = kv.first, !key.isEmpty else { return nil }
                    let v = kv.count > 1 && !kv[1].isEmpty ? kv[1] : "*"
                    return Clause(key: key, value: v == "*" ? nil : v)
                }
            }
        }
    }

    /// Indices of the categories these tags belong to.
    public func categories(for tags: [String: String]) -> [Int] {
        var out: [Int] = []
        for (i, alts) in filters.enumerated() {
            if alts.contains(where: { conj in conj.allSatisfy { cl in tags[cl.key].map { v in cl.value == nil || cl.value == v } ?? false } }) {
                out.append(i)
            }
        }
        return out
    }
}
