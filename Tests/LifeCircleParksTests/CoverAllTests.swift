import Testing

@testable import LifeCircleParks

/// Cover-all (LSCP) as a pure covering program, and the reductions in front of it.
@Suite struct CoverAllTests {
    /// Instance from candidate → demand lists, weight 1 per demand point.
    func instance(_ lists: [[Int]], demands m: Int, served: [Int] = []) throws -> MaxCoverInstance {
        var mask = [Bool](repeating: false, count: m)
        for i in served { mask[i] = true }
        return MaxCoverInstance(sets: try CoverageSets(lists: lists, demandCount: m), weights: [Double](repeating: 1, count: m), alreadyServed: mask)
    }

    func greedy(_ inst: MaxCoverInstance) throws -> SelectionResult {
        let share = (inst.servedWeightBefore + inst.reachableUnservedWeight * (1 - 1e-9)) / inst.totalWeight
        return try SetCover.greedy(inst, options: SetCover.Options(targetShare: min(1, share)))
    }

    /// Fewest sites serving every reachable unserved demand point, by enumeration.
    func bruteForce(_ inst: MaxCoverInstance) throws -> Int {
        let share = (inst.servedWeightBefore + inst.reachableUnservedWeight * (1 - 1e-9)) / inst.totalWeight
        return try SetCover.bruteForce(inst, options: SetCover.Options(targetShare: min(1, share))).selected.count
    }

    @Test func greedyIsNotOptimalHere() throws {
        // Two halves, top T (0) and bottom B (1), each of blocks of 1, 2 and 4
        // points; C1..C3 (2, 3, 4) cover one block on both halves. Greedy takes
        // C3 (8 points) then C2 and C1: 3 sites; T and B cover everything: 2.
        // No row or column is dominated and no row has one column: the reductions leave it whole.
        var top: [Int] = [], bottom: [Int] = []
        var blocks: [[Int]] = []
        var next = 0
        for size in [1, 2, 4] {
            let t = Array(next..<(next + size)), b = Array((next + size)..<(next + 2 * size))
            next += 2 * size
            top += t; bottom += b; blocks.append(t + b)
        }
        let inst = try instance([top, bottom] + blocks, demands: next)
        let g = try greedy(inst)
        #expect(g.selected == [4, 3, 2])
        let r = try CoverAllExact.solve(inst, options: .init(incumbent: g.selected))
        #expect(r.status == .optimal)
        #expect(Set(r.selected) == [0, 1])
        #expect(r.bound == 2)
        #expect(r.coveredWeight == 14)
        #expect(r.notes.first?.contains("6 demand groups → 6 rows") == true, "\(r.notes)")
        #expect(r.notes.first?.contains("5 candidates → 5 columns") == true, "\(r.notes)")
        // Without the Lagrangian covers, GLPK alone from greedy's 3 sites finds the same optimum.
        let glpk = try CoverAllExact.solve(inst, options: .init(incumbent: g.selected, lagrangianSteps: 0))
        #expect(glpk.status == .optimal && Set(glpk.selected) == [0, 1] && glpk.bound == 2)
        #expect(glpk.notes.contains { $0.hasPrefix("LP relaxation 2.0000") }, "\(glpk.notes)")
        let plain = try CoverAllExact.solve(inst, options: .init(lagrangianSteps: 0))
        #expect(plain.status == .optimal && plain.selected.count == 2)
    }

    @Test func reductionsDropImpliedRowsDominatedColumnsAndForce() throws {
        // Candidates A B C D (0–3); demand 0 served by {A,B}, 1 by {A,B,C} (implied by 0),
        // 2 by {B,C}, 3 by {C,D}. A's rows ⊂ B's, D's ⊂ C's: both dropped; then
        // demand 0 has only B and demand 3 only C: forced, and nothing is left.
        let inst = try instance([[0, 1], [0, 1, 2], [1, 2, 3], [3]], demands: 4)
        let groups = DemandGroups(inst)
        let red = try CoverReduction(columnCount: 4, offsets: groups.offsets, columns: groups.candidates)
        #expect(red.rowsDropped == 1)
        #expect(red.columnsDropped == 2)
        #expect(red.forced.sorted() == [1, 2])
        #expect(red.rowCount == 0 && red.columns.isEmpty)
        #expect(red.replacement == [1, -1, -1, 2])
        #expect(red.fixedPoint && red.rounds == 3)
        // Greedy's cover {A, C, …} maps onto the kept columns: none left, all forced.
        #expect(red.mapCover([0, 2]) == [])
        let r = try CoverAllExact.solve(inst, options: .init(incumbent: try greedy(inst).selected))
        #expect(Set(r.selected) == [1, 2] && r.status == .optimal && r.bound == 2)
    }

    @Test func identicalColumnsKeepTheLowestIndex() throws {
        // Candidates 0 and 2 serve the same demand points {0, 1}; 1 serves {1, 2}, 3 serves {2, 3}.
        let inst = try instance([[0, 1], [1, 2], [0, 1], [2, 3]], demands: 4)
        let groups = DemandGroups(inst)
        let red = try CoverReduction(columnCount: 4, offsets: groups.offsets, columns: groups.candidates)
        #expect(red.replacement[2] == 0)
        let r = try CoverAllExact.solve(inst, options: .init())
        #expect(Set(r.selected) == [0, 3] && r.status == .optimal)
    }

