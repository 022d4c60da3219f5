import CGLPK
import Foundation

/// Location set covering (LSCP): the fewest sites that serve every reachable
/// demand point not yet served. Solved as a pure covering program,
/// min Σ x_j s.t. Σ_{j serves g} x_j ≥ 1 for every demand group g, after
/// `CoverReduction`, by GLPK's branch-and-cut seeded with the better of
/// greedy's cover and a Lagrangian one (`LagrangianSetCover`, tightened by
/// `CoverLocalSearch` and refinement). Its LP bound is far tighter than the partial-cover model's
/// (y_g ≤ Σ x_j, Σ w_g y_g ≥ target), which is why `SetCover.exact` is not used
/// for cover-all.
public enum CoverAllExact {
    public struct Options: Sendable {
        public var timeLimit: Double
        /// Branch-and-bound nodes before GLPK stops with its best cover.
        public var nodeLimit: Int
        /// A feasible cover of every reachable unserved demand point (e.g. greedy's).
        public var incumbent: [Int]?
        /// Subgradient steps of the Lagrangian cover heuristic before GLPK.
        public var lagrangianSteps: Int
        /// Refinement rounds after the Lagrangian cover (fix part of it, re-solve the rest); 0 turns them off.
        public var refinements: Int
        public init(
            timeLimit: Double = 60, nodeLimit: Int = 100_000, incumbent: [Int]? = nil, lagrangianSteps: Int = 3_000, refinements: Int = 40
        ) {
            self.timeLimit = timeLimit; self.nodeLimit = nodeLimit; self.incumbent = incumbent; self.lagrangianSteps = lagrangianSteps
            self.refinements = refinements
        }
    }

    public static func solve(_ instance: MaxCoverInstance, options: Options) throws -> SelectionResult {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        try instance.validate()
        guard options.timeLimit.isFinite, options.timeLimit > 0 else { throw ParksError.invalidInput("time limit must be positive seconds") }
        guard options.nodeLimit >= 1 else { throw ParksError.invalidInput("node limit must be at least 1") }
        let groups = DemandGroups(instance)
        guard groups.count > 0 else {
            return SelectionResult(
                selected: [], marginalGains: [], coveredWeight: 0, status: .trivial, bound: 0,
                notes: ["nothing to cover: no reachable resident is unserved"])
        }
        let n = instance.candidateCount
        let red = try CoverReduction(columnCount: n, offsets: groups.offsets, columns: groups.candidates)
        var notes = [
            "pure covering program: \(groups.count) demand groups → \(red.rowCount) rows after dropping implied rows; "
                + "\(n) candidates → \(red.columns.count) columns after dropping dominated ones; \(red.forced.count) forced; "
                + "\(red.rounds) reduction rounds\(red.fixedPoint ? "" : " (stopped on its work or round limit)")"
        ]

        // The incumbent mapped onto the reduced program, then stripped of columns whose rows others cover too.
        var incumbent: [Int]?
        if let inc = options.incumbent { incumbent = prune(red.mapCover(inc), red) }
        if incumbent == nil, options.incumbent != nil { notes.append("the given incumbent does not cover every reachable resident: ignored") }
        var chosen: [Int] = []
        var status = SelectionStatus.optimal
        var lowerBound = 0.0, nodes = 0
        if red.rowCount > 0 {
            // Lagrangian covers: usually far fewer sites than greedy's, so GLPK starts near the optimum.
            let lagStart = elapsed()
            let lag = LagrangianSetCover.solve(
                red, start: incumbent, maxSteps: options.lagrangianSteps, refinements: options.lagrangianSteps > 0 ? options.refinements : 0)
            let lagBound = (lag.bound - 1e-6).rounded(.up)
            let f = red.forced.count
            notes.append(
                String(
                    format: "Lagrangian relaxation: bound %.4f, cover of %d sites (greedy's, reduced: %@) after %d steps",
                    lag.bound + Double(f), lag.lagrangianCount + f, incumbent.map { String($0.count + f) } ?? "none", lag.steps))
            if lag.steps > 0 {
                notes.append(
                    "local search (redundant columns, 2-for-1 replacements) and \(lag.refinementRounds) refinement rounds "
                        + "(\(lag.refinementImproved) improving, \(lag.localSearchMoves) moves): \(lag.lagrangianCount + f) → "
                        + "\(lag.afterLocalSearch + f) → \(lag.cover.count + f) sites"
                        + String(format: " (heuristics %.2f s)", elapsed() - lagStart))
            }
            if incumbent == nil || lag.cover.count < incumbent!.count {
                incumbent = lag.cover
                let stage =
                    lag.cover.count < lag.afterLocalSearch
                    ? "refinement" : lag.afterLocalSearch < lag.lagrangianCount ? "local search" : "Lagrangian heuristic"
                notes.append("incumbent for GLPK: \(lag.cover.count + f) sites from the \(stage)")
            } else {
                notes.append("incumbent for GLPK: greedy's \((incumbent?.count ?? 0) + f) sites")
            }
            if let inc = incumbent, Double(inc.count) <= lagBound {
                chosen = inc; lowerBound = Double(inc.count)
            } else {
                let out = try program(
                    red, incumbent: incumbent, timeLimit: max(0.001, options.timeLimit - elapsed()), nodeLimit: options.nodeLimit)
                chosen = out.selected; status = out.status; lowerBound = max(out.bound, min(lagBound, Double(out.selected.count))); nodes = out.nodes
                notes += out.notes
            }
        }
        let selection = red.forced + chosen
        // Every reachable unserved resident must be served: checked, not assumed.
        let need = instance.reachableUnservedWeight
        guard instance.coveredWeight(of: selection) >= need * (1 - 1e-9) else {
            throw ParksError.solver("the set-cover program returned sites that leave reachable residents unserved")
        }
        let ordered = instance.greedyOrder(of: selection)
        let bound = status == .optimal ? Double(selection.count) : Double(red.forced.count) + lowerBound
        return SelectionResult(
            selected: ordered.order, marginalGains: ordered.gains, coveredWeight: instance.coveredWeight(of: ordered.order),
            status: status, bound: bound, notes: notes, iterations: nodes, seconds: elapsed())
    }

