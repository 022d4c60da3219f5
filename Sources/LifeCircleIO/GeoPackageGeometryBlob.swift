import LifeCircleGeometry

/// Encodes geometries as GeoPackage binary (GeoPackage 1.2 §2.1.3): the "GP"
/// header with the SRS id and, for anything but a point, the XY envelope,
/// then little-endian ISO WKB. GDAL reads these blobs exactly as it reads
/// its own; the encoder appends into one reused buffer so a large layer
/// costs no allocation per row.
struct GeoPackageGeometryEncoder {
    private(set) var bytes: [UInt8] = []
    let srsID: Int32

    init(srsID: Int32) {
        self.srsID = srsID
        bytes.reserveCapacity(1024)
    }

    /// Replaces the buffer's content with `g` encoded (`g` must not be empty).
    mutating func encode(_ g: GeometryValue) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(0x47); bytes.append(0x50)  // "GP"
        bytes.append(0)  // version 1
        if case .point = g {
            bytes.append(0x01)  // little endian, no envelope
            int32(srsID)
        } else {
            bytes.append(0x03)  // little endian, envelope [minx, maxx, miny, maxy]
            int32(srsID)
            var e = Envelope.empty
            g.forEachCoordinate { e.expand(toInclude: $0) }
            double(e.minX); double(e.maxX); double(e.minY); double(e.maxY)
        }
        wkb(g)
    }

    private mutating func wkb(_ g: GeometryValue) {
        switch g {
        case .point(let c):
            header(1); double(c.x); double(c.y)
        case .lineString(let cs):
            header(2); ring(cs)
        case .polygon(let rings):
            header(3); uint32(rings.count)
            for r in rings { ring(r) }
        case .multiPoint(let cs):
            header(4); uint32(cs.count)
            for c in cs { header(1); double(c.x); double(c.y) }
        case .multiLineString(let ls):
            header(5); uint32(ls.count)
            for l in ls { header(2); ring(l) }
        case .multiPolygon(let ps):
            header(6); uint32(ps.count)
            for p in ps {
                header(3); uint32(p.count)
                for r in p { ring(r) }
            }
        case .collection(let gs):
            header(7); uint32(gs.count)
            for part in gs { wkb(part) }
        }
    }

    private mutating func header(_ type: UInt32) { bytes.append(1); uint32(Int(type)) }

    private mutating func ring(_ cs: [Coordinate]) {
        uint32(cs.count)
        for c in cs { double(c.x); double(c.y) }
    }

    private mutating func int32(_ v: Int32) { uint32(Int(UInt32(bitPattern: v))) }

    private mutating func uint32(_ v: Int) {
        let u = UInt32(truncatingIfNeeded: v).littleEndian
        withUnsafeBytes(of: u) { bytes.append(contentsOf: $0) }
    }

    private mutating func double(_ v: Double) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Decodes GeoPackage binary geometries into `GeometryValue`s the way
/// `OGRGeometryConversion` converts OGR's (2D; Z and M dropped; an empty point
/// is no geometry). Returns `.unsupported` for what it does not know (curves,
/// extended geometries) so the caller can read the layer through OGR instead.
enum GeoPackageGeometryDecoder {
    enum Outcome {
        case geometry(GeometryValue?)
        case unsupported
    }

    static func decode(_ blob: UnsafeRawBufferPointer) -> Outcome {
        guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else { return .unsupported }
        let flags = blob[3]
        if flags & 0x20 != 0 { return .unsupported }  // extended GeoPackage geometry
        let envelopeBytes: Int
        switch (flags >> 1) & 7 {
        case 0: envelopeBytes = 0
        case 1: envelopeBytes = 32
        case 2, 3: envelopeBytes = 48
        case 4: envelopeBytes = 64
        default: return .unsupported
        }
        var r = WKBCursor(bytes: blob, offset: 8 + envelopeBytes)
        guard let g = r.geometry(depth: 0) else { return .unsupported }
        if case .point(let c) = g, c.x.isNaN || c.y.isNaN { return .geometry(nil) }
        return .geometry(g)
    }
}

