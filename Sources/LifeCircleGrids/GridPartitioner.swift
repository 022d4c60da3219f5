import Foundation
import LifeCircleGeometry

/// Balanced, contiguous, compact grids. Per community (and per connected
/// region of it, after barrier relaxation and island bridging):
///  1. a first plan — METIS's contiguous k-way partition (default) or recursive
///     spanning-tree bisection — with pieces and empty grids repaired;
///  2. boundary moves: balance excess first, then shorter cut (shared length,
///     barrier edges free), ties broken by mass inertia; contiguity kept by a
///     local BFS; then balance repair along paths of grids;
///  3. optional ReCom-style merge–split of adjacent pairs (`recombinationSweeps`);
///  4. simulated annealing over boundary moves (band and contiguity hard),
///     best plan restored, and a final boundary pass.
/// The optimisation aims for an inner band (half the tolerance by default) and
/// falls back to the full band where units do not allow it. Small graphs run a
/// portfolio of starts and keep the best (least excess, then cut, then mean
/// Polsby–Popper). Seeded, deterministic, bounded in passes, steps and time.
///
/// Graphs over 2,000 units with default knobs take a fast path instead: METIS
/// called as pymetis calls it (contiguous, ±tolerance, raw integer weights,
/// sorted rows; 2 seeds up to 50,000 units, else 1), repaired if needed, then
/// only boundary moves (single or paired) that remove cut edges or keep their
/// number and shorten the cut, inside the band. When METIS's start cannot be
/// brought into the band, a tree-bisection start (no annealing) is used too.
public enum GridPartitioner {
    public static func partition(graph g: UnitGraph, options o0: GridPartitionOptions) throws -> GridPlan {
        var o = o0
        if let s = UInt64(ProcessInfo.processInfo.environment["LC_SEED"] ?? "") { o.seed = s }
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(max(o.timeLimit, 0) * 1000))
        let setup = try PartitionSetup.build(graph: g, count: o.count, tolerance: o.tolerance)
        if ProcessInfo.processInfo.environment["LC_FM_DEBUG"] != nil { print("partitionsetup", ContinuousClock.now - start) }
        // A small portfolio of starts (seeds; METIS and tree-bisection first plans);
        // the best plan wins: least balance excess, then shortest cut, then mean Polsby–Popper.
        let fast = isFast(g, o)
        // Fast path: a few METIS seeds (METIS's cut varies by several % with the
        // seed), each refined; the fewest cut edges win.
        let runs = max(1, Int(ProcessInfo.processInfo.environment["LC_RUNS"] ?? "") ?? o.restarts ?? (fast ? (g.unitCount <= 50_000 ? 2 : 1) : (g.unitCount <= 2_000 ? 6 : 1)))
        var best: (plan: GridPlan, excess: Double)? = nil
        if fast {
            for r in 0..<runs {
                if r > 0 && ContinuousClock.now >= deadline { break }
                var variant = o
                variant.seed = o.seed &+ UInt64(r)
                let result = try runOnce(graph: g, setup: setup, options: variant, deadline: deadline)
                if let b = best {
                    let (m, bm) = (result.plan.metrics, b.plan.metrics)
                    let better = result.excess < b.excess - 1e-9 ||
                        (abs(result.excess - b.excess) <= 1e-9 && (m.cutEdges < bm.cutEdges ||
                         (m.cutEdges == bm.cutEdges && (m.meanPolsbyPopper ?? 0) > (bm.meanPolsbyPopper ?? 0))))
                    if better { best = result }
                } else { best = result }
                // A first METIS start the repair cannot bring into the band says the
                // graph defeats contiguous k-way (Wuhan's blocks: every seed does): go to the fallback.
                if r == 0 && result.excess > 1e-9 { break }
            }
        }
        // Where METIS's start cannot be repaired into the band, the full pipeline
        // (inner band, annealing) is tried too and kept if it balances better.
        var classic = fast ? 0 : runs
        var base = o
        if fast, let b = best, b.excess > 1e-9 {
            classic = 1
            base.annealSteps = 0
            base.initial = .treeBisection
        }
        for r in 0..<classic {
            if r > 0 && ContinuousClock.now >= deadline { break }
            var variant = base
            variant.seed = o.seed &+ UInt64(r / 2) &* 0x9E37_79B9
            if r % 2 == 1 { variant.initial = o.initial == .metis ? .treeBisection : .metis }
            // Later starts may use the whole band: balance inside ±tolerance is the
            // constraint, compactness decides between plans that meet it.
            if r % 4 >= 2 { variant.innerTolerance = o.tolerance }
            let result = try runOnce(graph: g, setup: setup, options: variant, deadline: deadline)
            if let b = best {
                let better = result.excess < b.excess - 1e-9 ||
                    (abs(result.excess - b.excess) <= 1e-9 && (result.plan.metrics.cutLength < b.plan.metrics.cutLength - 1e-9 ||
                     (abs(result.plan.metrics.cutLength - b.plan.metrics.cutLength) <= 1e-9 &&
                      (result.plan.metrics.meanPolsbyPopper ?? 0) > (b.plan.metrics.meanPolsbyPopper ?? 0))))
                if better { best = result }
            } else { best = result }
        }
        var plan = best!.plan
        let elapsed = ContinuousClock.now - start
        plan.elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return plan
    }

    /// Large graphs with default knobs take the fast path: METIS as pymetis runs
    /// it, then only moves that never add a cut edge (annealing does not pay off there).
    static func isFast(_ g: UnitGraph, _ o: GridPartitionOptions) -> Bool {
        o.initial == .metis && o.annealSteps == nil && o.recombinationSweeps == 0 && o.inertiaPasses == 0
            && g.unitCount > 2_000
    }

    static func runOnce(graph g: UnitGraph, setup: PartitionSetup, options o: GridPartitionOptions,
                        deadline: ContinuousClock.Instant) throws -> (plan: GridPlan, excess: Double) {
        let start = ContinuousClock.now
        let C = setup.columns
        var rng = SplitMix64(seed: o.seed)

        // Region bands come from their community.
        // Optimise inside an inner band (balance first: tighter than asked when
        // the units allow it); fall back to the asked band where it cannot be met.
        let fast = isFast(g, o)
        let f = fast ? 1 : o.tolerance > 0 ? min(1, max(0, (o.innerTolerance ?? o.tolerance / 2) / o.tolerance)) : 1
        var regionLo: [Double] = [], regionHi: [Double] = [], regionIdeal: [Double] = []
        var outerLo: [Double] = [], outerHi: [Double] = []
        for reg in setup.regions {
            let k = Int(reg.community)
            for c in 0..<C {
                let I = setup.communityIdeal[k * C + c], lo = setup.communityLo[k * C + c], hi = setup.communityHi[k * C + c]
                outerLo.append(lo); outerHi.append(hi)
                regionLo.append(I - (I - lo) * f); regionHi.append(I + (hi - I) * f)
                regionIdeal.append(I)
            }
        }
        let state = GridWorkState(graph: g, columns: C, unitWeights: setup.unitWeights,
                                  activeOffsets: setup.activeOffsets, activeNeighbours: setup.activeNeighbours,
                                  assignment: [Int32](repeating: -1, count: g.unitCount), gridCount: 0,
                                  gridRegion: [], regionLo: regionLo, regionHi: regionHi, regionIdeal: regionIdeal)
        var issues = setup.issues
        var gridRegion: [Int32] = []
        var assignment = [Int32](repeating: -1, count: g.unitCount)
        var bisector = TreeBisector(state: state)

        var phases: [String: Double] = [:]
        var mark = ContinuousClock.now
        func lap(_ name: String) {
            let now = ContinuousClock.now, d = now - mark
            phases[name, default: 0] += Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            mark = now
        }
        let metisWeights: [[Double]] = o.initial == .metis
            ? (0..<C).map { c in (0..<g.unitCount).map { setup.unitWeights[$0 * C + c] } } : []
        lap("setup")
        for (ri, reg) in setup.regions.enumerated() {
            let ideal = (0..<C).map { regionIdeal[ri * C + $0] }
            let lo = (0..<C).map { regionLo[ri * C + $0] }, hi = (0..<C).map { regionHi[ri * C + $0] }
            // METIS first plan; on any METIS failure the tree bisection below takes over.
            if o.initial == .metis && reg.k > 1 && reg.members.count > reg.k,
               let parts = try? MetisPartitioner.run(members: reg.members, offsets: setup.activeOffsets,
                                                     neighbours: setup.activeNeighbours, lengths: nil,
                                                     weights: metisWeights,
                                                     parts: reg.k, imbalance: o.tolerance, contiguous: true, seed: Int32(truncatingIfNeeded: o.seed)) {
                let base = Int32(gridRegion.count)
                for _ in 0..<reg.k { gridRegion.append(Int32(ri)) }
                for (i, u) in reg.members.enumerated() { assignment[Int(u)] = base + parts[i] }
                continue
            }
            var stack: [([Int32], Int)] = [(reg.members, reg.k)]
            while let (members, k) = stack.popLast() {
                if k <= 1 || members.count <= k {
                    // One grid, or one unit per grid when there are just enough units.
                    let parts = k <= 1 ? [members] : members.map { [$0] }
                    for part in parts {
                        let gi = Int32(gridRegion.count)
                        gridRegion.append(Int32(ri))
                        for u in part { assignment[Int(u)] = gi }
                    }
                    continue
                }
                let kA = k / 2
                let target = SplitTarget(kA: kA, kB: k - kA, ideal: ideal, lo: lo, hi: hi)
                if let sp = bisector.split(members, target: target, rng: &rng) {
                    stack.append((sp.sideB, k - kA)); stack.append((sp.sideA, kA))
                } else {
                    issues.append(GridIssue(.other, community: g.nestKeys[Int(reg.community)],
                                            "could not split \(members.count) units into \(k) grids (no spanning tree): kept as one grid"))
                    let gi = Int32(gridRegion.count)
                    gridRegion.append(Int32(ri))
                    for u in members { assignment[Int(u)] = gi }
                }
            }
        }
        state.assign = assignment
        state.gridCount = gridRegion.count
        state.gridRegion = gridRegion
        state.recomputeSums()
        lap("initial")
        state.repairPiecesAndEmpties(bisector: &bisector, rng: &rng)
        lap("pieces")

        var passes = 0, moves = 0, hitLimit = false
        if fast {
            var repair = GridWorkState.RepairResult()
            if (0..<state.gridCount).contains(where: { state.excess(grid: $0) > 1e-12 }) {
                // METIS missed the band: excess-first boundary moves, then repair along paths of grids.
                let b = state.refineBoundary(maxPasses: o.maxPasses, deadline: deadline)
                passes += b.passes; moves += b.moves
                repair = state.repairBalance(maxSteps: o.maxRepairSteps, deadline: deadline, fewestUnits: false, marginFraction: 0.5)
                moves += repair.moves.count
                lap("repair")
            }
            let r = state.refineCutEdges(maxPasses: o.maxPasses, deadline: deadline)
            passes += r.passes; moves += r.moves
            lap("refine")
            let env = ProcessInfo.processInfo.environment
            let fmSlack = Double(env["LC_FM_SLACK"] ?? "") ?? 0.0
            let fmStall = Int(env["LC_FM_STALL"] ?? "") ?? 500
            if env["LC_FM_DEBUG"] != nil {
                let devs = (0..<state.gridCount).map { (state.gridW[$0] - state.regionIdeal[0]) / state.regionIdeal[0] * 100 }
                print("devs", devs.sorted().map { String(format: "%.1f", $0) }.joined(separator: " "))
            }
            let vcLevels = Int(env["LC_VC_LEVELS"] ?? "") ?? 8
            if vcLevels > 0 {
                let vc = state.refineVCycle(maxLevels: vcLevels, maxStall: fmStall, slack: fmSlack, seed: o.seed, deadline: deadline)
                if env["LC_FM_DEBUG"] != nil { print("vc", vc as Any) }
                lap("vcycle")
            }
            if env["LC_FM_DEBUG"] != nil {
                for gI in 0..<state.gridCount where state.excess(grid: gI) > 1e-12 {
                    var nbGrids = Set<Int32>(), frontier = 0, removable = 0, outside = 0
                    for u in 0..<g.unitCount where state.assign[u] == Int32(gI) {
                        for s2 in g.neighbourRange(of: u) {
                            let v = Int(g.neighbours[s2]); let b = state.assign[v]
                            if b != Int32(gI) { nbGrids.insert(b); frontier += 1; if state.canRemove(v) { removable += 1 } }
                        }
                        if g.offsets[u+1] == g.offsets[u] { outside += 1 }
                    }
                    print("outgrid", gI, "size", state.gridSize[gI], "dev", state.maxDeviation(grid: gI), "nbgrids", nbGrids.sorted(), "frontier", frontier, "removable", removable)
                    for b in nbGrids { print("  nb", b, "dev", (state.gridW[Int(b)] - state.regionIdeal[0]) / state.regionIdeal[0], "size", state.gridSize[Int(b)]) }
                }
            }
            if fmStall > 0 {
                let fm = state.refineFM(maxPasses: o.maxPasses, maxStall: fmStall, slack: fmSlack, deadline: deadline)
                passes += fm.passes; moves += fm.moves
                if env["LC_FM_DEBUG"] != nil { print("fm", fm) }
            }
            lap("fm")
            if env["LC_FM_DEBUG"] != nil { print(phases) }
            if r.passes >= o.maxPasses || repair.hitLimit || ContinuousClock.now >= deadline { hitLimit = true }
            lap("refine")
            return finish(graph: g, setup: setup, state: state, gridRegion: gridRegion, issues: issues, options: o,
                          passes: passes, moves: moves, hitLimit: hitLimit, phases: phases, start: start)
        }
        func refine() {
            let r = state.refineBoundary(maxPasses: o.maxPasses, deadline: deadline)
            passes += r.passes; moves += r.moves
            if r.passes >= o.maxPasses { hitLimit = true }
        }
        if o.inertiaPasses > 0 {
            let r = state.refineBoundary(maxPasses: o.inertiaPasses, deadline: deadline, inertiaOnly: true)
            passes += r.passes; moves += r.moves
        }
        refine()
        lap("refine")
        var repair = state.repairBalance(maxSteps: o.maxRepairSteps, deadline: deadline, fewestUnits: false, marginFraction: 0.5)
        lap("repair")
        moves += repair.moves.count
        let rec = state.recombinationSweeps(o.recombinationSweeps, deadline: deadline, rng: &rng, bisector: &bisector)
        lap("recombination")
        moves += rec.accepted
        refine()
        let steps = o.annealSteps ?? min(max(100 * g.unitCount, 200_000), 2_000_000)
        if steps > 0 {
            state.anneal(steps: steps, deadline: deadline, rng: &rng)
            lap("anneal")
            refine()
        }
        if !repair.unresolved.isEmpty || (0..<state.gridCount).contains(where: { state.excess(grid: $0) > 1e-12 }) {
            repair = state.repairBalance(maxSteps: o.maxRepairSteps, deadline: deadline, fewestUnits: false, marginFraction: 0.5)
            moves += repair.moves.count
            refine()
        }
        if f < 1 && (0..<state.gridCount).contains(where: { state.excess(grid: $0) > 1e-12 }) {
            state.regionLo = outerLo; state.regionHi = outerHi
            repair = state.repairBalance(maxSteps: o.maxRepairSteps, deadline: deadline, fewestUnits: false, marginFraction: 0.5)
            moves += repair.moves.count
            refine()
        }
        state.regionLo = outerLo; state.regionHi = outerHi
        if g.unitCount > 2_000 {
            // Large graphs: a last pass of moves that only remove cut edges.
            let r = state.refineCutEdges(maxPasses: o.maxPasses, deadline: deadline)
            passes += r.passes; moves += r.moves
        }
        if ContinuousClock.now >= deadline || repair.hitLimit || rec.hitLimit { hitLimit = true }
        lap("refine")
        return finish(graph: g, setup: setup, state: state, gridRegion: gridRegion, issues: issues, options: o,
                      passes: passes, moves: moves, hitLimit: hitLimit, phases: phases, start: start)
    }

    /// Grid communities, codes, metrics and issues of the final state.
    static func finish(graph g: UnitGraph, setup: PartitionSetup, state: GridWorkState, gridRegion: [Int32],
                       issues inIssues: [GridIssue], options o: GridPartitionOptions, passes: Int, moves: Int,
                       hitLimit: Bool, phases: [String: Double],
                       start: ContinuousClock.Instant) -> (plan: GridPlan, excess: Double) {
        var issues = inIssues
        // Grid communities, codes and metrics.
        let gridCommunity = gridRegion.map { setup.regions[Int($0)].community }
        let codes = GridCodes.assign(graph: g, assignment: state.assign, gridCount: state.gridCount, gridCommunity: gridCommunity)
        let metrics = GridEvaluator.evaluate(graph: g, assignment: state.assign, gridCodes: codes, gridCommunity: gridCommunity)
        for gi in 0..<state.gridCount where state.excess(grid: gi) > 1e-12 {
            let m = metrics.grids[gi]
            let comm = setup.communities[Int(gridCommunity[gi])]
            issues.append(GridIssue(.balanceNotReached, community: comm.key,
                "grid \(codes[gi]) is \(String(format: "%+.2f", m.deviation[0] * 100))% from the ideal \(fmt(comm.idealWeight[0])) (band \(fmt(comm.bandMin))–\(fmt(comm.bandMax)))" +
                (comm.deviationLowerBound > 0 ? "; the heaviest unit alone forces at least \(String(format: "%.2f", comm.deviationLowerBound * 100))%" : "")))
        }
        let adjacencyPieces = (0..<state.gridCount).filter { metrics.grids[$0].pieces > 1 }
        if !adjacencyPieces.isEmpty {
            issues.append(GridIssue(.noncontiguousGrid,
                "\(adjacencyPieces.count) grid(s) are in several pieces because they hold islands joined by nearest distance: \(adjacencyPieces.prefix(8).map { codes[$0] }.joined(separator: ", "))"))
        }
        if hitLimit {
            issues.append(GridIssue(.limitReached, "stopped by a bound (passes \(o.maxPasses), repair steps \(o.maxRepairSteps) or time \(o.timeLimit) s); the plan is the best reached"))
        }
        let elapsed = ContinuousClock.now - start
        let totalExcess = (0..<state.gridCount).reduce(0.0) { $0 + state.excess(grid: $1) }
        return (GridPlan(assignment: state.assign, gridCodes: codes, gridCommunity: gridCommunity,
                        communities: setup.communities, relaxedBarriers: setup.relaxed, bridges: setup.bridges,
                        issues: issues, metrics: metrics, passes: passes, moves: moves,
                        elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                        stoppedByLimit: hitLimit, phaseSeconds: phases), totalExcess)
    }
}
