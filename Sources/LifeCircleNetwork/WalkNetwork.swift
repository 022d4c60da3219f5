import LifeCircleGeometry

/// A walking network over projected metre coordinates: nodes, edges with
/// their polylines (flat: edge e's coordinates are
/// `coordinates[edgeCoordStart[e]..<edgeCoordStart[e+1]]`, running from
/// `edgeFrom[e]` to `edgeTo[e]`), the CSR graph and its components.
public struct WalkNetwork: Sendable {
    public let nodes: [Coordinate]
    public let edgeFrom: [Int32]
    public let edgeTo: [Int32]
    public let edgeLength: [Double]
    public let edgeCoordStart: [Int32]
    public let coordinates: [Coordinate]
    /// The input line each edge came from (index into the builder's input).
    public let edgeLine: [Int32]
    public let graph: WalkGraph
    public let components: ComponentSummary
    /// What the builder did: crossings noded, dangles snapped, lines dropped.
    public let buildStats: NetworkBuildStats

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edgeFrom.count }
    public var totalLength: Double { edgeLength.reduce(0, +) }

    public init(
        nodes: [Coordinate], edgeFrom: [Int32], edgeTo: [Int32], edgeCoordStart: [Int32],
        coordinates: [Coordinate], edgeLine: [Int32], buildStats: NetworkBuildStats = NetworkBuildStats()
    ) {
        self.nodes = nodes; self.edgeFrom = edgeFrom; self.edgeTo = edgeTo
        self.edgeCoordStart = edgeCoordStart; self.coordinates = coordinates; self.edgeLine = edgeLine
        self.buildStats = buildStats
        var len = [Double](repeating: 0, count: edgeFrom.count)
        for e in 0..<edgeFrom.count {
            var s = 0.0
            for k in Int(edgeCoordStart[e])..<(Int(edgeCoordStart[e + 1]) - 1) { s += coordinates[k].distance(to: coordinates[k + 1]) }
            len[e] = s
        }
        edgeLength = len
        graph = WalkGraph(nodeCount: nodes.count, edgeFrom: edgeFrom, edgeTo: edgeTo, edgeLength: len)
        components = ComponentSummary(graph: graph, edgeFrom: edgeFrom, edgeLength: len)
    }

    /// The polyline of edge e, from its `edgeFrom` node to its `edgeTo` node.
    public func polyline(_ e: Int) -> ArraySlice<Coordinate> {
        coordinates[Int(edgeCoordStart[e])..<Int(edgeCoordStart[e + 1])]
    }

    /// Whether edge e lies in the largest component.
    @inlinable public func inLargestComponent(edge e: Int) -> Bool {
        components.nodeComponent[Int(edgeFrom[e])] == components.largest
    }

    /// The point at distance `offset` along edge e from its from-node.
    public func point(onEdge e: Int, at offset: Double) -> Coordinate {
        let lo = Int(edgeCoordStart[e]), hi = Int(edgeCoordStart[e + 1])
        var rest = offset
        for k in lo..<(hi - 1) {
            let l = coordinates[k].distance(to: coordinates[k + 1])
            if rest <= l { return SegmentMath.point(coordinates[k], coordinates[k + 1], l > 0 ? rest / l : 0) }
            rest -= l
        }
        return coordinates[hi - 1]
    }

    /// The part of edge e between offsets a <= b, as a polyline.
    public func subline(edge e: Int, from a: Double, to b: Double) -> [Coordinate] {
        let lo = Int(edgeCoordStart[e]), hi = Int(edgeCoordStart[e + 1])
        var out: [Coordinate] = []
        var pos = 0.0
        for k in lo..<(hi - 1) {
            let p = coordinates[k], q = coordinates[k + 1]
            let l = p.distance(to: q)
            let s0 = pos, s1 = pos + l
            if s1 >= a && s0 <= b && l > 0 {
                let ta = max(0, (a - s0) / l), tb = min(1, (b - s0) / l)
                let pa = SegmentMath.point(p, q, ta), pb = SegmentMath.point(p, q, tb)
                if out.last != pa { out.append(pa) }
                if out.last != pb { out.append(pb) }
            }
            pos = s1
            if pos > b { break }
        }
        if out.count == 1 { out.append(out[0]) }
        return out
    }
}

public struct NetworkBuildStats: Sendable, Equatable {
    public var inputLines = 0
    public var droppedLines = 0
    public var crossingsNoded = 0
    public var danglesSnapped = 0
    public init() {}
}
