import CGEOS

/// A circle in the geometry's units.
public struct Circle: Hashable, Sendable {
    public var center: Coordinate
    public var radius: Double
    public var area: Double { Double.pi * radius * radius }
}

extension Geometry {
    /// The largest circle inside a polygon (its "usable width" is twice the radius),
    /// found to within `tolerance` by GEOS's polylabel-style search.
    public func maximumInscribedCircle(tolerance: Double) throws -> Circle {
        let line = try unary("maximumInscribedCircle") { GEOSMaximumInscribedCircle_r($0, $1, tolerance) }
        guard case .lineString(let cs) = try line.value, cs.count == 2 else {
            throw GeometryError("maximumInscribedCircle: unexpected result")
        }
        return Circle(center: cs[0], radius: cs[0].distance(to: cs[1]))
    }

    /// The smallest circle enclosing the geometry (used by the Reock score).
    public func minimumBoundingCircle() throws -> Circle {
        context.reset()
        var radius = 0.0
        var center: OpaquePointer? = nil
        guard let g = GEOSMinimumBoundingCircle_r(context.handle, handle, &radius, &center) else {
            throw context.error("minimumBoundingCircle")
        }
        GEOSGeom_destroy_r(context.handle, g)
        guard let center else { throw context.error("minimumBoundingCircle centre") }
        let c = Geometry(owning: center, context: context)
        guard case .point(let xy) = try c.value else { throw GeometryError("minimumBoundingCircle: no centre") }
        return Circle(center: xy, radius: radius)
    }
}
