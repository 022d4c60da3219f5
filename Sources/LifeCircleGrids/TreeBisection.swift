import Foundation
import LifeCircleGeometry

/// Balance target for splitting a set of units into a side of `kA` grids and a
/// side of `kB` grids: each side's average grid weight must fall inside its
/// band, per column.
struct SplitTarget {
    var kA: Int
    var kB: Int
    var ideal: [Double]
    var loA: [Double], hiA: [Double]
    var loB: [Double], hiB: [Double]

    /// A band for averages: 90% of the band for a single grid (room for later
    /// unit moves; `singleBand` 1 uses all of it), half band for a group,
    /// so groups keep room for their own later splits.
    init(kA: Int, kB: Int, ideal: [Double], lo: [Double], hi: [Double], singleBand: Double = 0.9) {
        self.kA = kA; self.kB = kB; self.ideal = ideal
        func band(_ k: Int) -> ([Double], [Double]) {
            let f = k == 1 ? singleBand : 0.5
            return (zip(ideal, lo).map { $0 - ($0 - $1) * f }, zip(ideal, hi).map { $0 + ($1 - $0) * f })
        }
        (loA, hiA) = band(kA); (loB, hiB) = band(kB)
    }

    /// ≤ 1 inside both bands; grows with the worst relative violation.
    @inline(__always)
    func score(sideA: UnsafePointer<Double>, total: UnsafePointer<Double>, columns: Int) -> Double {
        var s = 0.0
        for c in 0..<columns {
            let i = ideal[c]
            guard i > 0 else { continue }
            let a = sideA[c] / Double(kA), b = (total[c] - sideA[c]) / Double(kB)
            s = max(s, a >= i ? (a - i) / max(hiA[c] - i, 1e-12 * i) : (i - a) / max(i - loA[c], 1e-12 * i))
            s = max(s, b >= i ? (b - i) / max(hiB[c] - i, 1e-12 * i) : (i - b) / max(i - loB[c], 1e-12 * i))
        }
        return s
    }
}

/// Splits a connected set of units in two along one edge of a spanning tree
/// (the ReCom move). Trees are drawn first "geometrically" — Kruskal with the
/// edges far from a cutting line first and the edges crossing it last, so
/// cutting the last crossing edge gives a straight, compact split — and then
/// at random. Bounded attempts; returns the best split seen.
struct TreeBisector {
    let state: GridWorkState
    /// Global unit → local index scratch (−1 outside the current set).
    var local: [Int32]

    init(state: GridWorkState) {
        self.state = state
        self.local = [Int32](repeating: -1, count: state.graph.unitCount)
    }

    struct Split {
        var sideA: [Int32]
        var sideB: [Int32]
        var score: Double
    }

