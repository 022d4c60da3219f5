import Foundation
import LifeCircleGeometry

/// Nearest-facility distances for several facility categories at once: one
/// multi-source search per category with a cut-off, categories spread over
/// the cores, each worker with its own reusable search state.
public enum CategorySearch {
    /// Per category, the distance from each target to the nearest source of
    /// that category (+infinity when unsnapped or beyond `cutoff`).
    /// - Returns: `distances[category][target]` and the nodes settled per category.
    public static func nearestDistances(
        network: WalkNetwork, categories: [[SnappedPoint]], targets: [SnappedPoint],
        cutoff: Double, workers: Int? = nil
    ) -> (distances: [[Double]], settled: [Int]) {
        let r = nearestDistances(network: network, categories: categories, targets: targets, cutoff: cutoff, reachableLimits: [], workers: workers)
        return (r.distances, r.settled)
    }

    /// As above, and also the reachable edge parts per category for each of
    /// `reachableLimits` (each <= cutoff), taken from the same search:
    /// `reachable[category][limitIndex]`.
    public static func nearestDistances(
        network: WalkNetwork, categories: [[SnappedPoint]], targets: [SnappedPoint],
        cutoff: Double, reachableLimits: [Double], workers: Int? = nil
    )
        -> (distances: [[Double]], settled: [Int], reachable: [[[ReachableInterval]]])
    {
        let nc = categories.count, nt = targets.count
        let reach = ParallelSlots<[[ReachableInterval]]>(count: nc, initial: [])
        // Each category's distances are filled by the worker that searched it
        // and handed over whole: no shared buffer to copy out afterwards.
        let columns = ParallelSlots<[Double]>(count: nc, initial: [])
        var settled = [Int](repeating: 0, count: nc)
        let w = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, nc))
        // Visit targets in edge order: neighbouring edges have neighbouring node
        // ids, so the node-distance reads stay in cache. A counting sort by
        // edge (stable, linear): a comparison sort of ten million targets
        // took seconds on one core before the searches could start.
        let order = edgeOrder(targets, edgeCount: network.edgeCount)
        settled.withUnsafeMutableBufferPointer { sb in
            let st = DisjointWrites(sb)
            DispatchQueue.concurrentPerform(iterations: w) { worker in
                let search = MultiSourceDijkstra(network: network)
                // Marks edges holding a source of the current category, so the
                // same-edge lookup runs only where it can matter.
                var edgeMark = [Int32](repeating: -1, count: network.edgeCount)
                for c in stride(from: worker, to: nc, by: w) {
                    for s in categories[c] where s.isSnapped { edgeMark[Int(s.edge)] = Int32(c) }
                    search.run(sources: categories[c], cutoff: cutoff)
                    st.buffer[c] = search.settledCount
                    if !reachableLimits.isEmpty {
                        reach.set(
                            c, reachableLimits.map { ReachableEdges.intervals(search: search, sources: categories[c], limit: min($0, cutoff)) })
                    }
                    let byEdge = SourcesByEdge(categories[c])
                    let mark = Int32(c)
                    var column = [Double](repeating: .infinity, count: nt)
                    // Flat buffers bound once: this loop runs categories × residents times.
                    column.withUnsafeMutableBufferPointer { out in
                        targets.withUnsafeBufferPointer { tb in
                            network.edgeFrom.withUnsafeBufferPointer { ef in
                                network.edgeTo.withUnsafeBufferPointer { et in
                                    network.edgeLength.withUnsafeBufferPointer { el in
                                        edgeMark.withUnsafeBufferPointer { em in
                                            order.withUnsafeBufferPointer { ob in
                                                for k in ob {
                                                    let i = Int(k)
                                                    let t = tb[i]
                                                    let e = Int(t.edge)
                                                    if em[e] == mark {
                                                        out[i] = search.distance(to: t, sameEdge: byEdge.on(edge: t.edge))
                                                    } else {
                                                        let d =
                                                            min(
                                                                search.nodeDistance(Int(ef[e])) + t.offset,
                                                                search.nodeDistance(Int(et[e])) + (el[e] - t.offset)) + t.access
                                                        out[i] = d <= cutoff ? d : .infinity
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    columns.set(c, column)
                }
            }
        }
        return (columns.values, settled, reach.values)
    }

    /// The snapped targets' indices ordered by edge, and by index within an
    /// edge (a stable counting sort).
    static func edgeOrder(_ targets: [SnappedPoint], edgeCount ne: Int) -> [Int32] {
        var start = [Int32](repeating: 0, count: ne + 1)
        for t in targets where t.edge >= 0 { start[Int(t.edge) + 1] += 1 }
        for e in 0..<ne { start[e + 1] += start[e] }
        var order = [Int32](repeating: 0, count: Int(start[ne]))
        order.withUnsafeMutableBufferPointer { ob in
            start.withUnsafeMutableBufferPointer { sb in
                for (i, t) in targets.enumerated() where t.edge >= 0 {
                    let e = Int(t.edge)
                    ob[Int(sb[e])] = Int32(i); sb[e] += 1
                }
            }
        }
        return order
    }

    /// Per category, how many of its sources each target reaches within each
    /// limit: `counts[category][limitIndex * targets.count + target]`. One
    /// bounded search per source (cut-off = largest limit); each search
    /// visits only targets on edges at the nodes it reached.
    public static func facilityCounts(
        network: WalkNetwork, categories: [[SnappedPoint]], targets: [SnappedPoint],
        limits: [Double], workers: Int? = nil
    ) -> [[UInt32]] {
        let nc = categories.count, nt = targets.count, nl = limits.count
        guard nl > 0, let cutoff = limits.max() else { return Array(repeating: [], count: nc) }
        // Targets by edge (CSR) and, per node, the incident edges that hold targets.
        let ne = network.edgeCount
        var edgeStart = [Int32](repeating: 0, count: ne + 1)
        for t in targets where t.isSnapped { edgeStart[Int(t.edge) + 1] += 1 }
        for e in 0..<ne { edgeStart[e + 1] += edgeStart[e] }
        var fill = edgeStart
        var edgeTargets = [Int32](repeating: 0, count: Int(edgeStart[ne]))
        for (i, t) in targets.enumerated() where t.isSnapped {
            edgeTargets[Int(fill[Int(t.edge)])] = Int32(i); fill[Int(t.edge)] += 1
        }
        let nn = network.nodeCount
        var nodeStart = [Int32](repeating: 0, count: nn + 1)
        for e in 0..<ne where edgeStart[e + 1] > edgeStart[e] {
            nodeStart[Int(network.edgeFrom[e]) + 1] += 1
            if network.edgeTo[e] != network.edgeFrom[e] { nodeStart[Int(network.edgeTo[e]) + 1] += 1 }
        }
        for u in 0..<nn { nodeStart[u + 1] += nodeStart[u] }
        var nfill = nodeStart
        var nodeEdges = [Int32](repeating: 0, count: Int(nodeStart[nn]))
        for e in 0..<ne where edgeStart[e + 1] > edgeStart[e] {
            let u = Int(network.edgeFrom[e]), v = Int(network.edgeTo[e])
            nodeEdges[Int(nfill[u])] = Int32(e); nfill[u] += 1
            if v != u { nodeEdges[Int(nfill[v])] = Int32(e); nfill[v] += 1 }
        }
        let store = ParallelSlots<[UInt32]>(count: nc, initial: [])
        let w = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, nc))
        let es = edgeStart, et = edgeTargets, ns = nodeStart, nes = nodeEdges
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            let search = MultiSourceDijkstra(network: network)
            var stamp = [Int32](repeating: -1, count: ne)
            var stampId: Int32 = 0
            for c in stride(from: worker, to: nc, by: w) {
                var counts = [UInt32](repeating: 0, count: nl * nt)
                for f in categories[c] where f.isSnapped {
                    search.run(sources: [f], cutoff: cutoff)
                    stampId &+= 1
                    func visit(edge e: Int) {
                        if stamp[e] == stampId { return }
                        stamp[e] = stampId
                        for k in Int(es[e])..<Int(es[e + 1]) {
                            let ti = Int(et[k])
                            let t = targets[ti]
                            var d = min(
                                search.nodeDistance(Int(network.edgeFrom[e])) + t.offset,
                                search.nodeDistance(Int(network.edgeTo[e])) + (network.edgeLength[e] - t.offset))
                            if Int(f.edge) == e { d = min(d, f.access + abs(f.offset - t.offset)) }
                            d += t.access
                            for l in 0..<nl where d <= limits[l] { counts[l * nt + ti] += 1 }
                        }
                    }
                    visit(edge: Int(f.edge))
                    for u in search.reachedNodes {
                        for k in Int(ns[Int(u)])..<Int(ns[Int(u) + 1]) { visit(edge: Int(nes[k])) }
                    }
                }
                store.set(c, counts)
            }
        }
        return store.values
    }
}
