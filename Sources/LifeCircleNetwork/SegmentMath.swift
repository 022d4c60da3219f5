import LifeCircleGeometry

/// Small planar helpers shared by noding, snapping and service areas.
enum SegmentMath {
    /// Twice the signed area of (a, b, c): > 0 when c is left of a->b.
    @inline(__always) static func orient(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    /// Parameter t in [0, 1] of the point of segment a-b nearest to p.
    @inline(__always) static func projectT(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        if len2 == 0 { return 0 }
        let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2
        return t < 0 ? 0 : (t > 1 ? 1 : t)
    }

    /// Point at parameter t; returns the exact endpoints for t = 0 and t = 1
    /// so that snapped points at vertices compare equal to them.
    @inline(__always) static func point(_ a: Coordinate, _ b: Coordinate, _ t: Double) -> Coordinate {
        if t <= 0 { return a }
        if t >= 1 { return b }
        return Coordinate(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
    }

    /// Whether c, known to be collinear with a-b, lies within its box.
    @inline(__always) static func withinBox(_ c: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Bool {
        c.x >= min(a.x, b.x) && c.x <= max(a.x, b.x) && c.y >= min(a.y, b.y) && c.y <= max(a.y, b.y)
    }
}
