import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import Testing

@testable import LifeCircleCoverage

/// Access values against an independent computation: a dense distance
/// matrix from a plain heap Dijkstra written here (not MultiSourceDijkstra),
/// the same snapping, and the 2SFCA / E2SFCA / gravity formulas summed
/// directly over the matrix.
enum NaiveAccess {
    /// Node-to-node distances from `source` by a textbook lazy-deletion Dijkstra.
    static func adjacency(_ net: WalkNetwork) -> [[(Int, Double)]] {
        var adj = [[(Int, Double)]](repeating: [], count: net.nodeCount)
        for e in 0..<net.edgeCount {
            let a = Int(net.edgeFrom[e]), b = Int(net.edgeTo[e])
            adj[a].append((b, net.edgeLength[e])); adj[b].append((a, net.edgeLength[e]))
        }
        return adj
    }

    static func dijkstra(_ adj: [[(Int, Double)]], from source: Int) -> [Double] {
        var d = [Double](repeating: .infinity, count: adj.count)
        // A plain binary min-heap of (distance, node), lazy deletion.
        var heap: [(Double, Int)] = [(0, source)]
        d[source] = 0
        func push(_ x: (Double, Int)) {
            heap.append(x)
            var i = heap.count - 1
            while i > 0, heap[(i - 1) / 2].0 > heap[i].0 { heap.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        func pop() -> (Double, Int) {
            let top = heap[0]
            heap[0] = heap[heap.count - 1]; heap.removeLast()
            var i = 0
            while true {
                var m = i
                for c in [2 * i + 1, 2 * i + 2] where c < heap.count && heap[c].0 < heap[m].0 { m = c }
                if m == i { break }
                heap.swapAt(i, m); i = m
            }
            return top
        }
        while !heap.isEmpty {
            let (du, u) = pop()
            if du > d[u] { continue }
            for (v, w) in adj[u] where du + w < d[v] { d[v] = du + w; push((du + w, v)) }
        }
        return d
    }

    /// Facility-to-resident distances through the snapped points.
    static func distances(_ net: WalkNetwork, facilities: [SnappedPoint], residents: [SnappedPoint]) -> [[Double]] {
        var cache: [Int: [Double]] = [:]
        let adj = adjacency(net)
        func nodeDist(_ a: Int) -> [Double] {
            if let d = cache[a] { return d }
            let d = dijkstra(adj, from: a); cache[a] = d; return d
        }
        return facilities.map { f in
            guard f.isSnapped else { return residents.map { _ in .infinity } }
            let fe = Int(f.edge)
            let ends = [(Int(net.edgeFrom[fe]), f.offset), (Int(net.edgeTo[fe]), net.edgeLength[fe] - f.offset)]
            return residents.map { r in
                guard r.isSnapped else { return .infinity }
                let re = Int(r.edge)
                var best = Double.infinity
                for (a, da) in ends {
                    let dn = nodeDist(a)
                    best = min(best, da + dn[Int(net.edgeFrom[re])] + r.offset, da + dn[Int(net.edgeTo[re])] + net.edgeLength[re] - r.offset)
                }
                if fe == re { best = min(best, abs(f.offset - r.offset)) }
                return f.access + best + r.access
            }
        }
    }

    static func access(d: [[Double]], supply: [Double], pop: [Double], config: AccessConfig) -> (a: [Double], r: [Double]) {
        let cut = config.cutoff
        let r = d.indices.map { j -> Double in
            var s = 0.0
            for i in pop.indices where d[j][i] <= cut { s += config.weight(d[j][i]) * pop[i] }
            return s > 0 ? supply[j] / s : 0
        }
        let a = pop.indices.map { i in
            d.indices.reduce(0.0) { $0 + (d[$1][i] <= cut ? config.weight(d[$1][i]) * r[$1] : 0) }
        }
        return (a, r)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300) || a == b }
}

@Suite struct AccessAnalysisTests {
    /// A 4 × 4 street grid of 100 m blocks.
    func grid() throws -> WalkNetwork {
        var lines: [[Coordinate]] = []
        for k in 0...3 {
            lines.append([Coordinate(0, Double(k) * 100), Coordinate(300, Double(k) * 100)])
            lines.append([Coordinate(Double(k) * 100, 0), Coordinate(Double(k) * 100, 300)])
        }
        return try NetworkBuilder.build(lines: lines, options: NetworkBuildOptions(nodeIntersections: true))
    }

