import Foundation
import LifeCircleGeometry
import LifeCircleNetwork

/// Per category, the network distance from its nearest facility to every
/// node (one bounded multi-source search each, kept), so that residents can
/// be looked up later, a chunk at a time, without being known when the
/// searches run. The lookup is `CategorySearch.nearestDistances`'s, term for
/// term, so the distances are the same to the bit.
///
/// Node distances are stored node-major (`node * categories + category`): a
/// resident's lookup then reads its edge once and both end nodes' distances
/// of every category from one or two cache lines, instead of one random read
/// per category. On two million residents and twelve categories that was the
/// difference between a lookup stage of 2.2 s and a fraction of it.
final class NodeDistanceField: @unchecked Sendable {
    let network: WalkNetwork
    let cutoff: Double
    let categoryCount: Int
    /// `node * categoryCount + category` → distance (+infinity beyond the cut-off).
    private let nodeDistance: UnsafeMutableBufferPointer<Double>
    /// Edges holding a source of any category (a bitset), and per category the sources by edge.
    private let sourceEdges: [UInt64]
    private let byEdge: [SourcesByEdge]
    let workers: Int

    init(network: WalkNetwork, categories: [[SnappedPoint]], cutoff: Double, workers: Int? = nil) {
        self.network = network
        self.cutoff = cutoff
        let nc = categories.count, nn = network.nodeCount
        categoryCount = nc
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let w = max(1, min(self.workers, nc))
        let field = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, nn * nc))
        field.initialize(repeating: .infinity)
        nodeDistance = field
        // Each category writes only its own slots: workers never write the same element.
        let slots = DisjointWrites(field)
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            let field = slots.buffer
            let search = MultiSourceDijkstra(network: network)
            for c in stride(from: worker, to: nc, by: w) {
                search.run(sources: categories[c], cutoff: cutoff)
                for v in search.reachedNodes { field[Int(v) * nc + c] = search.nodeDistance(Int(v)) }
            }
        }
        var bits = [UInt64](repeating: 0, count: (network.edgeCount + 63) / 64)
        for sources in categories {
            for s in sources where s.isSnapped { bits[Int(s.edge) >> 6] |= 1 << UInt64(Int(s.edge) & 63) }
        }
        sourceEdges = bits
        byEdge = categories.map { SourcesByEdge($0) }
    }

    deinit { nodeDistance.deallocate() }

    /// Chunks of at least this many targets are split over the cores.
    static let parallelTargets = 4_096

    /// `distances[category][i]` for each target (+infinity when unsnapped or
    /// beyond the cut-off); the targets are split over the cores.
    func distances(_ targets: [SnappedPoint]) -> [[Double]] {
        let nc = categoryCount, nt = targets.count
        guard nc > 0 else { return [] }
        let flat = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, nc * nt))
        defer { flat.deallocate() }
        let ef = network.edgeFrom, et = network.edgeTo, el = network.edgeLength
        let cut = cutoff, field = DisjointWrites(nodeDistance), out = DisjointWrites(flat)
        let parts = nt >= Self.parallelTargets ? workers : 1
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            // Each part writes only its own targets' slots; the node distances are only read.
            let nd = UnsafeBufferPointer(field.buffer), flat = out.buffer
            let lo = nt * part / parts, hi = nt * (part + 1) / parts
            ef.withUnsafeBufferPointer { ef in
                et.withUnsafeBufferPointer { et in
                    el.withUnsafeBufferPointer { el in
                        sourceEdges.withUnsafeBufferPointer { marks in
                            targets.withUnsafeBufferPointer { tb in
                                for i in lo..<hi {
                                    let t = tb[i]
                                    guard t.edge >= 0 else {
                                        for c in 0..<nc { flat[c * nt + i] = .infinity }
                                        continue
                                    }
                                    let e = Int(t.edge)
                                    let a = Int(ef[e]) * nc, b = Int(et[e]) * nc
                                    let toEnd = el[e] - t.offset
                                    let onSourceEdge = marks[e >> 6] & (1 << UInt64(e & 63)) != 0
                                    for c in 0..<nc {
                                        var v = min(nd[a + c] + t.offset, nd[b + c] + toEnd)
                                        if onSourceEdge {
                                            // MultiSourceDijkstra.distance(to:sameEdge:): sources on the target's own edge, directly.
                                            for s in byEdge[c].on(edge: t.edge) { v = min(v, s.access + abs(s.offset - t.offset)) }
                                        }
                                        v += t.access
                                        flat[c * nt + i] = v <= cut ? v : .infinity
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<nc).map { c in Array(UnsafeBufferPointer(rebasing: flat[(c * nt)..<(c * nt + nt)])) }
    }
}
