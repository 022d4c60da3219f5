import Foundation
import LifeCircleGeometry

/// The move loop shared by the unit-level k-way FM (`refineFM`) and the
/// V-cycle's level FM (`levelFM`): a gain heap with per-vertex versions (stale
/// entries skipped) and locks (each vertex moves at most once per pass), and
/// the bookkeeping of the best prefix of a pass. The callers keep what differs:
/// how a move is scored, applied and undone, and which vertices are re-keyed.
struct FMPassQueue {
    private var heap: GainHeap
    private var version: [UInt32]
    private(set) var locked: [Bool]

    init(count n: Int) {
        heap = GainHeap(capacity: n)
        version = [UInt32](repeating: 0, count: n)
        locked = [Bool](repeating: false, count: n)
    }

    /// Empties the heap and unlocks every vertex.
    mutating func beginPass() {
        heap.clear()
        for u in locked.indices { locked[u] = false }
    }

    /// (Re-)queues u with its current best move (target −1: none); older entries go stale.
    @inline(__always)
    mutating func push(_ u: Int, _ bestMove: (Int) -> (Int32, Int, Int, Double)) {
        if locked[u] { return }
        version[u] &+= 1
        let (b, urg, e, l) = bestMove(u)
        if b >= 0 { heap.push(unit: Int32(u), urgent: urg, edges: e, length: l, version: version[u]) }
    }

    /// The next move to make, locking its vertex: pops until an entry is current,
    /// still has the key it was queued with (keys go stale when other grids'
    /// balance changes: a changed one is re-queued) and its vertex can leave its
    /// grid without splitting it. Nil when the heap runs dry.
    @inline(__always)
    mutating func nextMove(
        _ bestMove: (Int) -> (Int32, Int, Int, Double),
        canRemove: (Int) -> Bool
    ) -> (unit: Int, to: Int32, edges: Int, length: Double)? {
        while let top = heap.pop() {
            let u = Int(top.unit)
            if locked[u] || top.version != version[u] { continue }
            let (b, urg, e, l) = bestMove(u)
            if b < 0 { continue }
            if urg != top.urgent || e != top.edges || l != top.length {
                version[u] &+= 1
                heap.push(unit: top.unit, urgent: urg, edges: e, length: l, version: version[u]); continue
            }
            guard canRemove(u) else { continue }
            locked[u] = true
            return (u, b, e, l)
        }
        return nil
    }
}

/// The best prefix of one FM pass: least total excess, then most edges
/// removed, then most length shortened. Only plans whose excess is no larger
/// than at the start of the pass count, so a pass never worsens the balance.
struct FMPassBest {
    private(set) var gainE = 0, gainL = 0.0
    private(set) var bestE = 0, bestL = 0.0, bestAt = 0
    private(set) var bestExcess: Double
    private(set) var steps = 0
    private var sinceBest = 0
    private let startExcess: Double

    init(startExcess: Double) {
        self.startExcess = startExcess
        bestExcess = startExcess
    }

    /// Records a move made (gain e edges, l length; the plan's excess after it).
    /// False when `maxStall` moves have passed without a new best: the pass stops.
    @inline(__always)
    mutating func record(edges e: Int, length l: Double, totalExcess: Double, maxStall: Int) -> Bool {
        gainE += e; gainL += l; steps += 1
        let eps = 1e-9 * max(abs(gainL), 1)
        if totalExcess < bestExcess - 1e-12 || (totalExcess <= bestExcess + 1e-12 && (gainE > bestE || (gainE == bestE && gainL > bestL + eps))) {
            bestE = gainE; bestL = gainL; bestExcess = totalExcess; bestAt = steps; sinceBest = 0
        } else {
            sinceBest += 1
            if sinceBest >= maxStall { return false }
        }
        return true
    }

    /// The pass (rolled back to its best prefix) changed nothing worth another pass.
    var isFinal: Bool { bestAt == 0 || (bestE == 0 && bestExcess >= startExcess - 1e-12 && bestL <= 1e-9) }
}

/// Max-heap of FM move keys: excess-lowering first, then edges removed, then
/// length shortened, then lower unit index for determinism. Stale entries are
/// skipped by version (the version is not part of the order: two entries of
/// one unit with equal keys pop one after the other either way).
typealias GainHeap = BinaryHeap<FMMoveOrder>

/// One queued FM move of a unit (or coarse vertex) with the key it had when pushed.
struct FMMoveEntry {
    var unit: Int32
    var urgent: Int
    var edges: Int
    var length: Double
    var version: UInt32
}

enum FMMoveOrder: HeapOrder {
    @inline(__always) static func precedes(_ x: FMMoveEntry, _ y: FMMoveEntry) -> Bool {
        if x.urgent != y.urgent { return x.urgent > y.urgent }
        if x.edges != y.edges { return x.edges > y.edges }
        if x.length != y.length { return x.length > y.length }
        return x.unit < y.unit
    }
}

extension BinaryHeap where Order == FMMoveOrder {
    @inline(__always) mutating func push(unit: Int32, urgent: Int, edges: Int, length: Double, version: UInt32) {
        push(FMMoveEntry(unit: unit, urgent: urgent, edges: edges, length: length, version: version))
    }
}
