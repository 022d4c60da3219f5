import Foundation

/// The stable, documented `summary.json` of a coverage run (format
/// "lifecircle-coverage-summary/1"). Encoded with sorted keys, so the key
/// order is fixed. Shares are weighted by the resident weight and divided by
/// the weight of ALL residents, unsnapped ones included (they count as not
/// covered). Keys:
/// - `format`, `metric` ("network"|"euclidean"), `crs`, `tiers_m`,
///   `tier_minutes`, `walking_speed_kmh`, `max_snap_m`
/// - `totals`: resident records and weight, snapped/unsnapped/on a minor
///   network component, facilities and unsnapped facilities
/// - `network`: nodes, edges, length, components, largest component's share of length (network metric only)
/// - `categories[]`: id, names, `tier_m` (absent = counts in every tier),
///   facility counts, `unreachable_residents`/`unreachable_weight` (no
///   facility within the largest tier), and `tiers[]` with `covered_weight`,
///   `share` and `mean_facilities_within` (weighted mean count, when counted)
/// - `tiers[]`: `tier_m`, `minutes`, `categories` (ids counted in the tier),
///   `all_categories_weight`/`all_categories_share` (every category of the
///   tier reached) and `mean_category_share` (mean share of the tier's
///   categories reached per resident, the "life-circle completeness")
/// - `zones[]` (when a zone layer is given): the same tier and category
///   figures per zone
/// - `warnings[]`, `timings_s[]` (stage, seconds, in run order: read_*,
///   project, build_network, prepare_*, snap, search, facility_counts,
///   summary, service_areas, gaps, write — each only when it ran)
/// Optional values are left out rather than written as null: `network` in
/// Euclidean mode, `name`/`name_zh` without a preset, `tier_m` of a category
/// without a tier, `mean_facilities_within` unless facility counts were asked for.
/// Distances never reach JSON: they are in the GeoPackage's residents layer.
public struct CoverageSummary: Codable, Sendable, Equatable {
    public struct Totals: Codable, Sendable, Equatable {
        public var residents: Int
        public var residentWeight: Double
        public var residentsSnapped: Int
        public var residentsUnsnapped: Int
        public var residentsOnMinorComponent: Int
        public var facilities: Int
        public var facilitiesUnsnapped: Int
        public var facilitiesOnMinorComponent: Int
        enum CodingKeys: String, CodingKey {
            case residents, residentWeight = "resident_weight", residentsSnapped = "residents_snapped"
            case residentsUnsnapped = "residents_unsnapped", residentsOnMinorComponent = "residents_on_minor_component"
            case facilities, facilitiesUnsnapped = "facilities_unsnapped", facilitiesOnMinorComponent = "facilities_on_minor_component"
        }
    }
    public struct Network: Codable, Sendable, Equatable {
        public var nodes: Int
        public var edges: Int
        public var lengthM: Double
        public var components: Int
        public var largestComponentLengthShare: Double
        enum CodingKeys: String, CodingKey {
            case nodes, edges, lengthM = "length_m", components, largestComponentLengthShare = "largest_component_length_share"
        }
    }
    public struct CategoryTier: Codable, Sendable, Equatable {
        public var tierM: Double
        public var coveredWeight: Double
        public var share: Double
        public var meanFacilitiesWithin: Double?
        enum CodingKeys: String, CodingKey { case tierM = "tier_m", coveredWeight = "covered_weight", share, meanFacilitiesWithin = "mean_facilities_within" }
    }
    public struct Category: Codable, Sendable, Equatable {
        public var id: String
        public var name: String?
        public var nameZh: String?
        public var tierM: Double?
        public var facilities: Int
        public var facilitiesUnsnapped: Int
        public var unreachableResidents: Int
        public var unreachableWeight: Double
        public var tiers: [CategoryTier]
        enum CodingKeys: String, CodingKey {
            case id, name, nameZh = "name_zh", tierM = "tier_m", facilities, facilitiesUnsnapped = "facilities_unsnapped"
            case unreachableResidents = "unreachable_residents", unreachableWeight = "unreachable_weight", tiers
        }
    }
    public struct Tier: Codable, Sendable, Equatable {
        public var tierM: Double
        public var minutes: Double
        public var categories: [String]
        public var allCategoriesWeight: Double
        public var allCategoriesShare: Double
        public var meanCategoryShare: Double
        enum CodingKeys: String, CodingKey {
            case tierM = "tier_m", minutes, categories, allCategoriesWeight = "all_categories_weight"
            case allCategoriesShare = "all_categories_share", meanCategoryShare = "mean_category_share"
        }
    }
    public struct ZoneCategory: Codable, Sendable, Equatable {
        public var id: String
        public var tiers: [CategoryTier]
    }
    public struct Zone: Codable, Sendable, Equatable {
        public var zone: String
        public var residents: Int
        public var weight: Double
        public var tiers: [Tier]
        public var categories: [ZoneCategory]
    }

