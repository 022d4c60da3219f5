import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork

public struct AdjacencyOptions: Sendable {
    public enum Rule: String, Sendable {
        case rook, queen
        /// Polygon units that do not tile the ground (building footprints): each
        /// unit's territory (the land nearer its outline than any other's, within
        /// the study area or the units' convex hull) stands for the unit, and
        /// territories sharing a boundary are neighbours, so every unit has one.
        case territory
    }
    public var rule: Rule
    /// Rook: a shared boundary must be longer than this (map units) to count.
    public var minSharedLength: Double
    /// Gaps up to this width are bridged (building footprints that do not
    /// touch): units are buffered by half of it and the overlap of the buffers,
    /// divided by the gap, stands for the shared length. 0 = exact contact only.
    public var gapTolerance: Double
    /// Overlap area above this share of the smaller unit is reported as overlapping units.
    public var overlapShare: Double

    public init(rule: Rule = .rook, minSharedLength: Double = 1e-6, gapTolerance: Double = 0, overlapShare: Double = 0.01) {
        self.rule = rule; self.minSharedLength = minSharedLength; self.gapTolerance = gapTolerance; self.overlapShare = overlapShare
    }
}

/// Units as read from a layer: polygons or points plus attributes.
public struct UnitInput: Sendable {
    public var geometries: [GeometryValue]
    /// Weight columns (NaN = missing).
    public var weights: [[Double]]
    public var weightNames: [String]
    /// Nest key per unit (nil = no nesting).
    public var nest: [String]?
    public var ids: [String]?

    public init(geometries: [GeometryValue], weights: [[Double]], weightNames: [String], nest: [String]? = nil, ids: [String]? = nil) {
        self.geometries = geometries; self.weights = weights; self.weightNames = weightNames; self.nest = nest; self.ids = ids
    }
}

/// The graph plus the polygons it was built from (Voronoi cells for points),
/// which the dissolve step unions into grid polygons.
public struct BuiltUnits: Sendable {
    public var graph: UnitGraph
    public var cells: [GeometryValue]
    public var issues: [GridIssue]
    /// Territory adjacency: the area the territories (`cells`) tile.
    public var territoryClip: GeometryValue? = nil
}

