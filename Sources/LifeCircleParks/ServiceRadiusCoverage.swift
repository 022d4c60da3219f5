import LifeCircleGeometry

/// The park service-radius coverage rate (公园绿地服务半径覆盖率): the share of
/// residential land area lying within the straight-line service radius of
/// qualifying green space — a buffer overlay, as the rate is defined.
///
/// Buffers use 16 segments per quarter circle by default, the resolution of
/// Shapely/GeoPandas with which published figures are usually computed (on the
/// Beijing Huilongguan plan 8 segments gives 0.7292 instead of 0.7303).
public enum ServiceRadiusCoverage {
    public struct Rate: Sendable, Equatable {
        /// Residential area within the service radius, m².
        public var coveredArea: Double
        /// All residential area (overlaps counted once), m².
        public var residentialArea: Double
        public var rate: Double { residentialArea > 0 ? coveredArea / residentialArea : 0 }
    }

    /// Computes the rate for green spaces with given radii (nil radius = not qualifying).
    public static func rate(
        residential: [GeometryValue], served: [(geometry: GeometryValue, radius: Double)],
        quadrantSegments: Int = 16
    ) throws -> Rate {
        let res = residential.filter { !$0.polygonParts.isEmpty }.compactMap { PolygonRepair.geometry($0).geometry }
        guard !res.isEmpty else { return Rate(coveredArea: 0, residentialArea: 0) }
        let resUnion = try Geometry.unionAll(res)
        let total = try resUnion.area
        let bp = BufferParameters(quadrantSegments: quadrantSegments)
        let buffers = try served.filter { !$0.geometry.isEmpty && $0.radius > 0 }.compactMap { s -> Geometry? in
            // Points and lines (e.g. point sites) buffer as they are; polygons are repaired first.
            let g = s.geometry.polygonParts.isEmpty ? try Geometry(s.geometry) : PolygonRepair.geometry(s.geometry).geometry
            return try g?.buffer(s.radius, bp)
        }
        guard !buffers.isEmpty else { return Rate(coveredArea: 0, residentialArea: total) }
        let covered = try resUnion.intersection(try Geometry.unionAll(buffers)).area
        return Rate(coveredArea: covered, residentialArea: total)
    }

    /// Convenience: the rate from qualified green spaces plus extra sites with a radius.
    public static func rate(
        residential: [GeometryValue], green: [QualifiedGreen],
        newSites: [GeometryValue] = [], newSiteRadius: Double = 0,
        quadrantSegments: Int = 16
    ) throws -> Rate {
        var served = green.compactMap { g in g.radius.map { (geometry: g.geometry, radius: $0) } }
        if newSiteRadius > 0 { served += newSites.map { (geometry: $0, radius: newSiteRadius) } }
        return try rate(residential: residential, served: served, quadrantSegments: quadrantSegments)
    }
}
