import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleParks
import Testing

@testable import LifeCircleSiting

/// Capacitated siting against brute force over every subset: each resident
/// goes to its nearest chosen site (straight-line distance computed here,
/// ties by candidate index), each site serves min(capacity, assigned weight).
@Suite struct CapacitatedSiteTests {
    typealias Instance = SiteSolverTests.Instance

    func dist(_ a: Coordinate, _ b: Coordinate) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }

    /// Served weight of `subset` with capacity `c`, and the weight each site is assigned, counted directly.
    func served(_ t: Instance, _ subset: [Int], _ c: Double) -> (value: Double, assigned: [Int: Double]) {
        var assigned: [Int: Double] = [:]
        for (i, p) in t.residents.enumerated() where !t.existing.contains(where: { dist($0, p) <= t.radius }) {
            var best = -1
            for j in subset.sorted() where dist(t.candidates[j], p) <= t.radius {
                if best < 0 || dist(t.candidates[j], p) < dist(t.candidates[best], p) { best = j }
            }
            if best >= 0 { assigned[best, default: 0] += t.weights[i] }
        }
        return (assigned.values.reduce(0) { $0 + min(c, $1) }, assigned)
    }

    func problem(_ t: Instance) throws -> SiteProblem {
        try SiteProblem.build(
            residents: t.residents, weights: t.weights, existing: t.existing, candidates: t.candidates, radius: t.radius,
            metric: .euclidean, network: nil, maxSnap: 100)
    }

    func subsets(_ n: Int, upTo k: Int) -> [[Int]] {
        var out: [[Int]] = [[]]
        for j in 0..<n { out += out.filter { $0.count < k }.map { $0 + [j] } }
        return out
    }

    /// The capacity is never exceeded, per-resident service adds up per site and never exceeds a weight.
    func checkCapacity(_ r: SiteResult, _ t: Instance, _ c: Double) throws {
        let a = try #require(r.exactAssignment)
        for j in a.servedBySite.indices { #expect(a.servedBySite[j] <= c * (1 + 1e-12)) }
        var bySite = [Double](repeating: 0, count: t.candidates.count)
        for i in a.site.indices {
            #expect(a.served[i] <= t.weights[i] + 1e-12)
            if a.site[i] >= 0 { bySite[Int(a.site[i])] += a.served[i] } else { #expect(a.served[i] == 0) }
        }
        for j in bySite.indices { #expect(abs(bySite[j] - a.servedBySite[j]) < 1e-9) }
        for s in r.summary.exact.sites { #expect((s.servedWeight ?? .infinity) <= c * (1 + 1e-12)) }
    }

    @Test(arguments: 1...10)
    func capacitatedCountMatchesBruteForce(seed: UInt64) throws {
        let t = SiteSolverTests().random(seed + 300)
        let p = 1 + Int(seed % 3)
        let total = t.weights.reduce(0, +)
        let c = (total / Double(2 + seed % 4)).rounded()
        let r = try SiteSolver.solve(problem(t), objective: .count(p), capacity: c, timeLimit: 30, mipGap: 0)
        let best = subsets(t.candidates.count, upTo: p).map { served(t, $0, c).value }.max() ?? 0
        #expect(r.summary.exact.status == "optimal", "\(r.summary.exact.notes)")
        #expect(abs(r.summary.exactValue - best) < 1e-9 * max(1, best), "exact \(r.summary.exactValue) brute \(best)")
        #expect(abs(served(t, r.exactSelected, c).value - r.summary.exactValue) < 1e-9 * max(1, best))
        #expect(abs((r.summary.exact.mipObjective ?? -1) - best) < 1e-6 * max(1, best))
        #expect(r.summary.greedyValue <= best + 1e-9)
        #expect(abs(served(t, r.greedySelected, c).value - r.summary.greedyValue) < 1e-9 * max(1, best))
        #expect(r.exactSelected.count <= p && r.greedySelected.count <= p)
        try checkCapacity(r, t, c)
        // What capacity leaves unserved: the assigned weight over each site's capacity.
        let over = served(t, r.exactSelected, c).assigned.values.reduce(0) { $0 + max(0, $1 - c) }
        #expect(abs((r.summary.exact.unservedByCapacityWeight ?? -1) - over) < 1e-9 * max(1, total))
        #expect(abs(r.summary.exact.shareAfter - (r.summary.servedWeightBefore + best) / total) < 1e-9)
    }

    @Test(arguments: 1...8)
    func capacitatedCoverAllMatchesBruteForce(seed: UInt64) throws {
        let t = SiteSolverTests().random(seed + 400)
        let c = 120.0
        let r = try SiteSolver.solve(problem(t), objective: .coverAll, capacity: c, timeLimit: 30, mipGap: 0)
        let reachable = r.summary.reachableUnservedWeight
        let n = t.candidates.count
        let all = subsets(n, upTo: n)
        let fewest = (0...n).first { k in all.contains { $0.count == k && abs(served(t, $0, c).value - reachable) < 1e-9 * max(1, reachable) } }
        if let fewest {
            #expect(r.summary.exact.status == "optimal", "\(r.summary.exact.notes)")
            #expect(r.exactSelected.count == fewest)
            #expect(abs(r.summary.exactValue - reachable) < 1e-9 * max(1, reachable))
            if r.summary.greedy.status != "infeasible" { #expect(r.greedySelected.count >= fewest) }
            try checkCapacity(r, t, c)
        } else {
            #expect(r.summary.exact.status == "infeasible")
            #expect(r.summary.warnings.contains { $0.contains("cannot serve every reachable resident") })
        }
    }

    /// Three residents of 10 on a line, sites at either end, capacity 15: the
    /// middle resident is equidistant and goes to the first site, so two sites
    /// serve 15 + 10 = 25. Letting residents use any site in reach (the
    /// program without closest-assignment rows) would split it and claim 30.
    @Test func nearestSiteAssignmentByHand() throws {
        let t = Instance(
            residents: [Coordinate(0, 0), Coordinate(100, 0), Coordinate(200, 0)], weights: [10, 10, 10], existing: [],
            candidates: [Coordinate(0, 0), Coordinate(200, 0)], radius: 250)
        let r = try SiteSolver.solve(problem(t), objective: .count(2), capacity: 15, timeLimit: 30, mipGap: 0)
        #expect(r.summary.exactValue == 25)
        #expect(r.summary.exact.unservedByCapacityWeight == 5)
        #expect(r.exactAssignment?.site == [0, 0, 1])
        #expect(r.exactAssignment?.served == [10, 5, 10])
        let one = try SiteSolver.solve(problem(t), objective: .count(1), capacity: 15, timeLimit: 30, mipGap: 0)
        #expect(one.summary.exactValue == 15 && one.summary.greedyValue == 15)

        let p = try problem(t)
        let inst = try CapacitatedCoverInstance(sets: p.instance.sets, distances: p.distances, weights: p.instance.weights, capacity: 15)
        let relaxed = try CapacitatedExact.solve(inst, options: CapacitatedExact.Options(count: 2, closestAssignmentLimit: 0))
        #expect(!relaxed.closestAssignment)
        #expect(abs((relaxed.mipObjective ?? 0) - 30) < 1e-9)
        #expect(relaxed.result.coveredWeight == 25)
        // Cover-all: 30 weight at 15 per site, the middle resident tied to site 0 → infeasible with nearest assignment.
        let all = try SiteSolver.solve(problem(t), objective: .coverAll, capacity: 15, timeLimit: 30, mipGap: 0)
        #expect(all.summary.exact.status == "infeasible")
        let all20 = try SiteSolver.solve(problem(t), objective: .coverAll, capacity: 20, timeLimit: 30, mipGap: 0)
        #expect(all20.summary.exact.status == "optimal" && all20.exactSelected.count == 2 && all20.summary.exactValue == 30)
    }
}