/// Adjacency graphs from geometry: polygons by shared boundary (rook) or any
/// contact (queen), points through Voronoi cells clipped to a study area;
/// barrier lines mark the adjacencies whose centroid-to-centroid segment
/// crosses them.
public enum UnitGraphBuilder {
    /// - Parameter network: for point units, adjacency through the walking network
    ///   (`NetworkAdjacency`, walks up to `maxWalk`) instead of shared Voronoi edges;
    ///   the Voronoi cells still give areas, perimeters and grid polygons.
    public static func build(
        _ input: UnitInput, options: AdjacencyOptions = AdjacencyOptions(),
        studyArea: GeometryValue? = nil, barriers: [GeometryValue] = [],
        network: WalkNetwork? = nil, maxWalk: Double = 400, maxSnap: Double = 200
    ) throws -> BuiltUnits {
        let n = input.geometries.count
        guard n > 0 else { throw GridError.invalidInput("the units layer is empty") }
        let polys = input.geometries.filter { !$0.polygonParts.isEmpty }.count
        let points = input.geometries.filter { !$0.pointParts.isEmpty }.count
        var issues: [GridIssue] = []
        var cells: [GeometryValue]
        var territoryClip: GeometryValue? = nil
        if polys == n && options.rule == .territory {
            // The land between the units decides who neighbours whom; areas and
            // perimeters are the territories', as are the grid polygons.
            let clip = try studyArea ?? Geometry.unionAll(input.geometries.map { try Geometry($0) }).convexHull().value
            cells = try UnitTerritories.territories(of: input.geometries, clip: clip, spacing: 5)
            territoryClip = clip
        } else if polys == n {
            cells = input.geometries
        } else if points == n {
            cells = try voronoiCells(points: input.geometries.map { $0.pointParts[0] }, studyArea: studyArea)
        } else {
            throw GridError.invalidInput("units must be all polygons or all points (found \(polys) polygon(s), \(points) point(s) of \(n))")
        }
        let geoms = try cells.enumerated().map { i, c -> Geometry in
            do { return try Geometry(c) } catch {
                throw OptionError(
                    key: "units_filter", "unit \(input.ids?[i] ?? "#\(i + 1)") has a broken geometry (\(error))",
                    fix: "repair the layer (make it valid, e.g. with lifecircle convert) or drop the unit with {option}")
            }
        }
        var area = [Double](repeating: 0, count: n), perim = area
        var cent = [Coordinate](repeating: Coordinate(0, 0), count: n)
        for i in 0..<n {
            area[i] = try geoms[i].area
            perim[i] = try geoms[i].length
            cent[i] = try geoms[i].isEmpty ? Coordinate(.nan, .nan) : geoms[i].centroid
        }
        if points == n { for i in 0..<n { cent[i] = input.geometries[i].pointParts[0] } }
        if territoryClip != nil {
            // Names, codes and barrier tests use the unit itself, not its territory.
            for i in 0..<n { cent[i] = try Geometry(input.geometries[i]).centroid }
        }

        // Candidate pairs from an STRtree on (buffered) envelopes.
        let pad = max(options.gapTolerance, 0)
        let envs = try geoms.map { try $0.envelope.expanded(by: pad / 2) }
        let tree = try STRtree(envelopes: envs)
        let buffered: [Geometry]? = pad > 0 ? try geoms.map { try $0.buffer(pad / 2) } : nil
        var edges: [UnitEdge] = []
        var overlaps: [Int] = []
        for i in 0..<n {
            for j in try tree.query(envs[i]) where j > i {
                guard try geoms[i].intersects(geoms[j]) || (buffered != nil && (try buffered![i].intersects(buffered![j]))) else { continue }
                let inter = try geoms[i].intersection(geoms[j])
                let interArea = try inter.area
                let shared: Double
                if interArea > options.overlapShare * min(area[i], area[j]) {
                    overlaps.append(i); overlaps.append(j)
                    shared = try inter.length / 2
                } else if !(try inter.isEmpty) {
                    shared = try inter.length
                } else {
                    shared = 0
                }
                // A bridged gap makes neighbours but no shared boundary: its edge
                // carries length 0 (like a queen contact), so perimeters and cut
                // lengths count only boundaries the units really share.
                var bridged = false
                if shared <= options.minSharedLength, let buffered, pad > 0 {
                    bridged = try buffered[i].intersection(buffered[j]).area / pad > options.minSharedLength
                }
                let touching = try options.rule == .queen && geoms[i].intersects(geoms[j])
                if shared > options.minSharedLength || touching || bridged {
                    edges.append(UnitEdge(i, j, length: shared > options.minSharedLength ? shared : 0))
                }
            }
        }
        if let network, points == n {
            let r = NetworkAdjacency.edges(points: cent, network: network, maxWalk: maxWalk, maxSnap: maxSnap)
            // Touching cells keep their shared boundary (perimeters), but only
            // walking neighbours count for contiguity.
            let walkPairs = Set(r.edges.map { Int64(min($0.a, $0.b)) << 32 | Int64(max($0.a, $0.b)) })
            var touching = Set<Int64>()
            for k in edges.indices {
                let key = Int64(min(edges[k].a, edges[k].b)) << 32 | Int64(max(edges[k].a, edges[k].b))
                touching.insert(key)
                edges[k].contactOnly = !walkPairs.contains(key)
            }
            for e in r.edges where !touching.contains(Int64(min(e.a, e.b)) << 32 | Int64(max(e.a, e.b))) {
                edges.append(UnitEdge(e.a, e.b, length: 0))
            }
            if !r.unsnapped.isEmpty {
                issues.append(
                    GridIssue(
                        .isolatedUnits,
                        "\(r.unsnapped.count) point unit(s) are more than \(fmt(maxSnap)) m from the walking network: \(r.unsnapped.prefix(8).map { input.ids?[$0] ?? "#\($0)" }.joined(separator: ", ")); they have no network neighbours (extend the network or check the CRS)",
                        units: r.unsnapped))
            }
        }
        if !overlaps.isEmpty {
            let units = Array(Set(overlaps)).sorted()
            issues.append(
                GridIssue(
                    .overlappingUnits,
                    "\(units.count) unit(s) overlap others by more than \(fmt(options.overlapShare * 100))% of their area: \(units.prefix(8).map { input.ids?[$0] ?? "#\($0)" }.joined(separator: ", "))\(units.count > 8 ? " …" : ""); their weights are counted once each, but areas and perimeters double-count the overlap: clean the layer (e.g. a union or a topology check)",
                    units: units))
        }

        // Barriers: territories neighbour only through a boundary off the barrier
        // lines; other units where their centroid segment crosses a line.
        if !barriers.isEmpty {
            let lines = try barriers.flatMap { $0.lineParts }.filter { $0.count >= 2 }.map { try Geometry(.lineString($0)) }
            if !lines.isEmpty && territoryClip != nil {
                let blocked = try TerritoryBarriers.blocked(
                    edges: edges, territories: geoms, units: input.geometries, lines: lines, minShared: options.minSharedLength)
                for k in edges.indices where blocked[k] { edges[k].crossesBarrier = true }
            } else if !lines.isEmpty {
                let btree = try STRtree(lines)
                for k in edges.indices {
                    let a = cent[edges[k].a], b = cent[edges[k].b]
                    let seg = try Geometry(.lineString([a, b]))
                    for li in try btree.query(seg, predicate: .intersects) where li >= 0 {
                        _ = li
                        edges[k].crossesBarrier = true
                        break
                    }
                }
            }
        }

        // Nesting keys.
        var nest: [Int32]? = nil, keys: [String]? = nil
        if let names = input.nest {
            var idx: [String: Int32] = [:]
            var ks: [String] = []
            nest = names.map { k in
                if let i = idx[k] { return i }
                idx[k] = Int32(ks.count); ks.append(k); return Int32(ks.count - 1)
            }
            keys = ks
        }
        let graph = try UnitGraph(
            unitCount: n, edges: edges, weights: input.weights, weightNames: input.weightNames,
            area: area, perimeter: perim, centroid: cent, nest: nest, nestKeys: keys, unitIDs: input.ids)
        return BuiltUnits(graph: graph, cells: cells, issues: issues, territoryClip: territoryClip)
    }

