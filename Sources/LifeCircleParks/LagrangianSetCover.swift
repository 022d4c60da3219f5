/// A cover of the reduced covering rows from Lagrangian relaxation (Beasley
/// 1990): multipliers u_i ≥ 0 on the rows, reduced costs 1 − Σ_{i∋j} u_i,
/// subgradient steps toward the best cover found; every few steps a cover is
/// built from the columns of negative reduced cost, completed row by row with
/// the cheapest reduced cost and stripped of redundant columns. Far better
/// than greedy as the incumbent GLPK starts from, and its bound is valid too.
/// Bounded by a step count; deterministic.
enum LagrangianSetCover {
    struct Outcome {
        /// Best cover found (original column indices, ascending).
        var cover: [Int]
        /// Lower bound on the number of columns (the best Lagrangian value).
        var bound: Double
        var steps: Int
    }

    static func solve(_ red: CoverReduction, start: [Int]?, maxSteps: Int = 3_000) -> Outcome {
        let m = red.rowCount, cols = red.columns, nc = cols.count
        var local = [Int](repeating: -1, count: red.replacement.count)
        for (k, j) in cols.enumerated() { local[j] = k }
        // Row → local column (CSR as the reduction's) and column → rows.
        let rOff = red.rowOffsets
        let rCol = red.rowColumns.map { local[Int($0)] }
        var cOff = [Int](repeating: 0, count: nc + 1)
        for c in rCol { cOff[c + 1] += 1 }
        for k in 0..<nc { cOff[k + 1] += cOff[k] }
        var cRow = [Int](repeating: 0, count: rCol.count)
        var fill = Array(cOff.dropLast())
        for r in 0..<m { for k in rOff[r]..<rOff[r + 1] { cRow[fill[rCol[k]]] = r; fill[rCol[k]] += 1 } }

        var best = (start ?? []).compactMap { local[$0] >= 0 ? local[$0] : nil }
        if best.isEmpty || !covers(best, m, rOff, rCol, cOff, cRow) { best = Array(0..<nc) }
        var u = [Double](repeating: 0, count: m)
        for r in 0..<m {
            var lo = Double.infinity
            for k in rOff[r]..<rOff[r + 1] { lo = min(lo, 1 / Double(cOff[rCol[k] + 1] - cOff[rCol[k]])) }
            u[r] = lo
        }
        var rc = [Double](repeating: 0, count: nc)
        var bestBound = 0.0, lambda = 2.0, sinceImprove = 0, steps = 0
        var s = [Double](repeating: 0, count: m)
        while steps < maxSteps && lambda > 0.005 {
            steps += 1
            var value = 0.0
            for r in 0..<m { value += u[r] }
            for k in 0..<nc {
                var t = 1.0
                for q in cOff[k]..<cOff[k + 1] { t -= u[cRow[q]] }
                rc[k] = t
                if t < 0 { value += t }
            }
            if value > bestBound + 1e-9 { bestBound = value; sinceImprove = 0 } else { sinceImprove += 1 }
            if sinceImprove >= 30 { lambda /= 2; sinceImprove = 0 }
            if steps % 10 == 1 {
                for cover in [heuristic(rc, m, rOff, rCol, cOff, cRow), scoredGreedy(u, m, rOff, rCol, cOff, cRow)]
                where cover.count < best.count { best = cover }
            }
            // The integer optimum is at least ⌈bound⌉: nothing left to find.
            if Double(best.count) <= (bestBound - 1e-6).rounded(.up) { break }
            var norm = 0.0
            for r in 0..<m {
                var g = 1.0
                for k in rOff[r]..<rOff[r + 1] where rc[rCol[k]] < 0 { g -= 1 }
                // A row already at u = 0 with a negative step cannot move.
                if u[r] <= 0 && g < 0 { g = 0 }
                s[r] = g; norm += g * g
            }
            guard norm > 0 else { break }
            let step = lambda * (Double(best.count) - value) / norm
            for r in 0..<m { u[r] = max(0, u[r] + step * s[r]) }
        }
        return Outcome(cover: best.map { cols[$0] }.sorted(), bound: bestBound, steps: steps)
    }

