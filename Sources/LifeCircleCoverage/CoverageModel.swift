import LifeCircleGeometry
import LifeCircleNetwork

/// Straight-line or along-the-network distances.
public enum DistanceMetric: String, Sendable, Codable, CaseIterable {
    case network, euclidean
}

/// One facility category with its facility locations (projected metres).
public struct CoverageCategory: Sendable {
    public var id: String
    public var name: String?
    public var nameZh: String?
    /// Index into `CoverageConfig.tiers` of the life circle it belongs to;
    /// nil = the category counts in every tier.
    public var tier: Int?
    public var facilities: [Coordinate]
    /// Capacity per facility (beds, seats) when read; NaN = the feature had no value.
    public var capacities: [Double]?

    public init(
        id: String, name: String? = nil, nameZh: String? = nil, tier: Int? = nil, facilities: [Coordinate], capacities: [Double]? = nil
    ) {
        self.id = id; self.name = name; self.nameZh = nameZh; self.tier = tier; self.facilities = facilities
        self.capacities = capacities
    }
}

/// Everything the analysis needs, already in one projected metre CRS.
public struct CoverageInput: Sendable {
    /// The walking network; required for the network metric.
    public var network: WalkNetwork?
    /// One point per resident record (representative point of a polygon).
    public var residents: [Coordinate]
    /// Weight per resident record (population, households, or 1).
    public var weights: [Double]
    /// The resident polygons, when residents were areas (for gap polygons).
    public var residentAreas: [GeometryValue?]?
    /// Zone index per resident (-1 = outside every zone) and zone names.
    public var residentZone: [Int32]?
    public var zoneNames: [String]
    public var categories: [CoverageCategory]
    /// Name of the CRS the coordinates are in, for the summary.
    public var crsName: String
    /// Warnings from reading the inputs, carried into the summary.
    public var warnings: [String]
    /// 1-based row of each resident in its input layer (for joining results back).
    public var residentRow: [Int]?

    public init(
        network: WalkNetwork?, residents: [Coordinate], weights: [Double]? = nil, residentAreas: [GeometryValue?]? = nil,
        residentZone: [Int32]? = nil, zoneNames: [String] = [], categories: [CoverageCategory], crsName: String = "", warnings: [String] = []
    ) {
        self.network = network; self.residents = residents
        self.weights = weights ?? [Double](repeating: 1, count: residents.count)
        self.residentAreas = residentAreas; self.residentZone = residentZone; self.zoneNames = zoneNames
        self.categories = categories; self.crsName = crsName; self.warnings = warnings
    }
}

public struct CoverageConfig: Sendable {
    /// Life-circle tier distances in metres, ascending.
    public var tiers: [Double]
    /// For showing tiers as minutes.
    public var walkingSpeedKmh: Double
    public var metric: DistanceMetric
    /// Residents and facilities farther than this from every edge are unsnapped.
    public var maxSnap: Double
    /// Build service-area polygons per category and tier (GEOS buffers and
    /// unions: seconds per category on a city, so off by default).
    public var serviceAreas: Bool
    /// Half-width of the buffer around reachable edge parts, metres.
    public var serviceAreaWidth: Double
    /// Build gap polygons (uncovered residential areas) per category and tier (off by default).
    public var gaps: Bool
    /// Count facilities within each tier per resident (one bounded search per
    /// facility: about as costly as all the nearest-facility searches, so off by default).
    public var facilityCounts: Bool
    /// Parallel workers (nil = all cores).
    public var workers: Int?

    public init(
        tiers: [Double] = [300, 500, 1000], walkingSpeedKmh: Double = 4, metric: DistanceMetric = .network,
        maxSnap: Double = 100, serviceAreas: Bool = false, serviceAreaWidth: Double = 25, gaps: Bool = false,
        facilityCounts: Bool = false, workers: Int? = nil
    ) {
        self.tiers = tiers; self.walkingSpeedKmh = walkingSpeedKmh; self.metric = metric; self.maxSnap = maxSnap
        self.serviceAreas = serviceAreas; self.serviceAreaWidth = serviceAreaWidth; self.gaps = gaps
        self.facilityCounts = facilityCounts; self.workers = workers
    }

    /// Minutes the preset names its tiers by (GB 50180: 5, 10 and 15 for
    /// 300, 500 and 1000 m, whatever the walking speed); nil for custom tiers.
    public var nominalMinutes: [Double]?

    /// A tier's minutes: the preset's, else from the walking speed, rounded
    /// to whole minutes as planners speak of them.
    public func minutes(_ distance: Double) -> Double {
        if let m = nominalMinutes, let i = tiers.firstIndex(of: distance), i < m.count { return m[i] }
        // 500 m at 4 km/h is 7.4999… in binary: settle that to 7.5 before rounding half up.
        let exact = distance / (walkingSpeedKmh * 1000 / 60)
        return ((exact * 1e6).rounded() / 1e6).rounded()
    }
}

/// A polygon result (service area or gap) for one category (nil = all
/// categories of the tier) and tier.
public struct AreaFeature: Sendable {
    public var category: String?
    public var tierIndex: Int
    public var tierDistance: Double
    public var geometry: GeometryValue
    /// Area in square metres.
    public var area: Double
}

public struct CoverageResult: Sendable {
    public var config: CoverageConfig
    public var categories: [CoverageCategory]
    /// `distances[category][resident]`: metres to the nearest facility,
    /// +infinity when unsnapped or farther than the largest tier.
    public var distances: [[Double]]
    /// `counts[category][tier * residents + resident]`: facilities within the tier (empty when not computed).
    public var counts: [[UInt32]]
    /// Where each resident joined the network (empty in Euclidean mode).
    public var residentSnap: [SnappedPoint]
    public var facilitySnap: [[SnappedPoint]]
    public var summary: CoverageSummary
    public var serviceAreas: [AreaFeature]
    public var gaps: [AreaFeature]

    public var residentCount: Int { distances.first?.count ?? 0 }

    /// Whether resident r has a facility of category c within tier t.
    public func covered(category c: Int, tier t: Int, resident r: Int) -> Bool {
        distances[c][r] <= config.tiers[t]
    }

    /// Categories counted in tier t: those of that tier and those without one.
    public func categoriesInTier(_ t: Int) -> [Int] {
        categories.indices.filter { categories[$0].tier == nil || categories[$0].tier == t }
    }
}
