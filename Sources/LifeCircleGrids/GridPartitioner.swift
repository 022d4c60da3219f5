import Foundation
import LifeCircleGeometry

/// Balanced, contiguous, compact grids: per community (and per connected
/// region of it), recursive spanning-tree bisection for the first plan, then
/// boundary moves (balance first, then shorter cuts), balance repair along
/// paths of grids, ReCom-style merge–split of adjacent pairs, and a final
/// boundary pass. Seeded and bounded in passes, steps and time.
public enum GridPartitioner {
    public static func partition(graph g: UnitGraph, options o: GridPartitionOptions) throws -> GridPlan {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(max(o.timeLimit, 0) * 1000))
        let setup = try PartitionSetup.build(graph: g, count: o.count, tolerance: o.tolerance)
        let C = setup.columns
        var rng = SplitMix64(seed: o.seed)

        // Region bands come from their community.
        var regionLo: [Double] = [], regionHi: [Double] = [], regionIdeal: [Double] = []
        for reg in setup.regions {
            let k = Int(reg.community)
            for c in 0..<C {
                regionLo.append(setup.communityLo[k * C + c]); regionHi.append(setup.communityHi[k * C + c])
                regionIdeal.append(setup.communityIdeal[k * C + c])
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

        for (ri, reg) in setup.regions.enumerated() {
            let ideal = (0..<C).map { regionIdeal[ri * C + $0] }
            let lo = (0..<C).map { regionLo[ri * C + $0] }, hi = (0..<C).map { regionHi[ri * C + $0] }
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

        var passes = 0, moves = 0, hitLimit = false
        func refine() {
            let r = state.refineBoundary(maxPasses: o.maxPasses, deadline: deadline)
            passes += r.passes; moves += r.moves
            if r.passes >= o.maxPasses { hitLimit = true }
        }
        refine()
        var repair = state.repairBalance(maxSteps: o.maxRepairSteps, deadline: deadline, fewestUnits: false, marginFraction: 0.5)
        moves += repair.moves.count
        let rec = state.recombinationSweeps(o.recombinationSweeps, deadline: deadline, rng: &rng, bisector: &bisector)
        moves += rec.accepted
        refine()
        if !repair.unresolved.isEmpty || (0..<state.gridCount).contains(where: { state.excess(grid: $0) > 1e-12 }) {
            repair = state.repairBalance(maxSteps: o.maxRepairSteps, deadline: deadline, fewestUnits: false, marginFraction: 0.5)
            moves += repair.moves.count
            refine()
        }
        if ContinuousClock.now >= deadline || repair.hitLimit || rec.hitLimit { hitLimit = true }

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
        return GridPlan(assignment: state.assign, gridCodes: codes, gridCommunity: gridCommunity,
                        communities: setup.communities, relaxedBarriers: setup.relaxed, bridges: setup.bridges,
                        issues: issues, metrics: metrics, passes: passes, moves: moves,
                        elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                        stoppedByLimit: hitLimit)
    }
}
