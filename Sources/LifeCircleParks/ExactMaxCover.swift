import Foundation

/// Maximal covering location problem (Church & ReVelle) solved exactly as an
/// integer program with GLPK: max Σ w_g y_g s.t. y_g ≤ Σ_{j serves g} x_j,
/// Σ x_j ≤ p (or = p), optional Σ a_j x_j ≤ budget, x binary, 0 ≤ y ≤ 1.
/// Demand is aggregated into groups with identical serving sets first.
public enum ExactMaxCover {
    public struct Options: Sendable {
        /// Use GLPK's MIP presolver. Off: the LP is solved first and the greedy
        /// solution seeds branch-and-bound as the first incumbent.
        public var presolve: Bool
        /// Seed with this selection (typically greedy) when presolve is off.
        public var incumbent: [Int]?
        public init(presolve: Bool = true, incumbent: [Int]? = nil) {
            self.presolve = presolve; self.incumbent = incumbent
        }
    }

    public static func solve(_ instance: MaxCoverInstance, options: MaxCoverOptions,
                             solver: Options = Options()) throws -> SelectionResult {
        let start = DispatchTime.now()
        let pre = try MaxCoverPrecheck(instance, options)
        if var t = pre.trivial {
            if options.exactCount && pre.count > 0 && instance.candidateCount > 0 {
                t.selected = Array(0..<pre.count); t.marginalGains = Array(repeating: 0, count: pre.count)
            }
            return t
        }
        let groups = DemandGroups(instance)
        let out = try GLPKCoverSolver.solve(
            instance: instance, groups: groups, kind: .maxCover(count: pre.count, exact: options.exactCount),
            areaBudget: options.areaBudget, timeLimit: options.timeLimit, mipGap: options.mipGap,
            presolve: solver.presolve, incumbent: solver.incumbent)
        let ordered = instance.greedyOrder(of: out.selected)
        // Recompute the objective from the selection: exact arithmetic on our side, no solver tolerance.
        let value = instance.coveredWeight(of: ordered.order)
        let secs = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var bound = out.bound
        if out.status == .optimal { bound = value }
        return SelectionResult(selected: ordered.order, marginalGains: ordered.gains, coveredWeight: value,
                               status: out.status, bound: bound,
                               notes: pre.notes + out.notes,
                               iterations: out.nodes, seconds: secs)
    }
}
