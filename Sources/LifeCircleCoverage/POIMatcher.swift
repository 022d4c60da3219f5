import Foundation
import LifeCircleIO

/// Amap and Baidu POI exports into a preset's categories: Amap type codes,
/// Baidu tags, and name keywords for facilities no code covers.
public struct POIMatcher: Sendable {
    /// One rule's tally: "amap 141203", "baidu 教育培训;小学", "name 养老院".
    public struct RuleCount: Codable, Sendable, Equatable {
        public var rule: String
        public var pois: Int
    }
    public struct CategoryMatches: Codable, Sendable, Equatable {
        public var id: String
        /// POIs in the category (each once, however many of its rules matched).
        public var pois: Int
        public var rules: [RuleCount]
    }
    public struct TypeCount: Codable, Sendable, Equatable {
        public var type: String
        public var pois: Int
    }
    /// What `summary.json` says under `poi_matching`.
    public struct Report: Codable, Sendable, Equatable {
        public var typeField: String
        public var nameField: String?
        public var pois: Int
        public var matched: Int
        public var categories: [CategoryMatches]
        /// The 20 most frequent types of POIs no rule matched.
        public var unmatchedTypes: [TypeCount]
        enum CodingKeys: String, CodingKey {
            case typeField = "type_field"
            case nameField = "name_field"
            case pois, matched, categories
            case unmatchedTypes = "unmatched_types"
        }
    }

    /// Column names of POI type columns, in the order they are preferred.
    public static let typeFields = ["typecode", "type_code", "typecodes", "type", "类型", "类别", "标签", "tag", "tags", "分类"]
    public static let nameFields = ["name", "名称", "poi_name", "名字", "title"]

    let categories: [LifeCirclePreset.Category]

    public init(preset: LifeCirclePreset) { categories = preset.categories }

    /// Whether the preset has any provider rule at all.
    public var hasRules: Bool { categories.contains { !($0.amap ?? []).isEmpty || !($0.baidu ?? []).isEmpty || !($0.keywords ?? []).isEmpty } }

    /// The POI type column of a table, if it has one.
    public static func typeField(in names: [String]) -> String? {
        for f in typeFields { if let n = names.first(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == f }) { return n } }
        return nil
    }

    public static func nameField(in names: [String]) -> String? {
        for f in nameFields { if let n = names.first(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == f }) { return n } }
        return nil
    }

    /// Whether an Amap code rule matches a POI's code: exact, or a middle
    /// class (`xxxx00`) or big class (`xx0000`) covering its sub-classes, as
    /// Amap's own search does.
    static func amapMatches(_ rule: String, _ code: String) -> Bool {
        if rule == code { return true }
        if rule.hasSuffix("0000") { return code.hasPrefix(rule.prefix(2)) }
        if rule.hasSuffix("00") { return code.hasPrefix(rule.prefix(4)) }
        return false
    }

    /// Whether a Baidu tag rule matches a POI's tag string: "教育培训;小学"
    /// exactly, or a first-level rule ("医疗") matching every tag under it.
    static func baiduMatches(_ rule: String, _ tag: String) -> Bool {
        if rule == tag { return true }
        if !rule.contains(";") { return tag.split(separator: ";").first.map(String.init) == rule }
        // A POI may carry a longer tag ("教育培训;小学;公立"): its first two levels count.
        return tag.hasPrefix(rule + ";")
    }

    /// Categories (indices) per POI, with the tallies for the summary.
    public func match(types: [String?], names: [String?], typeField: String, nameField: String?) -> (categories: [[Int]], report: Report) {
        var perCategory = [Int](repeating: 0, count: categories.count)
        var perRule = [[String: Int]](repeating: [:], count: categories.count)
        var unmatched: [String: Int] = [:]
        var out: [[Int]] = []
        out.reserveCapacity(types.count)
        for i in types.indices {
            let type = (types[i] ?? "").trimmingCharacters(in: .whitespaces)
            let name = i < names.count ? (names[i] ?? "") : ""
            // Amap joins several codes with "|" (a 九年一贯制 school is 141202|141203).
            let codes = type.split(whereSeparator: { $0 == "|" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
            let tags = type.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            var cats: [Int] = []
            for (k, c) in categories.enumerated() {
                var hit = false
                for r in c.amap ?? [] where codes.contains(where: { POIMatcher.amapMatches(r, $0) }) {
                    perRule[k]["amap \(r)", default: 0] += 1; hit = true
                }
                for r in c.baidu ?? [] where tags.contains(where: { POIMatcher.baiduMatches(r, $0) }) {
                    perRule[k]["baidu \(r)", default: 0] += 1; hit = true
                }
                for r in c.keywords ?? [] where !name.isEmpty && name.contains(r) && !(c.excludeKeywords ?? []).contains(where: { name.contains($0) })
                {
                    perRule[k]["name \(r)", default: 0] += 1; hit = true
                }
                if hit { cats.append(k); perCategory[k] += 1 }
            }
            if cats.isEmpty { unmatched[type.isEmpty ? "(no type)" : type, default: 0] += 1 }
            out.append(cats)
        }
        let report = Report(
            typeField: typeField, nameField: nameField, pois: types.count, matched: out.filter { !$0.isEmpty }.count,
            categories: categories.indices.map { k in
                CategoryMatches(
                    id: categories[k].id, pois: perCategory[k],
                    rules: perRule[k].map { RuleCount(rule: $0.key, pois: $0.value) }.sorted { ($0.pois, $1.rule) > ($1.pois, $0.rule) })
            },
            unmatchedTypes: unmatched.map { TypeCount(type: $0.key, pois: $0.value) }.sorted { ($0.pois, $1.type) > ($1.pois, $0.type) }
                .prefix(20).map { $0 })
        return (out, report)
    }
}
