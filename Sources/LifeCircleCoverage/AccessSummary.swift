import Foundation
import LifeCircleIO

/// The `summary.json` of an access run (format "lifecircle-access-summary/1"),
/// sorted keys. Means, medians, shares and Gini are weighted by the resident
/// weight over ALL residents (unsnapped ones have access 0). Keys: `method`
/// (2sfca|e2sfca|gravity), `metric`, `catchment_m`, `bands` (e2sfca),
/// `beta` (gravity), `crs`, `max_snap_m`, `totals` (residents, weight,
/// unsnapped, facilities, pairs within the catchment), `capacity` (facilities
/// with a missing or zero capacity, when a capacity field was read),
/// `categories[]` (id, facilities, supply, `facilities_without_demand`,
/// `mean`, `median`, `no_facility_share`/`no_facility_weight`, `gini`),
/// `zones[]` (the same per zone), `warnings`, `timings_s`, `elapsed_s`.
public struct AccessSummary: Codable, Sendable, Equatable {
    public struct Totals: Codable, Sendable, Equatable {
        public var residents: Int
        public var residentWeight: Double
        public var residentsUnsnapped: Int
        public var facilities: Int
        public var facilitiesUnsnapped: Int
        public var pairs: Int
        enum CodingKeys: String, CodingKey {
            case residents
            case residentWeight = "resident_weight"
            case residentsUnsnapped = "residents_unsnapped"
            case facilities
            case facilitiesUnsnapped = "facilities_unsnapped"
            case pairs
        }
    }
    public struct CapacityCounts: Codable, Sendable, Equatable {
        public var missing = 0
        public var zero = 0
        public init() {}
    }
    public struct Category: Codable, Sendable, Equatable {
        public var id: String
        public var name: String?
        public var nameZh: String?
        public var facilities: Int?
        public var supply: Double?
        public var facilitiesWithoutDemand: Int?
        public var mean: Double
        public var median: Double
        public var noFacilityShare: Double
        public var noFacilityWeight: Double
        public var gini: Double
        public init(id: String, mean: Double, median: Double, noFacilityShare: Double, noFacilityWeight: Double, gini: Double) {
            self.id = id; self.mean = mean; self.median = median
            self.noFacilityShare = noFacilityShare; self.noFacilityWeight = noFacilityWeight; self.gini = gini
        }
        enum CodingKeys: String, CodingKey {
            case id, name
            case nameZh = "name_zh"
            case facilities, supply
            case facilitiesWithoutDemand = "facilities_without_demand"
            case mean, median
            case noFacilityShare = "no_facility_share"
            case noFacilityWeight = "no_facility_weight"
            case gini
        }
    }
    public struct Zone: Codable, Sendable, Equatable {
        public var zone: String
        public var residents: Int
        public var weight: Double
        public var categories: [Category]
    }

    public var format = "lifecircle-access-summary/1"
    public var method: String
    public var metric: String
    public var catchmentM: Double
    public var bands: [AccessBand]?
    public var beta: Double?
    public var crs: String
    public var maxSnapM: Double
    public var totals: Totals
    public var capacity: CapacityCounts?
    public var categories: [Category]
    public var zones: [Zone]
    public var warnings: [String]
    public var timingsS: [StageTiming]
    public var elapsedS: Double?

    enum CodingKeys: String, CodingKey {
        case format, method, metric
        case catchmentM = "catchment_m"
        case bands, beta, crs
        case maxSnapM = "max_snap_m"
        case totals, capacity, categories, zones, warnings
        case timingsS = "timings_s"
        case elapsedS = "elapsed_s"
    }

    public func jsonData() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try enc.encode(self)
    }

    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }
}
