import Foundation

/// Lagrangian relaxation of maximal covering (coverage rows y_g ≤ Σ x_j
/// relaxed with multipliers 0 ≤ λ_g ≤ w_g): L(λ) = Σ_g (w_g − λ_g) + the sum
/// of the p largest site scores s_j = Σ_{g served by j} λ_g. Every L(λ) is an
/// upper bound on the optimum (its minimum equals the LP bound); subgradient
/// steps (Polyak, towards the incumbent) drive it down in O(non-zeros) per
/// step. Each step also fixes variables: a site outside the p best whose
/// forced entry bounds the value at or below the incumbent is fixed at 0, a
/// site inside whose removal does so is fixed at 1. The fixings keep every
/// solution better than the incumbent, so the integer program left for GLPK
/// is small.
struct LagrangianMaxCover {
    var bound: Double = .infinity
    var fixedZero: [Bool]
    var fixedOne: [Bool]
    var iterations = 0
    /// Multipliers of the best bound, to warm-start a later pass.
    var bestLambda: [Double] = []
    /// Best "p largest scores" selection seen (a Lagrangian heuristic) and its grouped value.
    var heuristic: [Int] = []
    var heuristicValue = -Double.infinity

    /// - Parameters: groups over `n` candidates; `p` sites; `incumbent` a value
    ///   some feasible selection reaches.
    init(
        groups: DemandGroups, candidates n: Int, p: Int, incumbent: Double, start: [Double]? = nil,
        initialStep: Double = 2, maxIterations: Int = 5_000, timeLimit: Double = 10
    ) {
        fixedZero = Array(repeating: false, count: n)
        fixedOne = Array(repeating: false, count: n)
        let m = groups.count
        guard n > 0, p > 0, m > 0 else { bound = 0; return }
        if p >= n { bound = groups.weights.reduce(0, +); return }
        // Candidate -> groups (transpose of the groups' CSR).
        var cStart = [Int](repeating: 0, count: n + 1)
        for j in groups.candidates { cStart[Int(j) + 1] += 1 }
        for j in 0..<n { cStart[j + 1] += cStart[j] }
        var fill = cStart
        var cGroups = [Int32](repeating: 0, count: groups.candidates.count)
        for g in 0..<m {
            for k in groups.offsets[g]..<groups.offsets[g + 1] {
                let j = Int(groups.candidates[k]); cGroups[fill[j]] = Int32(g); fill[j] += 1
            }
        }
        let w = groups.weights
        let total = w.reduce(0, +)
        let tol = 1e-9 * max(1, total)
        // λ = w: L = the sum of the p best single coverages; or warm start.
        var lambda = start?.count == m ? start! : w
        var s = [Double](repeating: 0, count: n)
        var order = Array(0..<n)
        var inTop = [Bool](repeating: false, count: n)
        var cover = [Int32](repeating: 0, count: m)
        var mu = initialStep, sinceBest = 0
        let deadline = Date().addingTimeInterval(timeLimit)
        while iterations < maxIterations {
            iterations += 1
            for j in 0..<n {
                var a = 0.0
                for k in cStart[j]..<cStart[j + 1] { a += lambda[Int(cGroups[k])] }
                s[j] = a
            }
            order.sort { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
            var L = 0.0
            for g in 0..<m { L += w[g] - lambda[g] }
            for r in 0..<p { L += s[order[r]] }
            // Fixing by this multiplier vector.
            let sp = s[order[p - 1]], sp1 = s[order[p]]
            for r in 0..<n {
                let j = order[r]
                if r < p {
                    if L - s[j] + sp1 <= incumbent - tol { fixedOne[j] = true }
                } else if L - sp + s[j] <= incumbent - tol {
                    fixedZero[j] = true
                }
            }
            if L < bound - tol { bound = L; sinceBest = 0; bestLambda = lambda } else { sinceBest += 1 }
            if bound <= incumbent + tol { break }
            if sinceBest >= 30 { mu /= 2; sinceBest = 0; if mu < 2e-3 { break } }
            if iterations % 64 == 0 && Date() > deadline { break }
            // Subgradient of L at λ: (sites in the top p serving g) − 1.
            for r in 0..<n { inTop[order[r]] = r < p }
            for g in 0..<m { cover[g] = 0 }
            for r in 0..<p {
                let j = order[r]
                for k in cStart[j]..<cStart[j + 1] { cover[Int(cGroups[k])] += 1 }
            }
            // The p best sites as a selection: its grouped value comes free from the counts.
            var value = 0.0
            for g in 0..<m where cover[g] > 0 { value += w[g] }
            if value > heuristicValue { heuristicValue = value; heuristic = Array(order[0..<p]) }
            var norm = 0.0
            for g in 0..<m {
                let d = Double(cover[g]) - 1
                // Components that the box [0, w] would cancel do not count.
                if (d > 0 && lambda[g] <= 0) || (d < 0 && lambda[g] >= w[g]) { continue }
                norm += d * d
            }
            guard norm > 0 else { break }
            let step = mu * max(L - incumbent, tol) / norm
            for g in 0..<m {
                let d = Double(cover[g]) - 1
                lambda[g] = min(w[g], max(0, lambda[g] - step * d))
            }
        }
    }
}
