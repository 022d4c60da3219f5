import Foundation
import LifeCircleCoverage
import LifeCircleIO
import LifeCircleParks

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
        case land
        case landLayer = "land_layer"
        case landFilter = "land_filter"
        case buildings
        case buildingsLayer = "buildings_layer"
        case roads
        case roadsLayer = "roads_layer"
        case water
        case waterLayer = "water_layer"
        case minArea = "min_area"
        case maxArea = "max_area"
        case minWidth = "min_width"
        case buildingSetback = "building_setback"
        case radius
        case capacity
        case timeLimit = "time_limit"
        case mipGap = "mip_gap"
        case nodeLimit = "node_limit"
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
        if let land = try c.decodeSource(.land, layer: .landLayer, filter: .landFilter, resolver: r) {
            var v = VacantLand(land: land)
            v.buildings = try c.decodeSource(.buildings, layer: .buildingsLayer, resolver: r)
            v.roads = try c.decodeSource(.roads, layer: .roadsLayer, resolver: r)
            v.water = try c.decodeSource(.water, layer: .waterLayer, resolver: r)
            v.minArea = try c.decodeIfPresent(Double.self, forKey: .minArea) ?? v.minArea
            v.maxArea = try c.decodeIfPresent(Double.self, forKey: .maxArea) ?? v.maxArea
            v.minWidth = try c.decodeIfPresent(Double.self, forKey: .minWidth) ?? v.minWidth
            v.buildingSetback = try c.decodeIfPresent(Double.self, forKey: .buildingSetback) ?? v.buildingSetback
            vacantLand = v
        } else if let key = [CodingKeys.buildings, .roads, .water, .minArea, .maxArea, .minWidth, .buildingSetback].first(where: c.contains) {
            throw OptionError(
                key: key.rawValue, "\(key.rawValue) shapes candidates carved from land, and no land is given",
                fix: "give land too, or leave out {option}")
        }
        radius = try c.decodeIfPresent(Double.self, forKey: .radius)
        capacity = try c.decodeIfPresent(Double.self, forKey: .capacity)
        nodeLimit = try c.decodeIfPresent(Int.self, forKey: .nodeLimit) ?? 100_000
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
