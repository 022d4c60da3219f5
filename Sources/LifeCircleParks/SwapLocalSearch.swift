import Foundation

/// Improves a max-cover selection by best-improvement swaps (one site out,
/// one in) until no swap helps, bounded by `maxSwaps` and `timeLimit`.
/// Each sweep is O(non-zeros + n·p): per demand point we keep how many
/// chosen sites cover it, so a swap's value is the entering site's gain minus
/// the leaving site's exclusive weight, plus what the entering site re-covers
/// of it. Used to give the exact solver a strong incumbent.
enum SwapLocalSearch {
    static func improve(
        _ inst: MaxCoverInstance, start: [Int], maxSwaps: Int = 10_000,
        timeLimit: Double = 5, areaBudget: Double? = nil
    ) -> (selected: [Int], value: Double, swaps: Int) {
        let n = inst.candidateCount, m = inst.demandCount
        let sets = inst.sets
        let byDemand = sets.transposed()
        var chosen = [Bool](repeating: false, count: n)
        for j in start { chosen[j] = true }
        // count[i]: chosen sites covering unserved demand i.
        var count = [Int32](repeating: 0, count: m)
        let active = (0..<m).map { !inst.isServed($0) && inst.weights[$0] > 0 }
        for j in start { for d in sets.demands(of: j) where active[Int(d)] { count[Int(d)] += 1 } }
        var exclusive = [Double](repeating: 0, count: n)  // weight lost if j leaves
        func recomputeExclusive() {
            for j in 0..<n { exclusive[j] = 0 }
            for i in 0..<m where active[i] && count[i] == 1 {
                for k in byDemand.offsets[i]..<byDemand.offsets[i + 1] {
                    let j = Int(byDemand.indices[k])
                    if chosen[j] { exclusive[j] += inst.weights[i]; break }
                }
            }
        }
        let deadline = Date().addingTimeInterval(timeLimit)
        var swaps = 0
        var regain = [Double](repeating: 0, count: n)  // per leaving site: exclusive weight the entering site re-covers
        var touched: [Int] = []
        let usedArea = { (sel: [Bool]) -> Double in
            var a = 0.0
            for j in 0..<n where sel[j] { a += inst.siteAreas[j] }
            return a
        }
        while swaps < maxSwaps && Date() < deadline {
            recomputeExclusive()
            let chosenList = (0..<n).filter { chosen[$0] }
            var bestDelta = 1e-9 * max(1, inst.totalWeight), bestIn = -1, bestOut = -1
            let area = areaBudget != nil ? usedArea(chosen) : 0
            for k in 0..<n where !chosen[k] {
                var gain = 0.0
                touched.removeAll(keepingCapacity: true)
                for d in sets.demands(of: k) {
                    let i = Int(d)
                    guard active[i] else { continue }
                    if count[i] == 0 {
                        gain += inst.weights[i]
                    } else if count[i] == 1 {
                        // The one chosen site covering i: entering k keeps i covered if it leaves.
                        for q in byDemand.offsets[i]..<byDemand.offsets[i + 1] {
                            let j = Int(byDemand.indices[q])
                            if chosen[j] {
                                if regain[j] == 0 { touched.append(j) }
                                regain[j] += inst.weights[i]
                                break
                            }
                        }
                    }
                }
                if gain > bestDelta {
                    for j in chosenList {
                        if let b = areaBudget, area - inst.siteAreas[j] + inst.siteAreas[k] > b { continue }
                        let delta = gain - exclusive[j] + regain[j]
                        if delta > bestDelta { bestDelta = delta; bestIn = k; bestOut = j }
                    }
                }
                for j in touched { regain[j] = 0 }
            }
            guard bestIn >= 0 else { break }
            chosen[bestOut] = false
            for d in sets.demands(of: bestOut) where active[Int(d)] { count[Int(d)] -= 1 }
            chosen[bestIn] = true
            for d in sets.demands(of: bestIn) where active[Int(d)] { count[Int(d)] += 1 }
            swaps += 1
        }
        let sel = (0..<n).filter { chosen[$0] }
        return (sel, inst.coveredWeight(of: sel), swaps)
    }
}
