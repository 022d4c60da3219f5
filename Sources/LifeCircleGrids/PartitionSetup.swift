import Foundation
import LifeCircleGeometry

/// A connected piece of one community that gets its own number of grids.
struct PartitionRegion {
    var community: Int32
    var members: [Int32]
    var k: Int
}

/// Everything decided before optimising: grid counts and bands per community,
/// which adjacencies count for contiguity (barriers removed, relaxed where a
/// part would be cut off, islands bridged), and the connected regions.
struct PartitionSetup {
    var columns: Int
    var unitWeights: [Double]
    var communities: [CommunityPlan]
    var communityLo: [Double]
    var communityHi: [Double]
    var communityIdeal: [Double]
    var regions: [PartitionRegion]
    var activeOffsets: [Int]
    var activeNeighbours: [Int32]
    var relaxed: [RelaxedBarrier]
    var bridges: [UnitEdge]
    var issues: [GridIssue]

    static func names(_ g: UnitGraph, _ units: [Int], limit: Int = 8) -> String {
        let shown = units.prefix(limit).map { g.unitName($0) }.joined(separator: ", ")
        return units.count > limit ? "\(shown) … (\(units.count) in all)" : shown
    }

    /// The stages below, in order; each reads what the earlier ones decided.
    static func build(
        graph g: UnitGraph, count: GridCount, tolerance: Double,
        fixedGridCounts: [Int]? = nil
    ) throws -> PartitionSetup {
        var b = try SetupBuilder(graph: g, tolerance: tolerance)
        b.groupCommunities()
        try b.chooseGridCounts(count, fixedGridCounts: fixedGridCounts)
        b.setBands(count, tolerance: tolerance, fixedGridCounts: fixedGridCounts)
        b.boundHeaviestUnits()
        b.reportIsolatedUnits()
        b.buildRegions()
        b.reportRelaxedBarriers()
        return b.finish()
    }
}

/// The working state of `PartitionSetup.build`, one stage per method.
private struct SetupBuilder {
    let g: UnitGraph
    let n: Int, C: Int, K: Int
    var issues: [GridIssue] = []
    /// Unit weights, `u * C + c` (unusable values as 0).
    var w: [Double]
    var byCommunity: [[Int32]] = []
    var totals: [Double] = []
    var nonEmpty: [Int] = []
    var kOf: [Int] = []
    var lo: [Double] = [], hi: [Double] = [], ideal: [Double] = []
    var feasible: [(Int, Int)?] = []
    var lowerBound: [Double] = []
    var relaxed: [RelaxedBarrier] = []
    var bridges: [UnitEdge] = []
    var regions: [PartitionRegion] = []

    /// Weights: checks the columns and tolerance, keeps usable values, reports the rest.
    init(graph g: UnitGraph, tolerance: Double) throws {
        self.g = g
        n = g.unitCount
        C = g.weightColumnCount
        K = g.nestKeys.count
        guard C >= 1 else {
            throw GridError.noWeights("no weight column given: name one or more numeric fields (weight, e.g. population)")
        }
        guard tolerance >= 0, tolerance.isFinite else { throw GridError.invalidInput("tolerance \(tolerance) must be ≥ 0") }
        w = [Double](repeating: 0, count: n * C)
        for c in 0..<C {
            var bad: [Int] = []
            for u in 0..<n {
                let x = g.weights[c][u]
                if x.isFinite && x >= 0 { w[u * C + c] = x } else { bad.append(u) }
            }
            if !bad.isEmpty {
                issues.append(
                    GridIssue(
                        .missingWeights,
                        "\(bad.count) unit(s) have no usable value in weight field '\(g.weightNames[c])' (missing, negative or not a number), counted as 0: \(PartitionSetup.names(g, bad)); fill the field to weigh them",
                        units: bad))
            }
        }
    }

    /// Communities: members and weight totals; all-zero communities are balanced by unit count.
    mutating func groupCommunities() {
        byCommunity = [[Int32]](repeating: [], count: K)
        for u in 0..<n { byCommunity[Int(g.nest[u])].append(Int32(u)) }
        totals = [Double](repeating: 0, count: K * C)
        for u in 0..<n { for c in 0..<C { totals[Int(g.nest[u]) * C + c] += w[u * C + c] } }
        for k in 0..<K where !byCommunity[k].isEmpty {
            if (0..<C).allSatisfy({ totals[k * C + $0] <= 0 }) {
                issues.append(
                    GridIssue(
                        .missingWeights, community: g.nestKeys[k],
                        "all weights are 0 here; grids are balanced by unit count instead"))
                for u in byCommunity[k] { w[Int(u) * C] = 1 }
                totals[k * C] = Double(byCommunity[k].count)
            }
        }
        nonEmpty = (0..<K).filter { !byCommunity[$0].isEmpty }
    }

