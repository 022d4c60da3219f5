import CGEOS

extension Geometry {
    public var isValid: Bool { get throws { try predicate("isValid") { GEOSisValid_r($0, $1) } } }

    /// GEOS's reason, e.g. "Self-intersection[5 5]"; "Valid Geometry" when valid.
    public var validityReason: String {
        get throws {
            context.reset()
            guard let s = GEOSisValidReason_r(context.handle, handle) else { throw context.error("isValidReason") }
            defer { GEOSFree_r(context.handle, s) }
            return String(cString: s)
        }
    }

    /// Repairs an invalid geometry keeping all its vertices ("structure" method:
    /// a bow-tie becomes two triangles rather than losing area).
    public func makeValid() throws -> Geometry {
        context.reset()
        guard let params = GEOSMakeValidParams_create_r(context.handle) else { throw context.error("makeValid params") }
        defer { GEOSMakeValidParams_destroy_r(context.handle, params) }
        GEOSMakeValidParams_setMethod_r(context.handle, params, GEOS_MAKE_VALID_STRUCTURE)
        GEOSMakeValidParams_setKeepCollapsed_r(context.handle, params, 0)
        return try unary("makeValid") { GEOSMakeValidWithParams_r($0, $1, params) }
    }
}
