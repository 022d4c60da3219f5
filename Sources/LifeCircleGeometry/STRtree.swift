import CGEOS

/// A GEOS STRtree over a list of geometries, answering with integer indices
/// into that list (as Shapely 2 does). The tree is immutable once built.
public final class STRtree {
    public let geometries: [Geometry]
    private let context: GEOSContext
    private let tree: OpaquePointer

    public init(_ geometries: [Geometry], nodeCapacity: Int = 10) throws {
        let ctx = try GEOSContext.current
        ctx.reset()
        guard let t = GEOSSTRtree_create_r(ctx.handle, nodeCapacity) else { throw ctx.error("STRtree create") }
        self.context = ctx
        self.tree = t
        self.geometries = geometries
        for (i, g) in geometries.enumerated() {
            // Item = index + 1, so index 0 is not a NULL pointer.
            GEOSSTRtree_insert_r(ctx.handle, t, g.handle, UnsafeMutableRawPointer(bitPattern: i + 1))
        }
        guard lc_strtree_build(ctx.handle, t) != 0 else { throw ctx.error("STRtree build") }
    }

    /// A tree over envelopes only (each stored as its rectangle).
    public convenience init(envelopes: [Envelope]) throws {
        let boxes = try envelopes.map { e in
            try Geometry(
                .polygon([
                    [
                        Coordinate(e.minX, e.minY), Coordinate(e.maxX, e.minY), Coordinate(e.maxX, e.maxY),
                        Coordinate(e.minX, e.maxY), Coordinate(e.minX, e.minY),
                    ]
                ]))
        }
        try self.init(boxes)
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    private final class Collector { var hits: [Int] = [] }

    /// Indices of the geometries whose envelopes intersect `query`'s envelope, ascending.
    public func query(_ query: Geometry) -> [Int] {
        let collector = Collector()
        let box = Unmanaged.passUnretained(collector).toOpaque()
        GEOSSTRtree_query_r(
            context.handle, tree, query.handle,
            { item, userdata in
                guard let item, let userdata else { return }
                Unmanaged<Collector>.fromOpaque(userdata).takeUnretainedValue().hits.append(Int(bitPattern: item) - 1)
            }, box)
        withExtendedLifetime(collector) {}
        return collector.hits.sorted()
    }

    public func query(_ envelope: Envelope) throws -> [Int] {
        let e = envelope
        let rect = try Geometry(
            .polygon([
                [
                    Coordinate(e.minX, e.minY), Coordinate(e.maxX, e.minY), Coordinate(e.maxX, e.maxY),
                    Coordinate(e.minX, e.maxY), Coordinate(e.minX, e.minY),
                ]
            ]))
        return query(rect)
    }

    public enum Predicate: Sendable { case intersects, contains, within, covers, coveredBy }

    /// Indices of geometries for which `predicate(query, geometry)` holds, ascending.
    public func query(_ q: Geometry, predicate: Predicate) throws -> [Int] {
        let candidates = query(q)
        if candidates.isEmpty { return [] }
        let prepared = try q.prepared()
        return try candidates.filter { i in
            let g = geometries[i]
            switch predicate {
            case .intersects: return try prepared.intersects(g)
            case .contains: return try prepared.contains(g)
            case .covers: return try prepared.covers(g)
            case .within: return try g.contains(q)
            case .coveredBy: return try g.covers(q)
            }
        }
    }

    /// The `k` geometries nearest to `point`, nearest first (ties by index).
    /// Searches growing squares: every geometry within distance r of the point
    /// has an envelope meeting the square of half-side r, so once k hits lie
    /// within r the answer is complete.
    public func nearest(to point: Coordinate, k: Int = 1, maxDistance: Double = .infinity) throws -> [(index: Int, distance: Double)] {
        guard k > 0, !geometries.isEmpty else { return [] }
        let p = try Geometry(point: point)
        var all = Envelope.empty
        for g in geometries { all.expand(toInclude: try g.envelope) }
        let far = max(abs(point.x - all.minX), abs(point.x - all.maxX), abs(point.y - all.minY), abs(point.y - all.maxY))
        var r = max(all.width, all.height) / max(1, Double(geometries.count).squareRoot()) + 1e-9
        while true {
            let radius = min(r, maxDistance)
            let hits = try query(Envelope(minX: point.x - radius, minY: point.y - radius, maxX: point.x + radius, maxY: point.y + radius))
            var scored: [(index: Int, distance: Double)] = []
            for i in hits {
                let d = try geometries[i].distance(to: p)
                if d <= radius { scored.append((i, d)) }
            }
            if scored.count >= k || radius >= maxDistance || r > far * 1.5 + 1 {
                scored.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
                return Array(scored.prefix(k))
            }
            r *= 2
        }
    }
}
