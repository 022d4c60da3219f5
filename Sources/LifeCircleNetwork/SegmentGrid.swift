import LifeCircleGeometry

/// A uniform grid over line segments: each segment is listed in every cell
/// its bounding box touches, stored as CSR (cellStart/items) so a query
/// walks flat arrays. Items are segment indices into the caller's arrays.
public struct SegmentGrid: Sendable {
    public let originX: Double
    public let originY: Double
    public let cellSize: Double
    public let nx: Int
    public let ny: Int
    let cellStart: [Int32]
    let items: [Int32]
    /// With `storeEndpoints`: item k's segment ends, beside `items[k]`, so a
    /// query reads a cell's segments in one sweep instead of chasing each
    /// index into the coordinates (a cache miss per segment on a city-wide
    /// network). Empty otherwise.
    let itemA: [Coordinate]
    let itemB: [Coordinate]

    /// Builds the grid over segments `a[i]`–`b[i]`. The cell size follows the
    /// mean segment extent, enlarged when needed to keep cells ≤ 4 × segments.
    /// - Parameter cellsPerSegment: cap on the number of cells per segment
    ///   (memory bound); finer grids answer nearest-point queries faster.
    public init(
        a: [Coordinate], b: [Coordinate], cellSize requested: Double? = nil, cellsPerSegment: Int = 4, storeEndpoints: Bool = false
    ) {
        precondition(a.count == b.count)
        let n = a.count
        var env = Envelope.empty
        var extentSum = 0.0
        for i in 0..<n {
            env.expand(toInclude: a[i]); env.expand(toInclude: b[i])
            extentSum += max(abs(a[i].x - b[i].x), abs(a[i].y - b[i].y))
        }
        if env.isEmpty { env = Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1) }
        let w = max(env.width, 1e-9), h = max(env.height, 1e-9)
        var cs = requested ?? max(extentSum / Double(max(n, 1)), 1e-6)
        let maxCells = Double(cellsPerSegment * n + 16)
        if (w / cs + 1) * (h / cs + 1) > maxCells { cs = max(cs, ((w * h) / maxCells).squareRoot() * 1.01) }
        while (w / cs + 1) * (h / cs + 1) > maxCells { cs *= 1.25 }
        originX = env.minX; originY = env.minY; cellSize = cs
        let nx = Int(w / cs) + 1, ny = Int(h / cs) + 1
        self.nx = nx; self.ny = ny
        var counts = [Int32](repeating: 0, count: nx * ny + 1)
        func range(_ i: Int) -> (Int, Int, Int, Int) {
            let x0 = min(a[i].x, b[i].x), x1 = max(a[i].x, b[i].x)
            let y0 = min(a[i].y, b[i].y), y1 = max(a[i].y, b[i].y)
            return (
                GridIndex.clamped((x0 - env.minX) / cs, nx), GridIndex.clamped((x1 - env.minX) / cs, nx),
                GridIndex.clamped((y0 - env.minY) / cs, ny), GridIndex.clamped((y1 - env.minY) / cs, ny)
            )
        }
        for i in 0..<n {
            let (cx0, cx1, cy0, cy1) = range(i)
            for cy in cy0...cy1 { for cx in cx0...cx1 { counts[cy * nx + cx + 1] += 1 } }
        }
        let cells = nx * ny
        for c in 0..<cells { counts[c + 1] += counts[c] }
        let total = Int(counts[cells])
        var its = [Int32](repeating: 0, count: total)
        // Filled from the last segment down, each cell from its end: no second
        // array of a city-wide grid's size, and each cell still lists its
        // segments in ascending order. counts[c + 1] ends as cell c's start.
        counts.withUnsafeMutableBufferPointer { cb in
            its.withUnsafeMutableBufferPointer { ib in
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let (cx0, cx1, cy0, cy1) = range(i)
                    for cy in cy0...cy1 {
                        for cx in cx0...cx1 {
                            let c = cy * nx + cx + 1
                            cb[c] -= 1; ib[Int(cb[c])] = Int32(i)
                        }
                    }
                }
                // Shift the starts into place: cellStart[c] for cell c, the total last.
                for c in 0..<cells { cb[c] = cb[c + 1] }
                cb[cells] = Int32(total)
            }
        }
        if storeEndpoints {
            itemA = its.map { a[Int($0)] }
            itemB = its.map { b[Int($0)] }
        } else {
            itemA = []; itemB = []
        }
        cellStart = counts
        items = its
    }

    @inline(__always) static func clamp(_ v: Int, _ n: Int) -> Int { v < 0 ? 0 : (v >= n ? n - 1 : v) }

    /// The (clamped) cell column and row of a point.
    @inline(__always) public func cell(of c: Coordinate) -> (Int, Int) {
        (
            GridIndex.clamped((c.x - originX) / cellSize, nx),
            GridIndex.clamped((c.y - originY) / cellSize, ny)
        )
    }

    /// Segment indices listed in cell (cx, cy).
    @inline(__always) public func items(inCell cx: Int, _ cy: Int) -> ArraySlice<Int32> {
        let c = cy * nx + cx
        return items[Int(cellStart[c])..<Int(cellStart[c + 1])]
    }

    public var cellCount: Int { nx * ny }
}
