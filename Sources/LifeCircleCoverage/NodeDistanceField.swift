import Foundation
import LifeCircleGeometry
import LifeCircleNetwork

/// Per category, the network distance from its nearest facility to every
/// node (one bounded multi-source search each, kept), so that residents can
/// be looked up later, a chunk at a time, without being known when the
/// searches run. The lookup is `CategorySearch.nearestDistances`'s, term for
/// term, so the distances are the same to the bit.
final class NodeDistanceField: @unchecked Sendable {
    let network: WalkNetwork
    let cutoff: Double
    /// `nodeDistance[category][node]` (+infinity beyond the cut-off).
    private var nodeDistance: [[Double]]
    /// Per category, the edges holding one of its sources (a bitset), and the sources by edge.
    private let sourceEdges: [[UInt64]]
    private let byEdge: [SourcesByEdge]
    let workers: Int

    var categoryCount: Int { nodeDistance.count }

    init(network: WalkNetwork, categories: [[SnappedPoint]], cutoff: Double, workers: Int? = nil) {
        self.network = network
        self.cutoff = cutoff
        let nc = categories.count, nn = network.nodeCount
        let w = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, nc))
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let out = ParallelSlots<[Double]>(count: nc, initial: [])
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            let search = MultiSourceDijkstra(network: network)
            for c in stride(from: worker, to: nc, by: w) {
                search.run(sources: categories[c], cutoff: cutoff)
                // Only reached nodes differ from +infinity.
                var d = [Double](repeating: .infinity, count: nn)
                for v in search.reachedNodes { d[Int(v)] = search.nodeDistance(Int(v)) }
                out.set(c, d)
            }
        }
        nodeDistance = out.values
        let words = (network.edgeCount + 63) / 64
        sourceEdges = categories.map { sources in
            var bits = [UInt64](repeating: 0, count: words)
            for s in sources where s.isSnapped { bits[Int(s.edge) >> 6] |= 1 << UInt64(Int(s.edge) & 63) }
            return bits
        }
        byEdge = categories.map { SourcesByEdge($0) }
    }

    /// `distances[category][i]` for each target (+infinity when unsnapped or
    /// beyond the cut-off), categories spread over the cores.
    func distances(_ targets: [SnappedPoint]) -> [[Double]] {
        let nc = categoryCount, nt = targets.count
        let out = ParallelSlots<[Double]>(count: nc, initial: [])
        let ef = network.edgeFrom, et = network.edgeTo, el = network.edgeLength
        DispatchQueue.concurrentPerform(iterations: nc) { c in
            var d = [Double](repeating: .infinity, count: nt)
            let cut = cutoff
            nodeDistance[c].withUnsafeBufferPointer { nd in
                sourceEdges[c].withUnsafeBufferPointer { marks in
                    targets.withUnsafeBufferPointer { tb in
                        d.withUnsafeMutableBufferPointer { db in
                            for i in 0..<nt {
                                let t = tb[i]
                                guard t.edge >= 0 else { continue }
                                let e = Int(t.edge)
                                var v = min(nd[Int(ef[e])] + t.offset, nd[Int(et[e])] + (el[e] - t.offset))
                                if marks[e >> 6] & (1 << UInt64(e & 63)) != 0 {
                                    // MultiSourceDijkstra.distance(to:sameEdge:): sources on the target's own edge, directly.
                                    for s in byEdge[c].on(edge: t.edge) { v = min(v, s.access + abs(s.offset - t.offset)) }
                                }
                                v += t.access
                                db[i] = v <= cut ? v : .infinity
                            }
                        }
                    }
                }
            }
            out.set(c, d)
        }
        return out.values
    }
}
