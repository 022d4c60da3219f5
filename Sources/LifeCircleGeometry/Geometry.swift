import CGEOS
import Foundation

/// A geometry owned by GEOS. The handle is freed in `deinit`; a child borrowed
/// from a collection keeps its parent alive and is never freed twice.
/// Not `Sendable`: it belongs to the GEOS context (thread) that made it.
public final class Geometry {
    let context: GEOSContext
    let handle: OpaquePointer
    /// Set for borrowed children: the parent owns the memory.
    private let owner: Geometry?

    init(owning handle: OpaquePointer, context: GEOSContext) {
        self.handle = handle
        self.context = context
        self.owner = nil
    }

    private init(borrowing handle: OpaquePointer, from owner: Geometry) {
        self.handle = handle
        self.context = owner.context
        self.owner = owner
    }

    deinit {
        if owner == nil { GEOSGeom_destroy_r(context.handle, handle) }
    }

    /// Wraps a fresh GEOS result, turning NULL into a thrown error.
    static func wrap(_ result: OpaquePointer?, _ ctx: GEOSContext, _ operation: String) throws -> Geometry {
        guard let result else { throw ctx.error(operation) }
        return Geometry(owning: result, context: ctx)
    }

    /// A deep copy owned by the caller.
    public func clone() throws -> Geometry {
        context.reset()
        return try Geometry.wrap(GEOSGeom_clone_r(context.handle, handle), context, "clone")
    }

    // MARK: - From and to Swift values

    public convenience init(_ value: GeometryValue) throws {
        let ctx = try GEOSContext.current
        ctx.reset()
        let h = try Geometry.build(value, ctx)
        self.init(owning: h, context: ctx)
    }

    public convenience init(point c: Coordinate) throws { try self.init(.point(c)) }
    public convenience init(lineString cs: [Coordinate]) throws { try self.init(.lineString(cs)) }
    public convenience init(polygon shell: [Coordinate], holes: [[Coordinate]] = []) throws {
        try self.init(.polygon([shell] + holes))
    }

    public convenience init(wkt: String) throws {
        let ctx = try GEOSContext.current
        ctx.reset()
        guard let reader = GEOSWKTReader_create_r(ctx.handle) else { throw ctx.error("WKT reader") }
        defer { GEOSWKTReader_destroy_r(ctx.handle, reader) }
        guard let g = GEOSWKTReader_read_r(ctx.handle, reader, wkt) else { throw ctx.error("reading WKT") }
        self.init(owning: g, context: ctx)
    }

