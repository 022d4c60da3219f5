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
/// sorted rows; one seed), repaired if needed, then boundary moves (single or
/// paired) that remove cut edges, a V-cycle of k-way FM over in-grid matchings,
/// METIS re-bisection of the adjacent pairs with the longest shared cut, and a
/// unit-level k-way FM — all inside the band and contiguous. When the plan still
/// misses the band, a tree-bisection start (no annealing) is used too.
public enum GridPartitioner {
    public static func partition(graph g: UnitGraph, options o: GridPartitionOptions) throws -> GridPlan {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(max(o.timeLimit, 0) * 1000))
        let setup = try PartitionSetup.build(graph: g, count: o.count, tolerance: o.tolerance)
        // A small portfolio of starts (seeds; METIS and tree-bisection first plans);
        // the best plan wins: least balance excess, then shortest cut, then mean Polsby–Popper.
        let fast = isFast(g, o)
        // Fast path: one METIS seed by default (`restarts` adds more, the fewest cut
        // edges win): the pair re-bisection below gains more per second than a second seed.
        let runs = max(1, o.restarts ?? (fast ? 1 : (g.unitCount <= 2_000 ? 6 : 1)))
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
    /// it, then cut-edge refinement (annealing does not pay off there).
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
            // Then the moves that cross hills: a V-cycle over in-grid matchings (it also
            // finishes the balance repair where single moves could not, as on Wuhan's
            // blocks), merge–split of the adjacent pairs with the longest shared cut,
            // and unit-level FM. Bounds are in work, not time, so plans are reproducible.
            if let vc = state.refineVCycle(maxLevels: FastPathTuning.vCycleLevels, passesPerLevel: FastPathTuning.vCyclePasses,
                                           maxStall: FastPathTuning.fmStall, seed: o.seed, deadline: deadline) {
                passes += vc.passes; moves += vc.moves
            }
            lap("vcycle")
            // Grids still out of band sit in pockets (a neighbour's articulation points
            // at the neck): re-split such a grid with a neighbour, repair, keep if better.
            func totalExcess() -> Double { (0..<state.gridCount).reduce(0.0) { $0 + state.excess(grid: $1) } }
            var rounds = 0
            while rounds < 3, totalExcess() > 1e-12, ContinuousClock.now < deadline {
                rounds += 1
                let snapshot = state.assign, before = totalExcess()
                guard state.rebisectPockets(seed: Int32(truncatingIfNeeded: o.seed), deadline: deadline) > 0 else { break }
                let rep = state.repairBalance(maxSteps: o.maxRepairSteps, deadline: deadline, fewestUnits: false, marginFraction: 0.5)
                moves += rep.moves.count
                if let vc = state.refineVCycle(maxLevels: FastPathTuning.vCycleLevels, passesPerLevel: FastPathTuning.vCyclePasses,
                                               maxStall: FastPathTuning.fmStall, seed: o.seed &+ UInt64(rounds), deadline: deadline) {
                    passes += vc.passes; moves += vc.moves
                }
                if totalExcess() >= before - 1e-12 {
                    state.assign = snapshot
                    state.recomputeSums()
                    break
                }
            }
            lap("pockets")
            let pr = state.rebisectPairs(maxSweeps: FastPathTuning.pairSweeps,
                                         maxCalls: Int((FastPathTuning.pairCallsPerGrid * Double(state.gridCount)).rounded(.up)),
                                         minRatio: FastPathTuning.pairMinRatio, seed: Int32(truncatingIfNeeded: o.seed), deadline: deadline)
            moves += pr.accepted
            lap("pairs")
            let fm = state.refineFM(maxPasses: o.maxPasses, maxStall: FastPathTuning.fmStall, slack: 0, deadline: deadline)
            passes += fm.passes; moves += fm.moves
            lap("fm")
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

/// Work bounds of the fast path's refinement, chosen on the benchmark graphs
/// (10,000 and 100,000 units; Wuhan's 8,304 blocks) so that the whole partition
/// stays within about 3× the time of one METIS call.
enum FastPathTuning {
    /// Coarsening levels and FM passes per level of the V-cycle.
    static let vCycleLevels = 8
    static let vCyclePasses = 2
    /// FM moves without a new best before a pass stops (V-cycle levels and the unit level).
    static let fmStall = 100
    /// Pair re-bisection: METIS calls per grid, sweeps, and the least shared cut
    /// (× √units of the pair) worth a call.
    static let pairCallsPerGrid = 2.0
    static let pairSweeps = 4
    static let pairMinRatio = 0.7
}
