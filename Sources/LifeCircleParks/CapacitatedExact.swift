import CGLPK
import Foundation

/// Capacitated siting as a GLPK mixed-integer program, each demand point
/// assigned to its nearest open site (Rojeski–ReVelle closest-assignment rows):
///
///     y_j ∈ {0,1} open, z_ij ∈ [0,1] assignment, v_j ≥ 0 served weight
///     Σ_j z_ij ≤ 1 (= 1 for cover-all)          z_ij ≤ y_j
///     Σ_{k nearer i than j, or j} z_ik ≥ y_j     (closest assignment)
///     count:     max Σ v_j,  v_j ≤ Σ_i w_i z_ij,  v_j ≤ C y_j,  Σ y_j ≤ P
///     cover-all: min Σ y_j,  Σ_i w_i z_ij ≤ C y_j
///
/// The closest-assignment rows hold Σ_i n_i(n_i+1)/2 entries (n_i sites
/// reaching resident i); above `closestAssignmentLimit` they are left out
/// and the program lets a resident use any open site within the radius: its
/// optimum is then an upper bound on the nearest-site optimum. Either way
/// the reported value is the nearest-open-site assignment of the chosen
/// sites recomputed by `CapacitatedCoverInstance`, and `mipObjective` is
/// the program's own value beside it.
public enum CapacitatedExact {
    public struct Options: Sendable {
        /// Sites to open (max served weight); nil = the fewest serving every reachable demand point.
        public var count: Int?
        public var timeLimit: Double
        public var mipGap: Double
        /// Branch-and-bound nodes after which the search stops with what it has.
        public var nodeLimit: Int
        /// Most matrix entries the closest-assignment rows may add.
        public var closestAssignmentLimit: Int
        /// A feasible selection (typically greedy) to start from.
        public var incumbent: [Int]?
        public init(
            count: Int?, timeLimit: Double = 60, mipGap: Double = 0, nodeLimit: Int = 100_000, closestAssignmentLimit: Int = 2_000_000,
            incumbent: [Int]? = nil
        ) {
            self.count = count; self.timeLimit = timeLimit; self.mipGap = mipGap; self.nodeLimit = nodeLimit
            self.closestAssignmentLimit = closestAssignmentLimit; self.incumbent = incumbent
        }
    }

    public struct Outcome: Sendable {
        public var result: SelectionResult
        /// The program's objective (served weight for count, sites for cover-all).
        public var mipObjective: Double?
        /// True when the closest-assignment rows were in the program.
        public var closestAssignment: Bool
    }

