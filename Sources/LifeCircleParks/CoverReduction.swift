/// Classical reductions of a pure set-covering program (every row needs at
/// least one chosen column), iterated to a fixed point:
///
/// - a row with a single column forces that column (and every row it covers is dropped);
/// - a row whose column set contains another row's set is implied by it (dropped);
/// - a column whose set of rows is contained in another column's set is never
///   needed (dropped; equal sets keep the lowest index).
///
/// None changes the optimum: the optimum of the reduced rows over the kept
/// columns, plus the forced columns, is an optimum of the original program.
/// Each pass is near-linear: a subset test for row r is only tried against
/// rows filed under one of r's columns (each row is filed under its rarest
/// column, which any superset must contain), a column j only against the
/// columns of its shortest row (which any superset of j's rows must be among).
/// Work is counted and bounded; when the budget runs out the pass stops
/// early and keeps what it has not tested (still correct, less reduced).
struct CoverReduction {
    /// Rows left, CSR over original column indices (each row sorted ascending).
    var rowOffsets: [Int] = [0]
    var rowColumns: [Int32] = []
    /// Columns left, ascending.
    var columns: [Int] = []
    /// Columns every cover contains, in the order found.
    var forced: [Int] = []
    /// Per original column: itself if kept, the column that dominated it, or −1
    /// (forced, or covering no row left). Follow it to map a cover of the
    /// original rows onto a cover of the reduced rows.
    var replacement: [Int32]
    var rounds = 0
    var rowsDropped = 0
    var columnsDropped = 0
    /// False when a pass stopped on its work budget or the round limit cut the iteration short.
    var fixedPoint = true
    var rowCount: Int { rowOffsets.count - 1 }

