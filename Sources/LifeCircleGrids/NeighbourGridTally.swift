/// The grids a unit borders, each with the number of adjacencies and the
/// boundary length shared with it, and the same toward the unit's own grid:
/// what every boundary move weighs. Buffers are kept between calls so the
/// refinement loops allocate nothing.
struct NeighbourGridTally {
    private(set) var grids: [Int32] = []
    private(set) var edges: [Int] = []
    private(set) var shared: [Double] = []
    private(set) var ownEdges = 0
    private(set) var ownShared = 0.0

    init() {
        grids.reserveCapacity(64); edges.reserveCapacity(64); shared.reserveCapacity(64)
    }

    /// Tallies unit `u` of grid `a`; units with a negative grid are ignored.
    mutating func collect(_ u: Int, grid a: Int32, assign: [Int32], graph: UnitGraph) {
        grids.removeAll(keepingCapacity: true); edges.removeAll(keepingCapacity: true); shared.removeAll(keepingCapacity: true)
        ownEdges = 0; ownShared = 0
        let off = graph.offsets, nb = graph.neighbours, len = graph.sharedLength
        for s in off[u]..<off[u + 1] {
            let b = assign[Int(nb[s])]
            if b == a { ownEdges += 1; ownShared += len[s]; continue }
            if b < 0 { continue }
            if let i = grids.firstIndex(of: b) { edges[i] += 1; shared[i] += len[s] } else { grids.append(b); edges.append(1); shared.append(len[s]) }
        }
    }
}
