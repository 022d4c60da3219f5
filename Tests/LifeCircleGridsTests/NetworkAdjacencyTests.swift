import Foundation
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleNetwork
import Testing

/// `NetworkAdjacency` on LifeCircleNetwork's snapping and labelled Dijkstra
/// gives the adjacency of its former own implementation (kept here as the
/// reference) on a generated street grid.
@Suite struct NetworkAdjacencyReferenceTests {
    /// A 12 × 12 street grid, 100 m blocks, each street a polyline with a
    /// vertex every 10 m; units sit off the streets, level with a vertex, so
    /// the nearest vertex is also the nearest point of the street.
    static func streetGrid(seed: UInt64) throws -> (WalkNetwork, [Coordinate]) {
        var lines: [[Coordinate]] = []
        for i in 0...12 {
            for j in 0..<12 {
                lines.append((0...10).map { Coordinate(Double(i) * 100, Double(j) * 100 + Double($0) * 10) })
                lines.append((0...10).map { Coordinate(Double(j) * 100 + Double($0) * 10, Double(i) * 100) })
            }
        }
        let net = try NetworkBuilder.build(lines: lines)
        var rng = SplitMix64(seed: seed)
        var points: [Coordinate] = []
        for _ in 0..<180 {
            let street = Double(rng.nextInt(13)) * 100
            let along = Double(rng.nextInt(119) + 1) * 10
            guard along.truncatingRemainder(dividingBy: 100) != 0 else { continue }
            // 2–8 m off the street, nearer to it than to any crossing street.
            let side = (rng.nextInt(2) == 0 ? 1.0 : -1.0) * (2 + rng.nextUnit() * 6)
            points.append(rng.nextInt(2) == 0 ? Coordinate(street + side, along) : Coordinate(along, street + side))
        }
        return (net, points)
    }

    @Test func sameAdjacencyAsTheFormerImplementation() throws {
        for seed: UInt64 in [1, 2, 3] {
            let (net, points) = try Self.streetGrid(seed: seed)
            for walk in [150.0, 300, 600] {
                let new = NetworkAdjacency.edges(points: points, network: net, maxWalk: walk, maxSnap: 200)
                let old = ReferenceNetworkAdjacency.edges(points: points, network: net, maxWalk: walk, maxSnap: 200)
                #expect(new.unsnapped == old.unsnapped)
                #expect(new.edges.map { [$0.a, $0.b] } == old.edges.map { [$0.a, $0.b] }, "seed \(seed), max walk \(walk)")
                #expect(!new.edges.isEmpty)
            }
        }
    }

    /// Units beyond the snapping distance are reported, not joined.
    @Test func farUnitsAreUnsnapped() throws {
        let (net, points) = try Self.streetGrid(seed: 1)
        let r = NetworkAdjacency.edges(points: points + [Coordinate(5000, 5000)], network: net, maxWalk: 300, maxSnap: 200)
        #expect(r.unsnapped == [points.count])
        #expect(!r.edges.contains { $0.a == points.count || $0.b == points.count })
    }
}

/// The former `NetworkAdjacency`: its own vertex snapping, heap and Dijkstra.
enum ReferenceNetworkAdjacency {
    static func edges(points: [Coordinate], network: WalkNetwork, maxWalk: Double, maxSnap: Double = 200) -> (edges: [UnitEdge], unsnapped: [Int]) {
        let n = points.count, V = network.nodeCount
        guard V > 0, network.edgeCount > 0 else { return (edges: [], unsnapped: Array(0..<n)) }
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
        return (edges: edges, unsnapped: unsnapped)
    }
}
