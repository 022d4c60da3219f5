import CGEOS

extension Geometry {
    public func convexHull() throws -> Geometry { try unary("convexHull") { GEOSConvexHull_r($0, $1) } }

    /// Concave hull of the vertices; `ratio` 1 is the convex hull, 0 the tightest.
    public func concaveHull(ratio: Double, allowHoles: Bool = false) throws -> Geometry {
        try unary("concaveHull") { GEOSConcaveHull_r($0, $1, ratio, allowHoles ? 1 : 0) }
    }
}
