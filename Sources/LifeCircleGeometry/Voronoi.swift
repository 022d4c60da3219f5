import CGEOS

extension Geometry {
    /// Voronoi cells of the vertices of this geometry (points), clipped by GEOS to
    /// `envelope` when given (a larger frame); clip to a study area with `intersection`.
    public func voronoiCells(envelope: Geometry? = nil, tolerance: Double = 0) throws -> Geometry {
        try unary("voronoi") { GEOSVoronoiDiagram_r($0, $1, envelope?.handle, tolerance, 0) }
    }
}
