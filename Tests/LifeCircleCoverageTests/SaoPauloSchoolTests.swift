import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection
import Testing

@testable import LifeCircleCoverage

/// Issue 3 req 12: São Paulo, network from spo_osm.pbf, residents = hex
/// centroids weighted by population, facilities = centroids of cells with
/// schools. The share of population within 1000 m of a school is confirmed
/// by an independent computation here: brute-force snapping over every
/// segment and a plain heap Dijkstra on a graph where each snapped point is
/// its own node.
@Suite struct SaoPauloSchoolTests {
    static let pbf = "sao_paulo/spo_osm.pbf", hex = "sao_paulo/spo_hexgrid_EPSG32723.gpkg"

    @Test(.enabled(if: hasGeodata(pbf) && hasGeodata(hex), "../shared/geodata/sao_paulo absent: skipping"))
    func schoolShareWithin1000mMatchesIndependentComputation() throws {
        var job = CoverageJob(
            network: .init(path: geodata(Self.pbf)), residents: .init(path: geodata(Self.hex)),
            facilities: [.init(path: geodata(Self.hex), filter: "schools > 0")])
        job.weightField = "population"
        job.categoryName = "school"
        job.residentPoint = .centroid
        job.tiers = [300, 500, 1000]
        job.config.serviceAreas = false
        job.config.gaps = false
        let result = try job.run()
        let s = result.summary
        #expect(s.crs.contains("32723"))
        #expect(s.totals.residents == 323 && s.totals.residentWeight == 517_570)
        #expect(s.categories[0].facilities == 51)
        let share = s.category("school")!.tiers[2].share

        // Independent: the same network lines, points from the hex table.
        let network = try #require(job.network)
        let (rawLines, crs) = try NetworkSource.readLines(network)
        let lines = try WorkingFrame(crs: try CRS.epsg(32723)).project(lines: rawLines, from: crs, label: "test")
        let net = try NetworkBuilder.build(lines: lines)
        let table = try LayerReader.read(geodata(Self.hex))
        let population = try table.doubles("population").map { $0! }, schools = try table.doubles("schools").map { $0! }
        let cents = table.geometries.map { shellCentroid($0!.polygonParts[0][0]) }
        func bruteSnap(_ p: Coordinate) -> (edge: Int, offset: Double, access: Double)? {
            var best = (edge: -1, offset: 0.0, access: Double.infinity)
            for e in 0..<net.edgeCount {
                var along = 0.0
                let pl = Array(net.polyline(e))
                for k in 0..<(pl.count - 1) {
                    let a = pl[k], b = pl[k + 1]
                    let dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy
                    let t = l2 == 0 ? 0 : max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2))
                    let q = Coordinate(a.x + t * dx, a.y + t * dy)
                    let d = p.distance(to: q)
                    if d < best.access { best = (e, along + t * l2.squareRoot(), d) }
                    along += l2.squareRoot()
                }
            }
            return best.access <= 100 ? best : nil
        }
        let resSnap = cents.map(bruteSnap)
        let schoolSnap = cents.indices.filter { schools[$0] > 0 }.map { bruteSnap(cents[$0]) }
        // Expanded graph: nodes, then one node per snapped point, then a virtual source.
        var pointsOnEdge: [Int: [(Double, Int)]] = [:]
        var next = net.nodeCount
        var resNode = [Int](repeating: -1, count: cents.count), schoolNode: [(Int, Double)] = []
        for (i, s) in resSnap.enumerated() { if let s { pointsOnEdge[s.edge, default: []].append((s.offset, next)); resNode[i] = next; next += 1 } }
        for s in schoolSnap {
            if let s { pointsOnEdge[s.edge, default: []].append((s.offset, next)); schoolNode.append((next, s.access)); next += 1 }
        }
        let virtual = next, n = next + 1
        var adj = [[(Int, Double)]](repeating: [], count: n)
        for e in 0..<net.edgeCount {
            var chain = [(0.0, Int(net.edgeFrom[e]))] + (pointsOnEdge[e] ?? []).sorted { $0.0 < $1.0 } + [(net.edgeLength[e], Int(net.edgeTo[e]))]
            chain.sort { $0.0 < $1.0 }
            for k in 0..<(chain.count - 1) {
                let w = chain[k + 1].0 - chain[k].0
                adj[chain[k].1].append((chain[k + 1].1, w)); adj[chain[k + 1].1].append((chain[k].1, w))
            }
        }
        for (node, access) in schoolNode { adj[virtual].append((node, access)) }
        var dist = [Double](repeating: .infinity, count: n)
        dist[virtual] = 0
        var heap: [(Double, Int)] = [(0, virtual)]  // plain binary heap, lazy deletion
        func push(_ x: (Double, Int)) {
            heap.append(x); var i = heap.count - 1
            while i > 0 && heap[(i - 1) / 2].0 > heap[i].0 { heap.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        func pop() -> (Double, Int) {
            let top = heap[0]; heap[0] = heap[heap.count - 1]; heap.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1; var m = i
                if l < heap.count && heap[l].0 < heap[m].0 { m = l }
                if r < heap.count && heap[r].0 < heap[m].0 { m = r }
                if m == i { break }
                heap.swapAt(i, m); i = m
            }
            return top
        }
        while !heap.isEmpty {
            let (d, u) = pop()
            if d > dist[u] { continue }
            for (v, w) in adj[u] where d + w < dist[v] { dist[v] = d + w; push((d + w, v)) }
        }
        var covered = 0.0
        for i in cents.indices {
            guard let s = resSnap[i] else { #expect(result.distances[0][i] == .infinity); continue }
            let d = dist[resNode[i]] + s.access
            if d <= 1000 { covered += population[i] }
            let got = result.distances[0][i]
            #expect(
                d > 1000 ? got == .infinity : abs(got - d) < 1e-6,
                "resident \(i): library \(got), independent \(d), snap \(s), lib snap \(result.residentSnap[i])")
        }
        let independent = covered / 517_570
        #expect(abs(share - independent) < 1e-12)
        #expect(share > 0.5 && share < 1)
        print("São Paulo: share of population within 1000 m of a school = \(share)")
    }
}
