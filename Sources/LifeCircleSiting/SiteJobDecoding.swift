import Foundation
import LifeCircleCoverage
import LifeCircleIO

/// A siting job from a study file's `site:` section: coverage's input keys,
/// `tiers`, and the siting keys (the `lifecircle site` flags in snake_case).
extension SiteJob: Decodable, StudyKeyed {
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case tiers
        case forCategory = "for"
        case count
        case coverAll = "cover_all"
        case candidates
        case candidatesLayer = "candidates_layer"
        case candidatesFilter = "candidates_filter"
        case candidatesCrs = "candidates_crs"
        case gridSpacing = "grid_spacing"
        case radius
        case timeLimit = "time_limit"
        case mipGap = "mip_gap"
    }

    public static var studyKeys: [String] { CoverageJob.inputKeys + CodingKeys.allCases.map(\.rawValue) }

    public init(from decoder: Decoder) throws {
        let inputs = try CoverageJob(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let r = decoder.inputResolver
        let objective = try SiteJob.objective(count: c.decodeIfPresent(Int.self, forKey: .count), coverAll: c.decodeFlag(.coverAll))
        self.init(inputs: inputs, category: try c.decode(String.self, forKey: .forCategory), objective: objective)
        candidates = try c.decodeSource(.candidates, layer: .candidatesLayer, filter: .candidatesFilter, crs: .candidatesCrs, resolver: r)
        gridSpacing = try c.decodeIfPresent(Double.self, forKey: .gridSpacing)
        radius = try c.decodeIfPresent(Double.self, forKey: .radius)
        timeLimit = try c.decodeIfPresent(Double.self, forKey: .timeLimit) ?? 60
        mipGap = try c.decodeIfPresent(Double.self, forKey: .mipGap) ?? 0
    }

    /// `count P` or `cover_all`, exactly one.
    public static func objective(count: Int?, coverAll: Bool) throws -> Objective {
        switch (count, coverAll) {
        case (let p?, false): return .count(p)
        case (nil, true): return .coverAll
        case (nil, false):
            throw OptionError(key: "count", "no siting objective", fix: "give {option} P (the most newly served with P sites) or cover_all")
        case (.some, true):
            throw OptionError(key: "cover_all", "count and cover_all are both given", fix: "give {option} or count, not both")
        }
    }
}
