import LifeCircleGeometry

/// Straight-line reach: a site serves a resident within `radius` of the
/// site's area (0 inside it). Only pairs in nearby grid cells are tested.
public enum EuclideanCoverage {
    /// Coverage sets of candidate areas (or points) over resident points.
    public static func sets(candidates: [GeometryValue], residents: [Coordinate], radius: Double) throws -> CoverageSets {
        guard radius.isFinite, radius >= 0 else { throw ParksError.invalidInput("radius \(radius) must be ≥ 0 m") }
        let grid = PointGrid(points: residents, cellSize: max(radius, 1))
        let shapes = candidates.map { Shape($0) }
        let lists = parallelChunks(count: candidates.count, minChunk: 16) { range -> [[Int32]] in
            range.map { j in reach(shapes[j], grid, radius) }
        }.flatMap { $0 }
        var offsets = [0], indices: [Int32] = []
        offsets.reserveCapacity(lists.count + 1)
        indices.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for l in lists { indices.append(contentsOf: l); offsets.append(indices.count) }
        return CoverageSets(unchecked: candidates.count, demandCount: residents.count, offsets: offsets, indices: indices)
    }

    /// Residents within the earned radius of any qualifying green space.
    public static func servedMask(residents: [Coordinate], green: [QualifiedGreen]) -> [Bool] {
        let maxR = green.compactMap(\.radius).max() ?? 0
        var mask = [Bool](repeating: false, count: residents.count)
        guard maxR > 0 else { return mask }
        let grid = PointGrid(points: residents, cellSize: maxR)
        for g in green {
            guard let r = g.radius else { continue }
            for i in reach(Shape(g.geometry), grid, r) { mask[Int(i)] = true }
        }
        return mask
    }

    /// Either a polygonal area or a set of points (point candidates).
    struct Shape: Sendable {
        var polygon: PolygonDistance?
        var points: [Coordinate]
        var envelope: Envelope
        init(_ g: GeometryValue) {
            if g.polygonParts.isEmpty {
                polygon = nil; points = g.pointParts.isEmpty ? g.allCoordinates : g.pointParts
                var e = Envelope.empty
                for p in points { e.expand(toInclude: p) }
                envelope = e
            } else {
                let pd = PolygonDistance(g)
                polygon = pd; points = []; envelope = pd.envelope
            }
        }
    }

    static func reach(_ s: Shape, _ grid: PointGrid, _ radius: Double) -> [Int32] {
        guard !s.envelope.isEmpty else { return [] }
        var out: [Int32] = []
        let r2 = radius * radius
        grid.forEachCandidate(in: s.envelope.expanded(by: radius)) { i in
            let p = grid.points[i]
            let hit: Bool
            if let poly = s.polygon {
                hit = poly.isWithin(radius, of: p)
            } else {
                hit = s.points.contains { q in
                    let dx = q.x - p.x, dy = q.y - p.y; return dx * dx + dy * dy <= r2
                }
            }
            if hit { out.append(Int32(i)) }
        }
        out.sort()
        return out
    }
}
