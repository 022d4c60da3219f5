import CPROJ

extension CRS {
    /// Whether two CRSs describe the same coordinates, however they are
    /// written (e.g. "EPSG:4326" and a WKT of WGS 84 without an id). Axis
    /// order is ignored: coordinates here are always x = lon/easting.
    /// Offset systems, local and auto kinds are equivalent only to themselves.
    public func isEquivalent(to other: CRS) -> Bool {
        if self == other { return true }
        guard kind == .proj, other.kind == .proj else { return false }
        guard let context = try? PROJContext.current() else { return false }
        let ctx = context.ctx
        guard let a = proj_create(ctx, definition) else { return false }
        defer { proj_destroy(a) }
        guard let b = proj_create(ctx, other.definition) else { return false }
        defer { proj_destroy(b) }
        return proj_is_equivalent_to_with_ctx(ctx, a, b, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0
    }
}
