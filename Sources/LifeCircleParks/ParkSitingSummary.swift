import Foundation
import LifeCircleIO

/// The stable `summary.json` of a siting run (snake_case keys, documented here).
///
/// - `service_radius_coverage_before` / `_after`: areal park service-radius
///   coverage rate (residential area within the radius of qualifying green ÷
///   all residential area); null without residential land.
/// - `served_share_before` / `_after`: share of resident weight served.
/// - `greedy_value` / `exact_value`: newly served weight (max cover) or number
///   of sites (set cover); `gap` = |exact − greedy| ÷ exact (0 when equal,
///   null without an exact run); `exact_status`: optimal | feasible (limit hit,
///   not proven) | infeasible | trivial.
/// - `selected`: the chosen sites, most useful first.
/// - `timings_s`: seconds per stage in run order (`StageTiming`: reading the
///   layers, the siting pipeline's stages, writing), and `elapsed_s` the
///   whole job's wall-clock seconds; both change from run to run.
public struct ParkSitingSummary: Codable, Sendable {
    public struct Site: Codable, Sendable {
        public var order: Int
        /// Row in the candidates layer (all parts), 0-based.
        public var part: Int
        /// Index among accepted candidates, 0-based.
        public var candidate: Int
        /// Feature of the land or candidates input it came from, 0-based.
        public var sourceIndex: Int
        public var marginalGain: Double
        public var servedAlone: Double
        public var areaM2: Double
        public var widthM: Double
        public var compactness: Double
        enum CodingKeys: String, CodingKey {
            case order, part, candidate, compactness
            case sourceIndex = "source_index"
            case marginalGain = "marginal_gain"
            case servedAlone = "served_alone"
            case areaM2 = "area_m2"
            case widthM = "width_m"
        }
    }

    public struct Rule: Codable, Sendable {
        public var minAreaM2: Double
        public var radiusM: Double
        enum CodingKeys: String, CodingKey {
            case minAreaM2 = "min_area_m2"
            case radiusM = "radius_m"
        }
    }

    public struct ZoneShare: Codable, Sendable {
        public var zone: String
        public var totalWeight: Double
        public var servedShareBefore: Double
        public var servedShareAfter: Double
        enum CodingKeys: String, CodingKey {
            case zone
            case totalWeight = "total_weight"
            case servedShareBefore = "served_share_before"
            case servedShareAfter = "served_share_after"
        }
    }

    public struct Candidates: Codable, Sendable {
        public var parts: Int
        public var accepted: Int
        public var rejected: [String: Int]
    }

    public var objective: String
    public var count: Int?
    public var targetShare: Double?
    public var method: String
    public var metric: String
    public var radiusM: Double
    public var greenRules: [Rule]
    public var crs: String?

    public var serviceRadiusCoverageBefore: Double?
    public var serviceRadiusCoverageAfter: Double?
    public var residentialAreaM2: Double?
    public var coveredResidentialAreaBeforeM2: Double?
    public var coveredResidentialAreaAfterM2: Double?

    public var residents: Int
    public var totalWeight: Double
    public var servedWeightBefore: Double
    public var servedWeightAfter: Double
    public var servedShareBefore: Double
    public var servedShareAfter: Double
    public var servedByZone: [ZoneShare]

    public var greedyValue: Double
    public var exactValue: Double?
    public var gap: Double?
    public var exactStatus: String?
    public var exactBound: Double?
    public var exactNodes: Int?
    public var selected: [Site]
    public var greedySelected: [Int]

    public var candidates: Candidates
    public var greenSpaces: Int
    public var qualifyingGreenSpaces: Int

    public var flags: [String]
    public var notes: [String]
    public var timingsS: [StageTiming]
    /// Wall-clock seconds of the whole job; nil when the pipeline ran without files.
    public var elapsedS: Double?

