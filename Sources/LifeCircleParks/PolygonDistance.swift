import LifeCircleGeometry

/// Exact planar distance from points to a polygonal area (0 inside), in pure
/// Swift over flat segment arrays: the inner loop of Euclidean coverage sets,
/// called millions of times, so no GEOS objects or allocation per query.
public struct PolygonDistance: Sendable {
    /// Segment endpoints, all rings of all parts.
    let ax: [Double], ay: [Double], bx: [Double], by: [Double]
    public let envelope: Envelope

    public init(_ g: GeometryValue) {
        var ax: [Double] = [], ay: [Double] = [], bx: [Double] = [], by: [Double] = []
        var env = Envelope.empty
        for ring in g.polygonParts.flatMap({ $0 }) where ring.count >= 2 {
            for k in 0..<(ring.count - 1) {
                ax.append(ring[k].x); ay.append(ring[k].y); bx.append(ring[k + 1].x); by.append(ring[k + 1].y)
                env.expand(toInclude: ring[k])
            }
            // Close rings that were not closed.
            if ring.first != ring.last, let f = ring.first, let l = ring.last {
                ax.append(l.x); ay.append(l.y); bx.append(f.x); by.append(f.y)
                env.expand(toInclude: l)
            }
        }
        self.ax = ax; self.ay = ay; self.bx = bx; self.by = by
        envelope = env
    }

    public var isEmpty: Bool { ax.isEmpty }

    /// Squared distance to the boundary and whether the point is inside
    /// (even-odd rule over all rings: holes and multipolygons handled).
    @inline(__always) func boundaryDistanceSquared(_ px: Double, _ py: Double) -> (d2: Double, inside: Bool) {
        var best = Double.infinity
        var inside = false
        for k in 0..<ax.count {
            let x1 = ax[k], y1 = ay[k], x2 = bx[k], y2 = by[k]
            if (y1 > py) != (y2 > py) {
                let xi = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
                if px < xi { inside.toggle() }
            }
            let dx = x2 - x1, dy = y2 - y1
            let len2 = dx * dx + dy * dy
            var t = len2 > 0 ? ((px - x1) * dx + (py - y1) * dy) / len2 : 0
            t = t < 0 ? 0 : (t > 1 ? 1 : t)
            let ex = x1 + t * dx - px, ey = y1 + t * dy - py
            let d2 = ex * ex + ey * ey
            if d2 < best { best = d2 }
        }
        return (best, inside)
    }

    /// Distance from `p` to the area: 0 inside or on the boundary.
    public func distance(to p: Coordinate) -> Double {
        let r = boundaryDistanceSquared(p.x, p.y)
        return r.inside ? 0 : r.d2.squareRoot()
    }

    /// Whether `p` lies within `radius` of the area.
    @inline(__always) public func isWithin(_ radius: Double, of p: Coordinate) -> Bool {
        if p.x < envelope.minX - radius || p.x > envelope.maxX + radius || p.y < envelope.minY - radius || p.y > envelope.maxY + radius {
            return false
        }
        let r = boundaryDistanceSquared(p.x, p.y)
        return r.inside || r.d2 <= radius * radius
    }
}
