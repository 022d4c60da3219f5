/// A cover of the reduced covering rows from Lagrangian relaxation (Beasley
/// 1990): multipliers u_i ≥ 0 on the rows, reduced costs 1 − Σ_{i∋j} u_i,
/// subgradient steps toward the best cover found; every few steps a cover is
/// built from the columns of negative reduced cost, completed row by row with
/// the cheapest reduced cost and stripped of redundant columns. Far better
/// than greedy as the incumbent GLPK starts from, and its bound is valid too.
/// The cover is then tightened by local search and by refinement passes.
/// Bounded by a step count; deterministic.
enum LagrangianSetCover {
    struct Outcome {
        /// Best cover found (original column indices, ascending).
        var cover: [Int]
        /// Lower bound on the number of columns (the best Lagrangian value).
        var bound: Double
        var steps: Int
        /// Sites of the subgradient heuristic's cover, then after local search (reduced program).
        var lagrangianCount = 0
        var afterLocalSearch = 0
        var refinementRounds = 0
        /// Refinement rounds that found a smaller cover.
        var refinementImproved = 0
        var localSearchMoves = 0
    }

    static func solve(_ red: CoverReduction, start: [Int]?, maxSteps: Int = 3_000, refinements: Int = 40, maxPasses: Int = 5) -> Outcome {
        let m = red.rowCount, cols = red.columns, nc = cols.count
        var local = [Int](repeating: -1, count: red.replacement.count)
        for (k, j) in cols.enumerated() { local[j] = k }
        let a = CoverLocalSearch.Matrix(rows: m, rOff: red.rowOffsets, rCol: red.rowColumns.map { local[Int($0)] }, columnCount: nc)

        var best = (start ?? []).compactMap { local[$0] >= 0 ? local[$0] : nil }
        if best.isEmpty || !covers(best, a) { best = Array(0..<nc) }
        var u = [Double](repeating: 0, count: m)
        for r in 0..<m {
            var lo = Double.infinity
            for k in a.rOff[r]..<a.rOff[r + 1] { lo = min(lo, 1 / Double(a.cOff[a.rCol[k] + 1] - a.cOff[a.rCol[k]])) }
            u[r] = lo
        }
        let run = subgradient(a, u: &u, best: &best, maxSteps: maxSteps)
        var outcome = Outcome(cover: [], bound: run.bound, steps: run.steps)
        let floor = Int((run.bound - 1e-6).rounded(.up))
        outcome.lagrangianCount = best.count
        if best.count > floor, maxSteps > 0 {
            let ls = CoverLocalSearch.improve(best, a)
            outcome.localSearchMoves += ls.moves
            best = ls.cover
        }
        outcome.afterLocalSearch = best.count
        // Passes of refinement from the same multipliers, each from the best cover so far,
        // until one finds nothing better (at most `maxPasses`).
        var pass = 0
        while best.count > floor, refinements > 0, pass < maxPasses {
            pass += 1
            let before = best.count
            refine(a, u: u, best: &best, floor: floor, rounds: refinements, outcome: &outcome)
            if best.count == before { break }
        }
        outcome.cover = best.map { cols[$0] }.sorted()
        return outcome
    }

    /// Refinement (Caprara, Fischetti & Toth 1999): fix the chosen columns of the
    /// best cover with the lowest reduced costs until they cover a share π of the
    /// rows, re-run the subgradient heuristic on the rows left (warm-started from
    /// the multipliers), join, tighten by local search. π grows by 3% after a round
    /// without a better cover and falls back after one with. Bounded by `rounds`.
    private static func refine(
        _ a: CoverLocalSearch.Matrix, u base: [Double], best: inout [Int], floor: Int, rounds: Int, outcome: inout Outcome
    ) {
        let m = a.m, nc = a.columnCount
        var share = 0.3
        var rc = [Double](repeating: 0, count: nc)
        var fixed = [Bool](repeating: false, count: nc), covered = [Bool](repeating: false, count: m)
        var newRow = [Int](repeating: -1, count: m)
        var u = base
        for _ in 1...rounds {
            if best.count <= floor || share >= 1 { break }
            outcome.refinementRounds += 1
            for k in 0..<nc {
                var t = 1.0
                for q in a.cOff[k]..<a.cOff[k + 1] { t -= u[a.cRow[q]] }
                rc[k] = t
            }
            let order = best.sorted { rc[$0] != rc[$1] ? rc[$0] < rc[$1] : $0 < $1 }
            for k in 0..<nc { fixed[k] = false }
            for r in 0..<m { covered[r] = false }
            var done = 0, nFixed = 0
            for k in order {
                if Double(done) >= share * Double(m) { break }
                fixed[k] = true; nFixed += 1
                for q in a.cOff[k]..<a.cOff[k + 1] where !covered[a.cRow[q]] { covered[a.cRow[q]] = true; done += 1 }
            }
            // The rows left, over all columns not fixed.
            var rOff = [0], rCol: [Int] = []
            var su: [Double] = []
            for r in 0..<m where !covered[r] {
                newRow[r] = rOff.count - 1
                for p in a.rOff[r]..<a.rOff[r + 1] where !fixed[a.rCol[p]] { rCol.append(a.rCol[p]) }
                rOff.append(rCol.count); su.append(u[r])
            }
            var joined = best.filter { fixed[$0] }
            if rOff.count > 1 {
                let sub = CoverLocalSearch.Matrix(rows: rOff.count - 1, rOff: rOff, rCol: rCol, columnCount: nc)
                var subBest = best.filter { !fixed[$0] }
                _ = subgradient(sub, u: &su, best: &subBest, maxSteps: 250)
                joined += subBest
                // Carry the residual multipliers back: the next round fixes by them.
                for r in 0..<m where !covered[r] { u[r] = su[newRow[r]] }
            }
            let ls = CoverLocalSearch.improve(joined, a)
            outcome.localSearchMoves += ls.moves
            if ls.cover.count < best.count && covers(ls.cover, a) {
                best = ls.cover; outcome.refinementImproved += 1
                share = max(0.3, share * 0.9)
            } else {
                share *= 1.03
            }
        }
    }

    /// Subgradient steps from `u`; every ten steps two covers are built, the better kept in `best`
    /// (which must cover every row of `a`). Returns the best Lagrangian value and the steps taken.
    private static func subgradient(
        _ a: CoverLocalSearch.Matrix, u: inout [Double], best: inout [Int], maxSteps: Int
    ) -> (bound: Double, steps: Int) {
        let m = a.m, nc = a.columnCount
        let rOff = a.rOff, rCol = a.rCol, cOff = a.cOff, cRow = a.cRow
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
        return (bestBound, steps)
    }

    private static func covers(_ set: [Int], _ a: CoverLocalSearch.Matrix) -> Bool {
        var hit = [Bool](repeating: false, count: a.m)
        for k in set { for q in a.cOff[k]..<a.cOff[k + 1] { hit[a.cRow[q]] = true } }
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
