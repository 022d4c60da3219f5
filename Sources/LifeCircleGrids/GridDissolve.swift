import Foundation
import LifeCircleGeometry

/// Grid polygons from their units (unary union per grid), clipped to the
/// community polygon when one is given, and the metrics that need them:
/// Reock (area / minimum enclosing circle), convex-hull ratio, pieces.
public enum GridDissolver {
    /// - Parameters:
    ///   - cells: unit polygons (Voronoi cells for point units).
    ///   - communityPolygons: per nest index, the community boundary to clip to (nil = no clip).
    ///   - clip: an area every grid is clipped to (e.g. the land around building territories).
    ///   - footprints: with territory cells, the units themselves: each grid then
    ///     takes its own footprints whole and its cells outside every footprint,
    ///     so a building never loses a corner to a neighbour's territory.
    public static func dissolve(
        cells: [GeometryValue], assignment: [Int32], gridCount: Int,
        gridCommunity: [Int32]? = nil, communityPolygons: [GeometryValue?]? = nil,
        clip: GeometryValue? = nil, footprints: [GeometryValue]? = nil
    ) throws -> [GeometryValue?] {
        var members = [[Int]](repeating: [], count: gridCount)
        for (u, a) in assignment.enumerated() where a >= 0 && Int(a) < gridCount { members[Int(a)].append(u) }
        var clips: [Int: Geometry] = [:]
        let outer = try clip.map { try PreparedGeometry(Geometry($0)) }
        let allFootprints = try footprints.map { fs in try Geometry.unionAll(fs.map { try Geometry($0) }) }
        var out: [GeometryValue?] = []
        for g in 0..<gridCount {
            let parts = try members[g].compactMap { u -> Geometry? in
                cells[u].isEmpty ? nil : try Geometry(cells[u])
            }
            guard !parts.isEmpty else { out.append(nil); continue }
            var merged = try Geometry.unionAll(parts)
            if let footprints, let allFootprints {
                let own = try Geometry.unionAll(members[g].map { try Geometry(footprints[$0]) })
                merged = try Geometry.unionAll([merged.difference(allFootprints), own])
            }
            if let gridCommunity, let communityPolygons {
                let k = Int(gridCommunity[g])
                if k < communityPolygons.count, let poly = communityPolygons[k] {
                    if clips[k] == nil { clips[k] = try Geometry(poly) }
                    merged = try merged.intersection(clips[k]!)
                }
            }
            if let outer, !(try outer.contains(merged)) { merged = try merged.intersection(outer.geometry) }
            out.append(try polygonal(merged).value)
        }
        return out
    }

    /// Keeps only polygonal parts (intersections may leave slivers of lines or points).
    static func polygonal(_ g: Geometry) throws -> Geometry {
        let v = try g.value
        let polys = v.polygonParts
        if case .polygon = v { return g }
        if case .multiPolygon = v { return g }
        return try Geometry(polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys))
    }

    /// Adds Reock, convex-hull ratio and dissolved pieces to the metrics (and
    /// their plan means), from one polygon per grid in the same order.
    public static func addGeometryMetrics(_ m: inout PlanMetrics, polygons: [GeometryValue?]) throws {
        var reockSum = 0.0, hullSum = 0.0, count = 0
        for (i, pv) in polygons.enumerated() where i < m.grids.count {
            guard let pv, !pv.isEmpty else { continue }
            let g = try Geometry(pv)
            let a = try g.area
            guard a > 0 else { continue }
            let circle = try g.minimumBoundingCircle()
            let hull = try g.convexHull().area
            m.grids[i].reock = circle.area > 0 ? a / circle.area : nil
            m.grids[i].convexHullRatio = hull > 0 ? a / hull : nil
            m.grids[i].dissolvedPieces = pv.polygonParts.count
            reockSum += m.grids[i].reock ?? 0; hullSum += m.grids[i].convexHullRatio ?? 0; count += 1
        }
        m.meanReock = count > 0 ? reockSum / Double(count) : nil
        m.meanConvexHullRatio = count > 0 ? hullSum / Double(count) : nil
    }
}
