import CPROJ
import LifeCircleGeometry

/// Transforms coordinates from one CRS to another, always in
/// longitude/latitude (x/y) or easting/northing order. GCJ-02 and BD-09
/// endpoints are composed around PROJ: gcj02 → WGS 84 (iterative inverse) →
/// target, and so on. Not Sendable: make one per thread or task. If it is
/// used on another thread than it was made on, its PROJ object is moved to
/// that thread's context first, so PROJ contexts are never shared.
public final class CoordinateTransformer {
    public let source: CRS
    public let target: CRS

    /// Offset-system steps applied before / after PROJ.
    enum OffsetStep { case none, gcjToWGS, bdToWGS, wgsToGCJ, wgsToBD, gcjToBD, bdToGCJ }

    private let pre: OffsetStep
    private let post: OffsetStep
    private var pj: OpaquePointer?
    private var context: PROJContext?
    /// Copy of the chunk being transformed, so a failure can name the input
    /// coordinate; allocated once per transformer.
    private var backup: [Coordinate]
    private static let chunk = 4096

    /// True when coordinates pass through unchanged.
    public var isIdentity: Bool { pre == .none && post == .none && pj == nil }

    public init(from source: CRS, to target: CRS) throws {
        self.source = source
        self.target = target
        backup = []
        if source.isAuto { throw ProjectionError.unresolvedAuto(source.description) }
        if target.isAuto { throw ProjectionError.unresolvedAuto(target.description) }
        if source.kind == .local || target.kind == .local {
            guard source.kind == .local && target.kind == .local else {
                throw ProjectionError.notGeoreferenced(from: source.description, to: target.description)
            }
            pre = .none; post = .none
            return
        }
        if source == target { pre = .none; post = .none; return }

        // Offset systems sit on WGS 84; a direct GCJ-02 <-> BD-09 step avoids a detour.
        switch (source.kind, target.kind) {
        case (.gcj02, .bd09): pre = .gcjToBD; post = .none; return
        case (.bd09, .gcj02): pre = .bdToGCJ; post = .none; return
        default: break
        }
        switch source.kind {
        case .gcj02: pre = .gcjToWGS
        case .bd09: pre = .bdToWGS
        default: pre = .none
        }
        switch target.kind {
        case .gcj02: post = .wgsToGCJ
        case .bd09: post = .wgsToBD
        default: post = .none
        }
        let from = pre == .none ? source.definition : CRS.wgs84.definition
        let to = post == .none ? target.definition : CRS.wgs84.definition
        if from == to { return }

        let ctx = try PROJContext.current()
        ctx.clearError()
        guard let raw = proj_create_crs_to_crs(ctx.ctx, from, to, nil) else {
            throw ProjectionError.proj(
                "no transformation from \(source) to \(target): "
                    + ctx.errorMessage(fallback: "proj_create_crs_to_crs failed"))
        }
        defer { proj_destroy(raw) }
        // Whatever the CRSs' declared axis order, use x = lon/easting, y = lat/northing.
        guard let normalized = proj_normalize_for_visualization(ctx.ctx, raw) else {
            throw ProjectionError.proj(
                "cannot normalise axis order from \(source) to \(target): "
                    + ctx.errorMessage(fallback: "proj_normalize_for_visualization failed"))
        }
        pj = normalized
        context = ctx
        backup = [Coordinate](repeating: Coordinate(0, 0), count: Self.chunk)
    }

    deinit {
        if let pj {
            // Destroy on this thread's context, not on one another thread may be using.
            if let here = try? PROJContext.current(), here !== context { proj_assign_context(pj, here.ctx) }
            proj_destroy(pj)
        }
    }

    // MARK: Transforming

