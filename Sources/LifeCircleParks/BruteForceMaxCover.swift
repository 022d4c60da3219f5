/// Exhaustive maximal covering over all subsets of size ≤ p (or exactly p).
/// Only for small instances — the reference the exact and greedy methods are
/// tested against. Refuses more than `maxSubsets` subsets.
public enum BruteForceMaxCover {
    public static func solve(
        _ instance: MaxCoverInstance, options: MaxCoverOptions,
        maxSubsets: Int = 5_000_000
    ) throws -> SelectionResult {
        let pre = try MaxCoverPrecheck(instance, options)
        if let t = pre.trivial { return t }
        let n = instance.candidateCount, p = pre.count
        var subsets = 0.0, c = 1.0
        for k in 0...p { if k > 0 { c = c * Double(n - k + 1) / Double(k) }; subsets += c }
        guard subsets <= Double(maxSubsets) else {
            throw ParksError.invalidInput("brute force would enumerate \(Int(subsets)) subsets (limit \(maxSubsets)); use ExactMaxCover")
        }
        var best: [Int] = [], bestValue = -1.0
        var current: [Int] = []
        var count = 0
        func visit(_ from: Int) {
            if !options.exactCount || current.count == p {
                if budgetOK(current) {
                    count += 1
                    let v = instance.coveredWeight(of: current)
                    if v > bestValue { bestValue = v; best = current }
                }
            }
            guard current.count < p else { return }
            for j in from..<n {
                current.append(j); visit(j + 1); current.removeLast()
            }
        }
        func budgetOK(_ s: [Int]) -> Bool {
            guard let b = options.areaBudget else { return true }
            return s.reduce(0.0) { $0 + instance.siteAreas[$1] } <= b
        }
        visit(0)
        guard bestValue >= 0 else {
            return SelectionResult(
                selected: [], marginalGains: [], coveredWeight: 0, status: .infeasible,
                notes: pre.notes + ["no subset satisfies the constraints"], iterations: count)
        }
        let ordered = instance.greedyOrder(of: best)
        return SelectionResult(
            selected: ordered.order, marginalGains: ordered.gains, coveredWeight: bestValue,
            status: .optimal, bound: bestValue, notes: pre.notes, iterations: count)
    }
}
