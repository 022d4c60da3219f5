import Foundation
import LifeCircleGeometry

/// Makes every grid one piece of the active graph and none empty, for plans
/// that come from elsewhere (METIS): the largest piece of each grid stays, the
/// other pieces' units join the neighbouring grid they share most boundary
/// with; an empty grid takes half of the heaviest grid of its region.
extension GridWorkState {
    func repairPiecesAndEmpties(bisector: inout TreeBisector, rng: inout SplitMix64) {
        let n = graph.unitCount
        var lists = memberLists()
        var comp = [Int32](repeating: -1, count: n)
        for g in 0..<gridCount where lists[g].count > 1 {
            var pieces: [[Int32]] = []
            for s0 in lists[g] where comp[Int(s0)] < 0 {
                var piece = [s0]; comp[Int(s0)] = Int32(pieces.count)
                var h = 0
                while h < piece.count {
                    let v = Int(piece[h]); h += 1
                    for s in aOff[v]..<aOff[v + 1] {
                        let x = aNb[s]
                        if assign[Int(x)] == Int32(g) && comp[Int(x)] < 0 { comp[Int(x)] = comp[Int(s0)]; piece.append(x) }
                    }
                }
                pieces.append(piece)
            }
            if pieces.count > 1 {
                let keep = pieces.indices.max { pieces[$0].count < pieces[$1].count }!
                for (i, p) in pieces.enumerated() where i != keep { for u in p { assign[Int(u)] = -1 } }
            }
        }
        // Flood orphaned units into neighbouring grids.
        var orphans = (0..<n).filter { assign[$0] < 0 }
        while !orphans.isEmpty {
            var progressed = false
            for u in orphans {
                var best: Int32 = -1, bestLen = -1.0
                for s in aOff[u]..<aOff[u + 1] {
                    let a = assign[Int(aNb[s])]
                    guard a >= 0 else { continue }
                    var len = 0.0
                    for t in graph.neighbourRange(of: u) where graph.neighbours[t] == aNb[s] { len = graph.sharedLength[t] }
                    if len > bestLen { bestLen = len; best = a }
                }
                if best >= 0 { assign[u] = best; progressed = true }
            }
            orphans = orphans.filter { assign[$0] < 0 }
            if !progressed { break }
        }
        recomputeSums()
        lists = memberLists()
        for g in 0..<gridCount where gridSize[g] == 0 {
            let r = gridRegion[g]
            guard
                let big = (0..<gridCount).filter({ gridRegion[$0] == r && gridSize[$0] > 1 })
                    .max(by: { gridW[$0 * columns] < gridW[$1 * columns] })
            else { continue }
            let ri = Int(r)
            let target = SplitTarget(
                kA: 1, kB: 1, ideal: (0..<columns).map { regionIdeal[ri * columns + $0] },
                lo: (0..<columns).map { regionLo[ri * columns + $0] }, hi: (0..<columns).map { regionHi[ri * columns + $0] })
            if let sp = bisector.split(lists[big], target: target, rng: &rng) {
                for u in sp.sideB { assign[Int(u)] = Int32(g) }
                lists[big] = sp.sideA; lists[g] = sp.sideB
                recomputeSums()
            }
        }
    }
}