    @Test func servedAndUnreachableDemandIsLeftOut() throws {
        // Demand 0 is served already, demand 4 unreachable: cover {1, 2, 3} with candidate 1 alone.
        let inst = try instance([[0, 1], [1, 2, 3], [3]], demands: 5, served: [0])
        let r = try CoverAllExact.solve(inst, options: .init())
        #expect(r.selected == [1] && r.status == .optimal && r.coveredWeight == 3)
        let none = try CoverAllExact.solve(try instance([[0]], demands: 2, served: [0]), options: .init())
        #expect(none.status == .trivial && none.selected.isEmpty)
    }

    /// The reductions keep the optimum: brute force on the reduced rows and
    /// columns plus the forced columns equals brute force on the original,
    /// and the exact program equals both.
    @Test(arguments: UInt64(1)...30)
    func reductionsKeepTheOptimum(seed: UInt64) throws {
        let n = 8 + Int(seed % 5), m = 30 + Int(seed % 17)
        let inst = try randomInstance(seed: seed * 7919, n: n, m: m, density: 0.12 + 0.01 * Double(seed % 6), served: seed % 3 == 0 ? 0.2 : 0)
        guard inst.reachableUnservedWeight > 0 else { return }
        let fewest = try bruteForce(inst)
        let groups = DemandGroups(inst)
        let red = try CoverReduction(columnCount: n, offsets: groups.offsets, columns: groups.candidates)
        var reducedFewest = 0
        if red.rowCount > 0 {
            // Reduced rows as demand points of a fresh instance over the kept columns.
            var lists = [[Int]](repeating: [], count: red.columns.count)
            let local = Dictionary(uniqueKeysWithValues: red.columns.enumerated().map { ($1, $0) })
            for r in 0..<red.rowCount {
                for k in red.rowOffsets[r]..<red.rowOffsets[r + 1] { lists[local[Int(red.rowColumns[k])]!].append(r) }
            }
            reducedFewest = try bruteForce(try instance(lists, demands: red.rowCount))
        }
        #expect(red.forced.count + reducedFewest == fewest, "seed \(seed)")
        #expect(red.rowCount <= groups.count && red.columns.count + red.forced.count <= n)
        let g = try greedy(inst)
        let r = try CoverAllExact.solve(inst, options: .init(incumbent: g.selected))
        #expect(r.status == .optimal, "seed \(seed) \(r.notes)")
        #expect(r.selected.count == fewest, "seed \(seed)")
        #expect(abs(r.coveredWeight - inst.reachableUnservedWeight) < 1e-9)
        #expect(g.selected.count >= fewest)
        let glpkOnly = try CoverAllExact.solve(inst, options: .init(incumbent: g.selected, lagrangianSteps: 0))
        #expect(glpkOnly.status == .optimal && glpkOnly.selected.count == fewest, "seed \(seed) GLPK only")
        // Deterministic: the same instance gives the same sites in the same order.
        #expect(try CoverAllExact.solve(inst, options: .init(incumbent: g.selected)).selected == r.selected)
    }

    @Test func nodeLimitStopsWithAFeasibleCoverAndABound() throws {
        // A larger random instance with one node allowed: feasible (or optimal at the root), bound ≤ count.
        let inst = try randomInstance(seed: 4242, n: 60, m: 400, density: 0.03)
        let g = try greedy(inst)
        let r = try CoverAllExact.solve(inst, options: .init(nodeLimit: 1, incumbent: g.selected))
        #expect(r.status == .optimal || r.status == .feasible)
        #expect(abs(r.coveredWeight - inst.reachableUnservedWeight) < 1e-9)
        #expect(r.selected.count <= g.selected.count)
        #expect((r.bound ?? .infinity) <= Double(r.selected.count))
    }

    @Test func localSearchReplacesTwoColumnsByOne() {
        // Rows 0…5. c0 {0,1}, c1 {2,3}, c2 {4,5}, c3 {1,2}, c4 {0,1,2,3}, c5 {2,3,4,5}.
        // From {c0, c1, c2} no column is redundant, but c4 replaces c0 and c1: {c2, c4},
        // the optimum (row 0 needs c0 or c4, row 5 c2 or c5). c5 cannot then replace
        // c2 and c4 (rows 0 and 1 would be left).
        let rows: [[Int]] = [[0, 4], [0, 3, 4], [1, 3, 4, 5], [1, 4, 5], [2, 5], [2, 5]]
        var rOff = [0], rCol: [Int] = []
        for r in rows { rCol += r; rOff.append(rCol.count) }
        let a = CoverLocalSearch.Matrix(rows: rows.count, rOff: rOff, rCol: rCol, columnCount: 6)
        let one = CoverLocalSearch.improve([0, 1, 2], a)
        #expect(one.cover == [2, 4] && one.moves == 1)
        // With c3 too: c3 is redundant (dropped first), then the same move.
        #expect(CoverLocalSearch.improve([0, 1, 2, 3], a).cover == [2, 4])
        // A cover that is already a local optimum is returned as it is.
        #expect(CoverLocalSearch.improve([2, 4], a).cover == [2, 4] && CoverLocalSearch.improve([2, 4], a).moves == 0)
    }
}
