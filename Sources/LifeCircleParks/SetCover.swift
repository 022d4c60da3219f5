import Foundation

/// Partial set covering: the fewest sites so that a target share of all
/// demand weight (already served plus newly served) is served. Greedy adds
/// the largest marginal gain until the target is met; exact solves the
/// integer program min Σ x_j s.t. Σ w_g y_g ≥ target, y_g ≤ Σ x_j with GLPK.
public enum SetCover {
    public struct Options: Sendable {
        /// Share of the total demand weight to serve, in (0, 1].
        public var targetShare: Double
        public var timeLimit: Double
        public var presolve: Bool
        public init(targetShare: Double, timeLimit: Double = 60, presolve: Bool = true) {
            self.targetShare = targetShare; self.timeLimit = timeLimit; self.presolve = presolve
        }
    }

    /// Weight that new sites must add, or a finished result when there is nothing to solve.
    static func prepare(_ instance: MaxCoverInstance, _ options: Options) throws -> (needed: Double, done: SelectionResult?) {
        try instance.validate()
        guard options.targetShare.isFinite, options.targetShare > 0, options.targetShare <= 1 else {
            throw ParksError.invalidInput("target share \(options.targetShare) must be in (0, 1], e.g. 0.8")
        }
        let total = instance.totalWeight
        guard total > 0 else {
            return (
                0,
                SelectionResult(
                    selected: [], marginalGains: [], coveredWeight: 0, status: .trivial,
                    bound: 0, notes: ["nothing to cover: no demand weight"])
            )
        }
        let before = instance.servedWeightBefore
        let needed = options.targetShare * total - before
        if needed <= 1e-12 * total {
            return (
                0,
                SelectionResult(
                    selected: [], marginalGains: [], coveredWeight: 0, status: .trivial, bound: 0,
                    notes: [
                        String(
                            format: "target share %.4f already met by existing green space (%.4f)",
                            options.targetShare, before / total)
                    ])
            )
        }
        let reachable = instance.reachableUnservedWeight
        if reachable < needed * (1 - 1e-12) {
            return (
                needed,
                SelectionResult(
                    selected: [], marginalGains: [], coveredWeight: 0, status: .infeasible, bound: nil,
                    notes: [
                        String(
                            format: "target share %.4f unreachable: all candidates together serve at most %.4f",
                            options.targetShare, (before + reachable) / total)
                    ])
            )
        }
        return (needed, nil)
    }

    public static func greedy(_ instance: MaxCoverInstance, options: Options) throws -> SelectionResult {
        let start = DispatchTime.now()
        let (needed, done) = try prepare(instance, options)
        if let done { return done }
        var r = try LazyGreedyMaxCover.solve(instance, options: MaxCoverOptions(count: instance.candidateCount))
        // Greedy's prefix is the greedy set cover: cut it where the target is first met.
        var acc = 0.0, k = 0
        while k < r.selected.count && acc < needed * (1 - 1e-12) { acc += r.marginalGains[k]; k += 1 }
        r.selected = Array(r.selected.prefix(k)); r.marginalGains = Array(r.marginalGains.prefix(k))
        r.coveredWeight = acc
        r.notes = r.notes.filter { !$0.hasPrefix("no further gain") }
        r.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return r
    }

    public static func exact(_ instance: MaxCoverInstance, options: Options) throws -> SelectionResult {
        let start = DispatchTime.now()
        let (needed, done) = try prepare(instance, options)
        if let done { return done }
        let groups = DemandGroups(instance)
        let seed = options.presolve ? nil : try greedy(instance, options: options).selected
        // A hair below the target so a selection hitting it exactly is not lost to rounding.
        let out = try GLPKCoverSolver.solve(
            instance: instance, groups: groups,
            kind: .setCover(weight: needed - 1e-9 * instance.totalWeight),
            areaBudget: nil, timeLimit: options.timeLimit, mipGap: 0,
            presolve: options.presolve, incumbent: seed)
        let ordered = instance.greedyOrder(of: out.selected)
        let secs = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return SelectionResult(
            selected: ordered.order, marginalGains: ordered.gains,
            coveredWeight: instance.coveredWeight(of: ordered.order), status: out.status,
            bound: out.status == .optimal ? Double(ordered.order.count) : out.bound.map { $0.rounded(.up) },
            notes: out.notes, iterations: out.nodes, seconds: secs)
    }

    /// Exhaustive reference for tests: smallest k with a subset meeting the target.
    public static func bruteForce(_ instance: MaxCoverInstance, options: Options, maxSubsets: Int = 5_000_000) throws -> SelectionResult {
        let (needed, done) = try prepare(instance, options)
        if let done { return done }
        for k in 1...instance.candidateCount {
            let r = try BruteForceMaxCover.solve(instance, options: MaxCoverOptions(count: k, exactCount: true), maxSubsets: maxSubsets)
            if r.coveredWeight >= needed * (1 - 1e-12) {
                return SelectionResult(
                    selected: r.selected, marginalGains: r.marginalGains, coveredWeight: r.coveredWeight,
                    status: .optimal, bound: Double(k), iterations: r.iterations)
            }
        }
        return SelectionResult(selected: [], marginalGains: [], coveredWeight: 0, status: .infeasible)
    }
}
