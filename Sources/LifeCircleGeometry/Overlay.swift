import CGEOS

extension Geometry {
    public func intersection(_ other: Geometry) throws -> Geometry { try binary(other, "intersection") { GEOSIntersection_r($0, $1, $2) } }
    public func difference(_ other: Geometry) throws -> Geometry { try binary(other, "difference") { GEOSDifference_r($0, $1, $2) } }
    public func union(_ other: Geometry) throws -> Geometry { try binary(other, "union") { GEOSUnion_r($0, $1, $2) } }
    public func unaryUnion() throws -> Geometry { try unary("unaryUnion") { GEOSUnaryUnion_r($0, $1) } }

    /// Union of many geometries at once (cascaded inside GEOS, far faster than folding `union`).
    /// With `gridSize`, the union runs in OverlayNG: 0 for floating precision
    /// (much faster than the classic cascaded union on heavily overlapping
    /// inputs, but may throw a topology error), or a grid that coordinates snap to.
    public static func unionAll(_ geometries: [Geometry], gridSize: Double? = nil) throws -> Geometry {
        let ctx = try GEOSContext.current
        let collection = try Geometry.collect(geometries, ctx)
        if let gridSize { return try collection.unaryUnion(gridSize: gridSize) }
        return try collection.unaryUnion()
    }

    /// Unary union in OverlayNG; coordinates snap to a grid of `gridSize` (0: floating).
    public func unaryUnion(gridSize: Double) throws -> Geometry {
        try unary("unaryUnion") { GEOSUnaryUnionPrec_r($0, $1, gridSize) }
    }

    /// A GeometryCollection of copies of `geometries`, owned by `ctx`.
    static func collect(_ geometries: [Geometry], _ ctx: GEOSContext) throws -> Geometry {
        ctx.reset()
        var clones: [OpaquePointer?] = []
        clones.reserveCapacity(geometries.count)
        for g in geometries {
            guard let c = GEOSGeom_clone_r(ctx.handle, g.handle) else {
                for p in clones { GEOSGeom_destroy_r(ctx.handle, p) }
                throw ctx.error("clone")
            }
            clones.append(c)
        }
        let h = try Geometry.collection(Int32(GEOS_GEOMETRYCOLLECTION.rawValue), clones, ctx)
        return Geometry(owning: h, context: ctx)
    }
}
