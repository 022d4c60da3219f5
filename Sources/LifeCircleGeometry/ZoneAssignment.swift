import Foundation

/// Which zone polygon (community, sub-district) each point falls in.
public enum ZoneAssignment {
    /// Zone index per point (first zone that contains it), -1 when none.
    public static func assign(_ points: [Coordinate?], zones: [GeometryValue?]) throws -> [Int32] {
        var geoms: [Geometry] = [], index: [Int] = []
        for (i, z) in zones.enumerated() { if let z, !z.polygonParts.isEmpty { geoms.append(try Geometry(z)); index.append(i) } }
        if geoms.isEmpty { return [Int32](repeating: -1, count: points.count) }
        let prepared = try geoms.map { try $0.prepared() }
        let tree = try STRtree(envelopes: try geoms.map { try $0.envelope })
        return try points.map { p in
            guard let p else { return -1 }
            let hits = try tree.query(Envelope(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)).sorted()
            for h in hits where try prepared[h].contains(p) { return Int32(index[h]) }
            return -1
        }
    }
}