    /// Transforms in place. Throws on the first coordinate PROJ cannot
    /// transform (the buffer's contents are then unspecified). NaN inputs
    /// (empty points) stay NaN. No per-point allocation.
    public func transform(_ buffer: UnsafeMutableBufferPointer<Coordinate>) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        guard let pj else {
            apply(pre, base, buffer.count)
            apply(post, base, buffer.count)
            return
        }
        let here = try PROJContext.current()
        if here !== context {
            proj_assign_context(pj, here.ctx)
            context = here
        }
        let stride = MemoryLayout<Coordinate>.stride
        let xOffset = MemoryLayout<Coordinate>.offset(of: \Coordinate.x)!
        let yOffset = MemoryLayout<Coordinate>.offset(of: \Coordinate.y)!
        let raw = UnsafeMutableRawPointer(base)
        var start = 0
        try backup.withUnsafeMutableBufferPointer { saved in
            while start < buffer.count {
                let n = min(Self.chunk, buffer.count - start)
                let chunk = base + start
                for i in 0..<n { saved[i] = chunk[i] }
                apply(pre, chunk, n)
                let xs = (raw + start * stride + xOffset).assumingMemoryBound(to: Double.self)
                let ys = (raw + start * stride + yOffset).assumingMemoryBound(to: Double.self)
                _ = proj_trans_generic(pj, PJ_FWD, xs, stride, n, ys, stride, n, nil, 0, 0, nil, 0, 0)
                for i in 0..<n {
                    let c = chunk[i]
                    if c.x.isFinite && c.y.isFinite { continue }
                    let input = saved[i]
                    if input.x.isNaN || input.y.isNaN {  // empty point: keep it empty
                        chunk[i] = Coordinate(.nan, .nan)
                        continue
                    }
                    let code = proj_errno(pj)
                    let detail =
                        code != 0
                        ? (proj_context_errno_string(here.ctx, code).map { String(cString: $0) } ?? "error \(code)")
                        : "result is infinite"
                    proj_errno_reset(pj)
                    throw ProjectionError.transformFailed(
                        index: start + i, coordinate: input,
                        from: source.description, to: target.description,
                        detail: detail)
                }
                apply(post, chunk, n)
                start += n
            }
        }
    }

    /// Transforms an array in place (see the buffer variant).
    public func transform(_ coords: inout [Coordinate]) throws {
        try coords.withUnsafeMutableBufferPointer { try transform($0) }
    }

    public func transform(_ c: Coordinate) throws -> Coordinate {
        var one = c
        try withUnsafeMutablePointer(to: &one) { try transform(UnsafeMutableBufferPointer(start: $0, count: 1)) }
        return one
    }

    /// The same geometry in the target CRS (all its coordinates in one batch).
    public func transform(_ g: GeometryValue) throws -> GeometryValue {
        if isIdentity { return g }
        var coords = g.allCoordinates
        try transform(&coords)
        var i = 0
        return g.mapCoordinates { _ in
            defer { i += 1 }; return coords[i]
        }
    }

    /// Many geometries (e.g. a table's geometry column) in one batch; nil stays nil.
    public func transform(_ geometries: [GeometryValue?]) throws -> [GeometryValue?] {
        if isIdentity { return geometries }
        var coords: [Coordinate] = []
        coords.reserveCapacity(geometries.reduce(0) { $0 + ($1.map(Self.coordinateCount) ?? 0) })
        for g in geometries { g?.forEachCoordinate { coords.append($0) } }
        try transform(&coords)
        var i = 0
        return geometries.map { g in
            g?.mapCoordinates { _ in
                defer { i += 1 }; return coords[i]
            }
        }
    }

    /// The extent, in the target CRS, of an extent in the source CRS: its
    /// edges densified with `densify` points each, so curved images of
    /// straight edges are covered. Points that fail to transform are skipped;
    /// throws only if none transforms.
    public func transform(_ envelope: Envelope, densify: Int = 21) throws -> Envelope {
        guard !envelope.isEmpty else { return envelope }
        if isIdentity { return envelope }
        let n = max(densify, 0) + 2
        var pts: [Coordinate] = []
        pts.reserveCapacity(4 * n)
        for k in 0..<n {
            let t = Double(k) / Double(n - 1)
            let x = envelope.minX + t * (envelope.maxX - envelope.minX)
            let y = envelope.minY + t * (envelope.maxY - envelope.minY)
            pts.append(Coordinate(x, envelope.minY)); pts.append(Coordinate(x, envelope.maxY))
            pts.append(Coordinate(envelope.minX, y)); pts.append(Coordinate(envelope.maxX, y))
        }
        var out = Envelope.empty
        var firstError: Error?
        for p in pts {
            do {
                let q = try transform(p)
                out.expand(toInclude: q)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if out.isEmpty, let firstError { throw firstError }
        return out
    }

    static func coordinateCount(_ g: GeometryValue) -> Int {
        var n = 0
        g.forEachCoordinate { _ in n += 1 }
        return n
    }

    // MARK: Offset steps

    private func apply(_ step: OffsetStep, _ p: UnsafeMutablePointer<Coordinate>, _ n: Int) {
        let f: (Coordinate) -> Coordinate
        switch step {
        case .none: return
        case .gcjToWGS: f = ChineseOffsets.gcj02ToWGS84
        case .bdToWGS: f = ChineseOffsets.bd09ToWGS84
        case .wgsToGCJ: f = ChineseOffsets.wgs84ToGCJ02
        case .wgsToBD: f = ChineseOffsets.wgs84ToBD09
        case .gcjToBD: f = ChineseOffsets.gcj02ToBD09
        case .bdToGCJ: f = ChineseOffsets.bd09ToGCJ02
        }
        for i in 0..<n {
            let c = p[i]
            if c.x.isNaN || c.y.isNaN { continue }
            p[i] = f(c)
        }
    }
}
