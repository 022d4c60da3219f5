import Foundation
import LifeCircleGeometry
import LifeCircleNetwork

/// Adjacency of point units through the walking network: every network node
/// belongs to its nearest unit along the network (a network Voronoi, one
/// labelled multi-source Dijkstra), and two units are adjacent when an edge
/// joins their territories and the walk unit → edge → unit is at most
/// `maxWalk` — a short walk that passes no other unit. A unit snaps to the
/// nearest point on an edge (within `maxSnap`, `EdgeIndex`) and enters the
/// graph at both ends of that edge; consecutive units on one edge are adjacent too.
public enum NetworkAdjacency {
    public struct Result: Sendable {
        public var edges: [UnitEdge]
        /// Units farther than maxSnap from every edge (no network adjacency).
        public var unsnapped: [Int]
    }

    public static func edges(points: [Coordinate], network: WalkNetwork, maxWalk: Double, maxSnap: Double = 200) -> Result {
        let n = points.count, V = network.nodeCount
        guard V > 0, network.edgeCount > 0 else { return Result(edges: [], unsnapped: Array(0..<n)) }
        let snapped = EdgeIndex(network: network).snapAll(points, maxDistance: maxSnap).points
        let unsnapped = (0..<n).filter { !snapped[$0].isSnapped }

        var edges: [UnitEdge] = []
        // Consecutive units along one edge.
        let onEdges = (0..<n).filter { snapped[$0].isSnapped }.sorted {
            let a = snapped[$0], b = snapped[$1]
            return (a.edge, a.offset, $0) < (b.edge, b.offset, $1)
        }
        for (i, b) in onEdges.enumerated() where i > 0 {
            let a = onEdges[i - 1]
            let sa = snapped[a], sb = snapped[b]
            if sa.edge == sb.edge && sa.access + (sb.offset - sa.offset) + sb.access <= maxWalk { edges.append(UnitEdge(a, b, length: 1)) }
        }

        // Each node's nearest unit along the network, within the walk limit.
        let search = MultiSourceDijkstra(network: network)
        search.runLabelled(sources: snapped, cutoff: maxWalk)
        // Edges joining two territories within the walk limit.
        var seen = Set<Int64>()
        for e in edges { seen.insert(Int64(min(e.a, e.b)) << 32 | Int64(max(e.a, e.b))) }
        let g = network.graph
        for v in 0..<V {
            let lv = search.nodeLabel(v)
            guard lv >= 0 else { continue }
            let dv = search.nodeDistance(v)
            for s in Int(g.rowStart[v])..<Int(g.rowStart[v + 1]) {
                let x = Int(g.target[s])
                let lx = search.nodeLabel(x)
                guard lx >= 0, lx != lv, dv + g.weight[s] + search.nodeDistance(x) <= maxWalk else { continue }
                let a = min(lv, lx), b = max(lv, lx)
                if seen.insert(Int64(a) << 32 | Int64(b)).inserted { edges.append(UnitEdge(Int(a), Int(b), length: 1)) }
            }
        }
        return Result(edges: edges, unsnapped: unsnapped)
    }
}