    public convenience init(wkb: [UInt8]) throws {
        let ctx = try GEOSContext.current
        ctx.reset()
        guard let reader = GEOSWKBReader_create_r(ctx.handle) else { throw ctx.error("WKB reader") }
        defer { GEOSWKBReader_destroy_r(ctx.handle, reader) }
        let g = wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(ctx.handle, reader, $0.baseAddress, $0.count) }
        guard let g else { throw ctx.error("reading WKB") }
        self.init(owning: g, context: ctx)
    }

    public var wkt: String {
        get throws {
            context.reset()
            guard let w = GEOSWKTWriter_create_r(context.handle) else { throw context.error("WKT writer") }
            defer { GEOSWKTWriter_destroy_r(context.handle, w) }
            GEOSWKTWriter_setTrim_r(context.handle, w, 1)
            guard let s = GEOSWKTWriter_write_r(context.handle, w, handle) else { throw context.error("writing WKT") }
            defer { GEOSFree_r(context.handle, s) }
            return String(cString: s)
        }
    }

    public var wkb: [UInt8] {
        get throws {
            context.reset()
            guard let w = GEOSWKBWriter_create_r(context.handle) else { throw context.error("WKB writer") }
            defer { GEOSWKBWriter_destroy_r(context.handle, w) }
            var size = 0
            guard let buf = GEOSWKBWriter_write_r(context.handle, w, handle, &size) else { throw context.error("writing WKB") }
            defer { GEOSFree_r(context.handle, buf) }
            return Array(UnsafeBufferPointer(start: buf, count: size))
        }
    }

    /// The geometry as a Swift value (safe to send to other threads).
    public var value: GeometryValue {
        get throws { try Geometry.read(handle, context) }
    }

    public var typeName: String {
        get throws {
            context.reset()
            guard let s = GEOSGeomType_r(context.handle, handle) else { throw context.error("geometry type") }
            defer { GEOSFree_r(context.handle, s) }
            return String(cString: s)
        }
    }

    public var isEmpty: Bool {
        get throws {
            context.reset()
            let r = GEOSisEmpty_r(context.handle, handle)
            if r == 2 { throw context.error("isEmpty") }
            return r == 1
        }
    }

    public var numGeometries: Int {
        get throws {
            context.reset()
            let n = GEOSGetNumGeometries_r(context.handle, handle)
            if n < 0 { throw context.error("numGeometries") }
            return Int(n)
        }
    }

    /// The parts of a collection (or the geometry itself), borrowed from it.
    public var parts: [Geometry] {
        get throws {
            let n = try numGeometries
            return try (0..<n).map { i in
                context.reset()
                guard let g = GEOSGetGeometryN_r(context.handle, handle, Int32(i)) else { throw context.error("part \(i)") }
                return Geometry(borrowing: g, from: self)
            }
        }
    }

    // MARK: - Conversion internals

    static func sequence(_ coords: [Coordinate], _ ctx: GEOSContext) throws -> OpaquePointer {
        let seq = coords.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: Double.self) { dbl -> OpaquePointer? in
                // Coordinate is two Doubles (x, y): the buffer is x0 y0 x1 y1 …
                GEOSCoordSeq_copyFromBuffer_r(ctx.handle, dbl.baseAddress, UInt32(coords.count), 0, 0)
            }
        }
        guard let seq else { throw ctx.error("coordinate sequence") }
        return seq
    }

    static func ring(_ coords: [Coordinate], _ ctx: GEOSContext) throws -> OpaquePointer {
        let seq = try sequence(coords, ctx)
        guard let r = GEOSGeom_createLinearRing_r(ctx.handle, seq) else { throw ctx.error("linear ring") }
        return r
    }

    static func polygon(_ rings: [[Coordinate]], _ ctx: GEOSContext) throws -> OpaquePointer {
        guard let shellCoords = rings.first, !shellCoords.isEmpty else {
            guard let e = GEOSGeom_createEmptyPolygon_r(ctx.handle) else { throw ctx.error("empty polygon") }
            return e
        }
        let shell = try ring(shellCoords, ctx)
        var holes: [OpaquePointer?] = []
        do {
            for h in rings.dropFirst() { holes.append(try ring(h, ctx)) }
        } catch {
            GEOSGeom_destroy_r(ctx.handle, shell)
            for h in holes { GEOSGeom_destroy_r(ctx.handle, h) }
            throw error
        }
        let p = holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(ctx.handle, shell, $0.baseAddress, UInt32($0.count))
        }
        guard let p else { throw ctx.error("polygon") }
        return p
    }

    static func collection(_ type: Int32, _ parts: [OpaquePointer?], _ ctx: GEOSContext) throws -> OpaquePointer {
        var parts = parts
        let c = parts.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(ctx.handle, type, $0.baseAddress, UInt32($0.count))
        }
        // GEOS takes the parts even when it fails (it frees them itself):
        // destroying them here too would free them twice.
        guard let c else { throw ctx.error("collection") }
        return c
    }

    static func build(_ value: GeometryValue, _ ctx: GEOSContext) throws -> OpaquePointer {
        switch value {
        case .point(let c):
            if c.x.isNaN || c.y.isNaN {
                guard let e = GEOSGeom_createEmptyPoint_r(ctx.handle) else { throw ctx.error("empty point") }
                return e
            }
            guard let p = GEOSGeom_createPointFromXY_r(ctx.handle, c.x, c.y) else { throw ctx.error("point") }
            return p
        case .lineString(let cs):
            if cs.isEmpty {
                guard let e = GEOSGeom_createEmptyLineString_r(ctx.handle) else { throw ctx.error("empty line") }
                return e
            }
            let seq = try sequence(cs, ctx)
            guard let l = GEOSGeom_createLineString_r(ctx.handle, seq) else { throw ctx.error("line string") }
            return l
        case .polygon(let rings):
            return try polygon(rings, ctx)
        case .multiPoint(let cs):
            return try collection(Int32(GEOS_MULTIPOINT.rawValue), try buildAll(cs.map { .point($0) }, ctx), ctx)
        case .multiLineString(let ls):
            return try collection(Int32(GEOS_MULTILINESTRING.rawValue), try buildAll(ls.map { .lineString($0) }, ctx), ctx)
        case .multiPolygon(let ps):
            return try collection(Int32(GEOS_MULTIPOLYGON.rawValue), try buildAll(ps.map { .polygon($0) }, ctx), ctx)
        case .collection(let gs):
            return try collection(Int32(GEOS_GEOMETRYCOLLECTION.rawValue), try buildAll(gs, ctx), ctx)
        }
    }

    private static func buildAll(_ values: [GeometryValue], _ ctx: GEOSContext) throws -> [OpaquePointer?] {
        var out: [OpaquePointer?] = []
        out.reserveCapacity(values.count)
        do {
            for v in values { out.append(try build(v, ctx)) }
        } catch {
            for p in out { GEOSGeom_destroy_r(ctx.handle, p) }
            throw error
        }
        return out
    }

    static func coordinates(_ g: OpaquePointer, _ ctx: GEOSContext) throws -> [Coordinate] {
        guard let seq = GEOSGeom_getCoordSeq_r(ctx.handle, g) else { throw ctx.error("coordinates") }
        var n: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(ctx.handle, seq, &n) != 0 else { throw ctx.error("coordinate count") }
        var out = [Coordinate](repeating: Coordinate(0, 0), count: Int(n))
        let ok = out.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: Double.self) {
                GEOSCoordSeq_copyToBuffer_r(ctx.handle, seq, $0.baseAddress, 0, 0)
            }
        }
        guard ok != 0 else { throw ctx.error("copying coordinates") }
        return out
    }

    static func read(_ g: OpaquePointer, _ ctx: GEOSContext) throws -> GeometryValue {
        ctx.reset()
        let type = GEOSGeomTypeId_r(ctx.handle, g)
        // 1 empty, 0 not, 2 a GEOS exception (checked: it is not "not empty").
        let emptyFlag = GEOSisEmpty_r(ctx.handle, g)
        guard emptyFlag != 2 else { throw ctx.error("isEmpty") }
        let empty = emptyFlag == 1
        switch type {
        case Int32(GEOS_POINT.rawValue):
            if empty { return .point(Coordinate(.nan, .nan)) }
            var x = 0.0, y = 0.0
            guard GEOSGeomGetX_r(ctx.handle, g, &x) != 0, GEOSGeomGetY_r(ctx.handle, g, &y) != 0 else { throw ctx.error("point coordinates") }
            return .point(Coordinate(x, y))
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(empty ? [] : try coordinates(g, ctx))
        case Int32(GEOS_POLYGON.rawValue):
            if empty { return .polygon([]) }
            return .polygon(try rings(g, ctx))
        case Int32(GEOS_MULTIPOINT.rawValue), Int32(GEOS_MULTILINESTRING.rawValue),
            Int32(GEOS_MULTIPOLYGON.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            // -1 on a GEOS exception: checked, as 0..<-1 would trap.
            let count = GEOSGetNumGeometries_r(ctx.handle, g)
            guard count >= 0 else { throw ctx.error("number of parts") }
            let n = Int(count)
            var parts: [GeometryValue] = []
            parts.reserveCapacity(n)
            for i in 0..<n {
                guard let p = GEOSGetGeometryN_r(ctx.handle, g, Int32(i)) else { throw ctx.error("part \(i)") }
                parts.append(try read(p, ctx))
            }
            switch type {
            case Int32(GEOS_MULTIPOINT.rawValue):
                return .multiPoint(parts.compactMap { if case .point(let c) = $0 { return c } else { return nil } })
            case Int32(GEOS_MULTILINESTRING.rawValue):
                return .multiLineString(parts.compactMap { if case .lineString(let c) = $0 { return c } else { return nil } })
            case Int32(GEOS_MULTIPOLYGON.rawValue):
                return .multiPolygon(parts.compactMap { if case .polygon(let r) = $0 { return r } else { return nil } })
            default:
                return .collection(parts)
            }
        default:
            throw ctx.error("unknown geometry type \(type)")
        }
    }

    private static func rings(_ g: OpaquePointer, _ ctx: GEOSContext) throws -> [[Coordinate]] {
        guard let shell = GEOSGetExteriorRing_r(ctx.handle, g) else { throw ctx.error("exterior ring") }
        var out = [try coordinates(shell, ctx)]
        let nh = GEOSGetNumInteriorRings_r(ctx.handle, g)
        if nh < 0 { throw ctx.error("interior ring count") }
        for i in 0..<nh {
            guard let h = GEOSGetInteriorRingN_r(ctx.handle, g, i) else { throw ctx.error("interior ring") }
            out.append(try coordinates(h, ctx))
        }
        return out
    }
}
