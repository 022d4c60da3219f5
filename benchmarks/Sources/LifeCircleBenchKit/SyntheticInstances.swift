import Foundation
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleParks

/// Seeded instances built in Swift for the ordo-one suites (which cannot run
/// the Python generators): same sizes as the anchor pairs, same kind of data.
public enum SyntheticInstances {
    /// The Wuhan walking network with 100,000 residents and 12 x 300
    /// facilities standing on random network nodes, snapped.
    public struct WuhanCoverage: Sendable {
        public var network: WalkNetwork
        public var residents: [SnappedPoint]
        public var categories: [[SnappedPoint]]
    }

    public static func wuhanCoverage(seed: UInt64 = 20261125) throws -> WuhanCoverage {
        let streets = try LayerReader.read(try Geodata.path("wuhan/wuhan_streets.gpkg"), ReadOptions(layer: "streets"))
        let network = try NetworkBuilder.build(lines: NetworkBuilder.lineParts(of: streets.geometries).lines)
        let index = EdgeIndex(network: network)
        var rng = SplitMix64(seed: seed)
        func onNodes(_ n: Int) -> [Coordinate] {
            (0..<n).map { _ in network.nodes[Int(rng.next() % UInt64(network.nodeCount))] }
        }
        let residents = index.snapAll(onNodes(100_000)).points
        let categories = (0..<12).map { _ in index.snapAll(onNodes(300)).points }
        return WuhanCoverage(network: network, residents: residents, categories: categories)
    }

    /// A rows x cols lattice of 50 m squares with households 20..80.
    public static func lattice(rows: Int, cols: Int, seed: UInt64 = 20261125) throws -> UnitGraph {
        var rng = SplitMix64(seed: seed)
        let w = (0..<(rows * cols)).map { _ in Double(20 + rng.next() % 61) }
        return try UnitGraph.lattice(rows: rows, cols: cols, weights: [w])
    }

    /// 2,000 candidate points x 50,000 residents (70% in 40 clusters) in an
    /// 8 km square, households 1..10.
    public struct ParksInstance: Sendable {
        public var candidates: [GeometryValue]
        public var residents: [Coordinate]
        public var weights: [Double]
    }

    public static func parks(seed: UInt64 = 20261125) -> ParksInstance {
        var rng = SplitMix64(seed: seed)
        let side = 8_000.0
        func u() -> Double { rng.nextUnit() }
        func gauss() -> Double {  // Box–Muller
            let a = max(u(), 1e-300), b = u()
            return (-2 * log(a)).squareRoot() * cos(2 * Double.pi * b)
        }
        let centres = (0..<40).map { _ in Coordinate(u() * side, u() * side) }
        var residents: [Coordinate] = []
        residents.reserveCapacity(50_000)
        for i in 0..<50_000 {
            if i < 35_000 {
                let c = centres[Int(rng.next() % 40)]
                residents.append(Coordinate(min(max(c.x + 400 * gauss(), 0), side), min(max(c.y + 400 * gauss(), 0), side)))
            } else {
                residents.append(Coordinate(u() * side, u() * side))
            }
        }
        let weights = (0..<50_000).map { _ in Double(1 + rng.next() % 10) }
        let candidates: [GeometryValue] = (0..<2_000).map { _ in .point(Coordinate(u() * side, u() * side)) }
        return ParksInstance(candidates: candidates, residents: residents, weights: weights)
    }
}
