import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleParks
import Testing

@testable import LifeCircleSiting

/// Siting against brute force over every subset, with distances computed
/// here directly (straight lines), and the before/after shares recounted.
@Suite struct SiteSolverTests {
    struct Instance {
        var residents: [Coordinate], weights: [Double], existing: [Coordinate], candidates: [Coordinate], radius: Double
    }

    func random(_ seed: UInt64) -> Instance {
        var rng = SplitMix64(seed: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let nr = 25 + Int(rng.next() % 15), nc = 6 + Int(rng.next() % 5)
        return Instance(
            residents: (0..<nr).map { _ in Coordinate(u() * 1000, u() * 1000) }, weights: (0..<nr).map { _ in 1 + (u() * 50).rounded() },
            existing: (0..<2).map { _ in Coordinate(u() * 1000, u() * 1000) }, candidates: (0..<nc).map { _ in Coordinate(u() * 1000, u() * 1000) },
            radius: 200 + u() * 150)
    }

    func within(_ a: Coordinate, _ b: Coordinate, _ r: Double) -> Bool { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() <= r }

    /// Newly served weight of a subset, counted directly.
    func gain(_ t: Instance, _ subset: [Int]) -> Double {
        var s = 0.0
        for (i, p) in t.residents.enumerated() where !t.existing.contains(where: { within($0, p, t.radius) }) {
            if subset.contains(where: { within(t.candidates[$0], p, t.radius) }) { s += t.weights[i] }
        }
        return s
    }

    func subsets(_ n: Int, _ k: Int) -> [[Int]] {
        if k == 0 { return [[]] }
        if n < k { return [] }
        return subsets(n - 1, k) + subsets(n - 1, k - 1).map { $0 + [n - 1] }
    }

    func problem(_ t: Instance) throws -> SiteProblem {
        try SiteProblem.build(
            residents: t.residents, weights: t.weights, existing: t.existing, candidates: t.candidates, radius: t.radius,
            metric: .euclidean, network: nil, maxSnap: 100)
    }

    @Test(arguments: 1...12)
    func mclpMatchesBruteForce(seed: UInt64) throws {
        let t = random(seed)
        let p = 1 + Int(seed % 3)
        let r = try SiteSolver.solve(problem(t), objective: .count(p), timeLimit: 30, mipGap: 0)
        let best = subsets(t.candidates.count, min(p, t.candidates.count)).map { gain(t, $0) }.max() ?? 0
        #expect(abs(r.summary.exactValue - best) < 1e-9)
        #expect(abs(gain(t, r.exactSelected) - r.summary.exactValue) < 1e-9)
        #expect(r.summary.greedyValue >= (1 - 1 / M_E) * best - 1e-9)
        #expect(r.summary.exactValue >= r.summary.greedyValue - 1e-9)
        // Before/after shares recounted.
        let total = t.weights.reduce(0, +)
        let before = t.residents.indices.filter { i in t.existing.contains { within($0, t.residents[i], t.radius) } }.reduce(0) { $0 + t.weights[$1] }
        #expect(abs(r.summary.shareBefore - before / total) < 1e-12)
        #expect(abs(r.summary.exact.shareAfter - (before + best) / total) < 1e-9)
        #expect(zip(r.exactGains, r.exactGains.dropFirst()).allSatisfy { $0 >= $1 - 1e-9 } || r.summary.exact.status != "heuristic")
    }

    @Test(arguments: 1...8)
    func lscpMatchesBruteForce(seed: UInt64) throws {
        let t = random(seed + 100)
        let r = try SiteSolver.solve(problem(t), objective: .coverAll, timeLimit: 30, mipGap: 0)
        let all = gain(t, Array(t.candidates.indices))
        var fewest = 0
        if all > 0 {
            fewest = (1...t.candidates.count).first { k in subsets(t.candidates.count, k).contains { abs(gain(t, $0) - all) < 1e-9 } }!
        }
        #expect(r.exactSelected.count == fewest, "\(r.summary.exact.status) \(r.summary.exact.notes) \(r.summary.warnings)")
        #expect(abs(r.summary.exactValue - all) < 1e-9)
        #expect(r.greedySelected.count >= fewest)
        #expect(abs(r.summary.greedyValue - all) < 1e-9)
    }

    @Test func nothingToSite() throws {
        // Candidates far from everyone: a warning, no site, status trivial.
        let t = Instance(
            residents: [Coordinate(0, 0), Coordinate(10, 0)], weights: [1, 1], existing: [], candidates: [Coordinate(5000, 5000)], radius: 100)
        let r = try SiteSolver.solve(problem(t), objective: .count(2), timeLimit: 10, mipGap: 0)
        #expect(r.exactSelected.isEmpty && r.summary.exact.status == "trivial")
        #expect(r.summary.warnings.contains { $0.contains("no candidate is within the radius") })
    }

    @Test func networkGridCandidates() throws {
        // A 1 km street; an existing clinic at 0 serves residents up to 300 m.
        let net = try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(500, 0), Coordinate(1000, 0)]])
        let residents = stride(from: 50.0, through: 950, by: 100).map { Coordinate($0, 10) }
        let cands = try SiteCandidates.grid(spacing: 250, network: net, residents: residents)
        #expect(!cands.isEmpty)
        let p = try SiteProblem.build(
            residents: residents, weights: residents.map { _ in 1 }, existing: [Coordinate(0, 0)], candidates: [Coordinate(800, 0)],
            radius: 300, metric: .network, network: net, maxSnap: 50)
        // 50..250 served (3 residents, 10 m access each: 60, 160, 260).
        #expect(p.instance.alreadyServed.filter { $0 }.count == 3)
        let r = try SiteSolver.solve(p, objective: .count(1), timeLimit: 10, mipGap: 0)
        // From 800: 550..950 within 300 m (10 m access + |x − 800| ≤ 300 → 510 ≤ x ≤ 1090).
        #expect(r.summary.exactValue == 5)
    }
}
