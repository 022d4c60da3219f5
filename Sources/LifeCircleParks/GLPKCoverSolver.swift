import CGLPK
import Foundation

/// Covering integer programs (maximal covering and partial set covering)
/// solved with GLPK's branch-and-cut through its C API.
///
/// GLPK aborts the process on API misuse, so every index and bound is built
/// here from validated inputs; calls are serialised by a process-wide lock
/// (GLPK keeps per-thread state; one problem at a time keeps that simple).
enum GLPKCoverSolver {
    enum Kind {
        /// Maximise covered weight with at most (or exactly) p sites.
        case maxCover(count: Int, exact: Bool)
        /// Minimise the number of sites covering at least `weight`.
        case setCover(weight: Double)
    }

    struct Outcome {
        var selected: [Int]
        var objective: Double
        var status: SelectionStatus
        var bound: Double?
        var nodes: Int
        var notes: [String]
    }

    static let lock = NSLock()

    /// - Parameters:
    ///   - incumbent: a feasible selection (e.g. greedy) handed to GLPK as the
    ///     first incumbent when presolve is off (with presolve GLPK works on a
    ///     transformed problem whose columns cannot be mapped back).
    static func solve(
        instance: MaxCoverInstance, groups: DemandGroups, kind: Kind,
        areaBudget: Double?, timeLimit: Double, mipGap: Double,
        presolve: Bool, incumbent: [Int]?
    ) throws -> Outcome {
        let n = instance.candidateCount, m = groups.count
        guard n > 0 else { throw ParksError.solver("no candidates") }
        guard n + m < Int(Int32.max) / 2 else { throw ParksError.solver("model too large for GLPK") }
        guard timeLimit.isFinite, timeLimit > 0 else { throw ParksError.invalidInput("time limit must be positive seconds") }

        lock.lock(); defer { lock.unlock() }
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw ParksError.solver("glp_create_prob failed") }
        defer { glp_delete_prob(lp) }

        // Columns: x_1..x_n sites (binary), then y_1..y_m demand groups in [0,1];
        // y need not be integer: for integer x the optimum sets y to 0/1 anyway.
        glp_add_cols(lp, Int32(n + m))
        for j in 0..<n {
            glp_set_col_kind(lp, Int32(j + 1), GLP_BV)
        }
        for g in 0..<m {
            glp_set_col_bnds(lp, Int32(n + g + 1), GLP_DB, 0, 1)
        }
        switch kind {
        case .maxCover:
            glp_set_obj_dir(lp, GLP_MAX)
            for g in 0..<m { glp_set_obj_coef(lp, Int32(n + g + 1), groups.weights[g]) }
        case .setCover:
            glp_set_obj_dir(lp, GLP_MIN)
            for j in 0..<n { glp_set_obj_coef(lp, Int32(j + 1), 1) }
        }