    @Test func handComputedLine() throws {
        // One street 0–1000 m; a facility of capacity 2 at 0, residents at 200 (10) and 700 (30).
        let net = try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(1000, 0)]])
        let input = CoverageInput(
            network: net, residents: [Coordinate(200, 0), Coordinate(700, 0)], weights: [10, 30],
            categories: [CoverageCategory(id: "clinic", facilities: [Coordinate(0, 0)], capacities: [2])])
        let r = try AccessAnalysis.run(input, AccessConfig(catchment: 500))
        #expect(r.ratio[0] == [0.2])
        #expect(r.access[0] == [0.2, 0])
        let c = r.summary.categories[0]
        #expect(abs(c.mean - 0.05) < 1e-15)  // (10 × 0.2) / 40
        #expect(c.noFacilityShare == 0.75)
        #expect(c.median == 0)
        // Two values 0.2 (weight 10) and 0 (weight 30): Gini = 30·10·0.2 / (40² · 0.05) = 0.75.
        #expect(abs(c.gini - 0.75) < 1e-12)
        // Per zone: the resident at 200 m alone in zone "a", the other in "b".
        var zoned = input
        zoned.residentZone = [0, 1]
        zoned.zoneNames = ["a", "b"]
        let z = try AccessAnalysis.run(zoned, AccessConfig(catchment: 500)).summary.zones
        #expect(z.map(\.zone) == ["a", "b"] && z.map(\.weight) == [10, 30])
        #expect(z[0].categories[0].mean == 0.2 && z[0].categories[0].noFacilityShare == 0)
        #expect(z[1].categories[0].mean == 0 && z[1].categories[0].noFacilityShare == 1)
        // E2SFCA: 300:1,600:0.5 → the resident at 700 is outside; at 200 weight 1.
        let e = try AccessAnalysis.run(
            input, AccessConfig(method: .e2SFCA, catchment: 600, bands: [AccessBand(upTo: 300, weight: 1), AccessBand(upTo: 600, weight: 0.5)]))
        #expect(e.access[0] == [0.2, 0])
    }

    @Test(arguments: [AccessMethod.twoSFCA, .e2SFCA, .gravity])
    func gridMatchesNaive(method: AccessMethod) throws {
        let net = try grid()
        var rng = SplitMix64(seed: 7)
        func rand() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let residents = (0..<60).map { _ in Coordinate(rand() * 300, rand() * 300) }
        let pop = residents.map { _ in 1 + (rand() * 100).rounded() }
        let fac = (0..<6).map { _ in Coordinate(rand() * 300, rand() * 300) }
        let caps = fac.map { _ in 1 + (rand() * 10).rounded() }
        let bands =
            method == .e2SFCA ? [AccessBand(upTo: 100, weight: 1), AccessBand(upTo: 200, weight: 0.6), AccessBand(upTo: 250, weight: 0.2)] : []
        let config = AccessConfig(method: method, catchment: 250, bands: bands, beta: 1.3, maxSnap: 200)
        let input = CoverageInput(
            network: net, residents: residents, weights: pop, categories: [CoverageCategory(id: "c", facilities: fac, capacities: caps)])
        let r = try AccessAnalysis.run(input, config)
        let index = EdgeIndex(network: net)
        let d = NaiveAccess.distances(
            net, facilities: index.snapAll(fac, maxDistance: 200).points, residents: index.snapAll(residents, maxDistance: 200).points)
        let naive = NaiveAccess.access(d: d, supply: caps, pop: pop, config: config)
        for i in residents.indices { #expect(NaiveAccess.close(r.access[0][i], naive.a[i]), "resident \(i): \(r.access[0][i]) vs \(naive.a[i])") }
        for j in fac.indices { #expect(NaiveAccess.close(r.ratio[0][j], naive.r[j])) }
        #expect(r.access[0].contains { $0 > 0 })
        if method == .twoSFCA {
            // 2SFCA conserves supply: Σ Pᵢ Aᵢ = Σ Sⱼ over facilities with demand.
            let lhs = zip(pop, r.access[0]).reduce(0) { $0 + $1.0 * $1.1 }
            let rhs = fac.indices.filter { r.demand[0][$0] > 0 }.reduce(0) { $0 + caps[$1] }
            #expect(abs(lhs - rhs) <= 1e-9 * rhs)
        }
    }

    @Test func statistics() {
        // Gini against the direct double sum.
        let x = [0.0, 1, 1, 3, 7.5], w = [2.0, 1, 0.5, 3, 1]
        var num = 0.0
        for i in x.indices { for j in x.indices { num += w[i] * w[j] * abs(x[i] - x[j]) } }
        let wt = w.reduce(0, +), mu = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / wt
        #expect(abs(AccessStatistics.gini(x, w) - num / (2 * wt * wt * mu)) < 1e-12)
        #expect(AccessStatistics.weightedMedian(x, w) == 3)
        #expect(AccessStatistics.gini([2, 2, 2], [1, 1, 1]) == 0)
    }

    @Test func badInput() throws {
        let net = try NetworkBuilder.build(lines: [[Coordinate(0, 0), Coordinate(1000, 0)]])
        func run(_ caps: [Double]?, _ fac: [Coordinate] = [Coordinate(0, 0), Coordinate(500, 0)]) throws -> AccessResult {
            try AccessAnalysis.run(
                CoverageInput(
                    network: net, residents: [Coordinate(100, 0)],
                    categories: [CoverageCategory(id: "k", facilities: fac, capacities: caps), CoverageCategory(id: "none", facilities: [])]),
                AccessConfig(catchment: 600))
        }
        #expect(throws: OptionError.self) { try run([1, -2]) }
        let r = try run([.nan, 0])
        #expect(r.summary.capacity == AccessSummary.CapacityCounts.init(missing: 1, zero: 1))
        #expect(r.summary.warnings.contains { $0.contains("no capacity value") })
        #expect(r.summary.warnings.contains { $0.contains("'none' has no facility") })
        #expect(r.access[1] == [0])
        #expect(throws: OptionError.self) { try AccessConfig(method: .e2SFCA, bands: []).validate() }
        #expect(throws: OptionError.self) { try AccessConfig(catchment: -1).validate() }
        #expect(throws: OptionError.self) { try AccessBand.parse("300:1,600") }
    }
}

extension AccessSummary.CapacityCounts {
    init(missing: Int, zero: Int) { self.init(); self.missing = missing; self.zero = zero }
}

/// A real network: Helsinki's walking streets, residents and facilities on it.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: helsinkiPBF), "geodata/Helsinki.osm.pbf absent: skipping"))
struct HelsinkiAccessTests {
    @Test func matchesNaiveDijkstra() throws {
        var job = CoverageJob(
            network: .init(path: helsinkiPBF),
            residents: .init(path: helsinkiPBF, layer: "multipolygons", filter: "building IS NOT NULL"),
            facilities: [.init(path: helsinkiPBF)])
        job.buildingPopulation = .init(defaultLevels: 5, floorAreaPerPerson: 40)
        job.preset = "gb50180"
        let p = try job.prepare()
        let net = try #require(p.input.network)
        var input = p.input
        // Two categories with facilities, capacity from a seeded draw.
        var rng = SplitMix64(seed: 3)
        input.categories = input.categories.filter { !$0.facilities.isEmpty }.prefix(2).map { c in
            var c = c
            c.capacities = c.facilities.map { _ in Double(1 + rng.next() % 20) }
            return c
        }
        for method in [AccessMethod.twoSFCA, .e2SFCA] {
            let config = AccessConfig(
                method: method, catchment: 800,
                bands: method == .e2SFCA
                    ? [AccessBand(upTo: 300, weight: 1), AccessBand(upTo: 600, weight: 0.68), AccessBand(upTo: 800, weight: 0.22)] : [])
            let r = try AccessAnalysis.run(input, config)
            let index = EdgeIndex(network: net)
            let rs = index.snapAll(input.residents, maxDistance: 100).points
            for (c, cat) in input.categories.enumerated() {
                let d = NaiveAccess.distances(net, facilities: index.snapAll(cat.facilities, maxDistance: 100).points, residents: rs)
                let naive = NaiveAccess.access(d: d, supply: cat.capacities!, pop: input.weights, config: config)
                let bad = input.residents.indices.filter { !NaiveAccess.close(r.access[c][$0], naive.a[$0]) }
                #expect(
                    bad.isEmpty, "\(cat.id): \(bad.count) residents differ, e.g. \(bad.first.map { "\(r.access[c][$0]) vs \(naive.a[$0])" } ?? "")")
                #expect(r.access[c].contains { $0 > 0 })
            }
        }
    }
}

