import LifeCircleGeometry

/// Multi-source Dijkstra with a cut-off over a `WalkNetwork`, from and to
/// snapped points. One instance is one worker's reusable state (not
/// thread-safe; make one per thread): distances stay allocated between runs
/// and only the nodes a run touched are reset, so a run costs in proportion
/// to the area it reaches, not the size of the city.
public final class MultiSourceDijkstra {
    public let network: WalkNetwork
    // Raw storage: the hot loop must not pay for array uniqueness checks.
    private let dist: UnsafeMutablePointer<Double>
    private let heapPos: UnsafeMutablePointer<Int32>  // position in heap; -1 not in it, -2 settled
    /// Heap entries, key and node side by side: a sift step then reads one
    /// cache line per level instead of two.
    private let heap: UnsafeMutablePointer<HeapEntry>
    private var heapCount = 0
    private let touchedBuf: UnsafeMutablePointer<Int32>
    private var touchedCount = 0
    /// How many nodes the last run settled.
    public private(set) var settledCount = 0
    public private(set) var cutoff: Double = .infinity
    /// Per node, the source that reaches it first in a labelled run (-1: not reached).
    private var labels: UnsafeMutablePointer<Int32>? = nil

    public init(network: WalkNetwork) {
        self.network = network
        let n = network.nodeCount
        let cap = max(n, 1)
        dist = .allocate(capacity: cap); dist.initialize(repeating: .infinity, count: cap)
        heapPos = .allocate(capacity: cap); heapPos.initialize(repeating: -1, count: cap)
        heap = .allocate(capacity: cap); heap.initialize(repeating: HeapEntry(key: 0, node: 0), count: cap)
        touchedBuf = .allocate(capacity: cap); touchedBuf.initialize(repeating: 0, count: cap)
    }

    deinit {
        dist.deallocate(); heapPos.deallocate(); heap.deallocate(); touchedBuf.deallocate()
        labels?.deallocate()
    }

    /// Distance of node v in the last run (+infinity where not reached within the cut-off).
    @inline(__always) public func nodeDistance(_ v: Int) -> Double { dist[v] }

