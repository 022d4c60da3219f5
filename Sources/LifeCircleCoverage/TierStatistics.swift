import Foundation

/// Weighted tier statistics over a subset of residents (nil = all), computed
/// column by column over the distance arrays (cache-friendly for 100k+ residents).
enum TierStatistics {
    static func tiers(
        distances: [[Double]], weights: [Double], residents: [Int]?, config: CoverageConfig,
        categoriesInTier: (Int) -> [Int], ids: [String]
    ) -> [CoverageSummary.Tier] {
        let nr = weights.count
        let members = residents ?? []
        let total = residents.map { $0.reduce(0.0) { $0 + weights[$1] } } ?? weights.reduce(0, +)
        var reached = [Int32](repeating: 0, count: nr)
        return config.tiers.enumerated().map { t, limit in
            let cats = categoriesInTier(t)
            var all = 0.0, mean = 0.0
            if !cats.isEmpty {
                // Plain buffers and local sums: these loops run residents ×
                // categories × tiers times.
                reached.withUnsafeMutableBufferPointer { n in
                    for i in n.indices { n[i] = 0 }
                    for c in cats {
                        distances[c].withUnsafeBufferPointer { d in
                            if residents == nil {
                                for r in 0..<nr { n[r] &+= d[r] <= limit ? 1 : 0 }
                            }  // branch-free
                            else {
                                for r in members where d[r] <= limit { n[r] += 1 }
                            }
                        }
                    }
                    let k = Int32(cats.count), kd = Double(cats.count)
                    weights.withUnsafeBufferPointer { w in
                        var a = 0.0, m = 0.0
                        if residents == nil {
                            for r in 0..<nr { if n[r] == k { a += w[r] }; m += w[r] * Double(n[r]) / kd }
                        } else {
                            for r in members { if n[r] == k { a += w[r] }; m += w[r] * Double(n[r]) / kd }
                        }
                        all = a; mean = m
                    }
                }
            }
            return CoverageSummary.Tier(
                tierM: limit, minutes: config.minutes(limit), categories: cats.map { ids[$0] },
                allCategoriesWeight: all, allCategoriesShare: total > 0 ? all / total : 0,
                meanCategoryShare: total > 0 ? mean / total : 0)
        }
    }

    static func categoryTiers(
        _ c: Int, distances: [[Double]], counts: [[UInt32]], weights: [Double], residents: [Int]?,
        config: CoverageConfig, residentCount: Int
    ) -> [CoverageSummary.CategoryTier] {
        let nr = residentCount
        let total = residents.map { $0.reduce(0.0) { $0 + weights[$1] } } ?? weights.reduce(0, +)
        let hasCounts = c < counts.count && !counts[c].isEmpty
        let categoryCounts = hasCounts ? counts[c] : []
        return config.tiers.enumerated().map { t, limit in
            var cov = 0.0, cnt = 0.0
            // Plain buffers: the loop runs residents × tiers × categories times.
            distances[c].withUnsafeBufferPointer { d in
                weights.withUnsafeBufferPointer { w in
                    categoryCounts.withUnsafeBufferPointer { n in
                        var cv = 0.0, ct = 0.0
                        if let residents {
                            for r in residents {
                                if d[r] <= limit { cv += w[r] }
                                if hasCounts { ct += w[r] * Double(n[t * nr + r]) }
                            }
                        } else {
                            for r in 0..<nr { cv += d[r] <= limit ? w[r] : 0 }  // branch-free
                            if hasCounts { for r in 0..<nr { ct += w[r] * Double(n[t * nr + r]) } }
                        }
                        cov = cv; cnt = ct
                    }
                }
            }
            return CoverageSummary.CategoryTier(
                tierM: limit, coveredWeight: cov, share: total > 0 ? cov / total : 0,
                meanFacilitiesWithin: hasCounts ? (total > 0 ? cnt / total : 0) : nil)
        }
    }
}
