import Foundation
import LifeCircleGeometry

/// Territories for polygon units that do not tile the ground, such as
/// building footprints: each unit gets the land nearer to its outline than to
/// any other unit's. Grid polygons dissolved from territories instead of
/// footprints are gap-free and do not overlap, as a management grid map must
/// be, while each building still lies inside its own grid's polygon.
///
/// Method: points sampled along every outline (at most `maxSamples`, the
/// spacing grown to fit), one Voronoi diagram of them, each cell given to the
/// unit whose outline it was sampled from. A unit's territory is the
/// collection of its cells (left unmerged: the grid dissolve unions them once).
public enum UnitTerritories {
    public static func cells(of units: [GeometryValue], spacing: Double = 5, maxSamples: Int = 200_000) throws -> [GeometryValue] {
        try cellGeometries(of: units, spacing: spacing, maxSamples: maxSamples).map { parts in
            parts.isEmpty ? .polygon([]) : .collection(try parts.map { try $0.value })
        }
    }

    /// One polygon per unit, its cells merged and clipped to `clip`: the
    /// territories tile `clip`, so units that do not touch still neighbour
    /// across the land between them (the unit graph's `territory` adjacency).
    public static func territories(
        of units: [GeometryValue], clip: GeometryValue, spacing: Double = 5, maxSamples: Int = 200_000
    ) throws -> [GeometryValue] {
        let area = try Geometry(clip)
        let prepared = try PreparedGeometry(area)
        return try cellGeometries(of: units, spacing: spacing, maxSamples: maxSamples).map { parts in
            guard !parts.isEmpty else { return .polygon([]) }
            var t = try Geometry.unionAll(parts)
            if !(try prepared.contains(t)) { t = try t.intersection(area) }
            return try GridDissolver.polygonal(t).value
        }
    }

    private static func cellGeometries(of units: [GeometryValue], spacing: Double, maxSamples: Int) throws -> [[Geometry]] {
        let n = units.count
        var perimeter = 0.0
        for u in units { for r in u.polygonParts.flatMap({ $0 }) { perimeter += ringLength(r) } }
        let step = max(spacing, perimeter / Double(max(1, maxSamples)), 1e-6)

        // Samples: every vertex plus points every `step` along each edge; a point
        // shared by two outlines (a party wall) goes to the first unit only, so
        // no cell is handed to two units.
        var sites: [Coordinate] = [], owner: [Int32] = []
        var seen = Set<Coordinate>()
        for (i, u) in units.enumerated() {
            for ring in u.polygonParts.flatMap({ $0 }) where ring.count > 1 {
                for k in 0..<(ring.count - 1) {
                    let a = ring[k], b = ring[k + 1]
                    let d = a.distance(to: b)
                    let m = max(1, Int((d / step).rounded(.up)))
                    for j in 0..<m {
                        let t = Double(j) / Double(m)
                        let p = Coordinate(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
                        if seen.insert(p).inserted { sites.append(p); owner.append(Int32(i)) }
                    }
                }
            }
        }
        guard !sites.isEmpty else { return Array(repeating: [], count: n) }

        let mp = try Geometry(.multiPoint(sites))
        var env = try mp.envelope
        env = env.expanded(by: max(env.width, env.height) * 0.1 + 10 * step)
        let frame = try Geometry(
            .polygon([
                [
                    Coordinate(env.minX, env.minY), Coordinate(env.maxX, env.minY), Coordinate(env.maxX, env.maxY),
                    Coordinate(env.minX, env.maxY), Coordinate(env.minX, env.minY),
                ]
            ]))
        let diagram = try mp.voronoiCells(envelope: frame).parts
        // GEOS does not keep the input order: find each site's cell.
        let tree = try STRtree(diagram)
        var parts = [[Geometry]](repeating: [], count: n)
        // GEOS merges sites closer than its precision into one cell: that cell goes
        // to the first of them only, so no land is handed to two units.
        var taken = [Bool](repeating: false, count: diagram.count)
        for (s, p) in sites.enumerated() {
            for c in try tree.query(try Geometry(point: p), predicate: .intersects) where !taken[c] {
                taken[c] = true
                parts[Int(owner[s])].append(diagram[c])
                break
            }
        }
        return parts
    }

    private static func ringLength(_ r: [Coordinate]) -> Double {
        var l = 0.0
        for k in 1..<max(1, r.count) { l += r[k - 1].distance(to: r[k]) }
        return l
    }
}
