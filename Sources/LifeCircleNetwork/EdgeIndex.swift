import Foundation
import LifeCircleGeometry

/// A point attached to the network: the nearest point on an edge, its
/// distance along that edge from the edge's from-node, and the straight
/// access distance from the original point. `edge < 0` means unsnapped.
public struct SnappedPoint: Sendable, Equatable {
    public var edge: Int32
    public var offset: Double
    public var point: Coordinate
    public var access: Double

    public init(edge: Int32, offset: Double, point: Coordinate, access: Double) {
        self.edge = edge; self.offset = offset; self.point = point; self.access = access
    }

    public static let unsnapped = SnappedPoint(edge: -1, offset: 0, point: Coordinate(.nan, .nan), access: .infinity)
    public var isSnapped: Bool { edge >= 0 }
}

/// Counts from snapping a batch of points.
public struct SnapCounts: Sendable, Equatable, Codable {
    /// Points farther than the maximum snap distance from every edge.
    public var unsnapped = 0
    /// Points snapped to an edge outside the largest connected component.
    public var onMinorComponent = 0
    public init() {}
}

/// Spatial index over every segment of every edge (a uniform grid), for
/// snapping points to the nearest point ON an edge.
public struct EdgeIndex: Sendable {
    public let network: WalkNetwork
    let grid: SegmentGrid
    let segEdge: [Int32]
    let segCoord: [Int32]
    /// Distance along the edge to the start of each segment.
    let segOffset: [Double]

    /// - Parameter edgeFilter: when given, only edges for which it is true are
    ///   indexed (e.g. the largest component only).
    public init(network: WalkNetwork, edgeFilter: ((Int) -> Bool)? = nil) {
        self.network = network
        var a: [Coordinate] = [], b: [Coordinate] = [], se: [Int32] = [], sc: [Int32] = [], so: [Double] = []
        let n = network.coordinates.count
        a.reserveCapacity(n); b.reserveCapacity(n); se.reserveCapacity(n); sc.reserveCapacity(n); so.reserveCapacity(n)
        let cs = network.coordinates
        for e in 0..<network.edgeCount {
            if let f = edgeFilter, !f(e) { continue }
            var off = 0.0
            for k in Int(network.edgeCoordStart[e])..<(Int(network.edgeCoordStart[e + 1]) - 1) {
                a.append(cs[k]); b.append(cs[k + 1]); se.append(Int32(e)); sc.append(Int32(k)); so.append(off)
                off += cs[k].distance(to: cs[k + 1])
            }
        }
        grid = SegmentGrid(a: a, b: b, cellsPerSegment: 16, storeEndpoints: true)
        segEdge = se; segCoord = sc; segOffset = so
    }

    /// The nearest point on any indexed edge within `maxDistance`, or
    /// `.unsnapped`. Ties go to the lower segment index (deterministic).
    public func snap(_ p: Coordinate, maxDistance: Double = 100) -> SnappedPoint {
        guard p.x.isFinite, p.y.isFinite, !segEdge.isEmpty else { return .unsnapped }
        let cs = network.coordinates
        let cellSize = grid.cellSize
        let fx = ((p.x - grid.originX) / cellSize).rounded(.down)
        let fy = ((p.y - grid.originY) / cellSize).rounded(.down)
        // Cells more than this many rings away cannot hold a point within maxDistance.
        let maxRing = Int(min((maxDistance / cellSize).rounded(.up) + 1, Double(grid.nx + grid.ny + 2)))
        let cx = Int(max(min(fx, Double(grid.nx + maxRing + 1)), Double(-maxRing - 2)))
        let cy = Int(max(min(fy, Double(grid.ny + maxRing + 1)), Double(-maxRing - 2)))
        var best2 = maxDistance * maxDistance
        var bestSeg = -1
        var bestT = 0.0
        // p in cell units, for the distance to the block of cells already searched.
        let px = (p.x - grid.originX) / cellSize, py = (p.y - grid.originY) / cellSize
        var r = 0
        while r <= maxRing {
            // Cells of ring r lie outside the block of rings < r: stop when even
            // that block's edge is farther than the best point found.
            if r >= 1 {
                let inner = Double(r - 1)
                let gap =
                    min(
                        px - (Double(cx) - inner), (Double(cx) + inner + 1) - px,
                        py - (Double(cy) - inner), (Double(cy) + inner + 1) - py) * cellSize
                if gap > 0 && gap * gap > best2 { break }
            }
            if r >= 2 {
                let minD = Double(r - 1) * cellSize
                if minD * minD > best2 { break }
            }
            let y0 = cy - r, y1 = cy + r, x0 = cx - r, x1 = cx + r
            if y1 < 0 || x1 < 0 || y0 >= grid.ny || x0 >= grid.nx { r += 1; continue }
            for yy in max(y0, 0)...min(y1, grid.ny - 1) {
                let edgeRow = yy == y0 || yy == y1
                var xx = max(x0, 0)
                let xEnd = min(x1, grid.nx - 1)
                while xx <= xEnd {
                    let c = yy * grid.nx + xx
                    for k in Int(grid.cellStart[c])..<Int(grid.cellStart[c + 1]) {
                        let s = Int(grid.items[k])
                        let a = grid.itemA[k], b = grid.itemB[k]
                        let t = SegmentMath.projectT(p, a, b)
                        let q = SegmentMath.point(a, b, t)
                        let dx = q.x - p.x, dy = q.y - p.y
                        let d2 = dx * dx + dy * dy
                        if d2 < best2 || (d2 == best2 && bestSeg >= 0 && s < bestSeg) { best2 = d2; bestSeg = s; bestT = t }
                    }
                    // Interior rows only visit the two ring columns.
                    if edgeRow || xx == x1 { xx += 1 } else { xx = max(xx + 1, x1) }
                }
            }
            r += 1
        }
        guard bestSeg >= 0 else { return .unsnapped }
        let ci = Int(segCoord[bestSeg])
        let a = cs[ci], b = cs[ci + 1]
        let q = SegmentMath.point(a, b, bestT)
        let e = Int(segEdge[bestSeg])
        let off = min(segOffset[bestSeg] + a.distance(to: q), network.edgeLength[e])
        return SnappedPoint(edge: Int32(e), offset: off, point: q, access: best2.squareRoot())
    }

    /// Snaps many points, in parallel chunks, and counts the failures.
    public func snapAll(_ points: [Coordinate], maxDistance: Double = 100) -> (points: [SnappedPoint], counts: SnapCounts) {
        var out = [SnappedPoint](repeating: .unsnapped, count: points.count)
        let chunk = 4096
        let chunks = (points.count + chunk - 1) / chunk
        out.withUnsafeMutableBufferPointer { buf in
            let box = DisjointWrites(buf)
            DispatchQueue.concurrentPerform(iterations: chunks) { ci in
                let lo = ci * chunk, hi = min(lo + chunk, points.count)
                for i in lo..<hi { box.buffer[i] = snap(points[i], maxDistance: maxDistance) }
            }
        }
        var counts = SnapCounts()
        for s in out {
            if !s.isSnapped { counts.unsnapped += 1 } else if !network.inLargestComponent(edge: Int(s.edge)) { counts.onMinorComponent += 1 }
        }
        return (out, counts)
    }
}
