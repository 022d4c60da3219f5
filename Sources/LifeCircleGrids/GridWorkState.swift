import LifeCircleGeometry

/// Mutable working state shared by the partitioner, the boundary refiner and
/// the rebalancer: assignment plus running per-grid sums, so a unit move costs
/// O(degree) and never a recount.
final class GridWorkState {
    let graph: UnitGraph
    /// Weight columns balanced.
    let columns: Int
    /// Unit weights, flattened `u * columns + c` (missing values as 0).
    let w: [Double]
    /// Active adjacency (contiguity): non-barrier edges, relaxed barrier edges
    /// and bridges added for islands.
    let aOff: [Int]
    let aNb: [Int32]
    /// Cost of cutting each real adjacency slot: shared length, 0 across barriers.
    let cutCost: [Double]

    var assign: [Int32]
    var gridCount: Int
    var gridW: [Double]
    var gridSize: [Int]
    var gridPerim: [Double]
    var gridArea: [Double]
    /// Area-weighted centroid sums, for the inertia tie-break.
    var gridSx: [Double]
    var gridSy: [Double]
    var gridRegion: [Int32]
    /// Balance band per region and column, flattened `r * columns + c`.
    var regionLo: [Double]
    var regionHi: [Double]
    var regionIdeal: [Double]

    /// Typical unit mass × spacing², so inertia ties ignore rounding noise.
    lazy var inertiaScale: Double = {
        let n = graph.unitCount
        guard n > 0 else { return 1 }
        var e = Envelope.empty
        for p in graph.centroid { e.expand(toInclude: p) }
        let spacing2 = e.width * e.height / Double(n)
        let mass = (0..<n).reduce(0.0) { $0 + unitMass($1) } / Double(n)
        return max(mass * spacing2, 1e-300)
    }()

    private var stamp: [UInt32]
    private var targetStamp: [UInt32]
    private var stampValue: UInt32 = 0
    private var queue: [Int32]

    init(
        graph: UnitGraph, columns: Int, unitWeights: [Double], activeOffsets: [Int], activeNeighbours: [Int32],
        assignment: [Int32], gridCount: Int, gridRegion: [Int32],
        regionLo: [Double], regionHi: [Double], regionIdeal: [Double], countEdges: Bool = false
    ) {
        self.graph = graph
        self.columns = columns
        self.w = unitWeights
        self.aOff = activeOffsets
        self.aNb = activeNeighbours
        // `countEdges`: every cut adjacency costs 1, so the moves minimise what a search
        // ranked by cut edges keeps (barrier crossings stay free either way).
        let anyLength = !countEdges && graph.sharedLength.contains { $0 > 0 }
        self.cutCost = (0..<graph.edgeSlotCount).map { s in
            graph.crossesBarrier[s] != 0 ? 0 : (anyLength ? graph.sharedLength[s] : 1)
        }
        self.assign = assignment
        self.gridCount = gridCount
        self.gridRegion = gridRegion
        self.regionLo = regionLo
        self.regionHi = regionHi
        self.regionIdeal = regionIdeal
        self.gridW = []
        self.gridSize = []
        self.gridPerim = []
        self.gridArea = []
        self.gridSx = []
        self.gridSy = []
        self.stamp = [UInt32](repeating: 0, count: graph.unitCount)
        self.targetStamp = [UInt32](repeating: 0, count: graph.unitCount)
        self.queue = [Int32](repeating: 0, count: max(1, graph.unitCount))
        recomputeSums()
    }

    func recomputeSums() {
        let C = columns
        gridW = [Double](repeating: 0, count: gridCount * C)
        gridSize = [Int](repeating: 0, count: gridCount)
        gridPerim = [Double](repeating: 0, count: gridCount)
        gridArea = [Double](repeating: 0, count: gridCount)
        gridSx = [Double](repeating: 0, count: gridCount)
        gridSy = [Double](repeating: 0, count: gridCount)
        for u in 0..<graph.unitCount {
            let a = Int(assign[u])
            guard a >= 0 else { continue }
            for c in 0..<C { gridW[a * C + c] += w[u * C + c] }
            gridSize[a] += 1
            gridArea[a] += graph.area[u]
            gridSx[a] += graph.centroid[u].x * unitMass(u); gridSy[a] += graph.centroid[u].y * unitMass(u)
            var p = graph.perimeter[u]
            for s in graph.neighbourRange(of: u) where assign[Int(graph.neighbours[s])] == a {
                p -= graph.sharedLength[s]
            }
            gridPerim[a] += p
        }
    }

    @inline(__always) func unitMass(_ u: Int) -> Double { graph.area[u] > 0 ? graph.area[u] : 1 }

    /// Mass of a grid for its centroid (area, or unit count without areas).
    @inline(__always) func gridMass(_ g: Int) -> Double {
        gridArea[g] > 0 ? gridArea[g] : Double(gridSize[g])
    }