    /// Drops, last first, columns all of whose rows another chosen column covers;
    /// nil when `cover` leaves a reduced row uncovered.
    static func prune(_ cover: [Int], _ red: CoverReduction) -> [Int]? {
        let m = red.rowCount
        var chosen = [Bool](repeating: false, count: red.replacement.count)
        for j in cover { chosen[j] = true }
        var times = [Int32](repeating: 0, count: m)
        var rowsOf = [[Int32]](repeating: [], count: red.replacement.count)
        for r in 0..<m {
            for k in red.rowOffsets[r]..<red.rowOffsets[r + 1] where chosen[Int(red.rowColumns[k])] {
                times[r] += 1; rowsOf[Int(red.rowColumns[k])].append(Int32(r))
            }
        }
        guard !times.contains(0) else { return nil }
        var out: [Int] = []
        for j in cover.reversed() {
            if rowsOf[j].allSatisfy({ times[Int($0)] >= 2 }) {
                for r in rowsOf[j] { times[Int(r)] -= 1 }
            } else {
                out.append(j)
            }
        }
        return out.sorted()
    }

    struct ProgramOutcome {
        var selected: [Int]
        var status: SelectionStatus
        /// Lower bound on the number of columns of the reduced program (rounded up).
        var bound: Double
        var nodes: Int
        var notes: [String]
    }

    /// min Σ x_j over the kept columns s.t. every reduced row has one, by GLPK.
    static func program(_ red: CoverReduction, incumbent: [Int]?, timeLimit: Double, nodeLimit: Int) throws -> ProgramOutcome {
        let cols = red.columns, nc = cols.count, m = red.rowCount
        guard nc > 0 else { throw ParksError.solver("rows left without columns") }
        guard nc + m < Int(Int32.max) / 2, red.rowColumns.count < Int(Int32.max) / 2 else { throw ParksError.solver("model too large for GLPK") }
        var local = [Int32](repeating: 0, count: red.replacement.count)
        for (k, j) in cols.enumerated() { local[j] = Int32(k + 1) }
        for c in red.rowColumns where local[Int(c)] == 0 { throw ParksError.solver("a reduced row lists a dropped candidate \(c)") }
        let start = Date()

        GLPKCoverSolver.lock.lock(); defer { GLPKCoverSolver.lock.unlock() }
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw ParksError.solver("glp_create_prob failed") }
        defer { glp_delete_prob(lp) }
        glp_set_obj_dir(lp, GLP_MIN)
        glp_add_cols(lp, Int32(nc))
        for k in 1...nc { glp_set_col_kind(lp, Int32(k), GLP_BV); glp_set_obj_coef(lp, Int32(k), 1) }
        glp_add_rows(lp, Int32(m))
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        ia.reserveCapacity(red.rowColumns.count + 1); ja.reserveCapacity(red.rowColumns.count + 1); ar.reserveCapacity(red.rowColumns.count + 1)
        for r in 0..<m {
            glp_set_row_bnds(lp, Int32(r + 1), GLP_LO, 1, 0)
            for k in red.rowOffsets[r]..<red.rowOffsets[r + 1] {
                ia.append(Int32(r + 1)); ja.append(local[Int(red.rowColumns[k])]); ar.append(1)
            }
        }
        GLPKCoverSolver.loadMatrix(lp, ia, ja, ar)

