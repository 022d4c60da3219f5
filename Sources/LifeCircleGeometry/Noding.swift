import CGEOS

extension Geometry {
    /// Splits a set of lines at every crossing and shared point, so that lines
    /// meet only at their ends (a fully noded multilinestring).
    public func noded() throws -> Geometry { try unary("node") { GEOSNode_r($0, $1) } }

    /// Nodes many lines together.
    public static func node(_ lines: [Geometry]) throws -> Geometry {
        try collect(lines, GEOSContext.current).noded()
    }

    /// Sews line pieces end to end where they meet (no branching).
    public func lineMerged() throws -> Geometry { try unary("lineMerge") { GEOSLineMerge_r($0, $1) } }
}
