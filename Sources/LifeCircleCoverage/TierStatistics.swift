import Foundation

/// Weighted tier statistics over a subset of residents (nil = all), computed
/// column by column over the distance arrays (cache-friendly for 100k+ residents).
enum TierStatistics {
    static func tiers(distances: [[Double]], weights: [Double], residents: [Int]?, config: CoverageConfig,
                      categoriesInTier: (Int) -> [Int], ids: [String]) -> [CoverageSummary.Tier] {
        let nr = weights.count
        let members = residents ?? []
        let total = residents.map { $0.reduce(0.0) { $0 + weights[$1] } } ?? weights.reduce(0, +)
        var reached = [Int32](repeating: 0, count: nr)
        return config.tiers.enumerated().map { t, limit in
            let cats = categoriesInTier(t)
            var all = 0.0, mean = 0.0
            if !cats.isEmpty {
                for i in reached.indices { reached[i] = 0 }
                for c in cats {
                    distances[c].withUnsafeBufferPointer { d in
                        if residents == nil { for r in 0..<nr where d[r] <= limit { reached[r] += 1 } }
                        else { for r in members where d[r] <= limit { reached[r] += 1 } }
                    }
                }
                let k = Double(cats.count)
                func add(_ r: Int) {
                    let n = reached[r]
                    if Int(n) == cats.count { all += weights[r] }
                    mean += weights[r] * Double(n) / k
                }
                if residents == nil { for r in 0..<nr { add(r) } } else { for r in members { add(r) } }
            }
            return CoverageSummary.Tier(tierM: limit, minutes: config.minutes(limit), categories: cats.map { ids[$0] },
                                        allCategoriesWeight: all, allCategoriesShare: total > 0 ? all / total : 0,
                                        meanCategoryShare: total > 0 ? mean / total : 0)
        }
    }

    static func categoryTiers(_ c: Int, distances: [[Double]], counts: [[UInt32]], weights: [Double], residents: [Int]?,
                              config: CoverageConfig, residentCount: Int) -> [CoverageSummary.CategoryTier] {
        let nr = residentCount
        let total = residents.map { $0.reduce(0.0) { $0 + weights[$1] } } ?? weights.reduce(0, +)
        let hasCounts = c < counts.count && !counts[c].isEmpty
        return config.tiers.enumerated().map { t, limit in
            var cov = 0.0, cnt = 0.0
            distances[c].withUnsafeBufferPointer { d in
                weights.withUnsafeBufferPointer { w in
                    func add(_ r: Int) {
                        if d[r] <= limit { cov += w[r] }
                        if hasCounts { cnt += w[r] * Double(counts[c][t * nr + r]) }
                    }
                    if let residents { for r in residents { add(r) } } else { for r in 0..<nr { add(r) } }
                }
            }
            return CoverageSummary.CategoryTier(tierM: limit, coveredWeight: cov, share: total > 0 ? cov / total : 0,
                                                meanFacilitiesWithin: hasCounts ? (total > 0 ? cnt / total : 0) : nil)
        }
    }
}