    /// Decrease of Σ mass·distance² to own grid centroid if u moved from a to b
    /// (positive = more compact), Hartigan's exact form with the centroids updated.
    @inline(__always)
    func inertiaGain(_ u: Int, from a: Int, to b: Int) -> Double {
        let p = graph.centroid[u], mu = unitMass(u)
        let ma = gridMass(a), mb = gridMass(b)
        guard ma > mu, mb > 0 else { return 0 }
        let ax = gridSx[a] / ma, ay = gridSy[a] / ma, bx = gridSx[b] / mb, by = gridSy[b] / mb
        let da = (p.x - ax) * (p.x - ax) + (p.y - ay) * (p.y - ay)
        let db = (p.x - bx) * (p.x - bx) + (p.y - by) * (p.y - by)
        return mu * ma / (ma - mu) * da - mu * mb / (mb + mu) * db
    }

    // MARK: balance

    /// Sum over columns of the distance outside the band, in units of the ideal.
    @inline(__always)
    func excess(grid g: Int, unit u: Int, sign: Double) -> Double {
        let C = columns, r = Int(gridRegion[g])
        var e = 0.0
        for c in 0..<C {
            let ideal = regionIdeal[r * C + c]
            guard ideal > 0 else { continue }
            let v = gridW[g * C + c] + (u >= 0 ? sign * w[u * C + c] : 0)
            let hi = regionHi[r * C + c], lo = regionLo[r * C + c]
            if v > hi { e += (v - hi) / ideal } else if v < lo { e += (lo - v) / ideal }
        }
        return e
    }

    func excess(grid g: Int) -> Double { excess(grid: g, unit: -1, sign: 0) }

    /// Largest relative deviation from the ideal over columns.
    func maxDeviation(grid g: Int) -> Double {
        let C = columns, r = Int(gridRegion[g])
        var m = 0.0
        for c in 0..<C {
            let ideal = regionIdeal[r * C + c]
            guard ideal > 0 else { continue }
            m = max(m, abs(gridW[g * C + c] - ideal) / ideal)
        }
        return m
    }

    // MARK: contiguity

    /// Whether grid `assign[u]` stays connected (in the active graph) without `u`:
    /// a BFS from one of u's neighbours in the grid must reach all the others.
    func canRemove(_ u: Int) -> Bool {
        let a = assign[u]
        guard gridSize[Int(a)] > 1 else { return false }
        var first: Int32 = -1
        var need = 0
        for s in aOff[u]..<aOff[u + 1] where assign[Int(aNb[s])] == a {
            if first < 0 { first = aNb[s] }
            need += 1
        }
        if need <= 1 { return need == 1 || gridSize[Int(a)] > 1 }
        nextStamp()
        let mark = stampValue
        stamp[u] = mark
        // u's grid neighbours are the targets (marked in a second stamp array).
        var remaining = -1
        for s in aOff[u]..<aOff[u + 1] where assign[Int(aNb[s])] == a && targetStamp[Int(aNb[s])] != mark {
            targetStamp[Int(aNb[s])] = mark; remaining += 1
        }
        stamp[Int(first)] = mark
        var head = 0, tail = 0
        queue[tail] = first; tail += 1
        while head < tail {
            let v = Int(queue[head]); head += 1
            for s in aOff[v]..<aOff[v + 1] {
                let x = aNb[s]
                if assign[Int(x)] != a || stamp[Int(x)] == mark { continue }
                stamp[Int(x)] = mark
                if targetStamp[Int(x)] == mark {
                    remaining -= 1
                    if remaining == 0 { return true }
                }
                queue[tail] = x; tail += 1
            }
        }
        return remaining == 0
    }

    private func nextStamp() {
        if stampValue == UInt32.max {
            for i in stamp.indices { stamp[i] = 0; targetStamp[i] = 0 }
            stampValue = 0
        }
        stampValue += 1
    }

    /// Number of connected pieces of grid `g` in the active graph, given its members.
    func pieces(of members: [Int32], grid g: Int32) -> Int {
        nextStamp()
        let mark = stampValue
        var count = 0
        for start in members where stamp[Int(start)] != mark {
            count += 1
            stamp[Int(start)] = mark
            var head = 0, tail = 0
            queue[tail] = start; tail += 1
            while head < tail {
                let v = Int(queue[head]); head += 1
                for s in aOff[v]..<aOff[v + 1] {
                    let x = aNb[s]
                    if assign[Int(x)] != g || stamp[Int(x)] == mark { continue }
                    stamp[Int(x)] = mark
                    queue[tail] = x; tail += 1
                }
            }
        }
        return count
    }

    // MARK: moves

    /// Cut cost of u's real adjacencies into grid `g`, and shared length into `g`.
    @inline(__always)
    func contact(_ u: Int, _ g: Int32) -> (cost: Double, shared: Double) {
        var cost = 0.0, shared = 0.0
        for s in graph.neighbourRange(of: u) where assign[Int(graph.neighbours[s])] == g {
            cost += cutCost[s]; shared += graph.sharedLength[s]
        }
        return (cost, shared)
    }