        // Rows: y_g − Σ_{j serves g} x_j ≤ 0, then the count / weight row, then the budget row.
        var extraRows = 1
        if areaBudget != nil { extraRows += 1 }
        glp_add_rows(lp, Int32(m + extraRows))
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        let nnz = groups.candidates.count + m + n * extraRows
        ia.reserveCapacity(nnz + 1); ja.reserveCapacity(nnz + 1); ar.reserveCapacity(nnz + 1)
        for g in 0..<m {
            let r = Int32(g + 1)
            glp_set_row_bnds(lp, r, GLP_UP, 0, 0)
            ia.append(r); ja.append(Int32(n + g + 1)); ar.append(1)
            for k in groups.offsets[g]..<groups.offsets[g + 1] {
                ia.append(r); ja.append(groups.candidates[k] + 1); ar.append(-1)
            }
        }
        let r1 = Int32(m + 1)
        switch kind {
        case .maxCover(let p, let exact):
            glp_set_row_bnds(lp, r1, exact ? GLP_FX : GLP_UP, Double(p), Double(p))
            for j in 0..<n { ia.append(r1); ja.append(Int32(j + 1)); ar.append(1) }
        case .setCover(let weight):
            glp_set_row_bnds(lp, r1, GLP_LO, weight, 0)
            for g in 0..<m { ia.append(r1); ja.append(Int32(n + g + 1)); ar.append(groups.weights[g]) }
        }
        if let b = areaBudget {
            let r2 = Int32(m + 2)
            glp_set_row_bnds(lp, r2, GLP_UP, 0, b)
            for j in 0..<n where instance.siteAreas[j] != 0 {
                ia.append(r2); ja.append(Int32(j + 1)); ar.append(instance.siteAreas[j])
            }
        }
        // GLPK aborts the process (glp_error, not a return code) on a repeated (row, column) pair or an
        // index out of range, and NaN bounds or coefficients make the solve meaningless: checked first.
        guard ar.dropFirst().allSatisfy({ $0.isFinite }), areaBudget?.isFinite ?? true else {
            throw ParksError.invalidInput("a demand weight, site area or area budget is not a finite number")
        }
        var mark = [Int32](repeating: 0, count: n)
        for g in 0..<m {
            for k in groups.offsets[g]..<groups.offsets[g + 1] {
                let j = Int(groups.candidates[k])
                guard j >= 0 && j < n, mark[j] != Int32(g + 1) else {
                    throw ParksError.solver("demand group \(g) lists candidate \(j) twice or out of range")
                }
                mark[j] = Int32(g + 1)
            }
        }
        Self.loadMatrix(lp, ia, ja, ar)

