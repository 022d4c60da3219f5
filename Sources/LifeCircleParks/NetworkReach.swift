import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork

/// Access points of a site: where people step off the network into it.
/// The boundary is sampled every `spacing` metres and each sample snapped to
/// the nearest point on an edge; a small plot keeps only the single nearest
/// network point, a plot whose boundary is longer than `multiAccessPerimeter`
/// keeps one per sample (several gates), each carrying its straight access
/// distance from the boundary.
public struct AccessPointOptions: Sendable {
    public var spacing: Double = 25
    public var multiAccessPerimeter: Double = 400
    /// Farthest a site or resident may be from the network, m.
    public var maxSnap: Double = 100
    /// Width of the buffer around reachable edge parts forming a service area, m.
    public var serviceAreaWidth: Double = 25
    public init() {}
}

/// Walking reach on a network: residents and sites attach to the nearest
/// point on an edge; a site serves a resident when the walk (access + along
/// the network + access) is within the radius. Coverage sets come from one
/// cut-off multi-source Dijkstra per site, touching only the edges it reaches.
final class NetworkReach: PreparedReach, @unchecked Sendable {
    let network: WalkNetwork
    let index: EdgeIndex
    let options: AccessPointOptions
    let residents: [SnappedPoint]
    /// Residents grouped by edge (CSR over edges).
    let edgeStart: [Int32]
    let edgeResidents: [Int32]
    private(set) var notes: [String] = []

    init(network: WalkNetwork, residents points: [Coordinate], options: AccessPointOptions) throws {
        guard network.edgeCount > 0 else {
            throw OptionError(
                key: "network", "the walking network has no walkable edges", fix: "check the {option} layer: road centrelines or an OSM extract")
        }
        self.network = network
        self.options = options
        index = EdgeIndex(network: network)
        let (snapped, counts) = index.snapAll(points, maxDistance: options.maxSnap)
        residents = snapped
        var start = [Int32](repeating: 0, count: network.edgeCount + 1)
        for s in snapped where s.isSnapped { start[Int(s.edge) + 1] += 1 }
        for e in 0..<network.edgeCount { start[e + 1] += start[e] }
        var fill = start
        var items = [Int32](repeating: 0, count: Int(start[network.edgeCount]))
        for (i, s) in snapped.enumerated() where s.isSnapped {
            items[Int(fill[Int(s.edge)])] = Int32(i); fill[Int(s.edge)] += 1
        }
        edgeStart = start; edgeResidents = items
        if counts.unsnapped > 0 {
            notes.append("\(counts.unsnapped) residents farther than \(fmt(options.maxSnap)) m from the network: counted, never served")
        }
        if counts.onMinorComponent > 0 {
            notes.append("\(counts.onMinorComponent) residents attached to a network fragment outside the largest component")
        }
    }

    var unsnappedResidents: Int { residents.lazy.filter { !$0.isSnapped }.count }

