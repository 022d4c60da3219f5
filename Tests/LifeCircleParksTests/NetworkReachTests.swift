import Foundation
import LifeCircleGeometry
import LifeCircleNetwork
import Testing

@testable import LifeCircleParks

/// A 1 km Manhattan grid of streets every 100 m, where walking distances have
/// a closed form: points on crossing streets are |dx| + |dy| apart; points on
/// parallel streets detour through the best cross street.
@Suite struct NetworkReachTests {
    static let streets = stride(from: 0.0, through: 1000, by: 100).map { $0 }

    static func network() throws -> WalkNetwork {
        var lines: [[Coordinate]] = []
        for v in streets {
            lines.append(streets.map { Coordinate($0, v) })  // horizontal at y = v
            lines.append(streets.map { Coordinate(v, $0) })  // vertical at x = v
        }
        return try NetworkBuilder.build(lines: lines)
    }

    /// On-street position: horizontal (y on a street) and/or vertical (x on a street).
    static func gridDistance(_ p: Coordinate, _ q: Coordinate) -> Double {
        func onH(_ c: Coordinate) -> Bool { streets.contains(c.y) }
        func onV(_ c: Coordinate) -> Bool { streets.contains(c.x) }
        var best = Double.infinity
        if onH(p) && onH(q) {
            best = min(best, p.y == q.y ? abs(p.x - q.x) : abs(p.y - q.y) + streets.map { abs(p.x - $0) + abs(q.x - $0) }.min()!)
        }
        if onV(p) && onV(q) {
            best = min(best, p.x == q.x ? abs(p.y - q.y) : abs(p.x - q.x) + streets.map { abs(p.y - $0) + abs(q.y - $0) }.min()!)
        }
        if (onH(p) && onV(q)) || (onV(p) && onH(q)) { best = min(best, abs(p.x - q.x) + abs(p.y - q.y)) }
        return best
    }

    static func randomOnStreet(_ rng: inout SplitMix64) -> Coordinate {
        let s = streets[Int.random(in: 0..<streets.count, using: &rng)]
        // Integer positions keep the closed form exact.
        let t = Double(Int.random(in: 0...1000, using: &rng))
        return Bool.random(using: &rng) ? Coordinate(t, s) : Coordinate(s, t)
    }

    @Test func coverageSetsMatchClosedFormGridDistances() throws {
        let net = try Self.network()
        var rng = SplitMix64(seed: 2024)
        let residents = (0..<1500).map { _ in Self.randomOnStreet(&rng) }
        let sites = (0..<30).map { _ in GeometryValue.point(Self.randomOnStreet(&rng)) }
        let reach = try NetworkReach(network: net, residents: residents, options: AccessPointOptions())
        let sets = try reach.coverageSets(sites: sites, radius: 350)
        var nonEmpty = 0
        for (j, s) in sites.enumerated() {
            guard case .point(let c) = s else { continue }
            // Strictly inside or outside the radius by 1e-6 m (integer grid: ties are exactly 350).
            let expected = residents.indices.filter { Self.gridDistance(c, residents[$0]) <= 350 + 1e-9 }
            #expect(sets.demands(of: j).map(Int.init) == expected, "site \(j) at \(c)")
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty == 30)
    }

    @Test func polygonSiteUsesNearestBoundaryAccessPoint() throws {
        let net = try Self.network()
        // A 20 × 20 plot 10 m above the street y = 100 and 20 m right of x = 400:
        // its nearest network point is on y = 100, 10 m from its bottom edge.
        let plot = rect(420, 110, 440, 130)
        let residents = [Coordinate(420, 100), Coordinate(700, 100), Coordinate(721, 100), Coordinate(400, 380), Coordinate(400, 390)]
        let reach = try NetworkReach(network: net, residents: residents, options: AccessPointOptions())
        let ap = reach.accessPoints(plot)
        #expect(ap.count == 1)
        #expect(abs(ap[0].access - 10) < 1e-9)
        #expect(abs(ap[0].point.y - 100) < 1e-9 && ap[0].point.x >= 420 && ap[0].point.x <= 440)
        let sets = try reach.coverageSets(sites: [plot], radius: 310)
        // (420,100): 10 + |x−420|; (700,100): 10 + 280 = 290 if access at x=420 → served;
        // (721,100): 311 → not; (400,380): 10 + 20 + 280 = 310 → served; (400,390): 320 → not.
        #expect(ap[0].point.x == 420)
        #expect(sets.demands(of: 0).map(Int.init) == [0, 1, 3])
    }

    @Test func servedMaskAndSitingOnNetwork() throws {
        let net = try Self.network()
        var rng = SplitMix64(seed: 7)
        let residents = (0..<800).map { _ in Self.randomOnStreet(&rng) }
        // One existing 50 × 50 park (2,500 m², earns 300 m) at the corner (0..50, 0..50) off the streets' lines.
        let park = rect(10, 10, 60, 60)
        let sites = (0..<20).map { k -> GeometryValue in
            let x = Double(100 * (k % 9) + 20), y = Double(100 * (k / 9 * 3 + 1) + 20)
            return rect(x, y, x + 30, y + 30)
        }
        var cfg = ParkSitingConfig(
            residents: residents, weights: Array(repeating: 1, count: residents.count), green: [park],
            greenRules: [GreenServiceRule(minArea: 2_000, radius: 300)],
            candidates: .given(sites, filter: false), radius: 300, objective: .maxCover(count: 3),
            method: .exact, reach: .network(net, AccessPointOptions()))
        let r = try ParkSiting.run(cfg)
        // The park's perimeter (200 m) is small: one access point, 10 m from the park, at (10,0) or (0,10).
        let reach = try NetworkReach(network: net, residents: residents, options: AccessPointOptions())
        let ap = try #require(reach.accessPoints(park).first)
        #expect(abs(ap.access - 10) < 1e-9)
        for (i, p) in residents.enumerated() {
            let d = 10 + Self.gridDistance(ap.point, p)
            #expect(r.servedMaskBefore[i] == (d <= 300 + 1e-9), "resident \(i) at \(p): \(d)")
        }
        let brute = try BruteForceMaxCover.solve(
            MaxCoverInstance(
                sets: try reach.coverageSets(sites: sites, radius: 300),
                weights: cfg.weights, alreadyServed: r.servedMaskBefore),
            options: MaxCoverOptions(count: 3))
        #expect(r.chosen.coveredWeight == brute.coveredWeight)
        #expect(r.served.servedAfter == r.served.servedBefore + brute.coveredWeight)
        #expect(r.serviceAreas.count == r.chosen.selected.count)
        cfg.reach = .euclidean
        let e = try ParkSiting.run(cfg)
        // Straight lines are never longer than walks: Euclidean serves at least as many.
        #expect(e.served.servedBefore >= r.served.servedBefore)
    }
}
