import LifeCircleGeometry

/// Splits polylines where they cross or touch without a shared vertex
/// (`--node-intersections`, for unnoded CAD-derived centrelines), and snaps
/// dangling endpoints onto nearby lines. Both work by inserting vertices:
/// the same inserted coordinate value goes into every line concerned, so
/// the later shared-vertex join connects them exactly.
enum LineNoding {
    struct Insertion { var segment: Int32; var t: Double; var point: Coordinate }

    /// Flattens line segments for a grid: (line, segment index) per segment.
    static func segments(_ lines: [[Coordinate]]) -> (a: [Coordinate], b: [Coordinate], line: [Int32], seg: [Int32]) {
        var a: [Coordinate] = [], b: [Coordinate] = [], line: [Int32] = [], seg: [Int32] = []
        let n = lines.reduce(0) { $0 + max($1.count - 1, 0) }
        a.reserveCapacity(n); b.reserveCapacity(n); line.reserveCapacity(n); seg.reserveCapacity(n)
        for (li, l) in lines.enumerated() where l.count >= 2 {
            for j in 0..<(l.count - 1) {
                a.append(l[j]); b.append(l[j + 1]); line.append(Int32(li)); seg.append(Int32(j))
            }
        }
        return (a, b, line, seg)
    }

    /// Inserts a vertex at every crossing or touching point between segments.
    static func nodeIntersections(_ lines: [[Coordinate]]) -> (lines: [[Coordinate]], crossings: Int) {
        let s = segments(lines)
        let grid = SegmentGrid(a: s.a, b: s.b)
        var ins = [[Insertion]](repeating: [], count: lines.count)
        var found = 0
        @discardableResult func add(_ k: Int, _ p: Coordinate) -> Bool {
            let a = s.a[k], b = s.b[k]
            if p == a || p == b { return false }
            ins[Int(s.line[k])].append(Insertion(segment: s.seg[k], t: SegmentMath.projectT(p, a, b), point: p))
            return true
        }
        for cy in 0..<grid.ny {
            for cx in 0..<grid.nx {
                let cell = grid.items(inCell: cx, cy)
                if cell.count < 2 { continue }
                let lo = cell.startIndex
                for ii in lo..<cell.endIndex {
                    let i = Int(cell[ii])
                    let p1 = s.a[i], p2 = s.b[i]
                    let pminX = min(p1.x, p2.x), pmaxX = max(p1.x, p2.x), pminY = min(p1.y, p2.y), pmaxY = max(p1.y, p2.y)
                    for jj in (ii + 1)..<cell.endIndex {
                        let j = Int(cell[jj])
                        let q1 = s.a[j], q2 = s.b[j]
                        if max(q1.x, q2.x) < pminX || min(q1.x, q2.x) > pmaxX || max(q1.y, q2.y) < pminY || min(q1.y, q2.y) > pmaxY { continue }
                        if s.line[i] == s.line[j] && abs(Int(s.seg[i]) - Int(s.seg[j])) == 1 { continue }
                        // Report each point only from the cell it falls in, so a pair
                        // met in several cells is handled once.
                        func here(_ p: Coordinate) -> Bool { let c = grid.cell(of: p); return c.0 == cx && c.1 == cy }
                        let d1 = SegmentMath.orient(q1, q2, p1), d2 = SegmentMath.orient(q1, q2, p2)
                        let d3 = SegmentMath.orient(p1, p2, q1), d4 = SegmentMath.orient(p1, p2, q2)
                        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
                            let t = d1 / (d1 - d2)
                            let p = Coordinate(p1.x + (p2.x - p1.x) * t, p1.y + (p2.y - p1.y) * t)
                            if here(p) { add(i, p); add(j, p); found += 1 }
                            continue
                        }
                        // Touching: an endpoint of one lies inside the other (counted once
                        // per pair; shared endpoints are already joined and add nothing).
                        var touched = false
                        if d1 == 0 && SegmentMath.withinBox(p1, q1, q2) && here(p1) { touched = add(j, p1) || touched }
                        if d2 == 0 && SegmentMath.withinBox(p2, q1, q2) && here(p2) { touched = add(j, p2) || touched }
                        if d3 == 0 && SegmentMath.withinBox(q1, p1, p2) && here(q1) { touched = add(i, q1) || touched }
                        if d4 == 0 && SegmentMath.withinBox(q2, p1, p2) && here(q2) { touched = add(i, q2) || touched }
                        if touched { found += 1 }
                    }
                }
            }
        }
        return (apply(ins, to: lines), found)
    }

    /// Rebuilds lines with the inserted vertices in order along each segment.
    static func apply(_ ins: [[Insertion]], to lines: [[Coordinate]]) -> [[Coordinate]] {
        var out = lines
        for li in 0..<lines.count where !ins[li].isEmpty {
            let sorted = ins[li].sorted { ($0.segment, $0.t) < ($1.segment, $1.t) }
            let l = lines[li]
            var nl: [Coordinate] = []
            nl.reserveCapacity(l.count + sorted.count)
            var k = 0
            for j in 0..<l.count {
                if nl.last != l[j] { nl.append(l[j]) }
                while k < sorted.count && Int(sorted[k].segment) == j {
                    if nl.last != sorted[k].point { nl.append(sorted[k].point) }
                    k += 1
                }
            }
            out[li] = nl
        }
        return out
    }

    /// Moves each dangling endpoint (a line end no other line shares) onto
    /// the nearest point of another line within `tolerance`, inserting that
    /// point as a vertex there. Returns the lines and the number snapped.
    static func snapDangles(_ input: [[Coordinate]], tolerance: Double) -> (lines: [[Coordinate]], snapped: Int) {
        var lines = input
        var table = CoordinateTable(capacity: lines.reduce(0) { $0 + $1.count })
        var counts: [Int32] = []
        func bump(_ c: Coordinate) { let r = table.idInserting(c); if r.inserted { counts.append(0) }; counts[Int(r.id)] += 1 }
        for l in lines { for c in l { bump(c) } }
        func count(_ c: Coordinate) -> Int32 { table.id(of: c).map { counts[Int($0)] } ?? 0 }
        let s = segments(lines)
        let grid = SegmentGrid(a: s.a, b: s.b, cellSize: nil)
        var ins = [[Insertion]](repeating: [], count: lines.count)
        var snapped = 0
        for li in 0..<lines.count where lines[li].count >= 2 {
            for end in 0..<2 {
                let idx = end == 0 ? 0 : lines[li].count - 1
                let p = lines[li][idx]
                if count(p) >= 2 { continue }
                // Nearest point on another line's segment within tolerance.
                var best = tolerance, bestK = -1, bestT = 0.0
                let (c0x, c0y) = grid.cell(of: Coordinate(p.x - tolerance, p.y - tolerance))
                let (c1x, c1y) = grid.cell(of: Coordinate(p.x + tolerance, p.y + tolerance))
                for cy in c0y...c1y {
                    for cx in c0x...c1x {
                        for kk in grid.items(inCell: cx, cy) {
                            let k = Int(kk)
                            if Int(s.line[k]) == li { continue }
                            let t = SegmentMath.projectT(p, s.a[k], s.b[k])
                            let d = p.distance(to: SegmentMath.point(s.a[k], s.b[k], t))
                            if d < best || (d == best && bestK >= 0 && k < bestK) { best = d; bestK = k; bestT = t }
                        }
                    }
                }
                guard bestK >= 0, best > 0 else { continue }
                let tl = Int(s.line[bestK]), seg = Int(s.seg[bestK])
                let target: Coordinate
                if bestT <= 0 || bestT >= 1 {
                    // A vertex of the other line; use its current value (its end may have moved).
                    let vi = bestT <= 0 ? seg : seg + 1
                    target = lines[tl][vi]
                } else {
                    target = SegmentMath.point(s.a[bestK], s.b[bestK], bestT)
                    ins[tl].append(Insertion(segment: Int32(seg), t: bestT, point: target))
                    bump(target)
                }
                lines[li][idx] = target
                bump(target)
                snapped += 1
            }
        }
        // Drop lines that collapsed to a point by snapping both ends together.
        return (apply(ins, to: lines), snapped)
    }
}