/// Reads ISO (and PostGIS-style extended) WKB, 2D part only.
private struct WKBCursor {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    private var little = true
    private var extraOrdinates = 0

    init(bytes: UnsafeRawBufferPointer, offset: Int) { self.bytes = bytes; self.offset = offset }

    mutating func geometry(depth: Int) -> GeometryValue? {
        guard depth < 32, let type = header() else { return nil }
        switch type {
        case 1:
            guard let c = coordinate() else { return nil }
            return .point(c)
        case 2:
            return line().map { .lineString($0) }
        case 3:
            return polygon().map { .polygon($0) }
        case 4:
            guard let n = count() else { return nil }
            var cs: [Coordinate] = []
            cs.reserveCapacity(n)
            for _ in 0..<n {
                guard header() == 1, let c = coordinate() else { return nil }
                if !(c.x.isNaN || c.y.isNaN) { cs.append(c) }
            }
            return .multiPoint(cs)
        case 5:
            guard let n = count() else { return nil }
            var ls: [[Coordinate]] = []
            for _ in 0..<n {
                guard header() == 2, let l = line() else { return nil }
                ls.append(l)
            }
            return .multiLineString(ls)
        case 6:
            guard let n = count() else { return nil }
            var ps: [[[Coordinate]]] = []
            for _ in 0..<n {
                guard header() == 3, let p = polygon() else { return nil }
                ps.append(p)
            }
            return .multiPolygon(ps)
        case 7:
            guard let n = count() else { return nil }
            var gs: [GeometryValue] = []
            for _ in 0..<n {
                guard let g = geometry(depth: depth + 1) else { return nil }
                if case .point(let c) = g, c.x.isNaN || c.y.isNaN { continue }
                gs.append(g)
            }
            return .collection(gs)
        default:
            return nil
        }
    }

    /// Byte order and type; sets the ordinates per point. nil when unknown.
    private mutating func header() -> UInt32? {
        guard offset + 5 <= bytes.count else { return nil }
        little = bytes[offset] == 1
        offset += 1
        guard var type = uint32() else { return nil }
        var z = false, m = false
        if type & 0x8000_0000 != 0 { z = true }
        if type & 0x4000_0000 != 0 { m = true }
        if type & 0x2000_0000 != 0 { offset += 4 }  // SRID
        type &= 0x0FFF_FFFF
        switch type / 1000 {
        case 1: z = true
        case 2: m = true
        case 3: z = true; m = true
        case 0: break
        default: return nil
        }
        extraOrdinates = (z ? 1 : 0) + (m ? 1 : 0)
        let base = type % 1000
        return (1...7).contains(base) ? base : nil
    }

    private mutating func count() -> Int? {
        guard let n = uint32(), Int(n) <= (bytes.count - offset) else { return nil }
        return Int(n)
    }

    private mutating func coordinate() -> Coordinate? {
        let width = 8 * (2 + extraOrdinates)
        guard offset + width <= bytes.count else { return nil }
        let c = Coordinate(double(at: offset), double(at: offset + 8))
        offset += width
        return c
    }

    private mutating func line() -> [Coordinate]? {
        guard let n = count() else { return nil }
        let width = 8 * (2 + extraOrdinates)
        guard offset + n * width <= bytes.count else { return nil }
        var cs = [Coordinate](repeating: Coordinate(0, 0), count: n)
        for i in 0..<n {
            cs[i] = Coordinate(double(at: offset), double(at: offset + 8))
            offset += width
        }
        return cs
    }

    private mutating func polygon() -> [[Coordinate]]? {
        guard let n = count() else { return nil }
        var rings: [[Coordinate]] = []
        rings.reserveCapacity(n)
        for _ in 0..<n {
            guard let r = line() else { return nil }
            rings.append(r)
        }
        return rings
    }

    private mutating func uint32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return little ? UInt32(littleEndian: v) : UInt32(bigEndian: v)
    }

    private func double(at o: Int) -> Double {
        let v = bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)
        return Double(bitPattern: little ? UInt64(littleEndian: v) : UInt64(bigEndian: v))
    }
}