    /// Access points of a site geometry (polygon boundary samples, or points).
    func accessPoints(_ g: GeometryValue) -> [SnappedPoint] {
        var samples: [Coordinate] = []
        var perimeter = 0.0
        if g.polygonParts.isEmpty {
            samples = g.pointParts.isEmpty ? g.allCoordinates : g.pointParts
        } else {
            for ring in g.polygonParts.flatMap({ $0 }) where ring.count >= 2 {
                for k in 0..<(ring.count - 1) {
                    let a = ring[k], b = ring[k + 1]
                    let l = a.distance(to: b)
                    perimeter += l
                    let steps = max(1, Int((l / options.spacing).rounded(.up)))
                    for s in 0..<steps {
                        let t = Double(s) / Double(steps)
                        samples.append(Coordinate(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                    }
                }
            }
        }
        var snapped = samples.map { index.snap($0, maxDistance: options.maxSnap) }.filter(\.isSnapped)
        guard !snapped.isEmpty else { return [] }
        if perimeter <= options.multiAccessPerimeter {
            let best = snapped.indices.min { snapped[$0].access < snapped[$1].access || (snapped[$0].access == snapped[$1].access && $0 < $1) }!
            return [snapped[best]]
        }
        // Several gates: drop duplicates landing on the same spot of the same edge.
        snapped.sort { ($0.edge, $0.offset, $0.access) < ($1.edge, $1.offset, $1.access) }
        var out: [SnappedPoint] = []
        for s in snapped {
            if let l = out.last, l.edge == s.edge, abs(l.offset - s.offset) < 1e-6 { continue }
            out.append(s)
        }
        return out
    }

    /// Worker state for one thread: its own search and an edge stamp array.
    final class Worker {
        let search: MultiSourceDijkstra
        var stamp: [Int32]
        var round: Int32 = 0
        init(_ net: WalkNetwork) { search = MultiSourceDijkstra(network: net); stamp = Array(repeating: 0, count: net.edgeCount) }
    }

    /// Residents within `radius` of the given sources (sorted indices).
    func reached(_ w: Worker, sources: [SnappedPoint], radius: Double) -> [Int32] {
        guard !sources.isEmpty else { return [] }
        w.search.run(sources: sources, cutoff: radius)
        w.round &+= 1
        if w.round == Int32.max { w.round = 1; for k in w.stamp.indices { w.stamp[k] = 0 } }
        let round = w.round
        let byEdge = SourcesByEdge(sources)
        var out: [Int32] = []
        let g = network.graph
        func visit(_ e: Int) {
            if w.stamp[e] == round { return }
            w.stamp[e] = round
            let lo = Int(edgeStart[e]), hi = Int(edgeStart[e + 1])
            guard lo < hi else { return }
            let same = byEdge.on(edge: Int32(e))
            for k in lo..<hi {
                let i = Int(edgeResidents[k])
                if w.search.distance(to: residents[i], sameEdge: same) <= radius { out.append(Int32(i)) }
            }
        }
        for u in w.search.reachedNodes {
            for k in Int(g.rowStart[Int(u)])..<Int(g.rowStart[Int(u) + 1]) { visit(Int(g.edgeId[k])) }
        }
        for s in sources { visit(Int(s.edge)) }
        out.sort()
        return out
    }

    func coverageSets(sites: [GeometryValue], radius: Double) throws -> CoverageSets {
        let lists = parallelChunks(count: sites.count, minChunk: 8) { range -> (lists: [[Int32]], unreachable: Int) in
            let w = Worker(self.network)
            var unreachable = 0
            let l = range.map { j -> [Int32] in
                let src = self.accessPoints(sites[j])
                if src.isEmpty { unreachable += 1 }
                return self.reached(w, sources: src, radius: radius)
            }
            return (l, unreachable)
        }
        let unreachable = lists.reduce(0) { $0 + $1.unreachable }
        if unreachable > 0 {
            notes.append("\(unreachable) candidate sites farther than \(fmt(options.maxSnap)) m from the network serve nobody")
        }
        var offsets = [0], indices: [Int32] = []
        for chunk in lists { for l in chunk.lists { indices.append(contentsOf: l); offsets.append(indices.count) } }
        return CoverageSets(unchecked: sites.count, demandCount: residents.count, offsets: offsets, indices: indices)
    }

    func servedMask(green: [QualifiedGreen]) throws -> [Bool] {
        var mask = [Bool](repeating: false, count: residents.count)
        // One multi-source search per radius class: all green spaces earning the
        // same radius start together.
        let radii = Array(Set(green.compactMap(\.radius))).sorted()
        let w = Worker(network)
        for r in radii {
            let sources = green.filter { $0.radius == r }.flatMap { accessPoints($0.geometry) }
            for i in reached(w, sources: sources, radius: r) { mask[Int(i)] = true }
        }
        return mask
    }

    func serviceAreas(sites: [GeometryValue], radius: Double, quadrantSegments: Int) throws -> [GeometryValue] {
        let w = Worker(network)
        let bp = BufferParameters(quadrantSegments: max(2, quadrantSegments / 2))
        return try sites.map { site in
            let src = accessPoints(site)
            guard !src.isEmpty else { return try Geometry(site).value }
            w.search.run(sources: src, cutoff: radius)
            let lines = ReachableEdges.lines(search: w.search, sources: src, limit: radius).filter { $0.count >= 2 }
            let parts = try lines.map { try Geometry(.lineString($0)).buffer(options.serviceAreaWidth, bp) }
            return try Geometry.unionAll(parts + [try Geometry(site)]).value
        }
    }
}

/// Walking-distance coverage sets and the already-served test on a network,
/// for callers that assemble their own instance (the pipeline uses the same).
public enum NetworkCoverage {
    /// Coverage sets of sites (polygons: boundary access points; points: the point itself)
    /// over residents, walking distance ≤ `radius`; notes count unsnapped residents and sites.
    public static func sets(
        network: WalkNetwork, sites: [GeometryValue], residents: [Coordinate], radius: Double,
        options: AccessPointOptions = AccessPointOptions()
    ) throws -> (sets: CoverageSets, notes: [String]) {
        guard radius.isFinite, radius >= 0 else { throw ParksError.invalidInput("radius \(radius) must be ≥ 0 m") }
        let reach = try NetworkReach(network: network, residents: residents, options: options)
        let sets = try reach.coverageSets(sites: sites, radius: radius)
        return (sets, reach.notes)
    }

    /// Residents within the earned walking radius of qualifying green space.
    public static func servedMask(
        network: WalkNetwork, residents: [Coordinate], green: [QualifiedGreen],
        options: AccessPointOptions = AccessPointOptions()
    ) throws -> [Bool] {
        try NetworkReach(network: network, residents: residents, options: options).servedMask(green: green)
    }
}