        let state = CallbackState()
        state.trackBound = !presolve
        var notes: [String] = []
        let deadline = Date().addingTimeInterval(timeLimit)
        if !presolve {
            // intopt without its presolver needs an optimal LP basis first.
            var smcp = glp_smcp()
            glp_init_smcp(&smcp)
            smcp.msg_lev = GLP_MSG_OFF
            smcp.presolve = GLP_ON
            smcp.tm_lim = Int32(min(timeLimit * 1000, Double(Int32.max)))
            let rc = glp_simplex(lp, &smcp)
            // After the LP presolver, a basis exists only for an optimal LP; rerun without it otherwise.
            if rc != 0 || glp_get_status(lp) != GLP_OPT {
                smcp.presolve = GLP_OFF
                // Its return code is not needed: glp_get_status below says whether an optimal basis exists.
                _ = glp_simplex(lp, &smcp)
            }
            let st = glp_get_status(lp)
            if st == GLP_NOFEAS {
                return Outcome(
                    selected: [], objective: 0, status: .infeasible, bound: nil, nodes: 0,
                    notes: ["the constraints cannot be met (LP relaxation infeasible)"])
            }
            guard st == GLP_OPT else {
                return Outcome(
                    selected: [], objective: 0, status: .feasible, bound: nil, nodes: 0,
                    notes: ["time limit reached before the LP relaxation was solved"])
            }
            state.rootBound = glp_get_obj_val(lp)
            if let inc = incumbent {
                var x = [Double](repeating: 0, count: n + m + 1)
                for j in inc where j >= 0 && j < n { x[j + 1] = 1 }
                for g in 0..<m {
                    for k in groups.offsets[g]..<groups.offsets[g + 1] where x[Int(groups.candidates[k]) + 1] == 1 {
                        x[n + g + 1] = 1; break
                    }
                }
                state.heuristic = x
            }
        }

        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = presolve ? GLP_ON : GLP_OFF
        let remainingMs = max(1, deadline.timeIntervalSinceNow * 1000)
        iocp.tm_lim = Int32(min(remainingMs, Double(Int32.max)))
        iocp.mip_gap = max(0, mipGap)
        let rc = Self.branchAndBound(lp, &iocp, state: state)
        let mipStatus = glp_mip_status(lp)
        var status: SelectionStatus
        switch (rc, mipStatus) {
        case (0, GLP_OPT): status = .optimal
        case (_, GLP_NOFEAS), (GLP_ENOPFS, _):
            return Outcome(
                selected: [], objective: 0, status: .infeasible, bound: nil, nodes: state.nodes,
                notes: ["the constraints cannot be met"])
        case (GLP_ETMLIM, GLP_FEAS), (GLP_EMIPGAP, GLP_FEAS), (0, GLP_FEAS):
            status = .feasible
            notes.append(
                rc == GLP_ETMLIM
                    ? "time limit reached: best solution found, optimality not proven"
                    : "stopped at the requested MIP gap")
        case (GLP_ETMLIM, _):
            return Outcome(
                selected: [], objective: 0, status: .feasible, bound: state.lastBound ?? state.rootBound,
                nodes: state.nodes, notes: ["time limit reached before any integer solution"])
        default:
            throw ParksError.solver("GLPK glp_intopt returned code \(rc), MIP status \(mipStatus)")
        }
        var selected: [Int] = []
        for j in 0..<n where glp_mip_col_val(lp, Int32(j + 1)) > 0.5 { selected.append(j) }
        let objective = glp_mip_obj_val(lp)
        var bound: Double? = status == .optimal ? objective : (state.lastBound ?? state.rootBound)
        if case .setCover = kind, let b = bound { bound = b.rounded(.up) == b ? b : max(0, b) }
        return Outcome(
            selected: selected, objective: objective, status: status, bound: bound,
            nodes: state.nodes, notes: notes)
    }

    /// Loads the triplets (1-based, index 0 unused as GLPK wants) into `lp`.
    static func loadMatrix(_ lp: OpaquePointer, _ ia: [Int32], _ ja: [Int32], _ ar: [Double]) {
        ia.withUnsafeBufferPointer { pi in
            ja.withUnsafeBufferPointer { pj in
                ar.withUnsafeBufferPointer { pa in glp_load_matrix(lp, Int32(ia.count - 1), pi.baseAddress, pj.baseAddress, pa.baseAddress) }
            }
        }
    }

    /// The LP relaxation by the primal simplex, quiet, within `seconds`; the
    /// caller reads `glp_get_status`, since intopt without its presolver needs an
    /// optimal basis.
    static func solveRelaxation(_ lp: OpaquePointer, seconds: Double) {
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.tm_lim = Int32(min(max(0, seconds) * 1000, Double(Int32.max)))
        _ = glp_simplex(lp, &smcp)
    }

    /// Runs `glp_intopt` with the one branch-and-bound callback every exact program here
    /// uses: it hands GLPK the incumbent once, records the best node bound (only when
    /// `trackBound`) and the node count, and stops the search at `nodeLimit` nodes.
    static func branchAndBound(_ lp: OpaquePointer, _ iocp: inout glp_iocp, state: CallbackState) -> Int32 {
        iocp.cb_func = { tree, info in
            guard let tree, let info else { return }
            let s = Unmanaged<CallbackState>.fromOpaque(info).takeUnretainedValue()
            if glp_ios_reason(tree) == GLP_IHEUR, !s.heuristicGiven, var x = s.heuristic {
                s.heuristicGiven = true
                _ = x.withUnsafeMutableBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
            }
            let best = glp_ios_best_node(tree)
            if best != 0 && s.trackBound { s.lastBound = glp_ios_node_bound(tree, best) }
            var active: Int32 = 0, live: Int32 = 0, total: Int32 = 0
            glp_ios_tree_size(tree, &active, &live, &total)
            s.nodes = Int(total)
            if s.nodes >= s.nodeLimit && !s.stopped { s.stopped = true; glp_ios_terminate(tree) }
        }
        return withExtendedLifetime(state) { () -> Int32 in
            iocp.cb_info = Unmanaged.passUnretained(state).toOpaque()
            return glp_intopt(lp, &iocp)
        }
    }

    final class CallbackState {
        var heuristic: [Double]?
        var heuristicGiven = false
        var rootBound: Double?
        var lastBound: Double?
        var nodes = 0
        /// Node bounds are in the original objective only without the MIP presolver.
        var trackBound = false
        /// Nodes after which a callback may stop the search (`CapacitatedExact`).
        var nodeLimit = Int.max
        var stopped = false
    }
}
