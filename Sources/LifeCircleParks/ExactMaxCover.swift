import Foundation

/// Maximal covering location problem (Church & ReVelle) solved exactly as an
/// integer program with GLPK: max Σ w_g y_g s.t. y_g ≤ Σ_{j serves g} x_j,
/// Σ x_j ≤ p (or = p), optional Σ a_j x_j ≤ budget, x binary, 0 ≤ y ≤ 1.
///
/// Before GLPK sees it the model is shrunk, keeping the optimum: demand with
/// identical serving sets is merged; a strong incumbent comes from greedy
/// plus swap local search; Lagrangian bounds then fix most sites at 0 or 1
/// (`LagrangianMaxCover`). If the bound already meets the incumbent, that is
/// the proof; otherwise the reduced program goes to GLPK's branch-and-cut.
public enum ExactMaxCover {
    public struct Options: Sendable {
        /// Use GLPK's MIP presolver. Off: the LP is solved first and the
        /// incumbent seeds branch-and-bound.
        public var presolve: Bool
        /// A feasible selection to start from (typically greedy); computed when nil.
        public var incumbent: [Int]?
        /// Shrink the model with local search and Lagrangian fixing first
        /// (not with an area budget, where the plain model is solved).
        public var reduce: Bool
        public init(presolve: Bool = true, incumbent: [Int]? = nil, reduce: Bool = true) {
            self.presolve = presolve; self.incumbent = incumbent; self.reduce = reduce
        }
    }

