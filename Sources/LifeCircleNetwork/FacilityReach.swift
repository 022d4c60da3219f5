import Foundation
import LifeCircleGeometry

/// Who each source reaches within a cut-off, with the distance: compressed
/// rows, source by source. Row j is `target[start[j] ..< start[j + 1]]` with
/// `distance` alongside, targets ascending.
public struct ReachPairs: Sendable, Equatable {
    public var start: [Int]
    public var target: [Int32]
    public var distance: [Double]

    public init(start: [Int], target: [Int32], distance: [Double]) {
        self.start = start; self.target = target; self.distance = distance
    }

    public var sourceCount: Int { start.count - 1 }
    public var pairCount: Int { target.count }
    public func range(of j: Int) -> Range<Int> { start[j]..<start[j + 1] }
}

/// One bounded single-source search per source (a facility or a candidate
/// site), in parallel, each recording the snapped targets within the
/// cut-off. Distances are those of `MultiSourceDijkstra.distance(to:)`
/// (snapping access at both ends, same-edge walks direct), so they equal
/// the nearest-facility distances coverage reports.
public enum FacilityReach {
    public static func pairs(
        network: WalkNetwork, sources: [SnappedPoint], targets: [SnappedPoint], cutoff: Double, workers: Int? = nil
    ) -> ReachPairs {
        let ns = sources.count
        guard ns > 0 else { return ReachPairs(start: [0], target: [], distance: []) }
        // Targets by edge (CSR) and, per node, the incident edges holding targets:
        // a search then looks only at edges next to the nodes it reached.
        let ne = network.edgeCount, nn = network.nodeCount
        var edgeStart = [Int](repeating: 0, count: ne + 1)
        for t in targets where t.isSnapped { edgeStart[Int(t.edge) + 1] += 1 }
        for e in 0..<ne { edgeStart[e + 1] += edgeStart[e] }
        var fill = edgeStart
        var edgeTargets = [Int32](repeating: 0, count: edgeStart[ne])
        for (i, t) in targets.enumerated() where t.isSnapped {
            edgeTargets[fill[Int(t.edge)]] = Int32(i); fill[Int(t.edge)] += 1
        }
        var nodeStart = [Int](repeating: 0, count: nn + 1)
        for e in 0..<ne where edgeStart[e + 1] > edgeStart[e] {
            nodeStart[Int(network.edgeFrom[e]) + 1] += 1
            if network.edgeTo[e] != network.edgeFrom[e] { nodeStart[Int(network.edgeTo[e]) + 1] += 1 }
        }
        for u in 0..<nn { nodeStart[u + 1] += nodeStart[u] }
        var nfill = nodeStart
        var nodeEdges = [Int32](repeating: 0, count: nodeStart[nn])
        for e in 0..<ne where edgeStart[e + 1] > edgeStart[e] {
            let u = Int(network.edgeFrom[e]), v = Int(network.edgeTo[e])
            nodeEdges[nfill[u]] = Int32(e); nfill[u] += 1
            if v != u { nodeEdges[nfill[v]] = Int32(e); nfill[v] += 1 }
        }
        let rows = ParallelSlots<(targets: [Int32], distances: [Double])>(count: ns, initial: ([], []))
        let w = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, ns))
        let es = edgeStart, et = edgeTargets, nst = nodeStart, nes = nodeEdges
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            let search = MultiSourceDijkstra(network: network)
            var stamp = [Int32](repeating: -1, count: ne)
            var stampId: Int32 = 0
            var hitT: [Int32] = [], hitD: [Double] = []
            for j in stride(from: worker, to: ns, by: w) {
                let f = sources[j]
                guard f.isSnapped else { continue }
                search.run(sources: [f], cutoff: cutoff)
                stampId &+= 1
                hitT.removeAll(keepingCapacity: true); hitD.removeAll(keepingCapacity: true)
                let ef = network.edgeFrom, eto = network.edgeTo, el = network.edgeLength
                func visit(edge e: Int) {
                    if stamp[e] == stampId { return }
                    stamp[e] = stampId
                    for k in es[e]..<es[e + 1] {
                        let ti = et[k]
                        let t = targets[Int(ti)]
                        var d = min(search.nodeDistance(Int(ef[e])) + t.offset, search.nodeDistance(Int(eto[e])) + (el[e] - t.offset))
                        if Int(f.edge) == e { d = min(d, f.access + abs(f.offset - t.offset)) }
                        d += t.access
                        if d <= cutoff { hitT.append(ti); hitD.append(d) }
                    }
                }
                visit(edge: Int(f.edge))
                for u in search.reachedNodes {
                    for k in nst[Int(u)]..<nst[Int(u) + 1] { visit(edge: Int(nes[k])) }
                }
                // Targets ascending: the order the pairs are summed in is then
                // fixed whatever the search order (deterministic sums).
                let order = hitT.indices.sorted { hitT[$0] < hitT[$1] }
                rows.set(j, (order.map { hitT[$0] }, order.map { hitD[$0] }))
            }
        }
        var start = [0]
        start.reserveCapacity(ns + 1)
        var target: [Int32] = [], distance: [Double] = []
        for r in rows.values {
            target += r.targets; distance += r.distances
            start.append(target.count)
        }
        return ReachPairs(start: start, target: target, distance: distance)
    }

    /// Straight-line pairs within the cut-off, through a uniform grid of
    /// cell = cut-off over the targets.
    public static func euclideanPairs(sources: [Coordinate], targets: [Coordinate], cutoff: Double) -> ReachPairs {
        var start = [0], target: [Int32] = [], distance: [Double] = []
        guard !targets.isEmpty, cutoff > 0, cutoff.isFinite else {
            return ReachPairs(start: [Int](repeating: 0, count: sources.count + 1), target: [], distance: [])
        }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for p in targets { minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y) }
        let cell = cutoff
        let nx = GridIndex.count(maxX - minX, cell, limit: 4096), ny = GridIndex.count(maxY - minY, cell, limit: 4096)
        let cx = { (x: Double) in GridIndex.clamped((x - minX) / cell, nx) }
        let cy = { (y: Double) in GridIndex.clamped((y - minY) / cell, ny) }
        var cellStart = [Int](repeating: 0, count: nx * ny + 1)
        for p in targets { cellStart[cy(p.y) * nx + cx(p.x) + 1] += 1 }
        for c in 0..<(nx * ny) { cellStart[c + 1] += cellStart[c] }
        var fill = cellStart
        var items = [Int32](repeating: 0, count: targets.count)
        for (i, p) in targets.enumerated() {
            let c = cy(p.y) * nx + cx(p.x)
            items[fill[c]] = Int32(i); fill[c] += 1
        }
        var hitT: [Int32] = [], hitD: [Double] = []
        for s in sources {
            hitT.removeAll(keepingCapacity: true); hitD.removeAll(keepingCapacity: true)
            let x0 = cx(s.x - cutoff), x1 = cx(s.x + cutoff), y0 = cy(s.y - cutoff), y1 = cy(s.y + cutoff)
            for gy in y0...y1 {
                for gx in x0...x1 {
                    let c = gy * nx + gx
                    for k in cellStart[c]..<cellStart[c + 1] {
                        let i = items[k]
                        let p = targets[Int(i)]
                        let d = ((p.x - s.x) * (p.x - s.x) + (p.y - s.y) * (p.y - s.y)).squareRoot()
                        if d <= cutoff { hitT.append(i); hitD.append(d) }
                    }
                }
            }
            let order = hitT.indices.sorted { hitT[$0] < hitT[$1] }
            for k in order { target.append(hitT[k]); distance.append(hitD[k]) }
            start.append(target.count)
        }
        return ReachPairs(start: start, target: target, distance: distance)
    }
}
