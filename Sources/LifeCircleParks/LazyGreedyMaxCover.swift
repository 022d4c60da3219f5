import Foundation
import LifeCircleGeometry

/// Greedy maximal covering with lazy gain evaluation (Minoux's accelerated
/// greedy): gains only shrink as demand gets covered, so a stale gain is an
/// upper bound and most candidates never need re-evaluation. Picks exactly the
/// sites plain greedy would (largest gain, ties to the lower index), recording
/// each pick's marginal gain. Without a budget the result is ≥ (1 − 1/e) of the
/// optimum.
public enum LazyGreedyMaxCover {
    public static func solve(_ instance: MaxCoverInstance, options: MaxCoverOptions) throws -> SelectionResult {
        let start = DispatchTime.now()
        let pre = try MaxCoverPrecheck(instance, options)
        if var t = pre.trivial {
            if options.exactCount && pre.count > 0 && instance.candidateCount > 0 {
                t.selected = Array(0..<pre.count); t.marginalGains = Array(repeating: 0, count: pre.count)
            }
            return t
        }
        var notes = pre.notes
        let sets = instance.sets
        let weights = instance.weights
        let n = instance.candidateCount
        // covered[i]: served before or by a picked site.
        var covered = [Bool](repeating: false, count: instance.demandCount)
        if !instance.alreadyServed.isEmpty { covered = instance.alreadyServed }

        @inline(__always) func gain(_ j: Int) -> Double {
            var g = 0.0
            for k in sets.offsets[j]..<sets.offsets[j + 1] {
                let i = Int(sets.indices[k])
                if !covered[i] { g += weights[i] }
            }
            return g
        }

        var heap = GainHeap(capacity: n)
        for j in 0..<n { heap.push(gain(j), j) }

        var budgetLeft = options.areaBudget ?? .infinity
        var selected: [Int] = [], gains: [Double] = []
        var isPicked = [Bool](repeating: false, count: n)
        var pops = 0
        var total = 0.0
        while selected.count < pre.count, let top = heap.pop() {
            pops += 1
            let j = top.index
            if options.areaBudget != nil && instance.siteAreas[j] > budgetLeft { continue }  // never fits again
            let g = gain(j)
            if let next = heap.peek, !GainHeap.precedes(g, j, next.gain, next.index) {
                heap.push(g, j)  // stale: re-queue with its fresh gain
                continue
            }
            if g <= 0 && !options.exactCount {
                notes.append("no further gain after \(selected.count) sites")
                break
            }
            selected.append(j); gains.append(g); isPicked[j] = true; total += g
            if options.areaBudget != nil { budgetLeft -= instance.siteAreas[j] }
            for k in sets.offsets[j]..<sets.offsets[j + 1] { covered[Int(sets.indices[k])] = true }
        }
        if options.exactCount && selected.count < pre.count {
            notes.append("only \(selected.count) of \(pre.count) sites fit the area budget")
        }
        let secs = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return SelectionResult(
            selected: selected, marginalGains: gains, coveredWeight: total,
            status: .heuristic, bound: nil, notes: notes, iterations: pops, seconds: secs)
    }
}

/// Max-heap of (gain, candidate): larger gain first, ties to the lower index
/// (each candidate is queued at most once, so the order is total and the pops
/// are exactly plain greedy's).
typealias GainHeap = BinaryHeap<GainOrder>

struct CandidateGain {
    var gain: Double
    var index: Int
}

enum GainOrder: HeapOrder {
    @inline(__always) static func precedes(_ a: CandidateGain, _ b: CandidateGain) -> Bool {
        GainHeap.precedes(a.gain, a.index, b.gain, b.index)
    }
}

extension BinaryHeap where Order == GainOrder {
    @inline(__always) static func precedes(_ g1: Double, _ j1: Int, _ g2: Double, _ j2: Int) -> Bool {
        g1 > g2 || (g1 == g2 && j1 < j2)
    }

    @inline(__always) mutating func push(_ g: Double, _ j: Int) { push(CandidateGain(gain: g, index: j)) }
}