        // intopt without its presolver needs an optimal LP basis (and keeps columns mappable for the incumbent).
        GLPKCoverSolver.solveRelaxation(lp, seconds: timeLimit)
        guard glp_get_status(lp) == GLP_OPT else {
            if let inc = incumbent {
                return ProgramOutcome(
                    selected: inc, status: .feasible, bound: 0, nodes: 0,
                    notes: ["time limit reached before the LP relaxation was solved: the greedy cover is returned"])
            }
            throw ParksError.solver("GLPK did not solve the covering LP relaxation")
        }
        let root = glp_get_obj_val(lp)
        let rootBound = (root - 1e-6).rounded(.up)
        // The greedy cover already meets the LP bound: it is optimal, no branching needed.
        if let inc = incumbent, Double(inc.count) <= rootBound {
            return ProgramOutcome(
                selected: inc, status: .optimal, bound: Double(inc.count), nodes: 0,
                notes: [String(format: "LP relaxation %.4f: the greedy cover meets its bound", root)])
        }
        let state = GLPKCoverSolver.CallbackState()
        state.trackBound = true
        state.rootBound = root
        state.nodeLimit = nodeLimit
        if let inc = incumbent {
            var x = [Double](repeating: 0, count: nc + 1)
            for j in inc where local[j] > 0 { x[Int(local[j])] = 1 }
            state.heuristic = x
        }
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.mip_gap = 0
        // Gomory and clique cuts lift the covering LP bound; both are deterministic.
        iocp.gmi_cuts = GLP_ON
        iocp.clq_cuts = GLP_ON
        iocp.tm_lim = Int32(min(max(1, (timeLimit - Date().timeIntervalSince(start)) * 1000), Double(Int32.max)))
        let rc = GLPKCoverSolver.branchAndBound(lp, &iocp, state: state)
        let mip = glp_mip_status(lp)
        let bound = max(rootBound, ((state.lastBound ?? root) - 1e-6).rounded(.up))
        var notes = [String(format: "LP relaxation %.4f", root)]
        switch (rc, mip) {
        case (0, GLP_OPT):
            var sel: [Int] = []
            for (k, j) in cols.enumerated() where glp_mip_col_val(lp, Int32(k + 1)) > 0.5 { sel.append(j) }
            return ProgramOutcome(selected: sel, status: .optimal, bound: Double(sel.count), nodes: state.nodes, notes: notes)
        case (GLP_ETMLIM, GLP_FEAS), (GLP_ESTOP, GLP_FEAS), (0, GLP_FEAS):
            var sel: [Int] = []
            for (k, j) in cols.enumerated() where glp_mip_col_val(lp, Int32(k + 1)) > 0.5 { sel.append(j) }
            if let inc = incumbent, sel.count < inc.count { notes.append("GLPK improved the incumbent by \(inc.count - sel.count) sites") }
            notes.append(
                rc == GLP_ESTOP
                    ? "node limit \(nodeLimit) reached: best cover found, optimality not proven"
                    : "time limit reached: best cover found, optimality not proven")
            return ProgramOutcome(selected: sel, status: .feasible, bound: min(bound, Double(sel.count)), nodes: state.nodes, notes: notes)
        case (GLP_ETMLIM, _), (GLP_ESTOP, _):
            guard let inc = incumbent else { throw ParksError.solver("GLPK stopped before any cover (code \(rc))") }
            notes.append("\(rc == GLP_ESTOP ? "node" : "time") limit reached before GLPK improved on the greedy cover")
            return ProgramOutcome(selected: inc, status: .feasible, bound: min(bound, Double(inc.count)), nodes: state.nodes, notes: notes)
        default:
            throw ParksError.solver("GLPK glp_intopt returned code \(rc), MIP status \(mip) on the covering program")
        }
    }
}
