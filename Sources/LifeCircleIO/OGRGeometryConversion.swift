import CGDAL
import LifeCircleGeometry

/// OGR geometries to and from `GeometryValue`. Reading walks the OGR tree and
/// copies coordinates in bulk; writing goes through ISO WKB.
enum OGRGeometryConversion {
    static func value(_ g: OGRGeometryH) -> GeometryValue? {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(g))
        switch type {
        case wkbPoint:
            if OGR_G_IsEmpty(g) != 0 { return nil }
            return .point(Coordinate(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)))
        case wkbLineString, wkbLinearRing, wkbCircularString, wkbCompoundCurve:
            if type != wkbLineString && type != wkbLinearRing {
                guard let lin = OGR_G_GetLinearGeometry(g, 0, nil) else { return nil }
                defer { OGR_G_DestroyGeometry(lin) }
                return value(lin)
            }
            return .lineString(points(g))
        case wkbPolygon, wkbCurvePolygon:
            if type == wkbCurvePolygon {
                guard let lin = OGR_G_GetLinearGeometry(g, 0, nil) else { return nil }
                defer { OGR_G_DestroyGeometry(lin) }
                return value(lin)
            }
            return .polygon(rings(g))
        case wkbMultiPoint:
            return .multiPoint(
                children(g).compactMap { c in
                    OGR_G_IsEmpty(c) != 0 ? nil : Coordinate(OGR_G_GetX(c, 0), OGR_G_GetY(c, 0))
                })
        case wkbMultiLineString, wkbMultiCurve:
            return .multiLineString(children(g).compactMap { value($0)?.lineParts.first })
        case wkbMultiPolygon, wkbMultiSurface:
            return .multiPolygon(children(g).flatMap { value($0)?.polygonParts ?? [] })
        case wkbGeometryCollection:
            return .collection(children(g).compactMap { value($0) })
        default:
            return nil
        }
    }

    private static func children(_ g: OGRGeometryH) -> [OGRGeometryH] {
        (0..<OGR_G_GetGeometryCount(g)).compactMap { OGR_G_GetGeometryRef(g, $0) }
    }

    private static func points(_ g: OGRGeometryH) -> [Coordinate] {
        let n = Int(OGR_G_GetPointCount(g))
        if n == 0 { return [] }
        var out = [Coordinate](repeating: Coordinate(0, 0), count: n)
        let stride = Int32(MemoryLayout<Coordinate>.stride)
        out.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            // x and y land interleaved in the Coordinate array, no per-point calls.
            _ = OGR_G_GetPoints(g, base, stride, base + MemoryLayout<Double>.stride, stride, nil, 0)
        }
        return out
    }

    private static func rings(_ g: OGRGeometryH) -> [[Coordinate]] {
        children(g).map { points($0) }
    }

    /// An OGR geometry owned by the caller (destroy with OGR_G_DestroyGeometry).
    static func ogr(_ value: GeometryValue) -> OGRGeometryH? {
        if case .point(let c) = value, let p = OGR_G_CreateGeometry(wkbPoint) {
            OGR_G_SetPoint_2D(p, 0, c.x, c.y)
            return p
        }
        var bytes = WKB.encode(value)
        var geom: OGRGeometryH? = nil
        let err = bytes.withUnsafeMutableBytes { OGR_G_CreateFromWkb($0.baseAddress, nil, &geom, Int32($0.count)) }
        return err == OGRERR_NONE ? geom : nil
    }
}

/// A minimal ISO WKB encoder (2D, little-endian) for handing values to OGR.
enum WKB {
    static func encode(_ g: GeometryValue) -> [UInt8] {
        var out: [UInt8] = []
        write(g, &out)
        return out
    }

    private static func header(_ type: UInt32, _ out: inout [UInt8]) {
        out.append(1)
        u32(type, &out)
    }
    private static func u32(_ v: UInt32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
    private static func f64(_ v: Double, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
    private static func coords(_ cs: [Coordinate], _ out: inout [UInt8]) {
        u32(UInt32(cs.count), &out)
        for c in cs { f64(c.x, &out); f64(c.y, &out) }
    }

    private static func write(_ g: GeometryValue, _ out: inout [UInt8]) {
        switch g {
        case .point(let c):
            header(1, &out); f64(c.x, &out); f64(c.y, &out)
        case .lineString(let cs):
            header(2, &out); coords(cs, &out)
        case .polygon(let rings):
            header(3, &out); u32(UInt32(rings.count), &out)
            for r in rings { coords(r, &out) }
        case .multiPoint(let cs):
            header(4, &out); u32(UInt32(cs.count), &out)
            for c in cs { write(.point(c), &out) }
        case .multiLineString(let ls):
            header(5, &out); u32(UInt32(ls.count), &out)
            for l in ls { write(.lineString(l), &out) }
        case .multiPolygon(let ps):
            header(6, &out); u32(UInt32(ps.count), &out)
            for p in ps { write(.polygon(p), &out) }
        case .collection(let gs):
            header(7, &out); u32(UInt32(gs.count), &out)
            for x in gs { write(x, &out) }
        }
    }
}
