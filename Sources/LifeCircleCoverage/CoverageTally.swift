import Foundation

/// The coverage summary's sums, fed a chunk of residents at a time in row
/// order. Every sum is the one `CoverageAnalysis` and `TierStatistics` make
/// over the whole set, added in the same order, so the totals, tier and
/// category figures come out identical to the bit. Nothing order-dependent
/// beyond sums is needed (no medians), so no per-row values are kept.
struct CoverageTally {
    let tiers: [Double]
    /// Categories counted in each tier.
    let tierCategories: [[Int]]
    private(set) var residents = 0
    private(set) var weight = 0.0
    private(set) var unsnapped = 0
    private(set) var onMinorComponent = 0
    /// Per category: residents and weight farther than the cut-off (or unsnapped).
    private(set) var unreachable: [Int]
    private(set) var unreachableWeight: [Double]
    /// `covered[category][tier]`: weight within the tier.
    private(set) var covered: [[Double]]
    /// Per tier: weight reaching every category of the tier, and the weighted share of its categories reached.
    private(set) var allWeight: [Double]
    private(set) var meanWeight: [Double]

    init(tiers: [Double], categoryCount: Int, tierCategories: [[Int]]) {
        self.tiers = tiers
        self.tierCategories = tierCategories
        unreachable = Array(repeating: 0, count: categoryCount)
        unreachableWeight = Array(repeating: 0, count: categoryCount)
        covered = Array(repeating: Array(repeating: 0, count: tiers.count), count: categoryCount)
        allWeight = Array(repeating: 0, count: tiers.count)
        meanWeight = Array(repeating: 0, count: tiers.count)
    }

    /// Adds residents with weights `w` and `distances[category][i]`.
    mutating func add(weights w: [Double], distances: [[Double]], unsnapped u: Int, onMinorComponent m: Int) {
        let n = w.count
        residents += n
        unsnapped += u
        onMinorComponent += m
        for x in w { weight += x }
        for c in distances.indices {
            var k = unreachable[c], kw = unreachableWeight[c]
            for i in 0..<n where distances[c][i] == .infinity { k += 1; kw += w[i] }
            unreachable[c] = k; unreachableWeight[c] = kw
            for (t, limit) in tiers.enumerated() {
                var cv = covered[c][t]
                distances[c].withUnsafeBufferPointer { d in
                    for i in 0..<n { cv += d[i] <= limit ? w[i] : 0 }
                }
                covered[c][t] = cv
            }
        }
        var reached = [Int32](repeating: 0, count: n)
        for (t, limit) in tiers.enumerated() {
            let cats = tierCategories[t]
            guard !cats.isEmpty else { continue }
            for i in 0..<n { reached[i] = 0 }
            for c in cats {
                distances[c].withUnsafeBufferPointer { d in
                    for i in 0..<n { reached[i] &+= d[i] <= limit ? 1 : 0 }
                }
            }
            let k = Int32(cats.count), kd = Double(cats.count)
            var a = allWeight[t], mean = meanWeight[t]
            for i in 0..<n {
                if reached[i] == k { a += w[i] }
                mean += w[i] * Double(reached[i]) / kd
            }
            allWeight[t] = a; meanWeight[t] = mean
        }
    }
}
