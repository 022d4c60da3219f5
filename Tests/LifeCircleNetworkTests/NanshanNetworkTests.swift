import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import Testing

@testable import LifeCircleNetwork

let nanshanPath: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/geodata/shenzhen_nanshan/nanshan_walk.gpkg").path

/// Real OSMnx walking edges of Shenzhen Nanshan (both directions of two-way
/// streets). Reverse duplicates are dropped so each street is one line.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: nanshanPath), "../shared/geodata/shenzhen_nanshan absent: skipping"))
struct NanshanNetworkTests {
    static func lines() throws -> [[Coordinate]] {
        let t = try LayerReader.read(nanshanPath, ReadOptions(layer: "edges"))
        let u = try t.strings("u"), v = try t.strings("v")
        let geoms = try CoordinateTransformer(from: t.crs!, to: try CRS.epsg(32650)).transform(t.geometries)
        var seen = Set<[Coordinate]>()
        var out: [[Coordinate]] = []
        for i in 0..<t.count {
            guard let g = geoms[i], case .lineString(let cs) = g else { continue }
            let key = (u[i]! <= v[i]!) ? cs : Array(cs.reversed())
            if seen.insert(key).inserted { out.append(cs) }
        }
        return out
    }

    @Test func joinsOnlyAtSharedVerticesBridgesStayApart() throws {
        let lines = try Self.lines()
        let net = try NetworkBuilder.build(lines: lines)
        // Nodes are exactly the line ends plus vertices used by two or more lines
        // (counted here independently); crossings without a shared vertex add none.
        var uses: [Coordinate: Int] = [:], ends = Set<Coordinate>()
        for l in lines { ends.insert(l[0]); ends.insert(l[l.count - 1]); for c in l { uses[c, default: 0] += 1 } }
        let shared = uses.filter { $0.value >= 2 && !ends.contains($0.key) }
        #expect(ends.count == 1751)  // the OSMnx nodes
        #expect(net.nodeCount == ends.count + shared.count)
        var extraEdges = 0
        for l in lines { for c in l.dropFirst().dropLast() where shared[c] != nil { extraEdges += 1 } }
        #expect(net.edgeCount == lines.count + extraEdges)
        // Brute force over all segment pairs (not neighbours in one line): proper
        // crossings (bridges, tunnels) and touches (an end lying inside the other).
        func o(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double { (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x) }
        func inside(_ c: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Bool {
            o(a, b, c) == 0 && c != a && c != b && c.x >= min(a.x, b.x) && c.x <= max(a.x, b.x) && c.y >= min(a.y, b.y) && c.y <= max(a.y, b.y)
        }
        var segs: [(Coordinate, Coordinate, Int, Int)] = []
        for (i, l) in lines.enumerated() { for k in 0..<(l.count - 1) { segs.append((l[k], l[k + 1], i, k)) } }
        var crossings = 0, touches = 0
        for i in 0..<segs.count {
            let (p1, p2, li, si) = segs[i]
            for j in (i + 1)..<segs.count where !(segs[j].2 == li && abs(segs[j].3 - si) == 1) {
                let (q1, q2, _, _) = segs[j]
                if max(q1.x, q2.x) < min(p1.x, p2.x) || min(q1.x, q2.x) > max(p1.x, p2.x) || max(q1.y, q2.y) < min(p1.y, p2.y)
                    || min(q1.y, q2.y) > max(p1.y, p2.y)
                {
                    continue
                }
                if o(q1, q2, p1) * o(q1, q2, p2) < 0 && o(p1, p2, q1) * o(p1, p2, q2) < 0 {
                    crossings += 1
                } else if inside(p1, q1, q2) || inside(p2, q1, q2) || inside(q1, p1, p2) || inside(q2, p1, p2) {
                    touches += 1
                }
            }
        }
        #expect(crossings > 0)
        let noded = try NetworkBuilder.build(lines: lines, options: NetworkBuildOptions(nodeIntersections: true))
        #expect(noded.buildStats.crossingsNoded == crossings + touches)
        #expect(noded.nodeCount > net.nodeCount)
        #expect(abs(noded.totalLength - net.totalLength) < 1e-6)
    }

    @Test func distancesEqualPlainDijkstra() throws {
        let full = try NetworkBuilder.build(lines: Self.lines())
        let env = full.nodes.reduce(into: Envelope.empty) { $0.expand(toInclude: $1) }
        // The whole district and a 2 km window of it.
        let c = env.center
        let window = try NetworkBuilder.build(lines: Self.lines().filter { l in l.allSatisfy { abs($0.x - c.x) < 1000 && abs($0.y - c.y) < 1000 } })
        for (k, net) in [full, window].enumerated() {
            let idx = EdgeIndex(network: net)
            let e = net.nodes.reduce(into: Envelope.empty) { $0.expand(toInclude: $1) }
            let sources = idx.snapAll(randomPoints(8, in: e, seed: 100 + UInt64(k)), maxDistance: 100).points
            let targets = idx.snapAll(randomPoints(200, in: e, seed: 200 + UInt64(k)), maxDistance: 100).points
            #expect(sources.filter(\.isSnapped).count >= 4)
            let expected = naiveDistances(network: net, sources: sources, targets: targets)
            for cutoff in [500.0, 1000, .infinity] {
                let got = CategorySearch.nearestDistances(network: net, categories: [sources], targets: targets, cutoff: cutoff).distances[0]
                var finite = 0
                for i in targets.indices {
                    let exp = expected[i] <= cutoff ? expected[i] : .infinity
                    #expect(got[i] == exp || abs(got[i] - exp) < 1e-6)
                    if exp.isFinite { finite += 1 }
                }
                #expect(finite > 0)
            }
        }
        #expect(full.components.count >= 1 && full.components.largestLengthShare > 0.5)
    }
}