    public static func solve(
        _ instance: MaxCoverInstance, options: MaxCoverOptions,
        solver: Options = Options()
    ) throws -> SelectionResult {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        let pre = try MaxCoverPrecheck(instance, options)
        if var t = pre.trivial {
            if options.exactCount && pre.count > 0 && instance.candidateCount > 0 {
                t.selected = Array(0..<pre.count); t.marginalGains = Array(repeating: 0, count: pre.count)
            }
            return t
        }
        for j in solver.incumbent ?? [] where j < 0 || j >= instance.candidateCount {
            throw ParksError.invalidInput("incumbent site \(j) is not a candidate index")
        }
        let groups = DemandGroups(instance)
        if !solver.reduce || options.areaBudget != nil {
            let out = try GLPKCoverSolver.solve(
                instance: instance, groups: groups, kind: .maxCover(count: pre.count, exact: options.exactCount),
                areaBudget: options.areaBudget, timeLimit: options.timeLimit, mipGap: options.mipGap,
                presolve: solver.presolve, incumbent: solver.incumbent)
            return finish(instance, out.selected, out.status, out.bound, pre.notes + out.notes, out.nodes, elapsed())
        }

        // 1. Incumbent: greedy, then swaps.
        let p = pre.count
        var seed = try solver.incumbent ?? LazyGreedyMaxCover.solve(instance, options: MaxCoverOptions(count: p)).selected
        var seen = Set<Int>()
        seed = seed.filter { seen.insert($0).inserted }  // no duplicates: swap counts assume a set
        if seed.count > p { seed = Array(seed.prefix(p)) }
        let local = SwapLocalSearch.improve(instance, start: seed, timeLimit: max(0.1, options.timeLimit * 0.1))
        var incumbent = local.selected
        var incumbentValue = local.value
        let seedValue = instance.coveredWeight(of: seed)
        if seedValue > incumbentValue { incumbent = seed; incumbentValue = seedValue }
        var notes = pre.notes

        // 2. Lagrangian bound and fixing on the grouped demand; its heuristic
        //    selections, polished by swaps, often beat greedy's, and a better
        //    incumbent fixes far more sites in a second, warm-started pass.
        let lagTime = max(0.1, options.timeLimit * 0.1)
        var lag = LagrangianMaxCover(
            groups: groups, candidates: instance.candidateCount, p: p, incumbent: incumbentValue,
            timeLimit: lagTime)
        if !lag.heuristic.isEmpty && lag.heuristicValue > 0 {
            let polished = SwapLocalSearch.improve(instance, start: lag.heuristic, timeLimit: max(0.1, options.timeLimit * 0.1))
            if polished.value > incumbentValue {
                incumbent = polished.selected; incumbentValue = polished.value
                let second = LagrangianMaxCover(
                    groups: groups, candidates: instance.candidateCount, p: p, incumbent: incumbentValue,
                    start: lag.bestLambda, initialStep: 0.25, maxIterations: 400, timeLimit: lagTime)
                var merged = second
                merged.bound = min(lag.bound, second.bound)
                for j in 0..<instance.candidateCount {
                    merged.fixedZero[j] = second.fixedZero[j] || lag.fixedZero[j]
                    merged.fixedOne[j] = second.fixedOne[j] || lag.fixedOne[j]
                }
                merged.iterations += lag.iterations
                lag = merged
            }
        }
        let tol = 1e-9 * max(1, instance.totalWeight)
        if lag.bound <= incumbentValue + tol {
            notes.append("optimality proved by the Lagrangian bound (\(lag.iterations) subgradient steps)")
            return finish(instance, incumbent, .optimal, incumbentValue, notes, 0, elapsed(), exactCount: options.exactCount ? p : nil)
        }

        // 3. The reduced program: free sites only, demand not yet decided.
        let n = instance.candidateCount
        let ones = (0..<n).filter { lag.fixedOne[$0] }
        let free = (0..<n).filter { !lag.fixedOne[$0] && !lag.fixedZero[$0] }
        let pLeft = p - ones.count
        if pLeft < 0 || (0..<n).contains(where: { lag.fixedOne[$0] && lag.fixedZero[$0] }) {
            // Contradictory fixings: no selection beats the incumbent.
            notes.append("optimality proved by Lagrangian fixing (\(lag.iterations) subgradient steps)")
            return finish(instance, incumbent, .optimal, incumbentValue, notes, 0, elapsed(), exactCount: options.exactCount ? p : nil)
        }
        notes.append(
            "Lagrangian fixing: \(ones.count) sites fixed in, \(n - ones.count - free.count) out, \(free.count) left for GLPK (bound \(fmt(lag.bound)), incumbent \(fmt(incumbentValue)))"
        )
        var chosen = ones
        var status = SelectionStatus.optimal
        var bound: Double? = nil
        var nodes = 0
        if pLeft > 0 && !free.isEmpty {
            var newIndex = [Int32](repeating: -1, count: n)
            for (k, j) in free.enumerated() { newIndex[j] = Int32(k) }
            var isOne = [Bool](repeating: false, count: n)
            for j in ones { isOne[j] = true }
            var lists = [[Int]](repeating: [], count: free.count)
            var weights: [Double] = []
            for g in 0..<groups.count {
                let range = groups.offsets[g]..<groups.offsets[g + 1]
                if range.contains(where: { isOne[Int(groups.candidates[$0])] }) { continue }  // already served by fixed sites
                var any = false
                for k in range where newIndex[Int(groups.candidates[k])] >= 0 {
                    lists[Int(newIndex[Int(groups.candidates[k])])].append(weights.count); any = true
                }
                if any { weights.append(groups.weights[g]) }
            }
            let reduced = MaxCoverInstance(sets: try CoverageSets(lists: lists, demandCount: weights.count), weights: weights)
            let reducedGroups = DemandGroups(reduced)
            let remaining = max(0.1, options.timeLimit - elapsed())
            if reducedGroups.count > 0 {
                let out = try GLPKCoverSolver.solve(
                    instance: reduced, groups: reducedGroups, kind: .maxCover(count: min(pLeft, free.count), exact: options.exactCount),
                    areaBudget: nil, timeLimit: remaining, mipGap: options.mipGap, presolve: solver.presolve, incumbent: nil)
                chosen += out.selected.map { free[$0] }
                status = out.status
                nodes = out.nodes
                notes += out.notes
            }
            if options.exactCount && chosen.count < p {
                // Fill with unused free sites (zero gain) to meet Σx = p.
                let used = Set(chosen)
                chosen += free.filter { !used.contains($0) }.prefix(p - chosen.count)
            }
        }
        let value = instance.coveredWeight(of: chosen)
        if value < incumbentValue - tol || status == .infeasible {
            // The reduced search found nothing better: the incumbent stands.
            if status == .optimal { notes.append("no selection beats the local-search incumbent") }
            chosen = incumbent
        }
        if status != .optimal { bound = lag.bound }
        return finish(
            instance, chosen, status == .infeasible ? .optimal : status, bound, notes, nodes, elapsed(),
            exactCount: options.exactCount ? p : nil)
    }

    static func finish(
        _ instance: MaxCoverInstance, _ selected: [Int], _ status: SelectionStatus, _ bound: Double?,
        _ notes: [String], _ nodes: Int, _ seconds: Double, exactCount: Int? = nil
    ) -> SelectionResult {
        var selected = selected
        if let p = exactCount, selected.count < p {
            // Σx = p: pad with unused sites (they add nothing, or greedy would have taken them).
            let used = Set(selected)
            selected += (0..<instance.candidateCount).filter { !used.contains($0) }.prefix(p - selected.count)
        }
        let ordered = instance.greedyOrder(of: selected)
        // The objective recomputed from the selection: our arithmetic, not the solver's tolerance.
        let value = instance.coveredWeight(of: ordered.order)
        return SelectionResult(
            selected: ordered.order, marginalGains: ordered.gains, coveredWeight: value, status: status,
            bound: status == .optimal ? value : bound, notes: notes, iterations: nodes, seconds: seconds)
    }
}
