import Foundation
import LifeCircleGeometry

/// Wall-clock seconds per named phase, for `GridPlan.phaseSeconds`.
struct PhaseTimer {
    private(set) var phases: [String: Double] = [:]
    private var mark = ContinuousClock.now

    /// Adds the time since the last lap to `name`.
    mutating func lap(_ name: String) {
        let now = ContinuousClock.now, d = now - mark
        phases[name, default: 0] += Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        mark = now
    }
}

/// What every pipeline run starts from: the work state with its region bands,
/// a first plan per region (METIS's contiguous k-way, or recursive spanning-tree
/// bisection where METIS is not asked for or fails), pieces and empty grids
/// repaired, and the run's seeded random stream and bisector.
struct PlanStart {
    let graph: UnitGraph
    let setup: PartitionSetup
    let state: GridWorkState
    let gridRegion: [Int32]
    var issues: [GridIssue]
    var context: RefineContext
    /// The asked band per region and column (the state may hold an inner band).
    let outerLo: [Double], outerHi: [Double]
    var timer: PhaseTimer
    let started: ContinuousClock.Instant

    /// - Parameter bandFraction: the share of the asked band the state aims for (1: all of it).
    init(
        graph g: UnitGraph, setup: PartitionSetup, options o: GridPartitionOptions, bandFraction f: Double,
        deadline: ContinuousClock.Instant
    ) {
        started = ContinuousClock.now
        graph = g
        self.setup = setup
        let C = setup.columns
        var rng = SplitMix64(seed: o.seed)
        // Region bands come from their community.
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
        self.outerLo = outerLo; self.outerHi = outerHi
        let state = GridWorkState(
            graph: g, columns: C, unitWeights: setup.unitWeights,
            activeOffsets: setup.activeOffsets, activeNeighbours: setup.activeNeighbours,
            assignment: [Int32](repeating: -1, count: g.unitCount), gridCount: 0,
            gridRegion: [], regionLo: regionLo, regionHi: regionHi, regionIdeal: regionIdeal)
        self.state = state
        var issues = setup.issues
        var gridRegion: [Int32] = []
        var assignment = [Int32](repeating: -1, count: g.unitCount)
        var bisector = TreeBisector(state: state)
        var timer = PhaseTimer()
        let metisWeights: [[Double]] =
            o.initial == .metis
            ? (0..<C).map { c in (0..<g.unitCount).map { setup.unitWeights[$0 * C + c] } } : []
        timer.lap("setup")
        for (ri, reg) in setup.regions.enumerated() {
            let ideal = (0..<C).map { regionIdeal[ri * C + $0] }
            let lo = (0..<C).map { regionLo[ri * C + $0] }, hi = (0..<C).map { regionHi[ri * C + $0] }
            // METIS first plan; on any METIS failure the tree bisection below takes over.
            if o.initial == .metis && reg.k > 1 && reg.members.count > reg.k,
                let parts = try? MetisPartitioner.run(
                    members: reg.members, offsets: setup.activeOffsets,
                    neighbours: setup.activeNeighbours, lengths: nil,
                    weights: metisWeights,
                    parts: reg.k, imbalance: o.tolerance, contiguous: true, seed: Int32(truncatingIfNeeded: o.seed))
            {
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
                    issues.append(
                        GridIssue(
                            .other, community: g.nestKeys[Int(reg.community)],
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
        timer.lap("initial")
        state.repairPiecesAndEmpties(bisector: &bisector, rng: &rng)
        timer.lap("pieces")
        self.gridRegion = gridRegion
        self.issues = issues
        self.timer = timer
        context = RefineContext(deadline: deadline, rng: rng, bisector: bisector)
    }

    /// A start from a plan already made (the improving search's): the asked
    /// band, the plan's assignment, its issues except those `finish` re-derives.
    /// `countEdges`: the moves' cut counts adjacencies (a search ranked by cut edges).
    init(
        resuming attempt: PlanAttempt, graph g: UnitGraph, setup: PartitionSetup, seed: UInt64, deadline: ContinuousClock.Instant,
        countEdges: Bool = false
    ) {
        started = ContinuousClock.now
        graph = g
        self.setup = setup
        let C = setup.columns
        var lo: [Double] = [], hi: [Double] = [], ideal: [Double] = []
        for reg in setup.regions {
            let k = Int(reg.community)
            for c in 0..<C {
                lo.append(setup.communityLo[k * C + c]); hi.append(setup.communityHi[k * C + c])
                ideal.append(setup.communityIdeal[k * C + c])
            }
        }
        outerLo = lo; outerHi = hi
        state = GridWorkState(
            graph: g, columns: C, unitWeights: setup.unitWeights,
            activeOffsets: setup.activeOffsets, activeNeighbours: setup.activeNeighbours,
            assignment: attempt.plan.assignment, gridCount: attempt.gridRegion.count,
            gridRegion: attempt.gridRegion, regionLo: lo, regionHi: hi, regionIdeal: ideal, countEdges: countEdges)
        gridRegion = attempt.gridRegion
        let derived: Set<GridIssue.Kind> = [.balanceNotReached, .noncontiguousGrid, .limitReached]
        issues = attempt.plan.issues.filter { !derived.contains($0.kind) }
        timer = PhaseTimer()
        context = RefineContext(deadline: deadline, rng: SplitMix64(seed: seed), bisector: TreeBisector(state: state))
    }

    /// Grid communities, codes, metrics and issues of the final state.
    func finish(options o: GridPartitionOptions, passes: Int, moves: Int, hitLimit: Bool) -> PlanAttempt {
        let g = graph
        var issues = self.issues
        let gridCommunity = gridRegion.map { setup.regions[Int($0)].community }
        let codes = GridCodes.assign(graph: g, assignment: state.assign, gridCount: state.gridCount, gridCommunity: gridCommunity)
        let metrics = GridEvaluator.evaluate(graph: g, assignment: state.assign, gridCodes: codes, gridCommunity: gridCommunity)
        for gi in 0..<state.gridCount where state.excess(grid: gi) > 1e-12 {
            let m = metrics.grids[gi]
            let comm = setup.communities[Int(gridCommunity[gi])]
            issues.append(
                GridIssue(
                    .balanceNotReached, community: comm.key,
                    "grid \(codes[gi]) is \(String(format: "%+.2f", m.deviation[0] * 100))% from the ideal \(fmt(comm.idealWeight[0])) (band \(fmt(comm.bandMin))–\(fmt(comm.bandMax)))"
                        + (comm.deviationLowerBound > 0
                            ? "; the heaviest unit alone forces at least \(String(format: "%.2f", comm.deviationLowerBound * 100))%" : "")))
        }
        let adjacencyPieces = (0..<state.gridCount).filter { metrics.grids[$0].pieces > 1 }
        if !adjacencyPieces.isEmpty {
            issues.append(
                GridIssue(
                    .noncontiguousGrid,
                    "\(adjacencyPieces.count) grid(s) are in several pieces because they hold islands joined by nearest distance: \(adjacencyPieces.prefix(8).map { codes[$0] }.joined(separator: ", "))"
                ))
        }
        if hitLimit {
            issues.append(
                GridIssue(
                    .limitReached,
                    "stopped by a bound (passes \(o.maxPasses), repair steps \(o.maxRepairSteps) or time \(o.timeLimit) s); the plan is the best reached"
                ))
        }
        let elapsed = ContinuousClock.now - started
        let plan = GridPlan(
            assignment: state.assign, gridCodes: codes, gridCommunity: gridCommunity,
            communities: setup.communities, relaxedBarriers: setup.relaxed, bridges: setup.bridges,
            issues: issues, metrics: metrics, passes: passes, moves: moves,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            stoppedByLimit: hitLimit, phaseSeconds: timer.phases)
        return PlanAttempt(plan: plan, excess: state.totalExcess(), gridRegion: gridRegion)
    }
}