/// Capacity mistakes in the files: a missing or non-numeric column is the
/// capacity option's error; a negative value too.
@Suite struct AccessCapacityInputTests {
    func write(_ name: String, _ features: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-access-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func point(_ x: Double, _ y: Double, _ props: String) -> String {
        "{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(x),\(y)]}}"
    }

    func job(_ facilities: String) throws -> AccessJob {
        let residents = try write("res.geojson", [point(0, 0, "\"pop\":10"), point(100, 0, "\"pop\":5")])
        var c = CoverageJob(
            network: nil, residents: InputSource(path: residents, crs: .local), facilities: [InputSource(path: facilities, crs: .local)])
        c.crs = .local
        c.weightField = "pop"
        c.categoryName = "clinic"
        c.config.metric = .euclidean
        return AccessJob(inputs: c, capacityField: "beds", config: AccessConfig(catchment: 500, metric: .euclidean))
    }

    @Test func capacityColumnMistakes() throws {
        let missing = try write("f1.geojson", [point(50, 0, "\"other\":3")])
        #expect { try job(missing).run() } throws: { ($0 as? OptionError)?.key == "capacity" }
        let text = try write("f2.geojson", [point(50, 0, "\"beds\":\"many\"")])
        #expect { try job(text).run() } throws: { ($0 as? OptionError)?.key == "capacity" }
        let negative = try write("f3.geojson", [point(50, 0, "\"beds\":-3")])
        #expect { try job(negative).run() } throws: { ($0 as? OptionError)?.key == "capacity" }
        let ok = try write("f4.geojson", [point(50, 0, "\"beds\":3"), point(60, 0, "\"beds\":null")])
        let r = try job(ok).run()
        #expect(r.summary.capacity?.missing == 1)
        // 3 beds over 15 people within 500 m: every resident's access is 0.2.
        #expect(r.access[0].allSatisfy { abs($0 - 0.2) < 1e-15 })
    }
}
