import LifeCircleGeometry
import LifeCircleNetwork

/// How "within reach" is measured between residents and green/sites.
public enum ReachModel: Sendable {
    /// Straight-line distance to the site's area.
    case euclidean
    /// Walking distance on a network (projected metres, same CRS as the data).
    case network(WalkNetwork, AccessPointOptions)

    /// A reach model bound to one set of residents.
    func prepare(residents: [Coordinate]) throws -> PreparedReach {
        switch self {
        case .euclidean: return EuclideanReach(residents: residents)
        case .network(let net, let o): return try NetworkReach(network: net, residents: residents, options: o)
        }
    }
}

/// Reach bound to residents: the three questions the pipeline asks.
protocol PreparedReach {
    func servedMask(green: [QualifiedGreen]) throws -> [Bool]
    func coverageSets(sites: [GeometryValue], radius: Double) throws -> CoverageSets
    func serviceAreas(sites: [GeometryValue], radius: Double, quadrantSegments: Int) throws -> [GeometryValue]
    var notes: [String] { get }
}

struct EuclideanReach: PreparedReach {
    let residents: [Coordinate]
    var notes: [String] { [] }

    func servedMask(green: [QualifiedGreen]) throws -> [Bool] {
        EuclideanCoverage.servedMask(residents: residents, green: green)
    }

    func coverageSets(sites: [GeometryValue], radius: Double) throws -> CoverageSets {
        try EuclideanCoverage.sets(candidates: sites, residents: residents, radius: radius)
    }

    func serviceAreas(sites: [GeometryValue], radius: Double, quadrantSegments: Int) throws -> [GeometryValue] {
        let bp = BufferParameters(quadrantSegments: quadrantSegments)
        return try sites.map { try Geometry($0).buffer(radius, bp).value }
    }
}
