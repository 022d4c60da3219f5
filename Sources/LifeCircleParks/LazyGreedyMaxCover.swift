import Foundation

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
            if let next = heap.peek(), !GainHeap.precedes(g, j, next.gain, next.index) {
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
        return SelectionResult(selected: selected, marginalGains: gains, coveredWeight: total,
                               status: .heuristic, bound: nil, notes: notes, iterations: pops, seconds: secs)
    }
}

/// Binary max-heap of (gain, candidate) ordered by gain, then lower index first.
struct GainHeap {
    private var gains: [Double] = []
    private var idx: [Int32] = []

    init(capacity: Int) { gains.reserveCapacity(capacity); idx.reserveCapacity(capacity) }

    @inline(__always) static func precedes(_ g1: Double, _ j1: Int, _ g2: Double, _ j2: Int) -> Bool {
        g1 > g2 || (g1 == g2 && j1 < j2)
    }

    var isEmpty: Bool { gains.isEmpty }

    func peek() -> (gain: Double, index: Int)? {
        gains.isEmpty ? nil : (gains[0], Int(idx[0]))
    }

    mutating func push(_ g: Double, _ j: Int) {
        gains.append(g); idx.append(Int32(j))
        var c = gains.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            guard Self.precedes(gains[c], Int(idx[c]), gains[p], Int(idx[p])) else { break }
            gains.swapAt(c, p); idx.swapAt(c, p); c = p
        }
    }

    mutating func pop() -> (gain: Double, index: Int)? {
        guard !gains.isEmpty else { return nil }
        let top = (gains[0], Int(idx[0]))
        let lastG = gains.removeLast(), lastI = idx.removeLast()
        if !gains.isEmpty {
            gains[0] = lastG; idx[0] = lastI
            var p = 0
            let n = gains.count
            while true {
                let l = 2 * p + 1, r = l + 1
                var m = p
                if l < n && Self.precedes(gains[l], Int(idx[l]), gains[m], Int(idx[m])) { m = l }
                if r < n && Self.precedes(gains[r], Int(idx[r]), gains[m], Int(idx[m])) { m = r }
                if m == p { break }
                gains.swapAt(p, m); idx.swapAt(p, m); p = m
            }
        }
        return top
    }
}