    init(columnCount n: Int, offsets: [Int], columns cols: [Int32], maxRounds: Int = 20, workLimit: Int = 400_000_000) throws {
        replacement = (0..<n).map { Int32($0) }
        var off = offsets, col = cols
        var alive = [Bool](repeating: true, count: n)
        var work = 0
        for (r, c) in zip(offsets.dropLast(), offsets.dropFirst()) where r == c {
            throw ParksError.invalidInput("a demand group has no candidate; it cannot be covered")
        }
        var converged = false
        while rounds < maxRounds {
            rounds += 1
            var changed = false
            let m = off.count - 1

            // 1. Rows of one column force it; rows holding a forced column are covered.
            var isForced = [Bool](repeating: false, count: n)
            for r in 0..<m where off[r + 1] - off[r] == 1 {
                let j = Int(col[off[r]])
                if !isForced[j] { isForced[j] = true; forced.append(j); alive[j] = false; replacement[j] = -1 }
            }
            if forced.contains(where: { isForced[$0] }) {
                changed = true
                var keep = [Bool](repeating: true, count: m)
                for r in 0..<m where col[off[r]..<off[r + 1]].contains(where: { isForced[Int($0)] }) { keep[r] = false }
                Self.compact(&off, &col, keepRow: keep, alive: alive)
            }

            // 2. Rows implied by a smaller (or equal, earlier) row.
            var m2 = off.count - 1
            var colCount = [Int](repeating: 0, count: n)
            for c in col { colCount[Int(c)] += 1 }
            let order = (0..<m2).sorted { a, b in
                let sa = off[a + 1] - off[a], sb = off[b + 1] - off[b]
                return sa != sb ? sa < sb : a < b
            }
            var filed = [[Int32]](repeating: [], count: n)
            var stamp = [Int32](repeating: -1, count: n)
            var keep = [Bool](repeating: true, count: m2)
            var dropped = 0
            rowLoop: for h in order {
                let row = col[off[h]..<off[h + 1]]
                if work > workLimit { fixedPoint = false; break }
                for c in row { stamp[Int(c)] = Int32(h) }
                for c in row {
                    for g in filed[Int(c)] {
                        let gi = Int(g)
                        var subset = true
                        for k in off[gi]..<off[gi + 1] where stamp[Int(col[k])] != Int32(h) { subset = false; break }
                        work += off[gi + 1] - off[gi]
                        if subset { keep[h] = false; dropped += 1; continue rowLoop }
                    }
                }
                work += row.count
                // File under the rarest column (ties by index): any row containing this one contains it.
                var key = Int(row.first!), best = colCount[key]
                for c in row where colCount[Int(c)] < best { key = Int(c); best = colCount[key] }
                filed[key].append(Int32(h))
            }
            if dropped > 0 {
                changed = true; rowsDropped += dropped
                Self.compact(&off, &col, keepRow: keep, alive: alive)
            }

            // 3. Columns whose rows another column also covers.
            m2 = off.count - 1
            var cOff = [Int](repeating: 0, count: n + 1)
            for c in col { cOff[Int(c) + 1] += 1 }
            for j in 0..<n { cOff[j + 1] += cOff[j] }
            var cRows = [Int32](repeating: 0, count: col.count)
            var fill = Array(cOff.dropLast())
            for r in 0..<m2 {
                for k in off[r]..<off[r + 1] { let j = Int(col[k]); cRows[fill[j]] = Int32(r); fill[j] += 1 }
            }
            var colsDropped = 0
            columnLoop: for j in 0..<n where alive[j] {
                let mine = cRows[cOff[j]..<cOff[j + 1]]
                guard let first = mine.first else {
                    alive[j] = false; replacement[j] = -1; colsDropped += 1
                    continue
                }
                if work > workLimit { fixedPoint = false; break }
                var short = Int(first)
                for r in mine where off[Int(r) + 1] - off[Int(r)] < off[short + 1] - off[short] { short = Int(r) }
                for k in off[short]..<off[short + 1] {
                    let other = Int(col[k])
                    guard other != j, alive[other] else { continue }
                    let theirs = cRows[cOff[other]..<cOff[other + 1]]
                    guard theirs.count > mine.count || (theirs.count == mine.count && other < j) else { continue }
                    work += mine.count + theirs.count
                    if Self.isSubset(mine, of: theirs) {
                        alive[j] = false; replacement[j] = Int32(other); colsDropped += 1
                        continue columnLoop
                    }
                }
            }
            if colsDropped > 0 {
                changed = true; columnsDropped += colsDropped
                Self.compact(&off, &col, keepRow: [Bool](repeating: true, count: m2), alive: alive)
            }
            if !changed { converged = true; break }
        }
        if !converged { fixedPoint = false }
        for r in 0..<(off.count - 1) where off[r] == off[r + 1] {
            throw ParksError.solver("set-cover reduction left demand group \(r) without a candidate")
        }
        rowOffsets = off; rowColumns = col
        columns = (0..<n).filter { alive[$0] }
    }

    /// Keeps the marked rows and, inside them, the live columns.
    private static func compact(_ off: inout [Int], _ col: inout [Int32], keepRow: [Bool], alive: [Bool]) {
        var o2 = [0], c2: [Int32] = []
        c2.reserveCapacity(col.count)
        for r in 0..<(off.count - 1) where keepRow[r] {
            for k in off[r]..<off[r + 1] where alive[Int(col[k])] { c2.append(col[k]) }
            o2.append(c2.count)
        }
        off = o2; col = c2
    }

    /// Both sorted ascending.
    private static func isSubset(_ a: ArraySlice<Int32>, of b: ArraySlice<Int32>) -> Bool {
        var i = a.startIndex, k = b.startIndex
        while i < a.endIndex {
            if b.endIndex - k < a.endIndex - i { return false }
            if a[i] == b[k] { i += 1; k += 1 } else if a[i] > b[k] { k += 1 } else { return false }
        }
        return true
    }

    /// A cover of the original rows mapped onto a cover of the reduced rows
    /// (each dropped column replaced by the kept column that dominated it),
    /// forced columns left out; ascending, duplicates removed.
    func mapCover(_ cover: [Int]) -> [Int] {
        var out = Set<Int>()
        for var j in cover where j >= 0 && j < replacement.count {
            // Each step goes to a column dropped later or kept: at most n steps.
            var steps = 0
            while j >= 0 && Int(replacement[j]) != j && steps <= replacement.count { j = Int(replacement[j]); steps += 1 }
            if j >= 0 && Int(replacement[j]) == j { out.insert(j) }
        }
        return out.sorted()
    }
}