    /// `total` grids over `comms` by weight (largest remainder, at least 1 each).
    private func distribute(_ total: Int, over comms: [Int]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        guard !comms.isEmpty else { return out }
        let wsum = comms.reduce(0.0) { $0 + totals[$1 * C] }
        if total <= comms.count { for c in comms { out[c] = 1 }; return out }
        var rem: [(Int, Double)] = []
        var used = 0
        for c in comms {
            let share = wsum > 0 ? Double(total) * totals[c * C] / wsum : Double(total) / Double(comms.count)
            let base = max(1, Int(share.rounded(.down)))
            out[c] = base; used += base; rem.append((c, share - Double(base)))
        }
        rem.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var i = 0
        while used < total { out[rem[i % rem.count].0, default: 0] += 1; used += 1; i += 1 }
        while used > total, let j = rem.last(where: { out[$0.0, default: 0] > 1 }) { out[j.0, default: 0] -= 1; used -= 1 }
        return out
    }

    /// Grid count per community: fixed, a total by weight, a table, or derived from a target band.
    mutating func chooseGridCounts(_ count: GridCount, fixedGridCounts: [Int]?) throws {
        kOf = [Int](repeating: 0, count: K)
        feasible = [(Int, Int)?](repeating: nil, count: K)
        if let fixedGridCounts {
            for k in nonEmpty { kOf[k] = fixedGridCounts[k] }
            return
        }
        switch count {
        case .total(let total):
            guard total >= 1 else { throw GridError.invalidInput("the number of grids must be at least 1 (got \(total))") }
            if total < nonEmpty.count {
                issues.append(
                    GridIssue(
                        .other,
                        "\(total) grid(s) asked for \(nonEmpty.count) communities: each community gets 1 grid, since grids never cross community boundaries"
                    ))
            }
            for (c, v) in distribute(total, over: nonEmpty) { kOf[c] = v }
        case .perCommunity(let table):
            var missing: [Int] = []
            for k in nonEmpty {
                if let v = table[g.nestKeys[k]] {
                    guard v >= 1 else { throw GridError.invalidInput("grid count for community '\(g.nestKeys[k])' must be at least 1 (got \(v))") }
                    kOf[k] = v
                } else {
                    missing.append(k)
                }
            }
            if !missing.isEmpty {
                let given = nonEmpty.filter { !missing.contains($0) }
                let per = given.isEmpty ? 0 : given.reduce(0.0) { $0 + totals[$1 * C] } / Double(given.reduce(0) { $0 + kOf[$1] })
                for k in missing { kOf[k] = per > 0 ? max(1, Int(min(1e7, (totals[k * C] / per).rounded()))) : 1 }
                issues.append(
                    GridIssue(
                        .other,
                        "no grid count given for \(missing.count) community(ies) (\(missing.prefix(8).map { g.nestKeys[$0] }.joined(separator: ", "))): derived from the average grid weight of the others; add them to the table"
                    ))
            }
        case .target(let tmin, let tmax):
            guard tmin > 0, tmax >= tmin else {
                throw GridError.invalidInput("the target band MIN:MAX needs 0 < MIN ≤ MAX (got \(tmin):\(tmax))")
            }
            for k in nonEmpty {
                let W = totals[k * C]
                // Counts become Ints: a band far below the weights would overflow.
                guard (W / tmin).isFinite, W / tmin < 1e7 else {
                    throw GridError.invalidInput("the target band \(tmin):\(tmax) asks for more than 10 million grids in one community")
                }
                let kmin = max(1, Int((W / tmax).rounded(.up))), kmax = Int((W / tmin).rounded(.down))
                feasible[k] = (kmin, kmax)
                if kmin <= kmax {
                    kOf[k] = min(max(Int((W / ((tmin + tmax) / 2)).rounded()), kmin), kmax)
                } else {
                    // No K puts W/K in the band: take the count whose mean is closest to it.
                    let a = max(1, kmax), b = kmin
                    let va = abs(W / Double(a) - (tmin + tmax) / 2), vb = abs(W / Double(b) - (tmin + tmax) / 2)
                    kOf[k] = va <= vb ? a : b
                    issues.append(
                        GridIssue(
                            .infeasibleBand, community: g.nestKeys[k],
                            "no grid count meets the target \(fmt(tmin)):\(fmt(tmax)) for total weight \(fmt(W)) (\(kmax) grid(s) → \(fmt(W / Double(max(kmax, 1)))) each, \(kmin) → \(fmt(W / Double(kmin))) each); using \(kOf[k]) grids of about \(fmt(W / Double(kOf[k])))"
                        ))
                }
            }
        }
    }

