import CGEOS

/// How a buffer is shaped at line ends and corners.
public struct BufferParameters: Hashable, Sendable {
    public enum CapStyle: Sendable { case round, flat, square }
    public enum JoinStyle: Sendable { case round, mitre, bevel }

    public var capStyle: CapStyle
    public var joinStyle: JoinStyle
    public var mitreLimit: Double
    /// Segments per quarter circle for round caps and joins.
    public var quadrantSegments: Int
    public var singleSided: Bool

    public init(
        capStyle: CapStyle = .round, joinStyle: JoinStyle = .round, mitreLimit: Double = 5,
        quadrantSegments: Int = 8, singleSided: Bool = false
    ) {
        self.capStyle = capStyle; self.joinStyle = joinStyle; self.mitreLimit = mitreLimit
        self.quadrantSegments = quadrantSegments; self.singleSided = singleSided
    }
}

extension Geometry {
    public func buffer(_ distance: Double, _ p: BufferParameters = BufferParameters()) throws -> Geometry {
        context.reset()
        let h = context.handle
        guard let params = GEOSBufferParams_create_r(h) else { throw context.error("buffer params") }
        defer { GEOSBufferParams_destroy_r(h, params) }
        let cap: GEOSBufCapStyles =
            switch p.capStyle {
            case .round: GEOSBUF_CAP_ROUND
            case .flat: GEOSBUF_CAP_FLAT
            case .square: GEOSBUF_CAP_SQUARE
            }
        let join: GEOSBufJoinStyles =
            switch p.joinStyle {
            case .round: GEOSBUF_JOIN_ROUND
            case .mitre: GEOSBUF_JOIN_MITRE
            case .bevel: GEOSBUF_JOIN_BEVEL
            }
        guard GEOSBufferParams_setEndCapStyle_r(h, params, Int32(cap.rawValue)) != 0,
            GEOSBufferParams_setJoinStyle_r(h, params, Int32(join.rawValue)) != 0,
            GEOSBufferParams_setMitreLimit_r(h, params, p.mitreLimit) != 0,
            GEOSBufferParams_setQuadrantSegments_r(h, params, Int32(p.quadrantSegments)) != 0,
            GEOSBufferParams_setSingleSided_r(h, params, p.singleSided ? 1 : 0) != 0
        else { throw context.error("buffer parameters") }
        return try unary("buffer") { GEOSBufferWithParams_r($0, $1, params, distance) }
    }
}