    public var format = "lifecircle-coverage-summary/1"
    public var metric: String
    public var crs: String
    public var tiersM: [Double]
    public var tierMinutes: [Double]
    public var walkingSpeedKmh: Double
    public var maxSnapM: Double
    public var totals: Totals
    public var network: Network?
    public var categories: [Category]
    public var tiers: [Tier]
    public var zones: [Zone]
    public var warnings: [String]
    public var timingsS: [StageTiming]

    enum CodingKeys: String, CodingKey {
        case format, metric, crs, tiersM = "tiers_m", tierMinutes = "tier_minutes", walkingSpeedKmh = "walking_speed_kmh"
        case maxSnapM = "max_snap_m", totals, network, categories, tiers, zones, warnings, timingsS = "timings_s"
    }

    /// Pretty JSON with sorted keys (stable for diffs and scripts).
    public func jsonData() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try enc.encode(self)
    }

    public func tier(_ distance: Double) -> Tier? { tiers.first { $0.tierM == distance } }
    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }
}

/// Weighted tier statistics over a subset of residents (nil = all), computed
/// column by column over the distance arrays (cache-friendly for 100k+ residents).
enum TierStatistics {
    static func tiers(distances: [[Double]], weights: [Double], residents: [Int]?, config: CoverageConfig,
                      categoriesInTier: (Int) -> [Int], ids: [String]) -> [CoverageSummary.Tier] {
        let nr = weights.count
        let members = residents ?? []
        let total = residents.map { $0.reduce(0.0) { $0 + weights[$1] } } ?? weights.reduce(0, +)
        var reached = [Int32](repeating: 0, count: nr)
        return config.tiers.enumerated().map { t, limit in
            let cats = categoriesInTier(t)
            var all = 0.0, mean = 0.0
            if !cats.isEmpty {
                for i in reached.indices { reached[i] = 0 }
                for c in cats {
                    distances[c].withUnsafeBufferPointer { d in
                        if residents == nil { for r in 0..<nr where d[r] <= limit { reached[r] += 1 } }
                        else { for r in members where d[r] <= limit { reached[r] += 1 } }
                    }
                }
                let k = Double(cats.count)
                func add(_ r: Int) {
                    let n = reached[r]
                    if Int(n) == cats.count { all += weights[r] }
                    mean += weights[r] * Double(n) / k
                }
                if residents == nil { for r in 0..<nr { add(r) } } else { for r in members { add(r) } }
            }
            return CoverageSummary.Tier(tierM: limit, minutes: config.minutes(limit), categories: cats.map { ids[$0] },
                                        allCategoriesWeight: all, allCategoriesShare: total > 0 ? all / total : 0,
                                        meanCategoryShare: total > 0 ? mean / total : 0)
        }
    }

    static func categoryTiers(_ c: Int, distances: [[Double]], counts: [[UInt32]], weights: [Double], residents: [Int]?,
                              config: CoverageConfig, residentCount: Int) -> [CoverageSummary.CategoryTier] {
        let nr = residentCount
        let total = residents.map { $0.reduce(0.0) { $0 + weights[$1] } } ?? weights.reduce(0, +)
        let hasCounts = c < counts.count && !counts[c].isEmpty
        return config.tiers.enumerated().map { t, limit in
            var cov = 0.0, cnt = 0.0
            distances[c].withUnsafeBufferPointer { d in
                weights.withUnsafeBufferPointer { w in
                    func add(_ r: Int) {
                        if d[r] <= limit { cov += w[r] }
                        if hasCounts { cnt += w[r] * Double(counts[c][t * nr + r]) }
                    }
                    if let residents { for r in residents { add(r) } } else { for r in 0..<nr { add(r) } }
                }
            }
            return CoverageSummary.CategoryTier(tierM: limit, coveredWeight: cov, share: total > 0 ? cov / total : 0,
                                                meanFacilitiesWithin: hasCounts ? (total > 0 ? cnt / total : 0) : nil)
        }
    }
}