    public static func solve(_ inst: CapacitatedCoverInstance, options o: Options) throws -> Outcome {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        guard o.timeLimit.isFinite, o.timeLimit > 0 else { throw ParksError.invalidInput("time limit must be positive seconds") }
        if let p = o.count, p < 1 { throw ParksError.invalidInput("count \(p) must be at least 1") }
        let cap = inst.capacity
        let useful = (0..<inst.candidateCount).filter { inst.sets.offsets[$0 + 1] > inst.sets.offsets[$0] }
        // Weightless residents change no value: left out of the rows (cover-all need not reach them).
        let reached = (0..<inst.demandCount).filter { inst.demandOffsets[$0 + 1] > inst.demandOffsets[$0] && inst.weights[$0] > 0 }
        func done(_ status: SelectionStatus, _ notes: [String]) -> Outcome {
            Outcome(
                result: SelectionResult(
                    selected: [], marginalGains: [], coveredWeight: 0, status: status, bound: status == .trivial ? 0 : nil, notes: notes,
                    seconds: elapsed()), mipObjective: nil, closestAssignment: false)
        }
        if useful.isEmpty || inst.reachableWeight <= 0 { return done(.trivial, ["no candidate reaches a resident with weight"]) }
        if o.count == nil, let i = reached.first(where: { inst.weights[$0] > cap }) {
            return done(
                .infeasible,
                [
                    String(
                        format: "resident %d weighs %.6g, more than the capacity %.6g of one site: not every resident can be served", i,
                        inst.weights[i], cap)
                ])
        }
        let u = useful.count, np = inst.sets.indices.count
        var yCol = [Int32](repeating: 0, count: inst.candidateCount)
        for (k, j) in useful.enumerated() { yCol[j] = Int32(k + 1) }
        func zCol(_ p: Int) -> Int32 { Int32(u + p + 1) }
        func vCol(_ j: Int) -> Int32 { Int32(u + np) + yCol[j] }
        var closestNNZ = 0
        for i in reached {
            let n = inst.demandOffsets[i + 1] - inst.demandOffsets[i]
            closestNNZ += n * (n + 1) / 2 + n
        }
        let closest = closestNNZ <= o.closestAssignmentLimit
        var notes: [String] = []
        if !closest {
            notes.append(
                "closest-assignment rows (\(closestNNZ) entries) exceed the limit \(o.closestAssignmentLimit): the program lets residents use any open site in reach, an upper bound on the nearest-site value; the chosen sites are then evaluated with nearest-site assignment"
            )
        }
        let cols = u + np + (o.count != nil ? u : 0)
        guard cols < Int(Int32.max) / 4, closestNNZ + 6 * np < Int(Int32.max) / 2 else { throw ParksError.solver("model too large for GLPK") }

        GLPKCoverSolver.lock.lock(); defer { GLPKCoverSolver.lock.unlock() }
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw ParksError.solver("glp_create_prob failed") }
        defer { glp_delete_prob(lp) }
        glp_add_cols(lp, Int32(cols))
        for k in 1...u { glp_set_col_kind(lp, Int32(k), GLP_BV) }
        for p in 0..<np { glp_set_col_bnds(lp, zCol(p), GLP_DB, 0, 1) }
        if o.count != nil {
            glp_set_obj_dir(lp, GLP_MAX)
            for j in useful {
                glp_set_col_bnds(lp, vCol(j), GLP_LO, 0, 0)
                glp_set_obj_coef(lp, vCol(j), 1)
            }
        } else {
            glp_set_obj_dir(lp, GLP_MIN)
            for k in 1...u { glp_set_obj_coef(lp, Int32(k), 1) }
        }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        var row: Int32 = 0
        func addRow(_ type: Int32, _ lo: Double, _ hi: Double) -> Int32 {
            row += 1
            glp_add_rows(lp, 1)
            glp_set_row_bnds(lp, row, type, lo, hi)
            return row
        }
        func put(_ r: Int32, _ c: Int32, _ v: Double) { ia.append(r); ja.append(c); ar.append(v) }
        for i in reached {
            let r = o.count != nil ? addRow(GLP_UP, 0, 1) : addRow(GLP_FX, 1, 1)
            for k in inst.demandOffsets[i]..<inst.demandOffsets[i + 1] { put(r, zCol(Int(inst.demandPairs[k])), 1) }
            if closest {
                // Row per pair: the pairs at least as near as this one cover y of its site.
                for k in inst.demandOffsets[i]..<inst.demandOffsets[i + 1] {
                    let rc = addRow(GLP_LO, 0, 0)
                    for q in inst.demandOffsets[i]...k { put(rc, zCol(Int(inst.demandPairs[q])), 1) }
                    put(rc, yCol[Int(inst.pairCandidate[Int(inst.demandPairs[k])])], -1)
                }
            }
        }
        for j in useful {
            let range = inst.sets.offsets[j]..<inst.sets.offsets[j + 1]
            for p in range {
                let r = addRow(GLP_UP, 0, 0)
                put(r, zCol(p), 1); put(r, yCol[j], -1)
            }
            if o.count != nil {
                let r1 = addRow(GLP_UP, 0, 0)
                put(r1, vCol(j), 1)
                for p in range where inst.weights[Int(inst.sets.indices[p])] != 0 { put(r1, zCol(p), -inst.weights[Int(inst.sets.indices[p])]) }
                let r2 = addRow(GLP_UP, 0, 0)
                put(r2, vCol(j), 1); put(r2, yCol[j], -cap)
            } else {
                let r = addRow(GLP_UP, 0, 0)
                for p in range where inst.weights[Int(inst.sets.indices[p])] != 0 { put(r, zCol(p), inst.weights[Int(inst.sets.indices[p])]) }
                put(r, yCol[j], -cap)
            }
        }
        if let p = o.count {
            let r = addRow(GLP_UP, 0, Double(p))
            for k in 1...u { put(r, Int32(k), 1) }
        }
        GLPKCoverSolver.loadMatrix(lp, ia, ja, ar)

