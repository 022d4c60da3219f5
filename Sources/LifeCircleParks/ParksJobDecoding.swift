import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// A study file's `parks:` section: flat snake_case keys that are exactly
/// the flags of `lifecircle parks` (`residents`, `residents_filter`,
/// `weight_area`, `green_rules`, `count`, `metric`, `crs` …). File options
/// go through the decoder's `inputResolver` (an input's name in the study, or
/// a path relative to the study file). `out` and `summary` are the study's
/// to choose, not keys.
extension ParksJob: Decodable, StudyKeyed {
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case residents
        case residentsLayer = "residents_layer"
        case residentsFilter = "residents_filter"
        case weight
        case weightArea = "weight_area"
        case residentPoint = "resident_point"
        case sampleSpacing = "sample_spacing"
        case residential
        case residentialLayer = "residential_layer"
        case residentialFilter = "residential_filter"
        case green
        case greenLayer = "green_layer"
        case greenFilter = "green_filter"
        case greenRules = "green_rules"
        case mergeTouchingGreen = "merge_touching_green"
        case candidates
        case candidatesLayer = "candidates_layer"
        case candidatesFilter = "candidates_filter"
        case filterCandidates = "filter_candidates"
        case land
        case landLayer = "land_layer"
        case landFilter = "land_filter"
        case buildings
        case buildingsLayer = "buildings_layer"
        case roads
        case roadsLayer = "roads_layer"
        case roadWidthField = "road_width_field"
        case roadClassField = "road_class_field"
        case defaultRoadWidth = "default_road_width"
        case water
        case waterLayer = "water_layer"
        case minArea = "min_area"
        case maxArea = "max_area"
        case minWidth = "min_width"
        case buildingSetback = "building_setback"
        case network
        case networkLayer = "network_layer"
        case metric
        case maxSnap = "max_snap"
        case radius, count
        case targetShare = "target_share"
        case method
        case areaBudget = "area_budget"
        case timeLimit = "time_limit"
        case zones
        case zonesLayer = "zones_layer"
        case zoneField = "zone_field"
        case crs
        case residentsEncoding = "residents_encoding"
        case residentsXField = "residents_x_field"
        case residentsYField = "residents_y_field"
        case residentsLocationField = "residents_location_field"
        case residentsCrs = "residents_crs"
        case greenEncoding = "green_encoding"
        case greenCrs = "green_crs"
        case candidatesEncoding = "candidates_encoding"
        case candidatesCrs = "candidates_crs"
    }

    /// Every key, in the order `lifecircle parks --help` lists the flags.
    public static var studyKeys: [String] { CodingKeys.allCases.map(\.rawValue) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let r = decoder.inputResolver
        guard var residents = try c.decodeSource(.residents, layer: .residentsLayer, filter: .residentsFilter, crs: .residentsCrs, resolver: r)
        else {
            throw OptionError(key: "residents", "no residents given", fix: "give {option}: resident points or residential polygons")
        }
        guard var green = try c.decodeSource(.green, layer: .greenLayer, filter: .greenFilter, crs: .greenCrs, resolver: r) else {
            throw OptionError(key: "green", "no existing green space given", fix: "give {option}: parks, squares and gardens")
        }
        // Keys given in the section win over what a study input carries.
        func text(_ k: CodingKeys, _ current: String?) throws -> String? { try c.decodeIfPresent(String.self, forKey: k) ?? current }
        residents.encoding = try text(.residentsEncoding, residents.encoding)
        residents.xField = try text(.residentsXField, residents.xField)
        residents.yField = try text(.residentsYField, residents.yField)
        residents.locationField = try text(.residentsLocationField, residents.locationField)
        green.encoding = try text(.greenEncoding, green.encoding)
        var candidates = try c.decodeSource(.candidates, layer: .candidatesLayer, filter: .candidatesFilter, crs: .candidatesCrs, resolver: r)
        if let current = candidates { candidates?.encoding = try text(.candidatesEncoding, current.encoding) }
        let objective = try ParksJob.objective(
            count: try c.decodeIfPresent(Int.self, forKey: .count),
            targetShare: try c.decodeIfPresent(Double.self, forKey: .targetShare))
        self.init(
            residents: residents, green: green,
            candidates: candidates,
            land: try c.decodeSource(.land, layer: .landLayer, filter: .landFilter, resolver: r),
            objective: objective)
        weight = try c.decodeIfPresent(String.self, forKey: .weight)
        weightArea = try c.decodeFlag(.weightArea)
        residentPoint = try Self.choice(c, .residentPoint, RepresentativePoint.allCases) ?? residentPoint
        sampleSpacing = try c.decodeIfPresent(Double.self, forKey: .sampleSpacing)
        residential = try c.decodeSource(.residential, layer: .residentialLayer, filter: .residentialFilter, resolver: r)

        let rules = try c.decodeStrings(.greenRules)
        if c.contains(.greenRules) { greenRules = try ParksJob.greenRules(rules.joined(separator: ",")) }
        mergeTouchingGreen = try c.decodeFlag(.mergeTouchingGreen)

        filterCandidates = try c.decodeFlag(.filterCandidates)
        buildings = try c.decodeSource(.buildings, layer: .buildingsLayer, resolver: r)
        roads = try c.decodeSource(.roads, layer: .roadsLayer, resolver: r)
        roadWidthField = try c.decodeIfPresent(String.self, forKey: .roadWidthField)
        roadClassField = try c.decodeIfPresent(String.self, forKey: .roadClassField) ?? roadClassField
        defaultRoadWidth = try c.decodeIfPresent(Double.self, forKey: .defaultRoadWidth) ?? defaultRoadWidth
        water = try c.decodeSource(.water, layer: .waterLayer, resolver: r)
        minArea = try c.decodeIfPresent(Double.self, forKey: .minArea) ?? minArea
        maxArea = try c.decodeIfPresent(Double.self, forKey: .maxArea) ?? maxArea
        minWidth = try c.decodeIfPresent(Double.self, forKey: .minWidth) ?? minWidth
        buildingSetback = try c.decodeIfPresent(Double.self, forKey: .buildingSetback) ?? buildingSetback

        network = try c.decodeSource(.network, layer: .networkLayer, resolver: r)
        metric = try Self.choice(c, .metric, Metric.allCases)
        maxSnap = try c.decodeIfPresent(Double.self, forKey: .maxSnap) ?? maxSnap
        radius = try c.decodeIfPresent(Double.self, forKey: .radius) ?? radius
        method = try Self.choice(c, .method, [SitingMethod.greedy, .exact]) ?? method
        areaBudget = try c.decodeIfPresent(Double.self, forKey: .areaBudget)
        timeLimit = try c.decodeIfPresent(Double.self, forKey: .timeLimit) ?? timeLimit

        zones = try c.decodeSource(.zones, layer: .zonesLayer, resolver: r)
        zoneField = try c.decodeIfPresent(String.self, forKey: .zoneField)
        crs = try c.decodeIfPresent(CRS.self, forKey: .crs)
    }

    /// A value of a closed list (`metric: euclidean`); another word is that key's mistake.
    static func choice<E: RawRepresentable>(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, _ allowed: [E]) throws -> E?
    where E.RawValue == String {
        guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let v = E(rawValue: text), allowed.contains(where: { $0.rawValue == text }) else {
            let names = allowed.map(\.rawValue)
            throw OptionError(
                key: key.rawValue, "'\(text)' is not one of \(names.joined(separator: ", "))",
                fix: "give {option} \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "")")
        }
        return v
    }
}
