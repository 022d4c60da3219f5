import Foundation
import LifeCircleGeometry

/// Which territory adjacencies a barrier line takes away: each territory loses
/// a thin strip along the barrier lines and keeps only the piece holding its
/// unit, so two territories stay neighbours only through a shared boundary
/// that is neither along nor across a barrier. Only the adjacency test uses
/// the pieces; the territories (the grid polygons) stay whole, so grid
/// polygons remain gap-free.
enum TerritoryBarriers {
    /// Half the strip's width (map units, metres): wide enough to separate the
    /// two sides of a line, too narrow to matter for units beside it.
    static let halfWidth = 0.5

    /// For each edge of `edges`, true when its two units share no barrier-free
    /// boundary longer than `minShared`.
    static func blocked(
        edges: [UnitEdge], territories: [Geometry], units: [GeometryValue], lines: [Geometry], minShared: Double
    ) throws -> [Bool] {
        let strips = try lines.map { try $0.buffer(halfWidth) }
        let tree = try STRtree(strips)
        var pieces = [Geometry?](repeating: nil, count: territories.count)
        func piece(_ i: Int) throws -> Geometry {
            if let p = pieces[i] { return p }
            let t = territories[i]
            var kept = t
            let hits = try tree.query(t, predicate: .intersects)
            if !hits.isEmpty {
                let rest = try t.difference(try Geometry.unionAll(hits.map { strips[$0] }))
                let parts = try rest.parts
                if parts.count <= 1 {
                    kept = rest
                } else {
                    // The piece holding most of the unit (a footprint may straddle a
                    // line), else the largest.
                    let unit = try Geometry(units[i])
                    var best = -1, bestOverlap = 0.0, largest = 0, largestArea = -1.0
                    for (k, p) in parts.enumerated() {
                        let a = try p.area
                        if a > largestArea { largestArea = a; largest = k }
                        let o = try p.intersection(unit).area
                        if o > bestOverlap { bestOverlap = o; best = k }
                    }
                    kept = parts[best >= 0 ? best : largest]
                }
            }
            pieces[i] = kept
            return kept
        }
        return try edges.map { e in
            // Pieces on one side still share their boundary; across a strip they lie apart.
            try piece(e.a).intersection(piece(e.b)).length <= minShared
        }
    }
}
