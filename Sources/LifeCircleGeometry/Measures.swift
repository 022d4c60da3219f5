import CGEOS

extension Geometry {
    public var area: Double { get throws { try scalar("area") { GEOSArea_r($0, $1, $2) } } }
    public var length: Double { get throws { try scalar("length") { GEOSLength_r($0, $1, $2) } } }

    public func distance(to other: Geometry) throws -> Double {
        try scalar("distance") { GEOSDistance_r($0, $1, other.handle, $2) }
    }

    public var centroid: Coordinate {
        get throws { try pointCoordinate(try unary("centroid") { GEOSGetCentroid_r($0, $1) }) }
    }

    /// A point guaranteed to lie inside an areal geometry (the "representative point").
    public var pointOnSurface: Coordinate {
        get throws { try pointCoordinate(try unary("pointOnSurface") { GEOSPointOnSurface_r($0, $1) }) }
    }

    public var envelope: Envelope {
        get throws {
            context.reset()
            var e = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
            if try isEmpty { return .empty }
            guard GEOSGeom_getXMin_r(context.handle, handle, &e.minX) != 0,
                GEOSGeom_getYMin_r(context.handle, handle, &e.minY) != 0,
                GEOSGeom_getXMax_r(context.handle, handle, &e.maxX) != 0,
                GEOSGeom_getYMax_r(context.handle, handle, &e.maxY) != 0
            else { throw context.error("envelope") }
            return e
        }
    }

    private func pointCoordinate(_ p: Geometry) throws -> Coordinate {
        guard case .point(let c) = try p.value else { throw GeometryError("expected a point") }
        return c
    }

    // Predicates on two geometries.
    public func intersects(_ other: Geometry) throws -> Bool { try predicate("intersects") { GEOSIntersects_r($0, $1, other.handle) } }
    public func contains(_ other: Geometry) throws -> Bool { try predicate("contains") { GEOSContains_r($0, $1, other.handle) } }
    public func covers(_ other: Geometry) throws -> Bool { try predicate("covers") { GEOSCovers_r($0, $1, other.handle) } }
    public func touches(_ other: Geometry) throws -> Bool { try predicate("touches") { GEOSTouches_r($0, $1, other.handle) } }
    public func equalsExact(_ other: Geometry, tolerance: Double = 0) throws -> Bool {
        try predicate("equalsExact") { GEOSEqualsExact_r($0, $1, other.handle, tolerance) }
    }
}
