import LifeCircleGeometry

/// Options for turning polylines into a walking network.
public struct NetworkBuildOptions: Sendable, Equatable {
    /// Split lines where they cross or touch without a shared vertex (for
    /// unnoded CAD-derived data). Off by default: crossing without a shared
    /// vertex is a bridge or tunnel and must not connect.
    public var nodeIntersections: Bool
    /// Move dangling line ends onto another line within this many metres
    /// (0 = off).
    public var snapTolerance: Double

    public init(nodeIntersections: Bool = false, snapTolerance: Double = 0) {
        self.nodeIntersections = nodeIntersections; self.snapTolerance = snapTolerance
    }
}

/// Builds a `WalkNetwork` from polylines in projected metres. Lines join
/// where they share a vertex with exactly equal coordinates; every line end
/// and every vertex used by two or more line positions becomes a node, and
/// the lines are cut into edges at those nodes.
public enum NetworkBuilder {
    public static func build(lines input: [[Coordinate]], options: NetworkBuildOptions = NetworkBuildOptions()) throws -> WalkNetwork {
        guard options.snapTolerance >= 0, options.snapTolerance.isFinite else {
            throw NetworkError.invalidOption("snap tolerance must be a finite number of metres >= 0, got \(options.snapTolerance)")
        }
        var stats = NetworkBuildStats()
        stats.inputLines = input.count
        var lines = input.map(clean)
        if options.nodeIntersections {
            let r = LineNoding.nodeIntersections(lines)
            lines = r.lines; stats.crossingsNoded = r.crossings
        }
        if options.snapTolerance > 0 {
            let r = LineNoding.snapDangles(lines, tolerance: options.snapTolerance)
            lines = r.lines.map(clean); stats.danglesSnapped = r.snapped
        }
        stats.droppedLines = lines.reduce(0) { $0 + ($1.count < 2 ? 1 : 0) }

        // Count how many line positions use each coordinate.
        let vertexTotal = lines.reduce(0) { $0 + $1.count }
        var table = CoordinateTable(capacity: vertexTotal)
        var uses: [Int32] = []
        uses.reserveCapacity(vertexTotal)
        var vertexKey = [Int32](repeating: 0, count: vertexTotal)
        var p = 0
        for l in lines where l.count >= 2 {
            for c in l {
                let r = table.idInserting(c)
                if r.inserted { uses.append(0) }
                uses[Int(r.id)] += 1
                vertexKey[p] = r.id; p += 1
            }
        }
        // Node ids in order of first use; line ends are always nodes.
        var nodeOfKey = [Int32](repeating: -1, count: uses.count)
        var nodes: [Coordinate] = []
        var edgeFrom: [Int32] = [], edgeTo: [Int32] = [], edgeLine: [Int32] = []
        var edgeCoordStart: [Int32] = [0]
        var coords: [Coordinate] = []
        coords.reserveCapacity(vertexTotal)
        p = 0
        for (li, l) in lines.enumerated() where l.count >= 2 {
            let base = p
            func node(_ j: Int) -> Int32 {
                let key = Int(vertexKey[base + j])
                if nodeOfKey[key] < 0 { nodeOfKey[key] = Int32(nodes.count); nodes.append(l[j]) }
                return nodeOfKey[key]
            }
            var start = node(0)
            coords.append(l[0])
            for j in 1..<l.count {
                coords.append(l[j])
                let isNode = j == l.count - 1 || uses[Int(vertexKey[base + j])] >= 2
                if isNode {
                    let end = node(j)
                    if coords.count - Int(edgeCoordStart.last!) >= 2 {
                        edgeFrom.append(start); edgeTo.append(end); edgeLine.append(Int32(li))
                        edgeCoordStart.append(Int32(coords.count))
                    }
                    start = end
                    if j < l.count - 1 { coords.append(l[j]) }
                }
            }
            p += l.count
        }
        guard !edgeFrom.isEmpty else {
            throw NetworkError.emptyNetwork(
                "no usable lines (\(input.count) given, each needs two distinct points); check the network layer and its walkable filter")
        }
        return WalkNetwork(
            nodes: nodes, edgeFrom: edgeFrom, edgeTo: edgeTo, edgeCoordStart: edgeCoordStart,
            coordinates: coords, edgeLine: edgeLine, buildStats: stats)
    }

    /// Drops non-finite points and consecutive repeats.
    static func clean(_ l: [Coordinate]) -> [Coordinate] {
        // Nearly every line is clean already: it is then returned as it is
        // (its storage shared, not copied; a city has ~100,000 of them).
        if l.count >= 2, l[0].x.isFinite, l[0].y.isFinite {
            var clean = true
            for i in 1..<l.count where !(l[i].x.isFinite && l[i].y.isFinite) || l[i] == l[i - 1] {
                clean = false
                break
            }
            if clean { return l }
        }
        var out: [Coordinate] = []
        out.reserveCapacity(l.count)
        for c in l where c.x.isFinite && c.y.isFinite { if out.last != c { out.append(c) } }
        return out.count >= 2 ? out : []
    }

    /// Line parts of geometries (multi-lines split; polygons give their
    /// rings), each with the index of the feature it came from.
    public static func lineParts(of geometries: [GeometryValue?]) -> (lines: [[Coordinate]], feature: [Int32]) {
        var lines: [[Coordinate]] = [], feature: [Int32] = []
        for (i, g) in geometries.enumerated() {
            guard let g else { continue }
            for part in g.lineParts { lines.append(part); feature.append(Int32(i)) }
        }
        return (lines, feature)
    }
}