    mutating func split(
        _ members: [Int32], target: SplitTarget, rng: inout SplitMix64,
        geometricAttempts: Int = 6, randomAttempts: Int = 10,
        angle preferred: Double? = nil
    ) -> Split? {
        let m = members.count
        guard m >= 2 else { return nil }
        let C = state.columns
        for (i, u) in members.enumerated() { local[Int(u)] = Int32(i) }
        defer { for u in members { local[Int(u)] = -1 } }

        // Local edge list from the active graph.
        var eu: [Int32] = [], ev: [Int32] = []
        eu.reserveCapacity(3 * m); ev.reserveCapacity(3 * m)
        for (i, u) in members.enumerated() {
            for s in state.aOff[Int(u)]..<state.aOff[Int(u) + 1] {
                let j = local[Int(state.aNb[s])]
                if j > Int32(i) { eu.append(Int32(i)); ev.append(j) }
            }
        }
        let E = eu.count
        guard E >= m - 1 else { return nil }

        // Unit weights and balance proxy (sum of columns relative to ideal).
        var lw = [Double](repeating: 0, count: m * C)
        var proxy = [Double](repeating: 0, count: m)
        var total = [Double](repeating: 0, count: C)
        var env = Envelope.empty
        for (i, u) in members.enumerated() {
            for c in 0..<C {
                let x = state.w[Int(u) * C + c]
                lw[i * C + c] = x; total[c] += x
                if target.ideal[c] > 0 { proxy[i] += x / target.ideal[c] }
            }
            env.expand(toInclude: state.graph.centroid[Int(u)])
        }
        let proxyTotal = proxy.reduce(0, +)

        var best: Split? = nil
        var keys = [Double](repeating: 0, count: E)
        var proj = [Double](repeating: 0, count: m)
        var parentUF = [Int32](repeating: 0, count: m)
        var treeDeg = [Int](repeating: 0, count: m + 1)
        var treeU = [Int32](), treeV = [Int32](), treeKey = [Double]()
        var adj = [Int32](repeating: 0, count: 2 * max(m - 1, 0))
        var adjKey = [Double](repeating: 0, count: 2 * max(m - 1, 0))
        var order = [Int32](repeating: 0, count: m)
        var parent = [Int32](repeating: -1, count: m)
        var parentKey = [Double](repeating: 0, count: m)
        var sub = [Double](repeating: 0, count: m * C)
        var size = [Int](repeating: 1, count: m)
        let baseAngle = preferred ?? (env.width >= env.height ? 0.0 : Double.pi / 2)

        for attempt in 0..<(geometricAttempts + randomAttempts) {
            let geometric = attempt < geometricAttempts
            if geometric {
                let theta: Double
                switch attempt {
                case 0: theta = baseAngle
                case 1: theta = baseAngle + Double.pi / 2
                default: theta = baseAngle + (rng.nextUnit() - 0.5) * Double.pi
                }
                let (cs, sn) = (cos(theta), sin(theta))
                for (i, u) in members.enumerated() {
                    let p = state.graph.centroid[Int(u)]
                    proj[i] = p.x * cs + p.y * sn
                }
                // Weighted quantile of the projection at kA / k of the proxy weight.
                let idx = (0..<m).sorted { proj[$0] != proj[$1] ? proj[$0] < proj[$1] : $0 < $1 }
                let want = proxyTotal * Double(target.kA) / Double(target.kA + target.kB)
                var acc = 0.0, cutAt = proj[idx[m - 1]]
                for (r, i) in idx.enumerated() {
                    acc += proxy[i]
                    if acc >= want { cutAt = r + 1 < m ? (proj[i] + proj[idx[r + 1]]) / 2 : proj[i]; break }
                }
                var scale = 0.0
                for e in 0..<E { scale += abs(proj[Int(eu[e])] - proj[Int(ev[e])]) }
                scale = max(scale / Double(max(E, 1)), 1e-9)
                let noise = attempt == 0 ? 0.05 : 0.5
                for e in 0..<E {
                    let a = proj[Int(eu[e])], b = proj[Int(ev[e])]
                    if (a < cutAt) != (b < cutAt) {
                        keys[e] = 1e12 + rng.nextUnit()
                    } else {
                        keys[e] = -abs((a + b) / 2 - cutAt) + noise * scale * rng.nextUnit()
                    }
                }
            } else {
                for e in 0..<E { keys[e] = rng.nextUnit() }
            }
            let eorder = (0..<E).sorted { keys[$0] < keys[$1] }

            // Kruskal.
            for i in 0..<m { parentUF[i] = Int32(i) }
            func find(_ x: Int32) -> Int32 {
                var x = x
                while parentUF[Int(x)] != x {
                    parentUF[Int(x)] = parentUF[Int(parentUF[Int(x)])]
                    x = parentUF[Int(x)]
                }
                return x
            }
            treeU.removeAll(keepingCapacity: true); treeV.removeAll(keepingCapacity: true)
            treeKey.removeAll(keepingCapacity: true)
            for e in eorder {
                let ra = find(eu[e]), rb = find(ev[e])
                if ra == rb { continue }
                parentUF[Int(ra)] = rb
                treeU.append(eu[e]); treeV.append(ev[e]); treeKey.append(geometric ? keys[e] : rng.nextUnit())
                if treeU.count == m - 1 { break }
            }
            guard treeU.count == m - 1 else { return best }

            // Tree CSR, BFS from 0, subtree sums.
            for i in 0...m { treeDeg[i] = 0 }
            for t in 0..<(m - 1) { treeDeg[Int(treeU[t]) + 1] += 1; treeDeg[Int(treeV[t]) + 1] += 1 }
            for i in 0..<m { treeDeg[i + 1] += treeDeg[i] }
            var fill = treeDeg
            for t in 0..<(m - 1) {
                let a = Int(treeU[t]), b = Int(treeV[t])
                adj[fill[a]] = Int32(b); adjKey[fill[a]] = treeKey[t]; fill[a] += 1
                adj[fill[b]] = Int32(a); adjKey[fill[b]] = treeKey[t]; fill[b] += 1
            }
            for i in 0..<m { parent[i] = -1 }
            order[0] = 0; parent[0] = 0
            var head = 0, tail = 1
            while head < tail {
                let v = Int(order[head]); head += 1
                for s in treeDeg[v]..<treeDeg[v + 1] where parent[Int(adj[s])] < 0 {
                    parent[Int(adj[s])] = Int32(v); parentKey[Int(adj[s])] = adjKey[s]
                    order[tail] = adj[s]; tail += 1
                }
            }
            for i in 0..<(m * C) { sub[i] = lw[i] }
            for i in 0..<m { size[i] = 1 }
            for r in stride(from: m - 1, through: 1, by: -1) {
                let v = Int(order[r]), p = Int(parent[v])
                for c in 0..<C { sub[p * C + c] += sub[v * C + c] }
                size[p] += size[v]
            }

            // Best edge: acceptable splits first, then (geometric) the latest-added edge,
            // (random) a random acceptable edge; otherwise the best score.
            var chosen = -1, chosenFlip = false, chosenScore = Double.infinity, chosenKey = -Double.infinity
            sub.withUnsafeBufferPointer { sp in
                total.withUnsafeBufferPointer { tp in
                    var flipTarget = target
                    flipTarget.kA = target.kB; flipTarget.kB = target.kA
                    swap(&flipTarget.loA, &flipTarget.loB); swap(&flipTarget.hiA, &flipTarget.hiB)
                    for r in 1..<m {
                        let v = Int(order[r])
                        let p = sp.baseAddress! + v * C
                        for flip in [false, true] {
                            if flip && target.kA == target.kB { continue }
                            // Each side needs at least one unit per grid.
                            let (kSub, kRest) = flip ? (target.kB, target.kA) : (target.kA, target.kB)
                            if size[v] < kSub || m - size[v] < kRest { continue }
                            let sc = (flip ? flipTarget : target).score(sideA: p, total: tp.baseAddress!, columns: C)
                            let ok = sc <= 1, chosenOk = chosenScore <= 1
                            let key = parentKey[v]
                            let better: Bool
                            if ok && chosenOk { better = key > chosenKey } else { better = sc < chosenScore }
                            if better { chosen = v; chosenFlip = flip; chosenScore = sc; chosenKey = key }
                        }
                    }
                }
            }
            guard chosen >= 0 else { continue }
            if best == nil || chosenScore < best!.score {
                var inSub = [Bool](repeating: false, count: m)
                for r in 1..<m {
                    let v = Int(order[r])
                    inSub[v] = v == chosen || inSub[Int(parent[v])]
                }
                var a: [Int32] = [], b: [Int32] = []
                for i in 0..<m { if inSub[i] != chosenFlip { a.append(members[i]) } else { b.append(members[i]) } }
                best = Split(sideA: a, sideB: b, score: chosenScore)
            }
            if let b = best, b.score <= 1 { return b }
        }
        return best
    }
}
