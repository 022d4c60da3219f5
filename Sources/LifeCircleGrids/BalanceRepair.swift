import Foundation

/// Balance repair by pushing weight along a path of adjacent grids: the
/// out-of-band grid hands boundary units to a neighbour, which hands as much
/// on, until a grid with room takes it. Each unit move keeps both grids
/// contiguous; a step that does not lower the plan's excess is undone.
extension GridWorkState {
    func memberLists() -> [[Int32]] {
        var lists = [[Int32]](repeating: [], count: gridCount)
        for u in 0..<graph.unitCount where assign[u] >= 0 { lists[Int(assign[u])].append(Int32(u)) }
        return lists
    }

    struct RepairResult {
        var moves: [(unit: Int, from: Int32, to: Int32)] = []
        var unresolved: [Int] = []
        var steps = 0
        var hitLimit = false
    }

    /// - Parameters:
    ///   - fewestUnits: pick the heaviest unit that fits the remaining amount
    ///     (rebalancing: move few units); otherwise the one that shortens the cut most.
    ///   - marginFraction: how far inside the band to aim (0 = just inside).
    func repairBalance(
        maxSteps: Int, deadline: ContinuousClock.Instant, fewestUnits: Bool,
        marginFraction: Double, frozen: [Bool]? = nil
    ) -> RepairResult {
        var result = RepairResult()
        var lists = memberLists()
        var hopeless = [Bool](repeating: false, count: gridCount)
        let C = columns
        while result.steps < maxSteps {
            if ContinuousClock.now >= deadline { result.hitLimit = true; break }
            var A = -1, worst = 1e-12
            for g in 0..<gridCount where !hopeless[g] && gridSize[g] > 0 {
                let e = excess(grid: g)
                if e > worst { worst = e; A = g }
            }
            guard A >= 0 else { break }
            result.steps += 1
            let r = Int(gridRegion[A])
            // The column furthest out of band decides the direction.
            var col = 0, colEx = -1.0, over = true
            for c in 0..<C {
                let I = regionIdeal[r * C + c]
                guard I > 0 else { continue }
                let v = gridW[A * C + c]
                let e = v > regionHi[r * C + c] ? (v - regionHi[r * C + c]) / I : (regionLo[r * C + c] - v) / I
                if e > colEx { colEx = e; col = c; over = v > regionHi[r * C + c] }
            }
            let I = regionIdeal[r * C + col], lo = regionLo[r * C + col], hi = regionHi[r * C + col]
            let need =
                over
                ? gridW[A * C + col] - (hi - marginFraction * (hi - I))
                : (lo + marginFraction * (I - lo)) - gridW[A * C + col]
            // BFS over grids to the nearest one with room for `need`.
            var prev = [Int: Int]()
            prev[A] = A
            var frontier = [A], found = -1, bestRoom = 0.0, bestRoomGrid = -1
            search: while !frontier.isEmpty {
                var next: [Int] = []
                for x in frontier {
                    var seen = Set<Int>()
                    for u in lists[x] {
                        for s in aOff[Int(u)]..<aOff[Int(u) + 1] {
                            let y = Int(assign[Int(aNb[s])])
                            if y == x || y < 0 || gridRegion[y] != gridRegion[x] || prev[y] != nil || seen.contains(y) { continue }
                            if let frozen, frozen[y] { continue }
                            seen.insert(y)
                        }
                    }
                    for y in seen.sorted() {
                        prev[y] = x
                        let room =
                            over
                            ? (hi - marginFraction * (hi - I)) - gridW[y * C + col]
                            : gridW[y * C + col] - (lo + marginFraction * (I - lo))
                        if room >= need { found = y; break search }
                        if room > bestRoom { bestRoom = room; bestRoomGrid = y }
                        next.append(y)
                    }
                }
                frontier = next
            }
            var amount = need
            if found < 0 {
                guard bestRoomGrid >= 0 else { hopeless[A] = true; continue }
                found = bestRoomGrid; amount = bestRoom
            }
            var path = [found]
            while path.last! != A { path.append(prev[path.last!]!) }
            path.reverse()  // A ... found
            let before = path.reduce(0.0) { $0 + excess(grid: $1) }
            var stepMoves: [(Int, Int32, Int32)] = []
            let hops: [(Int, Int)] =
                over
                ? (0..<(path.count - 1)).map { (path[$0], path[$0 + 1]) }
                : (1..<path.count).map { (path[$0], path[$0 - 1]) }
            for (x, y) in hops {
                var remaining = amount
                var guardCount = 0
                while remaining > 1e-9 * max(I, 1), guardCount < 10_000 {
                    guardCount += 1
                    var bestU = -1, bestKey = -Double.infinity
                    var smallU = -1, smallW = Double.infinity
                    for u in lists[x] {
                        let ui = Int(u)
                        let wu = w[ui * C + col]
                        if wu <= 0 { continue }
                        var touches = false
                        for s in aOff[ui]..<aOff[ui + 1] where assign[Int(aNb[s])] == Int32(y) { touches = true; break }
                        if !touches { continue }
                        if wu <= remaining * (fewestUnits ? 1 : 1.25) + 1e-12 {
                            let key = fewestUnits ? wu : contact(ui, Int32(y)).cost - contact(ui, Int32(x)).cost + 1e-9 * wu
                            if key > bestKey, canRemove(ui) { bestKey = key; bestU = ui }
                        } else if wu < smallW, canRemove(ui) {
                            smallW = wu; smallU = ui
                        }
                    }
                    let pick = bestU >= 0 ? bestU : smallU
                    guard pick >= 0 else { break }
                    move(pick, to: Int32(y))
                    stepMoves.append((pick, Int32(x), Int32(y)))
                    if let i = lists[x].firstIndex(of: Int32(pick)) { lists[x].remove(at: i) }
                    lists[y].append(Int32(pick))
                    remaining -= w[pick * C + col]
                }
            }
            let after = path.reduce(0.0) { $0 + excess(grid: $1) }
            if after < before - 1e-12 {
                result.moves += stepMoves.map { (unit: $0.0, from: $0.1, to: $0.2) }
            } else {
                for (u, from, to) in stepMoves.reversed() {
                    move(u, to: from)
                    if let i = lists[Int(to)].firstIndex(of: Int32(u)) { lists[Int(to)].remove(at: i) }
                    lists[Int(from)].append(Int32(u))
                }
                hopeless[A] = true
            }
        }
        if result.steps >= maxSteps { result.hitLimit = true }
        result.unresolved = (0..<gridCount).filter { gridSize[$0] > 0 && excess(grid: $0) > 1e-12 }
        return result
    }
}

/// `repairBalance` as a pipeline step; `last` keeps the grids it could not repair.
struct BalanceRepair: PlanRefiner {
    var maxSteps: Int
    var fewestUnits = false
    var marginFraction = 0.5
    private(set) var last = GridWorkState.RepairResult()

    init(maxSteps: Int, fewestUnits: Bool = false, marginFraction: Double = 0.5) {
        self.maxSteps = maxSteps; self.fewestUnits = fewestUnits; self.marginFraction = marginFraction
    }

    mutating func refine(_ state: GridWorkState, _ context: inout RefineContext) -> RefineStats {
        last = state.repairBalance(
            maxSteps: maxSteps, deadline: context.deadline, fewestUnits: fewestUnits,
            marginFraction: marginFraction)
        return RefineStats(passes: 0, moves: last.moves.count, hitLimit: last.hitLimit)
    }
}
