import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleParks

/// Who is served already and whom each candidate would newly serve.
public struct SiteProblem: Sendable {
    public var instance: MaxCoverInstance
    /// Distance of each candidate–resident pair, parallel to `instance.sets.indices`.
    public var distances: [Double] = []
    /// Distance to the nearest existing facility (+infinity beyond the radius).
    public var existingDistance: [Double]
    public var candidatesReachingAnyone: Int
    public var candidatesUnsnapped: Int

    public static func build(
        residents: [Coordinate], weights: [Double], existing: [Coordinate], candidates: [Coordinate], radius: Double,
        metric: DistanceMetric, network: WalkNetwork?, maxSnap: Double
    ) throws -> SiteProblem {
        let nr = residents.count
        var existingDistance = [Double](repeating: .infinity, count: nr)
        let reach: ReachPairs
        var unsnapped = 0
        switch metric {
        case .network:
            guard let net = network, net.edgeCount > 0 else {
                throw OptionError(key: "network", "the network metric needs a walking network with edges", fix: "give {option}, or metric euclidean")
            }
            let index = EdgeIndex(network: net)
            let rs = index.snapAll(residents, maxDistance: maxSnap).points
            let fs = index.snapAll(existing, maxDistance: maxSnap).points
            if !fs.isEmpty {
                existingDistance = CategorySearch.nearestDistances(network: net, categories: [fs], targets: rs, cutoff: radius).distances[0]
            }
            let cs = index.snapAll(candidates, maxDistance: maxSnap)
            unsnapped = cs.counts.unsnapped
            reach = FacilityReach.pairs(network: net, sources: cs.points, targets: rs, cutoff: radius)
        case .euclidean:
            let e = FacilityReach.euclideanPairs(sources: existing, targets: residents, cutoff: radius)
            for k in 0..<e.pairCount { existingDistance[Int(e.target[k])] = min(existingDistance[Int(e.target[k])], e.distance[k]) }
            reach = FacilityReach.euclideanPairs(sources: candidates, targets: residents, cutoff: radius)
        }
        let served = existingDistance.map { $0 <= radius }
        // Served residents gain nothing from a new site: left out of the sets.
        var offsets = [0], indices: [Int32] = [], distances: [Double] = []
        var reaching = 0
        for j in 0..<reach.sourceCount {
            let before = indices.count
            for k in reach.range(of: j) where !served[Int(reach.target[k])] {
                indices.append(reach.target[k]); distances.append(reach.distance[k])
            }
            if indices.count > before { reaching += 1 }
            offsets.append(indices.count)
        }
        let sets = try CoverageSets(candidateCount: reach.sourceCount, demandCount: nr, offsets: offsets, indices: indices)
        return SiteProblem(
            instance: MaxCoverInstance(sets: sets, weights: weights, alreadyServed: served), distances: distances,
            existingDistance: existingDistance, candidatesReachingAnyone: reaching, candidatesUnsnapped: unsnapped)
    }
}

public struct SiteResult: Sendable {
    public var problem: SiteProblem
    public var exactSelected: [Int]
    public var exactGains: [Double]
    public var greedySelected: [Int]
    public var greedyGains: [Double]
    public var candidatePoints: [Coordinate] = []
    public var summary: SiteSummary
    /// With a capacity: the exact selection's nearest-open-site assignment.
    public var exactAssignment: CapacitatedAssignment?
    public var greedyAssignment: CapacitatedAssignment?

    /// Residents newly served by the exact selection (with a capacity: served in full or in part).
    public func newlyServed() -> [Bool] {
        if let a = exactAssignment { return a.served.map { $0 > 0 } }
        var out = [Bool](repeating: false, count: problem.instance.demandCount)
        for j in exactSelected { for d in problem.instance.sets.demands(of: j) { out[Int(d)] = true } }
        return out
    }
}

