/// Douglas–Peucker on integer pixel tenths: drops vertices that deviate less
/// than `tolerance` tenths from the kept outline. Iterative (explicit stack),
/// so long rings cannot overflow the call stack. Consecutive duplicates are
/// removed first.
enum PathSimplification {
    static func simplify(_ xs: [Int], _ ys: [Int], tolerance: Int) -> (xs: [Int], ys: [Int]) {
        // Drop repeated points (common after quantisation).
        var ux: [Int] = [], uy: [Int] = []
        ux.reserveCapacity(xs.count); uy.reserveCapacity(ys.count)
        for i in xs.indices where ux.isEmpty || xs[i] != ux[ux.count - 1] || ys[i] != uy[uy.count - 1] {
            ux.append(xs[i]); uy.append(ys[i])
        }
        let n = ux.count
        guard n > 2, tolerance > 0 else { return (ux, uy) }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true; keep[n - 1] = true
        let tol2 = Double(tolerance * tolerance)
        var stack: [(Int, Int)] = [(0, n - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            let ax = Double(ux[a]), ay = Double(uy[a])
            let dx = Double(ux[b]) - ax, dy = Double(uy[b]) - ay
            let len2 = dx * dx + dy * dy
            var worst = -1.0, at = -1
            for i in (a + 1)..<b {
                let px = Double(ux[i]) - ax, py = Double(uy[i]) - ay
                let d2: Double
                if len2 == 0 {
                    d2 = px * px + py * py  // closed ring: distance from the start
                } else {
                    let cross = px * dy - py * dx
                    d2 = cross * cross / len2
                }
                if d2 > worst { worst = d2; at = i }
            }
            if worst > tol2 {
                keep[at] = true
                stack.append((a, at)); stack.append((at, b))
            }
        }
        var ox: [Int] = [], oy: [Int] = []
        for i in 0..<n where keep[i] { ox.append(ux[i]); oy.append(uy[i]) }
        return (ox, oy)
    }
}
