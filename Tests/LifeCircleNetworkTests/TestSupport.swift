import LifeCircleGeometry

@testable import LifeCircleNetwork

/// A jittered grid of streets, each block side a 2–3 point polyline, some
/// removed, so the graph has varied degrees and a few fragments.
func generatedStreets(side: Int, spacing: Double, seed: UInt64) -> [[Coordinate]] {
    var rng = SplitMix64(seed: seed)
    func jitter() -> Double { Double.random(in: -0.2...0.2, using: &rng) * spacing }
    var pts = [[Coordinate]]()
    for i in 0..<side {
        var row: [Coordinate] = []
        for j in 0..<side { row.append(Coordinate(Double(i) * spacing + jitter(), Double(j) * spacing + jitter())) }
        pts.append(row)
    }
    var lines: [[Coordinate]] = []
    for i in 0..<side {
        for j in 0..<side {
            for (di, dj) in [(1, 0), (0, 1)] where i + di < side && j + dj < side {
                if Double.random(in: 0..<1, using: &rng) < 0.15 { continue }
                let a = pts[i][j], b = pts[i + di][j + dj]
                if Bool.random(using: &rng) {
                    let m = Coordinate((a.x + b.x) / 2 + jitter() * 0.5, (a.y + b.y) / 2 + jitter() * 0.5)
                    lines.append([a, m, b])
                } else {
                    lines.append([a, b])
                }
            }
        }
    }
    return lines
}

/// Reference distances computed without the library's search: every snapped
/// point becomes its own node splitting its edge, a virtual source node joins
/// the sources by their access distance, and a plain O(n²) array Dijkstra
/// runs on that expanded graph.
func naiveDistances(network: WalkNetwork, sources: [SnappedPoint], targets: [SnappedPoint]) -> [Double] {
    let n0 = network.nodeCount
    // Points per edge (kind 0 = source, 1 = target) with their own node ids.
    var onEdge: [Int: [(offset: Double, node: Int)]] = [:]
    var next = n0
    var sourceNode: [Int] = [], targetNode: [Int] = []
    for s in sources {
        if s.isSnapped {
            onEdge[Int(s.edge), default: []].append((s.offset, next)); sourceNode.append(next); next += 1
        } else {
            sourceNode.append(-1)
        }
    }
    for t in targets {
        if t.isSnapped {
            onEdge[Int(t.edge), default: []].append((t.offset, next)); targetNode.append(next); next += 1
        } else {
            targetNode.append(-1)
        }
    }
    let virtual = next
    let n = next + 1
    var adj = [[(Int, Double)]](repeating: [], count: n)
    func link(_ a: Int, _ b: Int, _ w: Double) { adj[a].append((b, w)); adj[b].append((a, w)) }
    for e in 0..<network.edgeCount {
        let u = Int(network.edgeFrom[e]), v = Int(network.edgeTo[e]), len = network.edgeLength[e]
        var chain: [(Double, Int)] = [(0, u)]
        for p in (onEdge[e] ?? []).sorted(by: { $0.offset < $1.offset }) { chain.append((p.offset, p.node)) }
        chain.append((len, v))
        for k in 0..<(chain.count - 1) { link(chain[k].1, chain[k + 1].1, chain[k + 1].0 - chain[k].0) }
    }
    for (i, s) in sources.enumerated() where s.isSnapped { link(virtual, sourceNode[i], s.access) }
    var dist = [Double](repeating: .infinity, count: n)
    var done = [Bool](repeating: false, count: n)
    dist[virtual] = 0
    for _ in 0..<n {
        var u = -1
        for i in 0..<n where !done[i] && dist[i] < .infinity && (u < 0 || dist[i] < dist[u]) { u = i }
        if u < 0 { break }
        done[u] = true
        for (v, w) in adj[u] where dist[u] + w < dist[v] { dist[v] = dist[u] + w }
    }
    return targets.enumerated().map { i, t in t.isSnapped ? dist[targetNode[i]] + t.access : .infinity }
}

func randomPoints(_ count: Int, in env: Envelope, seed: UInt64) -> [Coordinate] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in Coordinate(Double.random(in: env.minX...env.maxX, using: &rng), Double.random(in: env.minY...env.maxY, using: &rng))
    }
}
