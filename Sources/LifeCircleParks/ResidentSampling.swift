import LifeCircleGeometry

/// Demand points from residential land: the centres of a square lattice
/// falling inside each polygon, each weighted by its cell's share of the
/// polygon's weight. Point demand then approximates areal coverage, so
/// maximising served weight also raises the areal service-radius rate.
public enum ResidentSampling {
    public struct Sample: Sendable {
        public var points: [Coordinate]
        public var weights: [Double]
        /// Source polygon of each point.
        public var source: [Int]
    }

    /// - Parameters:
    ///   - weights: total weight per polygon (e.g. population); nil = polygon area.
    ///   - spacing: lattice spacing, m. Polygons catching no lattice point get
    ///     one representative point with their whole weight.
    public static func lattice(polygons: [GeometryValue], weights: [Double]? = nil, spacing: Double) throws -> Sample {
        guard spacing.isFinite, spacing > 0 else { throw ParksError.invalidInput("sample spacing \(spacing) must be > 0 m") }
        if let w = weights, w.count != polygons.count {
            throw ParksError.invalidInput("\(w.count) weights for \(polygons.count) residential polygons")
        }
        var out = Sample(points: [], weights: [], source: [])
        for (k, v) in polygons.enumerated() where !v.polygonParts.isEmpty {
            let pd = PolygonDistance(v)
            let e = pd.envelope
            var pts: [Coordinate] = []
            // Lattice anchored at multiples of the spacing, so neighbours share one lattice.
            var y = (e.minY / spacing).rounded(.down) * spacing + spacing / 2
            while y <= e.maxY {
                var x = (e.minX / spacing).rounded(.down) * spacing + spacing / 2
                while x <= e.maxX {
                    let c = Coordinate(x, y)
                    if pd.boundaryDistanceSquared(x, y).inside { pts.append(c) }
                    x += spacing
                }
                y += spacing
            }
            let g = try Geometry(v)
            let total = try weights?[k] ?? g.area
            if pts.isEmpty { pts = [try g.pointOnSurface] }
            let each = total / Double(pts.count)
            for p in pts { out.points.append(p); out.weights.append(each); out.source.append(k) }
        }
        return out
    }
}
