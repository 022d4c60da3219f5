import Foundation

public struct RebalanceOptions: Sendable {
    public var tolerance: Double
    public var maxSteps: Int
    public var timeLimit: Double
    public init(tolerance: Double = 0.05, maxSteps: Int = 10_000, timeLimit: Double = 60) {
        self.tolerance = tolerance; self.maxSteps = maxSteps; self.timeLimit = timeLimit
    }
}

public struct RebalanceResult: Sendable {
    /// The plan after rebalancing; grid codes are the input's.
    public var plan: GridPlan
    /// Every unit whose grid changed (net of intermediate moves).
    public var moves: [UnitMove]
    /// Codes of the grids that gained or lost units; all others are untouched.
    public var changedGrids: [String]
    public var metricsBefore: PlanMetrics
}

/// Brings an existing plan back within the tolerance while moving few units:
/// only out-of-band grids and the grids on the shortest path (in the grid
/// adjacency) to one with room change; each hop hands over the heaviest
/// boundary units that fit the amount still to move, keeping both grids
/// contiguous. Units without a grid (a new estate) first join the adjacent
/// grid they share most boundary with.
public enum GridRebalancer {
    public static func rebalance(
        graph g: UnitGraph, gridCodes unitCodes: [String],
        options o: RebalanceOptions = RebalanceOptions()
    ) throws -> RebalanceResult {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(max(o.timeLimit, 0) * 1000))
        guard unitCodes.count == g.unitCount else {
            throw GridError.invalidInput("assignment has \(unitCodes.count) values for \(g.unitCount) units")
        }
        var codes: [String] = []
        var index: [String: Int32] = [:]
        var assignment = [Int32](repeating: -1, count: g.unitCount)
        for (u, c) in unitCodes.enumerated() where !c.isEmpty {
            if let i = index[c] { assignment[u] = i } else { index[c] = Int32(codes.count); assignment[u] = Int32(codes.count); codes.append(c) }
        }
        guard !codes.isEmpty else { throw GridError.invalidInput("no unit has a grid code: give the assignment field of an existing plan") }
        let original = assignment
        var issues: [GridIssue] = []
        // New units join the neighbouring grid with the longest shared boundary (repeat for chains).
        var pending = (0..<g.unitCount).filter { assignment[$0] < 0 }
        while !pending.isEmpty {
            var progressed = false
            for u in pending {
                var best: Int32 = -1, bestLen = -1.0
                for s in g.neighbourRange(of: u) {
                    let a = assignment[Int(g.neighbours[s])]
                    if a >= 0, g.sharedLength[s] > bestLen { bestLen = g.sharedLength[s]; best = a }
                }
                if best >= 0 { assignment[u] = best; progressed = true }
            }
            pending = pending.filter { assignment[$0] < 0 }
            if !progressed {
                issues.append(
                    GridIssue(
                        .isolatedUnits,
                        "\(pending.count) unit(s) without a grid touch no grid: \(PartitionSetup.names(g, pending)); left without a grid",
                        units: pending))
                break
            }
        }
        let G = codes.count
        // Each grid belongs to its most common community; K per community = its grid count.
        var commCount = [[Int32: Int]](repeating: [:], count: G)
        for u in 0..<g.unitCount where assignment[u] >= 0 { commCount[Int(assignment[u])][g.nest[u], default: 0] += 1 }
        let gridCommunity: [Int32] = commCount.map { $0.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? 0 }
        var perCommunity = [Int](repeating: 0, count: g.nestKeys.count)
        for k in gridCommunity { perCommunity[Int(k)] += 1 }
        var setup = try PartitionSetup.build(graph: g, count: .total(G), tolerance: o.tolerance, fixedGridCounts: perCommunity)
        issues = setup.issues.filter { $0.kind != .barrierRelaxed } + issues
        setup.issues = []
        let C = setup.columns
        let before = GridEvaluator.evaluate(graph: g, assignment: assignment, gridCodes: codes, gridCommunity: gridCommunity)

        let state = GridWorkState(
            graph: g, columns: C, unitWeights: setup.unitWeights,
            activeOffsets: setup.activeOffsets, activeNeighbours: setup.activeNeighbours,
            assignment: assignment, gridCount: G, gridRegion: gridCommunity,
            regionLo: setup.communityLo, regionHi: setup.communityHi, regionIdeal: setup.communityIdeal)
        let repair = state.repairBalance(maxSteps: o.maxSteps, deadline: deadline, fewestUnits: true, marginFraction: 0.1)
        var moves: [UnitMove] = []
        var changed = Set<Int32>()
        for u in 0..<g.unitCount where state.assign[u] != original[u] {
            moves.append(
                UnitMove(
                    unit: u, fromGrid: original[u] >= 0 ? codes[Int(original[u])] : "",
                    toGrid: codes[Int(state.assign[u])], weight: (0..<C).map { state.w[u * C + $0] }))
            if original[u] >= 0 { changed.insert(original[u]) }
            changed.insert(state.assign[u])
        }
        let metrics = GridEvaluator.evaluate(graph: g, assignment: state.assign, gridCodes: codes, gridCommunity: gridCommunity)
        for gi in repair.unresolved {
            let comm = setup.communities[Int(gridCommunity[gi])]
            issues.append(
                GridIssue(
                    .balanceNotReached, community: comm.key,
                    "grid \(codes[gi]) stays \(String(format: "%+.2f", metrics.grids[gi].deviation[0] * 100))% from the ideal \(fmt(comm.idealWeight[0])): no contiguity-keeping move reaches a grid with room"
                        + (comm.deviationLowerBound > 0
                            ? "; the heaviest unit alone forces at least \(String(format: "%.2f", comm.deviationLowerBound * 100))%" : "")))
        }
        if repair.hitLimit { issues.append(GridIssue(.limitReached, "stopped by the step or time bound; the plan is the best reached")) }
        let elapsed = ContinuousClock.now - start
        let plan = GridPlan(
            assignment: state.assign, gridCodes: codes, gridCommunity: gridCommunity,
            communities: setup.communities, relaxedBarriers: [], bridges: [], issues: issues,
            metrics: metrics, passes: repair.steps, moves: moves.count,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            stoppedByLimit: repair.hitLimit)
        return RebalanceResult(
            plan: plan, moves: moves, changedGrids: changed.sorted().map { codes[Int($0)] },
            metricsBefore: before)
    }
}
