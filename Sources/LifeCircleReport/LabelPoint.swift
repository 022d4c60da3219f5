import LifeCircleGeometry

/// Where to put a feature's label: for areas, inside the largest part (its
/// centroid when that is inside, otherwise the middle of the widest span of
/// the horizontal line through the centroid); for lines, the middle vertex;
/// for points, the point.
enum LabelPoint {
    static func of(_ g: GeometryValue) -> Coordinate? {
        let parts = g.polygonParts
        if !parts.isEmpty {
            var best: [Coordinate] = [], bestArea = -1.0
            for p in parts {
                guard let shell = p.first, shell.count >= 3 else { continue }
                let a = abs(signedArea(shell))
                if a > bestArea { bestArea = a; best = shell }
            }
            guard !best.isEmpty else { return nil }
            let c = centroid(best)
            if contains(best, c) { return c }
            return scanlineMiddle(best, y: c.y) ?? c
        }
        let lines = g.lineParts
        if let longest = lines.max(by: { $0.count < $1.count }), !longest.isEmpty {
            return longest[longest.count / 2]
        }
        return g.pointParts.first
    }

    static func signedArea(_ r: [Coordinate]) -> Double {
        var s = 0.0
        for i in 0..<(r.count - 1) { s += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y }
        return s / 2
    }

    static func centroid(_ r: [Coordinate]) -> Coordinate {
        // Relative to the first vertex, to keep precision with large projected coordinates.
        let o = r[0]
        var a = 0.0, cx = 0.0, cy = 0.0
        for i in 0..<(r.count - 1) {
            let x0 = r[i].x - o.x, y0 = r[i].y - o.y, x1 = r[i + 1].x - o.x, y1 = r[i + 1].y - o.y
            let k = x0 * y1 - x1 * y0
            a += k; cx += (x0 + x1) * k; cy += (y0 + y1) * k
        }
        guard abs(a) > 1e-12 else {
            let e = GeometryValue.lineString(r).envelope
            return e.center
        }
        return Coordinate(o.x + cx / (3 * a), o.y + cy / (3 * a))
    }

    static func contains(_ r: [Coordinate], _ p: Coordinate) -> Bool {
        var inside = false
        var j = r.count - 1
        for i in 0..<r.count {
            let a = r[i], b = r[j]
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }

    static func scanlineMiddle(_ r: [Coordinate], y: Double) -> Coordinate? {
        var xs: [Double] = []
        for i in 0..<(r.count - 1) {
            let a = r[i], b = r[i + 1]
            if (a.y > y) != (b.y > y) { xs.append(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y)) }
        }
        xs.sort()
        var best: (Double, Double)? = nil
        var i = 0
        while i + 1 < xs.count {
            if best == nil || xs[i + 1] - xs[i] > best!.1 - best!.0 { best = (xs[i], xs[i + 1]) }
            i += 2
        }
        guard let (a, b) = best else { return nil }
        return Coordinate((a + b) / 2, y)
    }
}
