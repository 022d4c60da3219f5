import Foundation
import LifeCircleIO

extension CoverageJob {
    /// Coverage's input keys (files, filters, categories, zones, network,
    /// metric, snapping): what access and siting read the same way.
    /// Coverage's own outputs and tiers are not among them.
    public static let inputKeys: [String] = CodingKeys.allCases.map(\.rawValue).filter {
        !["tiers", "walking_speed", "service_area_width", "service_areas", "gaps", "facility_counts"].contains($0)
    }
}

/// An access job from a study file's `access:` section: coverage's input
/// keys plus `capacity`, `catchment`, `method`, `bands`, `beta`.
extension AccessJob: Decodable, StudyKeyed {
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case capacity, catchment, method, bands, beta
    }

    public static var studyKeys: [String] { CoverageJob.inputKeys + CodingKeys.allCases.map(\.rawValue) }

    public init(from decoder: Decoder) throws {
        // Coverage's keys decode from the same mapping; the others are ignored there.
        let inputs = try CoverageJob(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let method = try c.decodeIfPresent(AccessMethod.self, forKey: .method) ?? .twoSFCA
        let bands = try c.decodeIfPresent(String.self, forKey: .bands).map { try AccessBand.parse($0) } ?? []
        let config = AccessConfig(
            method: method, catchment: try c.decodeIfPresent(Double.self, forKey: .catchment) ?? bands.last?.upTo ?? 1000,
            bands: bands, beta: try c.decodeIfPresent(Double.self, forKey: .beta) ?? 1,
            metric: inputs.config.metric, maxSnap: inputs.config.maxSnap)
        self.init(inputs: inputs, capacityField: try c.decodeIfPresent(String.self, forKey: .capacity), config: config)
    }
}
