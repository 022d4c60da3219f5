/// A geometry as a plain Swift value: Sendable, so it crosses threads and
/// tasks freely, unlike a GEOS-backed `Geometry`, which belongs to one context.
/// Polygons are arrays of rings, the first the shell, the rest holes; rings
/// are closed (first coordinate repeated last).
///
/// Not `indirect`: the recursive case holds an Array, which is already a
/// reference, and an indirect enum boxes every value on the heap — one
/// allocation per point, 10 million of them for a megacity's residents.
public enum GeometryValue: Hashable, Sendable {
    case point(Coordinate)
    case lineString([Coordinate])
    case polygon([[Coordinate]])
    case multiPoint([Coordinate])
    case multiLineString([[Coordinate]])
    case multiPolygon([[[Coordinate]]])
    case collection([GeometryValue])

    /// OGC type name, as in WKT.
    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .lineString: return "LineString"
        case .polygon: return "Polygon"
        case .multiPoint: return "MultiPoint"
        case .multiLineString: return "MultiLineString"
        case .multiPolygon: return "MultiPolygon"
        case .collection: return "GeometryCollection"
        }
    }

    public var isEmpty: Bool {
        switch self {
        case .point(let c): return c.x.isNaN || c.y.isNaN
        case .lineString(let cs), .multiPoint(let cs): return cs.isEmpty
        case .polygon(let rings): return rings.first?.isEmpty ?? true
        case .multiLineString(let ls): return ls.allSatisfy { $0.isEmpty }
        case .multiPolygon(let ps): return ps.allSatisfy { $0.first?.isEmpty ?? true }
        case .collection(let gs): return gs.allSatisfy { $0.isEmpty }
        }
    }

    /// Every coordinate, in storage order.
    public var allCoordinates: [Coordinate] {
        var out: [Coordinate] = []
        forEachCoordinate { out.append($0) }
        return out
    }

    public func forEachCoordinate(_ body: (Coordinate) -> Void) {
        switch self {
        case .point(let c): body(c)
        case .lineString(let cs), .multiPoint(let cs): cs.forEach(body)
        case .polygon(let rings): rings.forEach { $0.forEach(body) }
        case .multiLineString(let ls): ls.forEach { $0.forEach(body) }
        case .multiPolygon(let ps): ps.forEach { $0.forEach { $0.forEach(body) } }
        case .collection(let gs): gs.forEach { $0.forEachCoordinate(body) }
        }
    }

    /// The same geometry with every coordinate passed through `transform`.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> GeometryValue {
        switch self {
        case .point(let c): return .point(try transform(c))
        case .lineString(let cs): return .lineString(try cs.map(transform))
        case .multiPoint(let cs): return .multiPoint(try cs.map(transform))
        case .polygon(let rings): return .polygon(try rings.map { try $0.map(transform) })
        case .multiLineString(let ls): return .multiLineString(try ls.map { try $0.map(transform) })
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try $0.map { try $0.map(transform) } })
        case .collection(let gs): return .collection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    public var envelope: Envelope {
        var e = Envelope.empty
        forEachCoordinate { e.expand(toInclude: $0) }
        return e
    }

    /// The line parts of a (multi)linestring, or polygon rings as lines.
    public var lineParts: [[Coordinate]] {
        switch self {
        case .lineString(let cs): return [cs]
        case .multiLineString(let ls): return ls
        case .polygon(let rings): return rings
        case .multiPolygon(let ps): return ps.flatMap { $0 }
        case .collection(let gs): return gs.flatMap { $0.lineParts }
        case .point, .multiPoint: return []
        }
    }

    /// The polygon parts (each an array of rings) of a (multi)polygon.
    public var polygonParts: [[[Coordinate]]] {
        switch self {
        case .polygon(let rings): return [rings]
        case .multiPolygon(let ps): return ps
        case .collection(let gs): return gs.flatMap { $0.polygonParts }
        default: return []
        }
    }

    /// Point parts of a (multi)point.
    public var pointParts: [Coordinate] {
        switch self {
        case .point(let c): return [c]
        case .multiPoint(let cs): return cs
        case .collection(let gs): return gs.flatMap { $0.pointParts }
        default: return []
        }
    }
}
