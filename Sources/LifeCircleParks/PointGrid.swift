import LifeCircleGeometry

/// Uniform bucket grid over points for radius queries: CSR of point indices
/// per cell, built once, queried allocation-free by callers.
public struct PointGrid: Sendable {
    public let originX: Double, originY: Double, cellSize: Double
    public let nx: Int, ny: Int
    let cellStart: [Int32]
    let items: [Int32]
    public let points: [Coordinate]

    public init(points: [Coordinate], cellSize: Double) {
        self.points = points
        var env = Envelope.empty
        for p in points where p.x.isFinite && p.y.isFinite { env.expand(toInclude: p) }
        if env.isEmpty { env = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        let cs = max(cellSize, 1e-9, max(env.width, env.height) / 4096)
        originX = env.minX; originY = env.minY; self.cellSize = cs
        nx = Int((env.width / cs).rounded(.down)) + 1
        ny = Int((env.height / cs).rounded(.down)) + 1
        var counts = [Int32](repeating: 0, count: nx * ny + 1)
        var cellOf = [Int32](repeating: -1, count: points.count)
        for (i, p) in points.enumerated() where p.x.isFinite && p.y.isFinite {
            let c = Int32(GridIndex.clamped((p.y - env.minY) / cs, ny) * nx + GridIndex.clamped((p.x - env.minX) / cs, nx))
            cellOf[i] = c
            counts[Int(c) + 1] += 1
        }
        for k in 0..<(nx * ny) { counts[k + 1] += counts[k] }
        var fill = counts
        var items = [Int32](repeating: 0, count: Int(counts[nx * ny]))
        for i in 0..<points.count where cellOf[i] >= 0 {
            let c = Int(cellOf[i])
            items[Int(fill[c])] = Int32(i)
            fill[c] += 1
        }
        self.cellStart = counts
        self.items = items
    }

    @inline(__always) static func clamp(_ v: Int, _ n: Int) -> Int { v < 0 ? 0 : (v >= n ? n - 1 : v) }

    /// Calls `body` with every point index whose cell meets the envelope.
    @inline(__always) public func forEachCandidate(in e: Envelope, _ body: (Int) -> Void) {
        guard !points.isEmpty, e.maxX >= originX, e.maxY >= originY else { return }
        let x0 = GridIndex.clamped((e.minX - originX) / cellSize, nx), x1 = GridIndex.clamped((e.maxX - originX) / cellSize, nx)
        let y0 = GridIndex.clamped((e.minY - originY) / cellSize, ny), y1 = GridIndex.clamped((e.maxY - originY) / cellSize, ny)
        if e.minX > originX + Double(nx) * cellSize || e.minY > originY + Double(ny) * cellSize { return }
        for cy in y0...y1 {
            for cx in x0...x1 {
                let c = cy * nx + cx
                for k in Int(cellStart[c])..<Int(cellStart[c + 1]) { body(Int(items[k])) }
            }
        }
    }
}
