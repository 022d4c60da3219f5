import LifeCircleGeometry

/// Which features lie next to each other, for map colouring: pairs within
/// `distance` metres (0: touching or overlapping). A distance of a street's
/// width makes blocks across a street neighbours, so grids built from blocks
/// still get distinct colours across the streets between them.
public enum FeatureAdjacency {
    /// Neighbour lists (ascending, symmetric) for `geometries`; empty or
    /// invalid geometries have no neighbours. Uses GEOS on the calling thread.
    public static func neighbours(_ geometries: [GeometryValue], within distance: Double = 0) throws -> [[Int]] {
        let n = geometries.count
        var adj = [[Int]](repeating: [], count: n)
        guard n > 1 else { return adj }
        let envelopes = geometries.map { $0.isEmpty ? Envelope.empty : $0.envelope }
        let keep = envelopes.indices.filter { !envelopes[$0].isEmpty }
        let tree = try STRtree(envelopes: keep.map { envelopes[$0] })
        var geoms = [Geometry?](repeating: nil, count: n)
        for i in keep { geoms[i] = try? Geometry(geometries[i]) }
        let d = max(0, distance)
        for i in keep {
            guard let gi = geoms[i] else { continue }
            let prep = try gi.prepared()
            for k in try tree.query(envelopes[i].expanded(by: d)) {
                let j = keep[k]
                guard j > i, let gj = geoms[j] else { continue }
                let near = d > 0 ? try prep.isWithinDistance(d, of: gj) : try prep.intersects(gj)
                if near { adj[i].append(j); adj[j].append(i) }
            }
        }
        return adj.map { $0.sorted() }
    }
}