        // The LP first (intopt without its presolver needs an optimal basis), then branch-and-cut seeded by the incumbent.
        GLPKCoverSolver.solveRelaxation(lp, seconds: o.timeLimit)
        let lpStatus = glp_get_status(lp)
        if lpStatus == GLP_NOFEAS {
            return done(
                .infeasible, notes + ["the capacity cannot serve every reachable resident with nearest-site assignment (LP relaxation infeasible)"])
        }
        guard lpStatus == GLP_OPT else { return done(.feasible, notes + ["time limit reached before the LP relaxation was solved"]) }
        let state = GLPKCoverSolver.CallbackState()
        state.trackBound = true
        state.rootBound = glp_get_obj_val(lp)
        state.nodeLimit = o.nodeLimit
        if let inc = o.incumbent {
            let a = inst.assign(open: inc)
            let feasible = o.count.map { inc.count <= $0 } ?? (a.unservedByCapacity <= 1e-12 * max(1, inst.reachableWeight))
            if feasible && (o.count != nil || reached.allSatisfy { a.site[$0] >= 0 }) {
                var x = [Double](repeating: 0, count: cols + 1)
                for j in inc where yCol[j] > 0 { x[Int(yCol[j])] = 1 }
                // Full assignment to the nearest open site: feasible in both programs (capacity enters through v, or was checked).
                for p in 0..<np where a.site[Int(inst.sets.indices[p])] == inst.pairCandidate[p] { x[Int(zCol(p))] = 1 }
                if o.count != nil { for j in useful where yCol[j] > 0 { x[Int(vCol(j))] = a.servedBySite[j] } }
                state.heuristic = x
            }
        }
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.tm_lim = Int32(min(max(1, (o.timeLimit - elapsed()) * 1000), Double(Int32.max)))
        iocp.mip_gap = max(0, o.mipGap)
        let rc = GLPKCoverSolver.branchAndBound(lp, &iocp, state: state)
        let mip = glp_mip_status(lp)
        var status: SelectionStatus
        switch (rc, mip) {
        case (0, GLP_OPT): status = .optimal
        case (_, GLP_NOFEAS):
            return done(.infeasible, notes + ["the capacity cannot serve every reachable resident with nearest-site assignment"])
        case (GLP_ETMLIM, GLP_FEAS), (GLP_EMIPGAP, GLP_FEAS), (GLP_ESTOP, GLP_FEAS), (0, GLP_FEAS):
            status = .feasible
            notes.append(
                rc == GLP_ETMLIM
                    ? "time limit reached: best solution found, optimality not proven"
                    : rc == GLP_ESTOP
                        ? "node limit \(o.nodeLimit) reached: best solution found, optimality not proven" : "stopped at the requested MIP gap")
        case (GLP_ETMLIM, _), (GLP_ESTOP, _):
            var r = done(.feasible, notes + ["\(rc == GLP_ETMLIM ? "time" : "node") limit reached before any integer solution"]).result
            r.bound = state.lastBound ?? state.rootBound
            return Outcome(result: r, mipObjective: nil, closestAssignment: closest)
        default:
            throw ParksError.solver("GLPK glp_intopt returned code \(rc), MIP status \(mip)")
        }
        var chosen: [Int] = []
        for j in useful where glp_mip_col_val(lp, yCol[j]) > 0.5 { chosen.append(j) }
        let objective = glp_mip_obj_val(lp)
        let ordered = inst.greedyOrder(of: chosen)
        let value = inst.value(of: ordered.order)
        var bound: Double? = status == .optimal ? objective : (state.lastBound ?? state.rootBound)
        if o.count == nil, let b = bound { bound = (b - 1e-6).rounded(.up) }
        return Outcome(
            result: SelectionResult(
                selected: ordered.order, marginalGains: ordered.gains, coveredWeight: value, status: status, bound: bound, notes: notes,
                iterations: state.nodes, seconds: elapsed()), mipObjective: objective, closestAssignment: closest)
    }
}
