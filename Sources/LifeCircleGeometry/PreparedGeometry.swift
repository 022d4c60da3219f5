import CGEOS

/// A geometry indexed for many repeated predicate tests against it.
/// Keeps its source geometry alive; freed in `deinit`.
public final class PreparedGeometry {
    public let geometry: Geometry
    let handle: OpaquePointer

    public init(_ geometry: Geometry) throws {
        let ctx = geometry.context
        ctx.reset()
        guard let p = GEOSPrepare_r(ctx.handle, geometry.handle) else { throw ctx.error("prepare") }
        self.geometry = geometry
        self.handle = p
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.context.handle, handle) }

    private func test(_ operation: String, _ call: (GEOSContextHandle_t) -> CChar) throws -> Bool {
        let ctx = geometry.context
        ctx.reset()
        let r = call(ctx.handle)
        if r == 2 { throw ctx.error(operation) }
        return r == 1
    }

    public func contains(_ other: Geometry) throws -> Bool { try test("prepared contains") { GEOSPreparedContains_r($0, handle, other.handle) } }
    public func intersects(_ other: Geometry) throws -> Bool {
        try test("prepared intersects") { GEOSPreparedIntersects_r($0, handle, other.handle) }
    }
    public func covers(_ other: Geometry) throws -> Bool { try test("prepared covers") { GEOSPreparedCovers_r($0, handle, other.handle) } }

    /// Whether `other` lies within `distance` of this geometry.
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws -> Bool {
        try test("prepared distance-within") { GEOSPreparedDistanceWithin_r($0, handle, other.handle, distance) }
    }

    /// Point-in-polygon without allocating a point where GEOS ≥ 3.12 allows.
    public func contains(_ c: Coordinate) throws -> Bool {
        try test("prepared contains point") { lc_prepared_contains_xy($0, handle, c.x, c.y) }
    }
}

extension Geometry {
    public func prepared() throws -> PreparedGeometry { try PreparedGeometry(self) }
}
