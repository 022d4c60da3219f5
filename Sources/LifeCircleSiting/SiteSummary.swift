import Foundation
import LifeCircleIO

/// The `summary.json` of a siting run (format "lifecircle-site-summary/1"),
/// sorted keys. Weights are the residents' weights; shares are of all
/// residents. `exact_value`/`greedy_value` are the newly served weight of
/// the exact and greedy selections; `exact.bound` is GLPK's proven bound
/// (an upper bound on the served weight for count, a lower bound on the
/// number of sites for cover_all) and `exact.gap` = (bound − value) ÷ bound
/// for count, (sites − bound) ÷ sites for cover_all without a capacity. `share_before` is the share within the radius of an existing
/// facility, `share_after` with the chosen sites added. Sites are listed in
/// the order chosen, each with its marginal gain. With `capacity`, residents
/// go to their nearest chosen site, each serving at most that weight
/// (nearest residents first): values are served weight under that
/// assignment, `unserved_by_capacity_weight` what capacity left unserved,
/// and each site lists `assigned_weight` and `served_weight`.
public struct SiteSummary: Codable, Sendable {
    public struct Candidates: Codable, Sendable {
        public var total: Int
        public var unsnapped: Int
        public var reachingUnserved: Int
        public var fromFile: Bool?
        /// file, grid or vacant_land.
        public var source: String?
        /// Vacant land: parts carved (accepted or not); `total` counts those within the area and width band.
        public var landParts: Int?
        public var notes: [String]?
        enum CodingKeys: String, CodingKey {
            case total, unsnapped
            case reachingUnserved = "reaching_unserved"
            case fromFile = "from_file"
            case source
            case landParts = "land_parts"
            case notes
        }
    }
    public struct Site: Codable, Sendable {
        public var candidate: Int
        public var inputRow: Int?
        public var x: Double
        public var y: Double
        public var marginalGain: Double?
        /// With a capacity: weight assigned to the site (its nearest open site) and the part it serves (≤ capacity).
        public var assignedWeight: Double?
        public var servedWeight: Double?
        enum CodingKeys: String, CodingKey {
            case candidate
            case inputRow = "input_row"
            case x, y
            case marginalGain = "marginal_gain"
            case assignedWeight = "assigned_weight"
            case servedWeight = "served_weight"
        }
    }
    public struct Selection: Codable, Sendable {
        public var status: String
        public var count: Int
        public var newlyServedWeight: Double
        public var shareAfter: Double
        public var bound: Double?
        public var gap: Double?
        public var notes: [String]
        public var seconds: Double
        public var sites: [Site] = []
        /// With a capacity: weight with a chosen site in reach left unserved by its capacity.
        public var unservedByCapacityWeight: Double?
        /// With a capacity: how the program assigned residents, and its own objective.
        public var assignment: String?
        public var mipObjective: Double?
        enum CodingKeys: String, CodingKey {
            case status, count
            case newlyServedWeight = "newly_served_weight"
            case shareAfter = "share_after"
            case bound, gap, notes, seconds, sites
            case unservedByCapacityWeight = "unserved_by_capacity_weight"
            case assignment
            case mipObjective = "mip_objective"
        }
        init(
            status: String, count: Int, newlyServedWeight: Double, shareAfter: Double, bound: Double?, notes: [String], seconds: Double
        ) {
            self.status = status; self.count = count; self.newlyServedWeight = newlyServedWeight; self.shareAfter = shareAfter
            self.bound = bound; self.notes = notes; self.seconds = seconds
        }
    }

    public var format = "lifecircle-site-summary/1"
    public var category = ""
    public var objective: String
    public var radiusM = 0.0
    /// Served weight per new site at most (capacitated siting); nil = unlimited.
    public var capacity: Double?
    public var tierM: Double?
    public var metric = ""
    public var crs = ""
    public var candidates: Candidates
    public var residents: Int
    public var residentWeight: Double
    public var servedWeightBefore: Double
    public var reachableUnservedWeight: Double
    public var shareBefore: Double
    public var exactValue: Double
    public var greedyValue: Double
    public var exact: Selection
    public var greedy: Selection
    public var warnings: [String] = []
    public var timingsS: [StageTiming] = []
    public var elapsedS: Double?

    init(
        objective: String, candidates: Candidates, residents: Int, residentWeight: Double, servedWeightBefore: Double,
        reachableUnservedWeight: Double, shareBefore: Double, exactValue: Double, greedyValue: Double, exact: Selection, greedy: Selection
    ) {
        self.objective = objective; self.candidates = candidates; self.residents = residents; self.residentWeight = residentWeight
        self.servedWeightBefore = servedWeightBefore; self.reachableUnservedWeight = reachableUnservedWeight
        self.shareBefore = shareBefore; self.exactValue = exactValue; self.greedyValue = greedyValue
        self.exact = exact; self.greedy = greedy
    }

    enum CodingKeys: String, CodingKey {
        case format, category, objective
        case radiusM = "radius_m"
        case capacity
        case tierM = "tier_m"
        case metric, crs, candidates, residents
        case residentWeight = "resident_weight"
        case servedWeightBefore = "served_weight_before"
        case reachableUnservedWeight = "reachable_unserved_weight"
        case shareBefore = "share_before"
        case exactValue = "exact_value"
        case greedyValue = "greedy_value"
        case exact, greedy, warnings
        case timingsS = "timings_s"
        case elapsedS = "elapsed_s"
    }

    /// The exact selection's status (optimal, feasible, trivial...).
    public var status: String { exact.status }

    public func jsonData() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try enc.encode(self)
    }
}
