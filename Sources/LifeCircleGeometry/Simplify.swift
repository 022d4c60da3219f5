import CGEOS

extension Geometry {
    /// Douglas–Peucker simplification; with `preserveTopology` rings stay valid.
    public func simplify(tolerance: Double, preserveTopology: Bool = true) throws -> Geometry {
        if preserveTopology {
            return try unary("simplify") { GEOSTopologyPreserveSimplify_r($0, $1, tolerance) }
        }
        return try unary("simplify") { GEOSSimplify_r($0, $1, tolerance) }
    }
}