    enum CodingKeys: String, CodingKey {
        case objective, count, method, metric, crs, residents, selected, candidates, flags, notes, gap
        case targetShare = "target_share"
        case radiusM = "radius_m"
        case greenRules = "green_rules"
        case serviceRadiusCoverageBefore = "service_radius_coverage_before"
        case serviceRadiusCoverageAfter = "service_radius_coverage_after"
        case residentialAreaM2 = "residential_area_m2"
        case coveredResidentialAreaBeforeM2 = "covered_residential_area_before_m2"
        case coveredResidentialAreaAfterM2 = "covered_residential_area_after_m2"
        case totalWeight = "total_weight"
        case servedWeightBefore = "served_weight_before"
        case servedWeightAfter = "served_weight_after"
        case servedShareBefore = "served_share_before"
        case servedShareAfter = "served_share_after"
        case servedByZone = "served_by_zone"
        case greedyValue = "greedy_value"
        case exactValue = "exact_value"
        case exactStatus = "exact_status"
        case exactBound = "exact_bound"
        case exactNodes = "exact_nodes"
        case greedySelected = "greedy_selected"
        case greenSpaces = "green_spaces"
        case qualifyingGreenSpaces = "qualifying_green_spaces"
        case timingsS = "timings_s"
        case elapsedS = "elapsed_s"
    }

    /// `timings` replaces the pipeline's own (`r.timings`) when a job times
    /// the whole run, reading and writing included.
    public init(
        result r: ParkSitingResult, config c: ParkSitingConfig, metric: String, crs: String?, extraNotes: [String] = [],
        timings: [StageTiming]? = nil, elapsed: Double? = nil
    ) {
        switch c.objective {
        case .maxCover(let p): objective = "max_cover"; count = p; targetShare = nil
        case .setCover(let s): objective = "set_cover"; count = nil; targetShare = s
        }
        method = c.method.rawValue
        self.metric = metric
        radiusM = c.radius
        greenRules = c.greenRules.map { Rule(minAreaM2: $0.minArea, radiusM: $0.radius) }
        self.crs = crs
        serviceRadiusCoverageBefore = r.coverageRateBefore?.rate
        serviceRadiusCoverageAfter = r.coverageRateAfter?.rate
        residentialAreaM2 = r.coverageRateBefore?.residentialArea
        coveredResidentialAreaBeforeM2 = r.coverageRateBefore?.coveredArea
        coveredResidentialAreaAfterM2 = r.coverageRateAfter?.coveredArea
        residents = c.residents.count
        totalWeight = r.served.totalWeight
        servedWeightBefore = r.served.servedBefore
        servedWeightAfter = r.served.servedAfter
        servedShareBefore = r.served.shareBefore
        servedShareAfter = r.served.shareAfter
        servedByZone = r.servedByZone.map {
            ZoneShare(zone: $0.zone ?? "", totalWeight: $0.totalWeight, servedShareBefore: $0.shareBefore, servedShareAfter: $0.shareAfter)
        }
        let isSetCover: Bool
        if case .setCover = c.objective { isSetCover = true } else { isSetCover = false }
        func value(_ s: SelectionResult) -> Double { isSetCover ? Double(s.selected.count) : s.coveredWeight }
        greedyValue = value(r.greedy)
        if let e = r.exact {
            exactStatus = e.status.rawValue
            exactBound = e.bound
            exactNodes = e.iterations
            if e.status == .optimal || e.status == .feasible || e.status == .trivial {
                let ev = value(e)
                exactValue = ev
                gap = ev > 0 ? abs(ev - greedyValue) / ev : (greedyValue == ev ? 0 : nil)
            }
        }
        selected = r.chosen.selected.enumerated().map { k, j in
            let part = r.candidateParts[j]
            let p = r.parts[part]
            return Site(
                order: k + 1, part: part, candidate: j, sourceIndex: p.sourceIndex, marginalGain: r.chosen.marginalGains[k],
                servedAlone: r.servedWeightAlone[j], areaM2: p.area, widthM: p.width, compactness: p.compactness)
        }
        greedySelected = r.greedy.selected
        var rejected: [String: Int] = [:]
        for p in r.parts { if let why = p.rejection { rejected[why.code, default: 0] += 1 } }
        candidates = Candidates(parts: r.parts.count, accepted: r.candidateParts.count, rejected: rejected)
        greenSpaces = r.qualifiedGreen.count
        qualifyingGreenSpaces = r.qualifiedGreen.filter { $0.radius != nil }.count
        flags = r.flags
        notes = extraNotes + r.notes
        timingsS = timings ?? r.timings
        elapsedS = elapsed
    }

    /// Pretty JSON with sorted keys (stable for diffs and scripts).
    public func jsonData() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(self)
    }
}