    /// Band per community: ±tolerance around the ideal (a feasible target band
    /// replaces it for the first column); at most one grid per unit.
    mutating func setBands(_ count: GridCount, tolerance: Double, fixedGridCounts: [Int]?) {
        lo = [Double](repeating: 0, count: K * C); hi = lo; ideal = lo
        for k in nonEmpty {
            let nk = byCommunity[k].count
            if kOf[k] > nk {
                issues.append(
                    GridIssue(
                        .fewerUnitsThanGrids, community: g.nestKeys[k],
                        "\(nk) unit(s) cannot make \(kOf[k]) grids: making \(nk) (one unit each); ask for fewer grids here"))
                kOf[k] = nk
            }
            for c in 0..<C {
                let I = totals[k * C + c] / Double(kOf[k])
                ideal[k * C + c] = I
                lo[k * C + c] = I * (1 - tolerance); hi[k * C + c] = I * (1 + tolerance)
            }
            if case .target(let tmin, let tmax) = count, fixedGridCounts == nil, let f = feasible[k], f.0 <= f.1 {
                lo[k * C] = tmin; hi[k * C] = tmax
            }
        }
    }

    /// Heaviest unit bound: a unit above the band forces a least deviation.
    mutating func boundHeaviestUnits() {
        lowerBound = [Double](repeating: 0, count: K)
        for k in nonEmpty {
            for c in 0..<C where ideal[k * C + c] > 0 {
                var heaviest = -1, wmax = 0.0
                for u in byCommunity[k] where w[Int(u) * C + c] > wmax { wmax = w[Int(u) * C + c]; heaviest = Int(u) }
                if heaviest >= 0, wmax > hi[k * C + c] {
                    let lb = wmax / ideal[k * C + c] - 1
                    lowerBound[k] = max(lowerBound[k], lb)
                    issues.append(
                        GridIssue(
                            .infeasibleBand, community: g.nestKeys[k],
                            "unit \(g.unitName(heaviest)) alone weighs \(fmt(wmax)) in '\(g.weightNames[c])', above the band maximum \(fmt(hi[k * C + c])): max |d| is at least \(fmt(lb * 100))%; split that unit or widen the tolerance",
                            units: [heaviest]))
                }
            }
        }
    }

    /// Isolated units: touching no other unit of their community (reported; bridged in `buildRegions`).
    mutating func reportIsolatedUnits() {
        var isolated: [Int] = []
        for u in 0..<n where !g.neighbourRange(of: u).contains(where: { g.contactOnly[$0] == 0 && g.nest[Int(g.neighbours[$0])] == g.nest[u] }) {
            if kOf[Int(g.nest[u])] > 0 && byCommunity[Int(g.nest[u])].count > 1 { isolated.append(u) }
        }
        if !isolated.isEmpty {
            issues.append(
                GridIssue(
                    .isolatedUnits,
                    "\(isolated.count) unit(s) touch no other unit of their community: \(PartitionSetup.names(g, isolated)); each is joined to the grid of its nearest unit (check for gaps or a wrong adjacency tolerance)",
                    units: isolated))
        }
    }

    /// Whether slot s of u is an adjacency that counts for contiguity before any relaxation.
    @inline(__always) private func isActive(_ u: Int, _ s: Int) -> Bool {
        let v = Int(g.neighbours[s])
        return g.crossesBarrier[s] == 0 && g.contactOnly[s] == 0 && g.nest[v] == g.nest[u]
    }

