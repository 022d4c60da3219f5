import LifeCircleGeometry

/// The parts of edges reachable within a walking limit after a search:
/// whole edges where the limit covers them, partial edges from either end,
/// and the stretch around each source on its own edge. These are the
/// lines a network service area is built from (not a hull of nodes).
public struct ReachableInterval: Sendable, Equatable {
    public var edge: Int32
    public var a: Double
    public var b: Double
    public init(edge: Int32, a: Double, b: Double) { self.edge = edge; self.a = a; self.b = b }
}

public enum ReachableEdges {
    /// Reachable pieces as (edge, from offset, to offset), merged per edge,
    /// in edge order. Flat arrays only: this runs per category and tier.
    public static func intervals(search: MultiSourceDijkstra, sources: [SnappedPoint], limit: Double) -> [ReachableInterval] {
        let net = search.network
        let g = net.graph
        var seen = [Bool](repeating: false, count: net.edgeCount)
        var edges: [Int32] = []
        for u in search.reachedNodes {
            for k in Int(g.rowStart[Int(u)])..<Int(g.rowStart[Int(u) + 1]) {
                let e = Int(g.edgeId[k])
                if !seen[e] { seen[e] = true; edges.append(Int32(e)) }
            }
        }
        // Stretches around sources, by edge (few: one per facility).
        var around: [Int32: [(Double, Double)]] = [:]
        for s in sources where s.isSnapped && s.access <= limit {
            let r = limit - s.access
            around[s.edge, default: []].append((max(s.offset - r, 0), min(s.offset + r, net.edgeLength[Int(s.edge)])))
            if !seen[Int(s.edge)] { seen[Int(s.edge)] = true; edges.append(s.edge) }
        }
        edges.sort()
        var out: [ReachableInterval] = []
        out.reserveCapacity(edges.count)
        var iv: [(Double, Double)] = []
        for e in edges {
            let len = net.edgeLength[Int(e)]
            let ru = limit - search.nodeDistance(Int(net.edgeFrom[Int(e)]))
            let rv = limit - search.nodeDistance(Int(net.edgeTo[Int(e)]))
            iv.removeAll(keepingCapacity: true)
            if ru >= 0 { iv.append((0, min(ru, len))) }
            if rv >= 0 { iv.append((max(len - rv, 0), len)) }
            if let a = around[e] { iv += a }
            if iv.isEmpty { continue }
            iv.sort { $0.0 < $1.0 }
            var cur = iv[0]
            for x in iv.dropFirst() {
                if x.0 <= cur.1 { cur.1 = max(cur.1, x.1) } else { out.append(ReachableInterval(edge: e, a: cur.0, b: cur.1)); cur = x }
            }
            out.append(ReachableInterval(edge: e, a: cur.0, b: cur.1))
        }
        return out
    }

    /// Reachable pieces as polylines.
    public static func lines(search: MultiSourceDijkstra, sources: [SnappedPoint], limit: Double) -> [[Coordinate]] {
        lines(network: search.network, intervals: intervals(search: search, sources: sources, limit: limit))
    }

    public static func lines(network: WalkNetwork, intervals: [ReachableInterval]) -> [[Coordinate]] {
        intervals.map { network.subline(edge: Int($0.edge), from: $0.a, to: $0.b) }
    }
}