    /// Node ids reached by the last run (unordered).
    public var reachedNodes: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: touchedBuf, count: touchedCount) }

    @inline(__always) private func touch(_ v: Int) { touchedBuf[touchedCount] = Int32(v); touchedCount += 1 }

    private func reset() {
        if let labels { for i in 0..<touchedCount { labels[Int(touchedBuf[i])] = -1 } }
        for i in 0..<touchedCount { let v = Int(touchedBuf[i]); dist[v] = .infinity; heapPos[v] = -1 }
        touchedCount = 0
        heapCount = 0
        settledCount = 0
    }

    /// Runs the search from snapped sources (unsnapped ones are ignored):
    /// a source reaches its edge's two nodes at access + offset and
    /// access + (length - offset). Afterwards `dist` holds exact node
    /// distances up to `cutoff`, +infinity beyond.
    public func run(sources: [SnappedPoint], cutoff: Double) {
        reset()
        self.cutoff = cutoff
        let ef = network.edgeFrom, et = network.edgeTo, el = network.edgeLength
        for s in sources where s.isSnapped {
            let e = Int(s.edge)
            seed(Int(ef[e]), s.access + s.offset)
            seed(Int(et[e]), s.access + (el[e] - s.offset))
        }
        settle()
    }

    /// Runs the search from nodes with starting distances.
    public func run(sourceNodes: [(node: Int32, distance: Double)], cutoff: Double) {
        reset()
        self.cutoff = cutoff
        for s in sourceNodes { seed(Int(s.node), s.distance) }
        settle()
    }

    /// The source (index into the last `runLabelled`'s sources) whose walk
    /// reaches node v first, -1 where none does within the cut-off.
    @inline(__always) public func nodeLabel(_ v: Int) -> Int32 { labels.map { $0[v] } ?? -1 }

    /// Runs from snapped sources like `run(sources:cutoff:)` and labels every
    /// node reached with the nearest source along the network (ties: the lower
    /// source index): a network Voronoi of the sources. Unsnapped sources
    /// label nothing.
    public func runLabelled(sources: [SnappedPoint], cutoff: Double) {
        if labels == nil {
            let cap = max(network.nodeCount, 1)
            labels = .allocate(capacity: cap)
            labels!.initialize(repeating: -1, count: cap)
        }
        reset()
        self.cutoff = cutoff
        let lab = labels!
        let ef = network.edgeFrom, et = network.edgeTo, el = network.edgeLength
        func seedLabelled(_ v: Int, _ d: Double, _ l: Int32) {
            guard d <= cutoff else { return }
            if d < dist[v] {
                if dist[v] == .infinity { touch(v) }
                dist[v] = d
                lab[v] = l
                if heapPos[v] < 0 { heapPush(v, d) } else { heapDecrease(v, d) }
            } else if d == dist[v] && l < lab[v] {
                lab[v] = l
            }
        }
        for (i, s) in sources.enumerated() where s.isSnapped {
            let e = Int(s.edge)
            seedLabelled(Int(ef[e]), s.access + s.offset, Int32(i))
            seedLabelled(Int(et[e]), s.access + (el[e] - s.offset), Int32(i))
        }
        let g = network.graph
        var settled = 0
        while heapCount > 0 {
            let u = Int(heap[0].node)
            let du = heap[0].key
            heapPopMin()
            settled += 1
            let lu = lab[u]
            for k in Int(g.rowStart[u])..<Int(g.rowStart[u + 1]) {
                let nd = du + g.weight[k]
                if nd > cutoff { continue }
                let v = Int(g.target[k])
                let dv = dist[v]
                if nd < dv {
                    if dv == .infinity { touch(v) }
                    dist[v] = nd
                    lab[v] = lu
                    if heapPos[v] < 0 { heapPush(v, nd) } else { heapDecrease(v, nd) }
                } else if nd == dv && lu < lab[v] && heapPos[v] != -2 {
                    lab[v] = lu
                }
            }
        }
        settledCount = settled
    }

    @inline(__always) private func seed(_ v: Int, _ d: Double) {
        if d <= cutoff && d < dist[v] {
            if dist[v] == .infinity { touch(v) }
            dist[v] = d
            if heapPos[v] < 0 { heapPush(v, d) } else { heapDecrease(v, d) }
        }
    }

    private func settle() {
        let g = network.graph
        let limit = cutoff
        var settled = 0
        g.rowStart.withUnsafeBufferPointer { rs in
            g.target.withUnsafeBufferPointer { tg in
                g.weight.withUnsafeBufferPointer { wt in
                    while heapCount > 0 {
                        let u = Int(heap[0].node)
                        let du = heap[0].key
                        heapPopMin()
                        settled += 1
                        for k in Int(rs[u])..<Int(rs[u + 1]) {
                            let nd = du + wt[k]
                            if nd > limit { continue }
                            let v = Int(tg[k])
                            let dv = dist[v]
                            if nd < dv {
                                if dv == .infinity { touch(v) }
                                dist[v] = nd
                                if heapPos[v] < 0 { heapPush(v, nd) } else { heapDecrease(v, nd) }
                            }
                        }
                    }
                }
            }
        }
        settledCount = settled
    }

    // MARK: binary heap on flat arrays, keyed by distance, with positions for decrease-key

    @inline(__always) private func heapPush(_ v: Int, _ d: Double) {
        var i = heapCount
        heapCount += 1
        while i > 0 {
            let p = (i - 1) >> 1
            let parent = heap[p]
            if parent.key <= d { break }
            heap[i] = parent; heapPos[Int(parent.node)] = Int32(i)
            i = p
        }
        heap[i] = HeapEntry(key: d, node: Int32(v)); heapPos[v] = Int32(i)
    }

    @inline(__always) private func heapDecrease(_ v: Int, _ d: Double) {
        var i = Int(heapPos[v])
        while i > 0 {
            let p = (i - 1) >> 1
            let parent = heap[p]
            if parent.key <= d { break }
            heap[i] = parent; heapPos[Int(parent.node)] = Int32(i)
            i = p
        }
        heap[i] = HeapEntry(key: d, node: Int32(v)); heapPos[v] = Int32(i)
    }

    @inline(__always) private func heapPopMin() {
        let top = Int(heap[0].node)
        heapPos[top] = -2  // settled: never re-entered, its distance is final
        heapCount -= 1
        if heapCount == 0 { return }
        let last = heap[heapCount]
        var i = 0
        let n = heapCount
        while true {
            var c = 2 * i + 1
            if c >= n { break }
            if c + 1 < n && heap[c + 1].key < heap[c].key { c += 1 }
            let child = heap[c]
            if child.key >= last.key { break }
            heap[i] = child; heapPos[Int(child.node)] = Int32(i)
            i = c
        }
        heap[i] = last; heapPos[Int(last.node)] = Int32(i)
    }

    /// Distance from the last run's sources to a snapped target: through
    /// either end node plus the partial edge, plus the target's access
    /// distance; `sameEdge` lists sources on the target's own edge, reached
    /// directly along it. +infinity when unsnapped or beyond the cut-off.
    @inline(__always)
    public func distance(to t: SnappedPoint, sameEdge: ArraySlice<SnappedPoint> = []) -> Double {
        guard t.isSnapped else { return .infinity }
        let e = Int(t.edge)
        var d = min(
            dist[Int(network.edgeFrom[e])] + t.offset,
            dist[Int(network.edgeTo[e])] + (network.edgeLength[e] - t.offset))
        for s in sameEdge { d = min(d, s.access + abs(s.offset - t.offset)) }
        d += t.access
        return d <= cutoff ? d : .infinity
    }
}

/// One heap slot: a node and its tentative distance.
struct HeapEntry {
    var key: Double
    var node: Int32
}

/// Sources grouped by edge, for the direct same-edge case of target distances.
public struct SourcesByEdge: Sendable {
    let sorted: [SnappedPoint]
    public init(_ sources: [SnappedPoint]) {
        sorted = sources.filter(\.isSnapped).sorted { ($0.edge, $0.offset) < ($1.edge, $1.offset) }
    }
    /// The sources on edge e.
    public func on(edge e: Int32) -> ArraySlice<SnappedPoint> {
        var lo = 0, hi = sorted.count
        while lo < hi { let m = (lo + hi) >> 1; if sorted[m].edge < e { lo = m + 1 } else { hi = m } }
        var end = lo
        while end < sorted.count && sorted[end].edge == e { end += 1 }
        return sorted[lo..<end]
    }
}
