/// Local search on a cover of a pure covering program: redundant columns are
/// dropped, then two chosen columns are replaced by one column that keeps every
/// row covered (a 2-for-1 move), until no move is left or the work count runs
/// out. Each move lowers the count by one, so a cover the Lagrangian heuristic
/// leaves a site or two above a local optimum is tightened without GLPK.
/// Deterministic (columns and rows scanned in index order); bounded by `workLimit`.
enum CoverLocalSearch {
    /// Rows as CSR over columns (`rOff`, `rCol`) and columns as CSR over rows (`cOff`, `cRow`).
    struct Matrix {
        var m: Int
        var rOff: [Int]
        var rCol: [Int]
        var cOff: [Int]
        var cRow: [Int]
        var columnCount: Int { cOff.count - 1 }

        init(rows m: Int, rOff: [Int], rCol: [Int], columnCount nc: Int) {
            self.m = m; self.rOff = rOff; self.rCol = rCol
            var cOff = [Int](repeating: 0, count: nc + 1)
            for c in rCol { cOff[c + 1] += 1 }
            for k in 0..<nc { cOff[k + 1] += cOff[k] }
            var cRow = [Int](repeating: 0, count: rCol.count)
            var fill = Array(cOff.dropLast())
            for r in 0..<m { for k in rOff[r]..<rOff[r + 1] { cRow[fill[rCol[k]]] = r; fill[rCol[k]] += 1 } }
            self.cOff = cOff; self.cRow = cRow
        }
    }

    struct Outcome {
        var cover: [Int]
        var moves: Int
    }

    /// `cover` must cover every row; the result does too and is never larger.
    static func improve(_ cover: [Int], _ a: Matrix, workLimit: Int = 50_000_000) -> Outcome {
        let m = a.m, nc = a.columnCount
        var chosen = [Bool](repeating: false, count: nc)
        for k in cover { chosen[k] = true }
        var times = [Int](repeating: 0, count: m)
        for k in 0..<nc where chosen[k] { for q in a.cOff[k]..<a.cOff[k + 1] { times[a.cRow[q]] += 1 } }
        guard !times.contains(0) else { return Outcome(cover: cover.sorted(), moves: 0) }
        func drop(_ k: Int) {
            chosen[k] = false
            for q in a.cOff[k]..<a.cOff[k + 1] { times[a.cRow[q]] -= 1 }
        }
        func take(_ k: Int) {
            chosen[k] = true
            for q in a.cOff[k]..<a.cOff[k + 1] { times[a.cRow[q]] += 1 }
        }
        func redundant(_ k: Int) -> Bool {
            for q in a.cOff[k]..<a.cOff[k + 1] where times[a.cRow[q]] < 2 { return false }
            return true
        }
        // Redundant columns, the smallest first (they cover least).
        let bySize = (0..<nc).filter { chosen[$0] }.sorted {
            let sa = a.cOff[$0 + 1] - a.cOff[$0], sb = a.cOff[$1 + 1] - a.cOff[$1]
            return sa != sb ? sa < sb : $0 < $1
        }
        for k in bySize where redundant(k) { drop(k) }

        // Stamps: rows of the column being tried (inC), rows of the column being removed (inA), candidates b seen.
        var inC = [Int](repeating: -1, count: m), inA = [Int](repeating: -1, count: m)
        var seenB = [Int](repeating: -1, count: nc)
        var work = 0, moves = 0, stamp = 0
        var improved = true
        search: while improved {
            improved = false
            for ka in 0..<nc where chosen[ka] {
                // The first row only `ka` covers: the new column must cover it.
                var r0 = -1
                for q in a.cOff[ka]..<a.cOff[ka + 1] where times[a.cRow[q]] == 1 { r0 = a.cRow[q]; break }
                if r0 < 0 { drop(ka); moves += 1; improved = true; continue }
                for q in a.cOff[ka]..<a.cOff[ka + 1] { inA[a.cRow[q]] = ka }
                for p in a.rOff[r0]..<a.rOff[r0 + 1] {
                    let c = a.rCol[p]
                    guard !chosen[c] else { continue }
                    if work > workLimit { break search }
                    stamp += 1
                    for q in a.cOff[c]..<a.cOff[c + 1] { inC[a.cRow[q]] = stamp }
                    work += a.cOff[c + 1] - a.cOff[c] + a.cOff[ka + 1] - a.cOff[ka]
                    // c must cover every row only ka covers.
                    var coversA = true
                    for q in a.cOff[ka]..<a.cOff[ka + 1] where times[a.cRow[q]] == 1 && inC[a.cRow[q]] != stamp { coversA = false; break }
                    guard coversA else { continue }
                    // A second chosen column b, met on c's rows, whose removal c also repairs.
                    for q in a.cOff[c]..<a.cOff[c + 1] {
                        for p2 in a.rOff[a.cRow[q]]..<a.rOff[a.cRow[q] + 1] {
                            let kb = a.rCol[p2]
                            guard kb != ka, chosen[kb], seenB[kb] != stamp else { continue }
                            seenB[kb] = stamp
                            work += a.cOff[kb + 1] - a.cOff[kb]
                            var ok = true
                            for s in a.cOff[kb]..<a.cOff[kb + 1] {
                                let r = a.cRow[s]
                                let left = times[r] - 1 - (inA[r] == ka ? 1 : 0) + (inC[r] == stamp ? 1 : 0)
                                if left < 1 { ok = false; break }
                            }
                            if ok {
                                drop(ka); drop(kb); take(c)
                                moves += 1; improved = true
                                continue search
                            }
                        }
                    }
                }
            }
        }
        return Outcome(cover: (0..<nc).filter { chosen[$0] }, moves: moves)
    }
}