/// Greedy and exact selection, MCLP or LSCP, with before/after shares.
public enum SiteSolver {
    public static func solve(
        _ p: SiteProblem, objective: SiteJob.Objective, capacity: Double? = nil, timeLimit: Double, mipGap: Double, nodeLimit: Int = 100_000
    ) throws -> SiteResult {
        let inst = p.instance
        let total = inst.totalWeight, before = inst.servedWeightBefore, reachable = inst.reachableUnservedWeight
        var warnings: [String] = []
        var greedy = SelectionResult(selected: [], marginalGains: [], coveredWeight: 0, status: .trivial)
        var exact = greedy
        var capacitated: CapacitatedCoverInstance?
        var mipObjective: Double?, closestAssignment = true
        if p.candidatesUnsnapped > 0 {
            warnings.append("\(p.candidatesUnsnapped) candidates are too far from the network and were left out")
        }
        if inst.candidateCount == 0 {
            warnings.append("no candidate site")
        } else if p.candidatesReachingAnyone == 0 || reachable <= 0 {
            warnings.append(
                before >= total && total > 0
                    ? "every resident is already served: nothing to site"
                    : "no candidate is within the radius of a resident not yet served: nothing to site")
        } else if let c = capacity {
            capacitated = try CapacitatedCoverInstance(sets: inst.sets, distances: p.distances, weights: inst.weights, capacity: c)
            let count: Int? = if case .count(let k) = objective { k } else { nil }
            greedy = CapacitatedGreedy.solve(capacitated!, count: count)
            let out = try CapacitatedExact.solve(
                capacitated!,
                options: CapacitatedExact.Options(
                    count: count, timeLimit: timeLimit, mipGap: mipGap, nodeLimit: nodeLimit, incumbent: greedy.selected))
            exact = out.result
            mipObjective = out.mipObjective
            closestAssignment = out.closestAssignment
        } else {
            switch objective {
            case .count(let count):
                let opts = MaxCoverOptions(count: count, timeLimit: timeLimit, mipGap: mipGap)
                greedy = try LazyGreedyMaxCover.solve(inst, options: opts)
                exact = try ExactMaxCover.solve(inst, options: opts, solver: ExactMaxCover.Options(incumbent: greedy.selected))
            case .coverAll:
                // Greedy's cover as before (a target a hair under every reachable
                // resident, so round-off cannot make it unreachable); the exact cover
                // is the pure covering program seeded by it.
                let share = min(1, (before + reachable * (1 - 1e-9)) / total)
                greedy = try SetCover.greedy(inst, options: SetCover.Options(targetShare: share, timeLimit: timeLimit))
                exact = try CoverAllExact.solve(
                    inst, options: CoverAllExact.Options(timeLimit: timeLimit, nodeLimit: nodeLimit, incumbent: greedy.selected))
            }
        }
        // Served weight recomputed from the selections: with a capacity, the nearest-open-site assignment.
        let exactAssignment = capacitated?.assign(open: exact.selected), greedyAssignment = capacitated?.assign(open: greedy.selected)
        let exactValue = exactAssignment?.servedWeight ?? inst.coveredWeight(of: exact.selected)
        let greedyValue = greedyAssignment?.servedWeight ?? inst.coveredWeight(of: greedy.selected)
        func share(_ w: Double) -> Double { total > 0 ? w / total : 0 }
        var s = SiteSummary(
            objective: {
                if case .count(let c) = objective { return "count \(c)" }
                return "cover_all"
            }(),
            candidates: SiteSummary.Candidates(
                total: inst.candidateCount, unsnapped: p.candidatesUnsnapped, reachingUnserved: p.candidatesReachingAnyone),
            residents: inst.demandCount, residentWeight: total, servedWeightBefore: before, reachableUnservedWeight: reachable,
            shareBefore: share(before), exactValue: exactValue, greedyValue: greedyValue,
            exact: SiteSummary.Selection(
                status: exact.status.rawValue, count: exact.selected.count, newlyServedWeight: exactValue, shareAfter: share(before + exactValue),
                bound: exact.bound, notes: exact.notes, seconds: exact.seconds),
            greedy: SiteSummary.Selection(
                status: greedy.status.rawValue, count: greedy.selected.count, newlyServedWeight: greedyValue,
                shareAfter: share(before + greedyValue), bound: nil, notes: greedy.notes, seconds: greedy.seconds))
        if case .count = objective, let b = exact.bound, b > 0 { s.exact.gap = max(0, (b - exactValue) / b) }
        // Cover-all: the gap is in sites, (count − bound) ÷ count.
        if case .coverAll = objective, capacity == nil, let b = exact.bound, !exact.selected.isEmpty {
            s.exact.gap = max(0, (Double(exact.selected.count) - b) / Double(exact.selected.count))
        }
        if let c = capacity {
            s.capacity = c
            s.exact.unservedByCapacityWeight = exactAssignment?.unservedByCapacity ?? 0
            s.greedy.unservedByCapacityWeight = greedyAssignment?.unservedByCapacity ?? 0
            s.exact.mipObjective = mipObjective
            s.exact.assignment = closestAssignment ? "nearest_open_site" : "any_site_in_reach_then_nearest"
            s.greedy.assignment = "nearest_open_site"
            if exactValue < greedyValue - 1e-9 * max(1, total) {
                s.exact.notes.append("greedy's selection serves more under nearest-site assignment than the exact program's")
            }
            if case .coverAll = objective, exact.status == .infeasible || greedy.status == .infeasible {
                warnings.append(
                    String(
                        format: "capacity %.6g per site cannot serve every reachable resident with nearest-site assignment; give count P instead", c))
            }
        }
        s.warnings = warnings
        var r = SiteResult(
            problem: p, exactSelected: exact.selected, exactGains: exact.marginalGains, greedySelected: greedy.selected,
            greedyGains: greedy.marginalGains, summary: s)
        r.exactAssignment = exactAssignment
        r.greedyAssignment = greedyAssignment
        return r
    }
}