    /// Components of the barrier-free graph, then barrier relaxation and bridges:
    /// while some component of a community cannot carry a whole number of
    /// balanced grids, the lightest misfit joins a neighbouring component across
    /// its longest barrier edge, or across a bridge to the nearest unit by
    /// centroid when no adjacency at all leads out. Each component becomes a region.
    mutating func buildRegions() {
        var uf = [Int32](0..<Int32(n))
        func find(_ x: Int32) -> Int32 {
            var x = x
            while uf[Int(x)] != x { uf[Int(x)] = uf[Int(uf[Int(x)])]; x = uf[Int(x)] }
            return x
        }
        for u in 0..<n {
            for s in g.neighbourRange(of: u) {
                let v = Int(g.neighbours[s])
                if v > u, isActive(u, s) { uf[Int(find(Int32(u)))] = find(Int32(v)) }
            }
        }
        for k in nonEmpty {
            let members = byCommunity[k]
            let key = g.nestKeys[k]
            while true {
                // Group members by component.
                var compIndex: [Int32: Int] = [:]
                var comps: [[Int32]] = []
                for u in members {
                    let r = find(u)
                    if let i = compIndex[r] { comps[i].append(u) } else { compIndex[r] = comps.count; comps.append([u]) }
                }
                if comps.count == 1 {
                    regions.append(PartitionRegion(community: Int32(k), members: members, k: kOf[k])); break
                }
                var cw = [[Double]](repeating: [Double](repeating: 0, count: C), count: comps.count)
                for (i, comp) in comps.enumerated() { for u in comp { for c in 0..<C { cw[i][c] += w[Int(u) * C + c] } } }
                if let alloc = allocate(k, comps: comps, weights: cw) {
                    for (i, comp) in comps.enumerated() {
                        regions.append(PartitionRegion(community: Int32(k), members: comp, k: alloc[i]))
                    }
                    break
                }
                // Merge the lightest component that does not fit (or the lightest of all).
                let ranges = comps.indices.map { gridRange(k, comps: comps, weights: cw, $0) }
                let misfit = comps.indices.filter { ranges[$0].0 > ranges[$0].1 }
                let candidates = misfit.isEmpty ? Array(comps.indices) : misfit
                guard let j = candidates.min(by: { cw[$0][0] != cw[$1][0] ? cw[$0][0] < cw[$1][0] : $0 < $1 }) else { break }
                let rj = find(comps[j][0])
                var bestSlot = -1, bestFrom = -1, bestLen = -1.0
                for u in comps[j] {
                    for s in g.neighbourRange(of: Int(u)) {
                        let v = Int(g.neighbours[s])
                        if g.nest[v] == Int32(k), g.contactOnly[s] == 0, find(Int32(v)) != rj, g.sharedLength[s] > bestLen {
                            bestLen = g.sharedLength[s]; bestSlot = s; bestFrom = Int(u)
                        }
                    }
                }
                if bestSlot >= 0 {
                    let v = Int(g.neighbours[bestSlot])
                    let a = g.centroid[bestFrom], b = g.centroid[v]
                    relaxed.append(
                        RelaxedBarrier(
                            unitA: min(bestFrom, v), unitB: max(bestFrom, v),
                            x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, community: key))
                    uf[Int(rj)] = find(Int32(v))
                } else {
                    // No adjacency at all: bridge to the nearest unit of the community by centroid.
                    var bu = -1, bv = -1, bd = Double.infinity
                    for u in comps[j] {
                        let p = g.centroid[Int(u)]
                        for v in members where find(v) != rj {
                            let d = p.distance(to: g.centroid[Int(v)])
                            if d < bd { bd = d; bu = Int(u); bv = Int(v) }
                        }
                    }
                    bridges.append(UnitEdge(bu, bv, length: 0))
                    uf[Int(rj)] = find(Int32(bv))
                }
            }
        }
    }

    /// Grids component i of community k can carry inside the band: (least, most).
    private func gridRange(_ k: Int, comps: [[Int32]], weights cw: [[Double]], _ i: Int) -> (Int, Int) {
        var a = 1, b = Int.max
        for c in 0..<C where ideal[k * C + c] > 0 {
            a = max(a, Int((cw[i][c] / hi[k * C + c]).rounded(.up)))
            b = min(b, lo[k * C + c] > 0 ? Int((cw[i][c] / lo[k * C + c] + 1e-9).rounded(.down)) : Int.max)
        }
        return (a, min(b, comps[i].count))
    }

