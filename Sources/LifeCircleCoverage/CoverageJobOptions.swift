import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// A coverage job from a study file's `coverage:` section. The keys are the
/// `lifecircle coverage` flags in snake_case (`max_snap` for `--max-snap`);
/// `out` and `summary` are set by the study, not written in it.
extension CoverageJob: Decodable, StudyKeyed {
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case network
        case networkLayer = "network_layer"
        case networkCrs = "network_crs"
        case residents
        case residentsLayer = "residents_layer"
        case residentsFilter = "residents_filter"
        case residentsCrs = "residents_crs"
        case weight
        case residentPoint = "resident_point"
        case floorAreaPerPerson = "floor_area_per_person"
        case levelsField = "levels_field"
        case defaultLevels = "default_levels"
        case facilities
        case facilitiesLayer = "facilities_layer"
        case facilitiesFilter = "facilities_filter"
        case facilitiesCrs = "facilities_crs"
        case category
        case categoryName = "category_name"
        case categoryMap = "category_map"
        case preset, mapping
        case zones
        case zonesLayer = "zones_layer"
        case zoneField = "zone_field"
        case zonesCrs = "zones_crs"
        case tiers
        case walkingSpeed = "walking_speed"
        case metric, crs
        case maxSnap = "max_snap"
        case nodeIntersections = "node_intersections"
        case snapTolerance = "snap_tolerance"
        case walkableRules = "walkable_rules"
        case serviceAreaWidth = "service_area_width"
        case serviceAreas = "service_areas"
        case gaps
        case facilityCounts = "facility_counts"
        case residentsEncoding = "residents_encoding"
        case residentsXField = "residents_x_field"
        case residentsYField = "residents_y_field"
        case residentsLocationField = "residents_location_field"
        case facilitiesEncoding = "facilities_encoding"
        case facilitiesXField = "facilities_x_field"
        case facilitiesYField = "facilities_y_field"
        case facilitiesLocationField = "facilities_location_field"
        case zonesEncoding = "zones_encoding"
        case populationTable = "population_table"
        case populationKey = "population_key"
        case populationField = "population_field"
    }

    public static var studyKeys: [String] { CodingKeys.allCases.map(\.rawValue) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let r = decoder.inputResolver
        guard var residents = try c.decodeSource(.residents, layer: .residentsLayer, filter: .residentsFilter, crs: .residentsCrs, resolver: r) else {
            throw DecodingError.keyNotFound(CodingKeys.residents, .init(codingPath: c.codingPath, debugDescription: "coverage needs residents"))
        }
        var facilities = try c.decodeSources(.facilities, resolver: r)
        let layers = try c.decodeStrings(.facilitiesLayer)
        let filter = try c.decodeIfPresent(String.self, forKey: .facilitiesFilter)
        let fcrs = try c.decodeIfPresent(CRS.self, forKey: .facilitiesCrs)
        // Keys given in the section win over what a study input carries.
        func text(_ k: CodingKeys, _ current: String?) throws -> String? { try c.decodeIfPresent(String.self, forKey: k) ?? current }
        residents.encoding = try text(.residentsEncoding, residents.encoding)
        residents.xField = try text(.residentsXField, residents.xField)
        residents.yField = try text(.residentsYField, residents.yField)
        residents.locationField = try text(.residentsLocationField, residents.locationField)
        for i in facilities.indices {
            facilities[i].encoding = try text(.facilitiesEncoding, facilities[i].encoding)
            facilities[i].xField = try text(.facilitiesXField, facilities[i].xField)
            facilities[i].yField = try text(.facilitiesYField, facilities[i].yField)
            facilities[i].locationField = try text(.facilitiesLocationField, facilities[i].locationField)
            if i < layers.count { facilities[i].layer = layers[i] }
            if let filter { facilities[i].filter = filter }
            if let fcrs { facilities[i].crs = fcrs }
        }
        self.init(
            network: try c.decodeSource(.network, layer: .networkLayer, crs: .networkCrs, resolver: r),
            residents: residents, facilities: facilities)
        facilitiesLayerCount = layers.count
        weightField = try c.decodeIfPresent(String.self, forKey: .weight)
        residentPoint = try c.decodeIfPresent(RepresentativePoint.self, forKey: .residentPoint) ?? .surface
        if let fa = try c.decodeIfPresent(Double.self, forKey: .floorAreaPerPerson) {
            buildingPopulation = BuildingPopulation(
                levelsField: try c.decodeIfPresent(String.self, forKey: .levelsField),
                defaultLevels: try c.decodeIfPresent(Double.self, forKey: .defaultLevels) ?? 3,
                floorAreaPerPerson: fa)
        }
        categoryField = try c.decodeIfPresent(String.self, forKey: .category)
        categoryName = try c.decodeIfPresent(String.self, forKey: .categoryName)
        if let m = try c.decodeIfPresent(String.self, forKey: .categoryMap) { categoryMap = try CoverageJob.parseCategoryMap(m) }
        // A built-in name or a file beside the study.
        preset = try c.decodeIfPresent(String.self, forKey: .preset).map { r.existingFile($0) ?? $0 }
        mapping = try c.decodeIfPresent(String.self, forKey: .mapping).map { r.existingFile($0) ?? $0 }
        zones = try c.decodeSource(.zones, layer: .zonesLayer, crs: .zonesCrs, resolver: r)
        let zonesEncoding = try text(.zonesEncoding, zones?.encoding)
        zones?.encoding = zonesEncoding
        if let table = try c.decodeSource(.populationTable, resolver: r) {
            census = CensusPopulation(
                table: table, key: try c.decodeIfPresent(String.self, forKey: .populationKey) ?? "",
                field: try c.decodeIfPresent(String.self, forKey: .populationField) ?? "")
        }
        zoneField = try c.decodeIfPresent(String.self, forKey: .zoneField)
        tiers = try c.decodeDoubles(.tiers)
        crs = try c.decodeIfPresent(CRS.self, forKey: .crs)
        build = NetworkBuildOptions(
            nodeIntersections: try c.decodeFlag(.nodeIntersections),
            snapTolerance: try c.decodeIfPresent(Double.self, forKey: .snapTolerance) ?? 0)
        if let rules = try c.decodeIfPresent(String.self, forKey: .walkableRules) {
            walkableRules = try CoverageJob.loadWalkableRules(r.existingFile(rules) ?? rules)
        }
        config = CoverageConfig(
            walkingSpeedKmh: try c.decodeIfPresent(Double.self, forKey: .walkingSpeed) ?? 4,
            metric: try c.decodeIfPresent(DistanceMetric.self, forKey: .metric) ?? .network,
            maxSnap: try c.decodeIfPresent(Double.self, forKey: .maxSnap) ?? 100,
            serviceAreas: try c.decodeFlag(.serviceAreas),
            serviceAreaWidth: try c.decodeIfPresent(Double.self, forKey: .serviceAreaWidth) ?? 25,
            gaps: try c.decodeFlag(.gaps), facilityCounts: try c.decodeFlag(.facilityCounts))
        walkingSpeedGiven = c.contains(.walkingSpeed)
    }

    /// `value=name` pairs separated by commas, e.g. `10=hospital,11=hospital`.
    public static func parseCategoryMap(_ text: String) throws -> [String: String] {
        var m: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw OptionError(
                    key: "category_map", "'\(pair)' is not a value=name pair",
                    fix: "give value=name pairs separated by commas, e.g. {option} 10=hospital,11=hospital")
            }
            m[kv[0]] = kv[1]
        }
        return m
    }

    public static func loadWalkableRules(_ path: String) throws -> WalkableTagRules {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OptionError(key: "walkable_rules", "\(path): cannot read the walkable-rules file", fix: "check the path given as {option}")
        }
        return try WalkableTagRules.fromJSON(data)
    }

    /// Checks the options before any file is read, so a mistake costs
    /// nothing: the same rules for the command line and a study.
    public func validate() throws {
        if config.metric == .network && network == nil {
            throw OptionError(
                key: "network", "network distances need a walking network",
                fix: "give {option} (an OSM extract or road centrelines), or metric euclidean for straight lines")
        }
        if facilities.isEmpty { throw OptionError(key: "facilities", "no facilities file is given", fix: "give at least one {option} file") }
        if facilitiesLayerCount > 0 && facilitiesLayerCount != facilities.count {
            throw OptionError(
                key: "facilities_layer", "\(facilities.count) facilities files but \(facilitiesLayerCount) layers",
                fix: "give one {option} per facilities file")
        }
        if let out, !out.lowercased().hasSuffix(".gpkg") {
            throw OptionError(key: "out", "\(out) is not a GeoPackage path", fix: "give an {option} path ending in .gpkg")
        }
        try OutputStaging.check(outputTargets, inputs: inputFiles)
        if let t = tiers {
            guard !t.isEmpty, t.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw OptionError(key: "tiers", "tiers must be positive metres (got \(t))", fix: "give e.g. {option} 300,500,1000")
            }
            guard zip(t, t.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw OptionError(key: "tiers", "tiers must ascend (got \(t))", fix: "give e.g. {option} 300,500,1000")
            }
        }
        if !(config.maxSnap >= 0) { throw OptionError(key: "max_snap", "the snapping distance must be >= 0 metres", fix: "give e.g. {option} 100") }
        if !(build.snapTolerance >= 0) {
            throw OptionError(key: "snap_tolerance", "the dangle tolerance must be >= 0 metres", fix: "give e.g. {option} 2")
        }
        if let census {
            if census.key.isEmpty {
                throw OptionError(key: "population_key", "a census table needs its community column", fix: "give {option}, e.g. {option} 社区")
            }
            if census.field.isEmpty {
                throw OptionError(key: "population_field", "a census table needs its population column", fix: "give {option}, e.g. {option} 常住人口")
            }
            if zones == nil {
                throw OptionError(key: "zones", "a census table by community needs the communities", fix: "give {option} and zone_field")
            }
        }
        if zones != nil && zoneField == nil {
            throw OptionError(key: "zone_field", "zones need a column naming each zone", fix: "give {option}, e.g. {option} name")
        }
    }
}