    func move(_ u: Int, to b: Int32) {
        let a = assign[u]
        guard a != b else { return }
        let C = columns
        let sa = contact(u, a).shared, sb = contact(u, b).shared
        for c in 0..<C {
            gridW[Int(a) * C + c] -= w[u * C + c]
            gridW[Int(b) * C + c] += w[u * C + c]
        }
        gridSize[Int(a)] -= 1; gridSize[Int(b)] += 1
        gridArea[Int(a)] -= graph.area[u]; gridArea[Int(b)] += graph.area[u]
        let mu = unitMass(u), px = graph.centroid[u].x * mu, py = graph.centroid[u].y * mu
        gridSx[Int(a)] -= px; gridSy[Int(a)] -= py; gridSx[Int(b)] += px; gridSy[Int(b)] += py
        gridPerim[Int(a)] -= graph.perimeter[u] - 2 * sa
        gridPerim[Int(b)] += graph.perimeter[u] - 2 * sb
        assign[u] = b
    }

    /// Distinct grids (same region, other than u's) reachable from u by an active edge.
    @inline(__always)
    func candidateGrids(_ u: Int, into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        let a = assign[u], r = gridRegion[Int(a)]
        for s in aOff[u]..<aOff[u + 1] {
            let b = assign[Int(aNb[s])]
            if b != a, b >= 0, gridRegion[Int(b)] == r, !out.contains(b) { out.append(b) }
        }
    }

    /// Hill-climbing boundary moves: first anything that reduces the balance
    /// excess, then anything that shortens the cut without adding excess.
    /// Contiguity is kept by construction. Returns the number of moves.
    @discardableResult
    func refineBoundary(
        maxPasses: Int, deadline: ContinuousClock.Instant, frozen: [Bool]? = nil,
        inertiaOnly: Bool = false
    ) -> (moves: Int, passes: Int) {
        var moves = 0, passes = 0
        var cands: [Int32] = []
        let n = graph.unitCount
        var active = [Bool](repeating: true, count: n)
        while passes < maxPasses, ContinuousClock.now < deadline {
            passes += 1
            var movedThisPass = 0
            var nextActive = [Bool](repeating: false, count: n)
            for u in 0..<n where active[u] {
                let a = assign[u]
                if a < 0 { continue }
                if let frozen, frozen[Int(a)] { continue }
                candidateGrids(u, into: &cands)
                if cands.isEmpty { continue }
                let ca = contact(u, a).cost
                let exA0 = excess(grid: Int(a)), exA1 = excess(grid: Int(a), unit: u, sign: -1)
                var best: Int32 = -1
                var bestDex = 0.0, bestGain = 0.0, bestInertia = 0.0
                let eps = 1e-9 * max(ca, 1)
                for b in cands {
                    if let frozen, frozen[Int(b)] { continue }
                    let dex = exA1 + excess(grid: Int(b), unit: u, sign: 1) - exA0 - excess(grid: Int(b))
                    if dex > 1e-12 { continue }
                    let gain = inertiaOnly ? 0 : contact(u, b).cost - ca
                    if dex >= -1e-12 && gain < -eps { continue }
                    // Ties on the cut are broken by compactness of mass (k-means inertia),
                    // which lets the search cross plateaus and still terminates.
                    let inertia = gain <= eps ? inertiaGain(u, from: Int(a), to: Int(b)) : 0
                    if dex >= -1e-12 && gain <= eps && inertia <= 1e-9 * inertiaScale { continue }
                    let better: Bool
                    if dex < -1e-12 || bestDex < -1e-12 {
                        better = dex < bestDex - 1e-12 || (abs(dex - bestDex) <= 1e-12 && gain > bestGain)
                    } else if best < 0 {
                        better = true
                    } else if abs(gain - bestGain) > eps {
                        better = gain > bestGain
                    } else {
                        better = inertia > bestInertia
                    }
                    if better { best = b; bestDex = dex; bestGain = gain; bestInertia = inertia }
                }
                guard best >= 0 else { continue }
                guard canRemove(u) else { continue }
                move(u, to: best)
                moves += 1; movedThisPass += 1
                nextActive[u] = true
                for s in graph.neighbourRange(of: u) { nextActive[Int(graph.neighbours[s])] = true }
                for s in aOff[u]..<aOff[u + 1] { nextActive[Int(aNb[s])] = true }
            }
            if movedThisPass == 0 { break }
            active = nextActive
        }
        return (moves, passes)
    }
}

/// Boundary moves (balance excess first, then shorter cut, ties by mass
/// inertia) as a pipeline step; `inertiaOnly` runs the compactness-only passes.
struct BoundaryRefinement: PlanRefiner {
    var maxPasses: Int
    var inertiaOnly = false

    func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        let r = state.refineBoundary(maxPasses: maxPasses, deadline: context.deadline, inertiaOnly: inertiaOnly)
        return RefineStats(passes: r.passes, moves: r.moves, hitLimit: r.passes >= maxPasses)
    }
}