    private static func covers(_ set: [Int], _ m: Int, _ rOff: [Int], _ rCol: [Int], _ cOff: [Int], _ cRow: [Int]) -> Bool {
        var hit = [Bool](repeating: false, count: m)
        for k in set { for q in cOff[k]..<cOff[k + 1] { hit[cRow[q]] = true } }
        return !hit.contains(false)
    }

    /// Greedy on Lagrangian scores (Caprara, Fischetti & Toth 1999): γⱼ = 1 − Σ u over the
    /// rows j would newly cover, μⱼ their count; the best of γ/μ (γ > 0) or γ·μ is taken
    /// until every row is covered, then redundant columns are dropped, last taken first.
    private static func scoredGreedy(_ u: [Double], _ m: Int, _ rOff: [Int], _ rCol: [Int], _ cOff: [Int], _ cRow: [Int]) -> [Int] {
        let nc = cOff.count - 1
        var gamma = [Double](repeating: 1, count: nc), mu = [Int](repeating: 0, count: nc)
        for k in 0..<nc {
            mu[k] = cOff[k + 1] - cOff[k]
            for q in cOff[k]..<cOff[k + 1] { gamma[k] -= u[cRow[q]] }
        }
        var covered = [Bool](repeating: false, count: m)
        var left = m
        var taken: [Int] = []
        while left > 0 {
            var pick = -1, bestScore = Double.infinity
            for k in 0..<nc where mu[k] > 0 {
                let score = gamma[k] > 0 ? gamma[k] / Double(mu[k]) : gamma[k] * Double(mu[k])
                if score < bestScore { bestScore = score; pick = k }
            }
            guard pick >= 0 else { break }
            taken.append(pick)
            for q in cOff[pick]..<cOff[pick + 1] where !covered[cRow[q]] {
                let r = cRow[q]
                covered[r] = true; left -= 1
                for k in rOff[r]..<rOff[r + 1] { mu[rCol[k]] -= 1; gamma[rCol[k]] += u[r] }
            }
        }
        var times = [Int](repeating: 0, count: m)
        for k in taken { for q in cOff[k]..<cOff[k + 1] { times[cRow[q]] += 1 } }
        var keep = [Bool](repeating: false, count: nc)
        for k in taken { keep[k] = true }
        for k in taken.reversed() where (cOff[k]..<cOff[k + 1]).allSatisfy({ times[cRow[$0]] >= 2 }) {
            keep[k] = false
            for q in cOff[k]..<cOff[k + 1] { times[cRow[q]] -= 1 }
        }
        return (0..<nc).filter { keep[$0] }
    }

    /// Negative reduced costs first, each uncovered row completed by its cheapest column, redundant columns dropped (dearest first).
    private static func heuristic(_ rc: [Double], _ m: Int, _ rOff: [Int], _ rCol: [Int], _ cOff: [Int], _ cRow: [Int]) -> [Int] {
        let nc = rc.count
        var chosen = [Bool](repeating: false, count: nc)
        var times = [Int](repeating: 0, count: m)
        func take(_ k: Int) {
            chosen[k] = true
            for q in cOff[k]..<cOff[k + 1] { times[cRow[q]] += 1 }
        }
        for k in 0..<nc where rc[k] < 0 { take(k) }
        for r in 0..<m where times[r] == 0 {
            var pick = rCol[rOff[r]]
            for k in rOff[r]..<rOff[r + 1] where rc[rCol[k]] < rc[pick] || (rc[rCol[k]] == rc[pick] && rCol[k] < pick) { pick = rCol[k] }
            take(pick)
        }
        let order = (0..<nc).filter { chosen[$0] }.sorted { rc[$0] != rc[$1] ? rc[$0] > rc[$1] : $0 > $1 }
        for k in order where (cOff[k]..<cOff[k + 1]).allSatisfy({ times[cRow[$0]] >= 2 }) {
            chosen[k] = false
            for q in cOff[k]..<cOff[k + 1] { times[cRow[q]] -= 1 }
        }
        return (0..<nc).filter { chosen[$0] }
    }
}
