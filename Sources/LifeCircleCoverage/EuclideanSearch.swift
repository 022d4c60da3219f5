import Foundation
import LifeCircleGeometry

/// Straight-line nearest-facility distances and counts within limits, with
/// a uniform grid over each category's facilities (cell = cut-off, so a
/// query looks at 3 × 3 cells).
enum EuclideanSearch {
    static func run(
        residents: [Coordinate], categories: [[Coordinate]], cutoff: Double, limits: [Double], counts wantCounts: Bool,
        workers: Int?
    ) -> (distances: [[Double]], counts: [[UInt32]]) {
        let nr = residents.count, nl = limits.count
        let dist = ParallelSlots<[Double]>(count: categories.count, initial: [])
        let cnt = ParallelSlots<[UInt32]>(count: categories.count, initial: [])
        let nc = categories.count
        let w = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, max(nc, 1)))
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            for c in stride(from: worker, to: nc, by: w) {
                let pts = categories[c].filter { $0.x.isFinite && $0.y.isFinite }
                var d = [Double](repeating: .infinity, count: nr)
                var k = [UInt32](repeating: 0, count: wantCounts ? nl * nr : 0)
                if !pts.isEmpty {
                    var env = Envelope.empty
                    for p in pts { env.expand(toInclude: p) }
                    // At most 4096 cells a side: a tiny cutoff must not ask for a huge grid (cells of at least the cutoff stay correct).
                    let cs = max(cutoff, 1e-9, max(env.width, env.height) / 4096)
                    let nx = GridIndex.count(env.width, cs, limit: 4097), ny = GridIndex.count(env.height, cs, limit: 4097)
                    var start = [Int](repeating: 0, count: nx * ny + 1)
                    func cell(_ p: Coordinate) -> Int {
                        GridIndex.clamped((p.x - env.minX) / cs, nx) + GridIndex.clamped((p.y - env.minY) / cs, ny) * nx
                    }
                    for p in pts { start[cell(p) + 1] += 1 }
                    for i in 0..<(nx * ny) { start[i + 1] += start[i] }
                    var fill = start
                    var items = [Coordinate](repeating: Coordinate(0, 0), count: pts.count)
                    for p in pts { let ci = cell(p); items[fill[ci]] = p; fill[ci] += 1 }
                    for r in 0..<nr {
                        let q = residents[r]
                        guard q.x.isFinite, q.y.isFinite else { continue }
                        let fx = ((q.x - env.minX) / cs).rounded(.down), fy = ((q.y - env.minY) / cs).rounded(.down)
                        if fx < -1 || fy < -1 || fx > Double(nx) || fy > Double(ny) { continue }
                        let cx = Int(fx), cy = Int(fy)
                        var best = Double.infinity
                        for yy in max(cy - 1, 0)...min(cy + 1, ny - 1) where cy + 1 >= 0 && cy - 1 < ny {
                            for xx in max(cx - 1, 0)...min(cx + 1, nx - 1) where cx + 1 >= 0 && cx - 1 < nx {
                                let ci = yy * nx + xx
                                for j in start[ci]..<start[ci + 1] {
                                    let dd = q.distance(to: items[j])
                                    if dd < best { best = dd }
                                    if wantCounts { for l in 0..<nl where dd <= limits[l] { k[l * nr + r] += 1 } }
                                }
                            }
                        }
                        d[r] = best <= cutoff ? best : .infinity
                    }
                }
                dist.set(c, d); cnt.set(c, k)
            }
        }
        return (dist.values, cnt.values)
    }
}
