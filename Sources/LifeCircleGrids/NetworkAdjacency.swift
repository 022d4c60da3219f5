import Foundation
import LifeCircleGeometry
import LifeCircleNetwork

/// Adjacency of point units through the walking network: every network node
/// belongs to its nearest unit along the network (a network Voronoi, one
/// labelled multi-source Dijkstra), and two units are adjacent when an edge
/// joins their territories and the walk unit → edge → unit is at most
/// `maxWalk` — a short walk that passes no other unit. A unit snaps to the
/// nearest vertex of an edge polyline (within `maxSnap`) and enters the graph
/// at both ends of that edge; consecutive units on one edge are adjacent too.
public enum NetworkAdjacency {
    public struct Result: Sendable {
        public var edges: [UnitEdge]
        /// Units farther than maxSnap from every edge vertex (no network adjacency).
        public var unsnapped: [Int]
    }

    public static func edges(points: [Coordinate], network: WalkNetwork, maxWalk: Double, maxSnap: Double = 200) -> Result {
        let n = points.count, V = network.nodeCount
        guard V > 0, network.edgeCount > 0 else { return Result(edges: [], unsnapped: Array(0..<n)) }
        // Edge polyline vertices with their edge and distance along it.
        var vx: [Coordinate] = [], vEdge: [Int32] = [], vOffset: [Double] = []
        for e in 0..<network.edgeCount {
            var along = 0.0, prev: Coordinate? = nil
            for c in network.polyline(e) {
                if let p = prev { along += p.distance(to: c) }
                vx.append(c); vEdge.append(Int32(e)); vOffset.append(along); prev = c
            }
        }
        var env = Envelope.empty
        for p in vx { env.expand(toInclude: p) }
        let cell = max(maxSnap, max(env.width, env.height) / 512, 1e-9)
        let cols = Int((env.width / cell).rounded(.down)) + 1
        func key(_ c: Coordinate) -> (Int, Int) {
            (Int(((c.x - env.minX) / cell).rounded(.down)), Int(((c.y - env.minY) / cell).rounded(.down)))
        }
        var buckets: [Int: [Int32]] = [:]
        for (i, p) in vx.enumerated() { let (bx, by) = key(p); buckets[by * cols + bx, default: []].append(Int32(i)) }
        var snapV = [Int32](repeating: -1, count: n), snapDist = [Double](repeating: .infinity, count: n)
        var unsnapped: [Int] = []
        for (u, p) in points.enumerated() {
            let (bx, by) = key(p)
            for dy in -1...1 {
                for dx in -1...1 where bx + dx >= 0 && bx + dx < cols {
                    guard let b = buckets[(by + dy) * cols + (bx + dx)] else { continue }
                    for v in b {
                        let d = p.distance(to: vx[Int(v)])
                        if d < snapDist[u] || (d == snapDist[u] && v < snapV[u]) { snapDist[u] = d; snapV[u] = v }
                    }
                }
            }
            if snapV[u] < 0 || snapDist[u] > maxSnap { snapV[u] = -1; unsnapped.append(u) }
        }

        // Labelled Dijkstra from all units (binary heap of (distance, node)).
        var dist = [Double](repeating: .infinity, count: V)
        var label = [Int32](repeating: -1, count: V)
        var heap: [(Double, Int32)] = []
        func push(_ d: Double, _ v: Int32) {
            heap.append((d, v)); var i = heap.count - 1
            while i > 0 { let p = (i - 1) / 2; if heap[p].0 <= heap[i].0 { break }; heap.swapAt(p, i); i = p }
        }
        func pop() -> (Double, Int32) {
            let top = heap[0]; let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last; var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1; var m = i
                    if l < heap.count && heap[l].0 < heap[m].0 { m = l }
                    if r < heap.count && heap[r].0 < heap[m].0 { m = r }
                    if m == i { break }
                    heap.swapAt(i, m); i = m
                }
            }
            return top
        }
        var edges: [UnitEdge] = []
        var onEdge: [Int32: [(Double, Int)]] = [:]
        for u in 0..<n where snapV[u] >= 0 {
            let v = Int(snapV[u]), e = Int(vEdge[v])
            onEdge[Int32(e), default: []].append((vOffset[v], u))
            let ends = [(Int(network.edgeFrom[e]), vOffset[v]), (Int(network.edgeTo[e]), network.edgeLength[e] - vOffset[v])]
            for (node, off) in ends {
                let d = snapDist[u] + max(off, 0)
                if d < dist[node] || (d == dist[node] && Int32(u) < label[node]) { dist[node] = d; label[node] = Int32(u); push(d, Int32(node)) }
            }
        }
        // Consecutive units along one edge.
        for (_, list) in onEdge.sorted(by: { $0.key < $1.key }) where list.count > 1 {
            let sorted = list.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for i in 1..<sorted.count {
                let (a, b) = (sorted[i - 1].1, sorted[i].1)
                if snapDist[a] + (sorted[i].0 - sorted[i - 1].0) + snapDist[b] <= maxWalk { edges.append(UnitEdge(a, b, length: 1)) }
            }
        }
        let g = network.graph
        while !heap.isEmpty {
            let (d, v) = pop()
            if d > dist[Int(v)] { continue }
            if d > maxWalk { break }
            for s in Int(g.rowStart[Int(v)])..<Int(g.rowStart[Int(v) + 1]) {
                let x = Int(g.target[s]), nd = d + g.weight[s]
                if nd < dist[x] || (nd == dist[x] && label[Int(v)] < label[x]) {
                    dist[x] = nd; label[x] = label[Int(v)]; push(nd, Int32(x))
                }
            }
        }
        // Edges joining two territories within the walk limit.
        var seen = Set<Int64>()
        for e in edges { seen.insert(Int64(min(e.a, e.b)) << 32 | Int64(max(e.a, e.b))) }
        for v in 0..<V where label[v] >= 0 {
            for s in Int(g.rowStart[v])..<Int(g.rowStart[v + 1]) {
                let x = Int(g.target[s])
                guard label[x] >= 0, label[x] != label[v], dist[v] + g.weight[s] + dist[x] <= maxWalk else { continue }
                let a = min(label[v], label[x]), b = max(label[v], label[x])
                if seen.insert(Int64(a) << 32 | Int64(b)).inserted { edges.append(UnitEdge(Int(a), Int(b), length: 1)) }
            }
        }
        return Result(edges: edges, unsnapped: unsnapped)
    }
}
