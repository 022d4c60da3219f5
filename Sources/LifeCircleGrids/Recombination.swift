import Foundation
import LifeCircleGeometry

/// ReCom-style merge–split used as an improving move: two adjacent grids are
/// merged and re-split along a spanning-tree edge (straight geometric trees
/// across the line joining their centroids); the new pair is kept only when
/// both halves are in band and the cut between them is shorter. The merged
/// pair's outer boundary does not change, so comparing the cut between the
/// two halves compares the whole plan's cut.
extension GridWorkState {
    func recombinationSweeps(
        _ sweeps: Int, angles: Int = 3, deadline: ContinuousClock.Instant, rng: inout SplitMix64,
        bisector: inout TreeBisector
    ) -> (accepted: Int, tried: Int, hitLimit: Bool) {
        var accepted = 0, tried = 0
        let C = columns
        var inSide = [Bool](repeating: false, count: graph.unitCount)
        for _ in 0..<sweeps {
            var lists = memberLists()
            // Adjacent pairs (same region), in a fixed order.
            var pairSet = Set<Int64>()
            for u in 0..<graph.unitCount {
                let a = assign[u]
                guard a >= 0 else { continue }
                for s in aOff[u]..<aOff[u + 1] {
                    let b = assign[Int(aNb[s])]
                    if b > a, gridRegion[Int(b)] == gridRegion[Int(a)] { pairSet.insert(Int64(a) << 32 | Int64(b)) }
                }
            }
            var pairs = pairSet.sorted()
            for i in stride(from: pairs.count - 1, to: 0, by: -1) { pairs.swapAt(i, rng.nextInt(i + 1)) }
            var acceptedThisSweep = 0
            for key in pairs {
                if ContinuousClock.now >= deadline { return (accepted, tried, true) }
                let A = Int32(key >> 32), B = Int32(key & 0xFFFF_FFFF)
                guard !lists[Int(A)].isEmpty, !lists[Int(B)].isEmpty else { continue }
                tried += 1
                let r = Int(gridRegion[Int(A)])
                let union = lists[Int(A)] + lists[Int(B)]
                var curCut = 0.0
                for u in lists[Int(A)] {
                    for s in graph.neighbourRange(of: Int(u)) where assign[Int(graph.neighbours[s])] == B { curCut += cutCost[s] }
                }
                let ideal = (0..<C).map { regionIdeal[r * C + $0] }
                let target = SplitTarget(
                    kA: 1, kB: 1, ideal: ideal,
                    lo: (0..<C).map { regionLo[r * C + $0] }, hi: (0..<C).map { regionHi[r * C + $0] })
                let exBefore = excess(grid: Int(A)) + excess(grid: Int(B))
                let ca = centroid(of: lists[Int(A)]), cb = centroid(of: lists[Int(B)])
                let theta = atan2(cb.y - ca.y, cb.x - ca.x)
                var bestSplit: TreeBisector.Split? = nil, bestCut = curCut - 1e-9 * max(curCut, 1)
                var angleList: [Double] = []
                for i in 0..<angles {
                    let step = Double((i + 1) / 2) * 0.35
                    angleList.append(i % 2 == 0 ? theta - step : theta + step)
                }
                for angle in angleList {
                    guard
                        let sp = bisector.split(
                            union, target: target, rng: &rng, geometricAttempts: 1,
                            randomAttempts: 0, angle: angle), sp.score <= 1
                    else { continue }
                    for u in sp.sideA { inSide[Int(u)] = true }
                    var cut = 0.0
                    for u in sp.sideA {
                        for s in graph.neighbourRange(of: Int(u)) {
                            let v = Int(graph.neighbours[s])
                            if !inSide[v] && (assign[v] == A || assign[v] == B) { cut += cutCost[s] }
                        }
                    }
                    for u in sp.sideA { inSide[Int(u)] = false }
                    if cut < bestCut || (exBefore > 1e-12 && bestSplit == nil) { bestCut = cut; bestSplit = sp }
                }
                guard let sp = bestSplit else { continue }
                // Keep codes stable-ish: the side nearer A's old centroid stays A.
                let sa = centroid(of: sp.sideA)
                let aFirst =
                    sa.distance(to: ca) + centroid(of: sp.sideB).distance(to: cb)
                    <= sa.distance(to: cb) + centroid(of: sp.sideB).distance(to: ca)
                let (toA, toB) = aFirst ? (sp.sideA, sp.sideB) : (sp.sideB, sp.sideA)
                for u in toA where assign[Int(u)] != A { move(Int(u), to: A) }
                for u in toB where assign[Int(u)] != B { move(Int(u), to: B) }
                lists[Int(A)] = toA; lists[Int(B)] = toB
                accepted += 1; acceptedThisSweep += 1
            }
            if acceptedThisSweep == 0 { break }
        }
        return (accepted, tried, false)
    }

    func centroid(of members: [Int32]) -> Coordinate {
        var x = 0.0, y = 0.0, a = 0.0
        for u in members {
            let wt = graph.area[Int(u)] > 0 ? graph.area[Int(u)] : 1
            x += graph.centroid[Int(u)].x * wt; y += graph.centroid[Int(u)].y * wt; a += wt
        }
        return a > 0 ? Coordinate(x / a, y / a) : Coordinate(0, 0)
    }
}

/// `recombinationSweeps` as a pipeline step, drawing on the run's random stream and bisector.
struct Recombination: PlanRefiner {
    var sweeps: Int

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        let r = state.recombinationSweeps(sweeps, deadline: context.deadline, rng: &context.rng, bisector: &context.bisector)
        return RefineStats(passes: 0, moves: r.accepted, hitLimit: r.hitLimit)
    }
}