    /// Grids per component adding up to the community's count, each inside its
    /// range and near its weight share; nil when no such split exists.
    private func allocate(_ k: Int, comps: [[Int32]], weights cw: [[Double]]) -> [Int]? {
        let ranges = comps.indices.map { gridRange(k, comps: comps, weights: cw, $0) }
        guard ranges.allSatisfy({ $0.0 <= $0.1 }) else { return nil }
        let smin = ranges.reduce(0) { $0 + $1.0 }, smax = ranges.reduce(0) { $0 + min($1.1, kOf[k]) }
        guard smin <= kOf[k] && kOf[k] <= smax else { return nil }
        let I = ideal[k * C]
        var a = comps.indices.map { min(max(Int((cw[$0][0] / max(I, 1e-300)).rounded()), ranges[$0].0), ranges[$0].1) }
        var s = a.reduce(0, +)
        while s > kOf[k] {
            guard
                let j = comps.indices.filter({ a[$0] > ranges[$0].0 })
                    .max(by: { Double(a[$0]) - cw[$0][0] / I < Double(a[$1]) - cw[$1][0] / I })
            else { return nil }
            a[j] -= 1; s -= 1
        }
        while s < kOf[k] {
            guard
                let j = comps.indices.filter({ a[$0] < ranges[$0].1 })
                    .max(by: { cw[$0][0] / I - Double(a[$0]) < cw[$1][0] / I - Double(a[$1]) })
            else { return nil }
            a[j] += 1; s += 1
        }
        return a
    }

    /// One issue per community whose barriers were relaxed, with where.
    mutating func reportRelaxedBarriers() {
        guard !relaxed.isEmpty else { return }
        let byComm = Dictionary(grouping: relaxed, by: \.community)
        for (comm, rs) in byComm.sorted(by: { $0.key < $1.key }) {
            let locs = rs.prefix(5).map { "units \(g.unitName($0.unitA))–\(g.unitName($0.unitB)) at (\(fmt($0.location.x)), \(fmt($0.location.y)))" }
            issues.append(
                GridIssue(
                    .barrierRelaxed, community: comm,
                    "barrier relaxed \(rs.count) time(s) where a part would be cut off entirely: \(locs.joined(separator: "; "))",
                    units: rs.flatMap { [$0.unitA, $0.unitB] }))
        }
    }

    /// Active adjacency CSR (barrier-free in-community adjacencies, relaxed
    /// barriers, bridges) and the community plans.
    func finish() -> PartitionSetup {
        var act: [UnitEdge] = []
        for u in 0..<n {
            for s in g.neighbourRange(of: u) {
                let v = Int(g.neighbours[s])
                if v > u, isActive(u, s) { act.append(UnitEdge(u, v, length: 0)) }
            }
        }
        act += relaxed.map { UnitEdge($0.unitA, $0.unitB, length: 0) }
        act += bridges
        var deg = [Int](repeating: 0, count: n + 1)
        for e in act { deg[e.a + 1] += 1; deg[e.b + 1] += 1 }
        for i in 0..<n { deg[i + 1] += deg[i] }
        var fill = deg
        var nb = [Int32](repeating: 0, count: act.count * 2)
        for e in act {
            nb[fill[e.a]] = Int32(e.b); fill[e.a] += 1
            nb[fill[e.b]] = Int32(e.a); fill[e.b] += 1
        }
        var communities: [CommunityPlan] = []
        for k in 0..<K {
            communities.append(
                CommunityPlan(
                    key: g.nestKeys[k], unitCount: byCommunity[k].count, grids: kOf[k],
                    totalWeight: (0..<C).map { totals[k * C + $0] }, idealWeight: (0..<C).map { ideal[k * C + $0] },
                    bandMin: lo[k * C], bandMax: hi[k * C],
                    feasibleGridsMin: feasible[k]?.0, feasibleGridsMax: feasible[k]?.1,
                    deviationLowerBound: lowerBound[k]))
        }
        return PartitionSetup(
            columns: C, unitWeights: w, communities: communities, communityLo: lo, communityHi: hi,
            communityIdeal: ideal, regions: regions, activeOffsets: deg, activeNeighbours: nb,
            relaxed: relaxed, bridges: bridges, issues: issues)
    }
}

func fmt(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.4g", x)
}
