import Foundation
import LifeCircleIO

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
            case residents
            case residentWeight = "resident_weight"
            case residentsSnapped = "residents_snapped"
            case residentsUnsnapped = "residents_unsnapped"
            case residentsOnMinorComponent = "residents_on_minor_component"
            case facilities
            case facilitiesUnsnapped = "facilities_unsnapped"
            case facilitiesOnMinorComponent = "facilities_on_minor_component"
        }
    }
    public struct Network: Codable, Sendable, Equatable {
        public var nodes: Int
        public var edges: Int
        public var lengthM: Double
        public var components: Int
        public var largestComponentLengthShare: Double
        enum CodingKeys: String, CodingKey {
            case nodes, edges
            case lengthM = "length_m"
            case components
            case largestComponentLengthShare = "largest_component_length_share"
        }
    }
    public struct CategoryTier: Codable, Sendable, Equatable {
        public var tierM: Double
        public var coveredWeight: Double
        public var share: Double
        public var meanFacilitiesWithin: Double?
        enum CodingKeys: String, CodingKey {
            case tierM = "tier_m"
            case coveredWeight = "covered_weight"
            case share
            case meanFacilitiesWithin = "mean_facilities_within"
        }
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
            case id, name
            case nameZh = "name_zh"
            case tierM = "tier_m"
            case facilities
            case facilitiesUnsnapped = "facilities_unsnapped"
            case unreachableResidents = "unreachable_residents"
            case unreachableWeight = "unreachable_weight"
            case tiers
        }
    }
    public struct Tier: Codable, Sendable, Equatable {
        public var tierM: Double
        public var minutes: Double
        public var categories: [String]
        public var allCategoriesWeight: Double
        public var allCategoriesShare: Double
        public var meanCategoryShare: Double
        /// The standard's name of the tier ("10-minute life circle", 十分钟生活圈), from the preset.
        public var name: String?
        public var nameZh: String?
        enum CodingKeys: String, CodingKey {
            case tierM = "tier_m"
            case minutes, categories, name
            case nameZh = "name_zh"
            case allCategoriesWeight = "all_categories_weight"
            case allCategoriesShare = "all_categories_share"
            case meanCategoryShare = "mean_category_share"
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
    /// Wall-clock seconds from the first file read to the last output
    /// written. Reading runs on two threads, so this is less than the sum of
    /// `timings_s`. Absent when the analysis ran without files.
    public var elapsedS: Double?
    /// Per facilities file read as POIs (Amap/Baidu type column): POIs per
    /// category and rule, and the most frequent unmatched types.
    public var poiMatching: [POIMatcher.Report]?

    enum CodingKeys: String, CodingKey {
        case format, metric, crs
        case tiersM = "tiers_m"
        case tierMinutes = "tier_minutes"
        case walkingSpeedKmh = "walking_speed_kmh"
        case maxSnapM = "max_snap_m"
        case totals, network, categories, tiers, zones, warnings
        case timingsS = "timings_s"
        case elapsedS = "elapsed_s"
        case poiMatching = "poi_matching"
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
