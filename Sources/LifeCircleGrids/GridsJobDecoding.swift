import Foundation
import LifeCircleIO
import LifeCircleProjection

/// A study file's `grids` section: flat snake_case keys that are exactly the
/// `lifecircle grids` subcommands' flags (`units`, `units_layer`, `weight`,
/// `grids`, `target: "300:500"`, `gap`, `crs` …) plus `command` (partition
/// when absent). File options go through the decoder's `InputResolver`.
/// Outputs (`out`, `units_out`, `summary`) are the study's, not keys.
extension GridsJob: Decodable, StudyKeyed {
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case command
        case units
        case unitsLayer = "units_layer"
        case unitsFilter = "units_filter"
        case unitsEncoding = "units_encoding"
        case weight, id, nest
        case communities
        case communitiesField = "communities_field"
        case adjacency, gap, barriers
        case barriersFilter = "barriers_filter"
        case barriersLayer = "barriers_layer"
        case studyArea = "study_area"
        case network
        case maxWalk = "max_walk"
        case crs, tolerance
        case grids
        case gridsField = "grids_field"
        case gridsTable = "grids_table"
        case target, initial, seed
        case timeLimit = "time_limit"
        case assignment
        case gridsLayer = "grids_layer"
        case gridsCode = "grids_code"
        case unitsXField = "units_x_field"
        case unitsYField = "units_y_field"
        case unitsLocationField = "units_location_field"
        case unitsCrs = "units_crs"
        case communitiesEncoding = "communities_encoding"
        case communitiesCrs = "communities_crs"
    }

    public static var studyKeys: [String] { CodingKeys.allCases.map(\.rawValue) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let resolver = decoder.inputResolver
        let command = try Self.decodeEnum(Command.self, c, .command) ?? .partition
        guard var units = try c.decodeSource(.units, layer: .unitsLayer, filter: .unitsFilter, crs: .unitsCrs, resolver: resolver) else {
            throw OptionError(key: "units", "no units given", fix: "name the units layer with {option}")
        }
        // Keys given in the section win over what a study input carries.
        func text(_ k: CodingKeys, _ current: String?) throws -> String? { try c.decodeIfPresent(String.self, forKey: k) ?? current }
        units.encoding = try text(.unitsEncoding, units.encoding)
        units.xField = try text(.unitsXField, units.xField)
        units.yField = try text(.unitsYField, units.yField)
        units.locationField = try text(.unitsLocationField, units.locationField)
        self.init(command: command, units: units, weights: try c.decodeStrings(.weight))
        id = try c.decodeIfPresent(String.self, forKey: .id)
        nest = try c.decodeIfPresent(String.self, forKey: .nest)
        communities = try c.decodeSource(.communities, crs: .communitiesCrs, resolver: resolver)
        if let current = communities { communities?.encoding = try text(.communitiesEncoding, current.encoding) }
        communitiesField = try c.decodeIfPresent(String.self, forKey: .communitiesField)
        adjacency = try Self.decodeEnum(Adjacency.self, c, .adjacency) ?? .rook
        gap = try c.decodeIfPresent(Double.self, forKey: .gap) ?? 0
        barriers = try c.decodeSources(.barriers, resolver: resolver)
        barriersFilter = try c.decodeIfPresent(String.self, forKey: .barriersFilter)
        barriersLayer = try c.decodeIfPresent(String.self, forKey: .barriersLayer)
        studyArea = try c.decodeSource(.studyArea, resolver: resolver)
        network = try c.decodeSource(.network, resolver: resolver)
        maxWalk = try c.decodeIfPresent(Double.self, forKey: .maxWalk) ?? 400
        crs = try c.decodeIfPresent(CRS.self, forKey: .crs)
        tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance) ?? 0.05
        // The number of grids: exactly one way (partition).
        let given = Count.keys.filter { c.contains(CodingKeys(rawValue: $0)!) }
        if given.count > 1 {
            throw OptionError(
                key: given[1], "the number of grids is given \(given.count) ways (\(given.joined(separator: ", ")))",
                fix: "keep one of them and drop {option}")
        }
        if let k = try c.decodeIfPresent(Int.self, forKey: .grids) { count = .total(k) }
        if let f = try c.decodeIfPresent(String.self, forKey: .gridsField) { count = .field(f) }
        if let t = try c.decodeIfPresent(String.self, forKey: .gridsTable) { count = .table(resolver.resolve(t).path) }
        if let t = try c.decodeIfPresent(String.self, forKey: .target) { count = try Count.target(parsing: t) }
        initial = try Self.decodeEnum(Initial.self, c, .initial) ?? .metis
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        timeLimit = try c.decodeIfPresent(Double.self, forKey: .timeLimit)
        assignment = try c.decodeIfPresent(String.self, forKey: .assignment)
        gridsLayer = try c.decodeSource(.gridsLayer, resolver: resolver)
        gridsCode = try c.decodeIfPresent(String.self, forKey: .gridsCode) ?? "grid_code"
    }

    /// An enumeration value, with the values it takes named when it is wrong.
    static func decodeEnum<E: RawRepresentable & CaseIterable>(
        _: E.Type, _ c: KeyedDecodingContainer<CodingKeys>,
        _ key: CodingKeys
    ) throws -> E? where E.RawValue == String {
        guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let v = E(rawValue: text) else {
            let all = E.allCases.map(\.rawValue)
            throw OptionError(
                key: key.rawValue, "'\(text)' is not one of \(all.joined(separator: ", "))",
                fix: "give {option} \(all.joined(separator: " or "))")
        }
        return v
    }
}