    /// Voronoi cells of the points, clipped to the study area (or to the
    /// points' envelope grown by 10%), in input order.
    public static func voronoiCells(points: [Coordinate], studyArea: GeometryValue?) throws -> [GeometryValue] {
        let n = points.count
        let mp = try Geometry(.multiPoint(points))
        var env = try mp.envelope
        let grow = max(env.width, env.height) * 0.1 + 1
        env = env.expanded(by: grow)
        let frame = try Geometry(
            .polygon([
                [
                    Coordinate(env.minX, env.minY), Coordinate(env.maxX, env.minY), Coordinate(env.maxX, env.maxY),
                    Coordinate(env.minX, env.maxY), Coordinate(env.minX, env.minY),
                ]
            ]))
        let clip = try studyArea.map { try Geometry($0) } ?? frame
        let diagram = try mp.voronoiCells(envelope: frame)
        let parts = try diagram.parts
        // Match cells to points (GEOS does not keep input order).
        let tree = try STRtree(parts)
        var out = [GeometryValue?](repeating: nil, count: n)
        for (i, p) in points.enumerated() {
            let pg = try Geometry(point: p)
            for c in try tree.query(pg, predicate: .intersects) {
                let cell = try parts[c].intersection(clip)
                out[i] = try cell.value
                break
            }
        }
        // Duplicate points share a cell: later duplicates get an empty one.
        var seen = Set<Coordinate>()
        for (i, p) in points.enumerated() where !seen.insert(p).inserted { out[i] = .polygon([]) }
        return out.map { $0 ?? .polygon([]) }
    }
}
