import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

/// Issue 14: territory adjacency for units that do not touch, the best in-band
/// plan kept, and the count-bounded short-burst search.
@Suite struct TerritoryAndSearchTests {
    static func rect(_ x0: Double, _ y0: Double, _ w: Double, _ h: Double) -> GeometryValue {
        .polygon([[Coordinate(x0, y0), Coordinate(x0 + w, y0), Coordinate(x0 + w, y0 + h), Coordinate(x0, y0 + h), Coordinate(x0, y0)]])
    }

    /// A row of five 10 × 10 m "buildings", 10 m apart, and a sixth 500 m further
    /// east. Rook finds no neighbour at all; territories tile the units' convex
    /// hull (the 10 m tall strip from x = 0 to 550): each boundary between
    /// neighbours is the 10 m mid-line of the gap, and the lone building's
    /// territory reaches back to the mid-point of its 500 m gap.
    @Test func territoriesGiveEveryUnitItsNeighbours() throws {
        let xs: [Double] = [0, 20, 40, 60, 80, 590]
        let units = xs.map { Self.rect($0, 0, 10, 10) }
        let input = UnitInput(geometries: units, weights: [[1, 1, 1, 1, 1, 1]], weightNames: ["w"])
        let rook = try UnitGraphBuilder.build(input)
        #expect(rook.graph.edges.isEmpty)

        let built = try UnitGraphBuilder.build(input, options: AdjacencyOptions(rule: .territory))
        let g = built.graph
        let pairs = Set(g.edges.map { [min($0.a, $0.b), max($0.a, $0.b)] })
        #expect(pairs == [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]])
        for e in g.edges { #expect(abs(e.length - 10) < 1e-6, "shared boundary \(e.a)–\(e.b): \(e.length)") }
        // Territory areas: mid-gap to mid-gap, 10 m tall; the ends stop at the hull.
        let expected: [Double] = [15, 20, 20, 20, 10 + 5 + 250, 250 + 10].map { $0 * 10 }
        for u in 0..<6 { #expect(abs(g.area[u] - expected[u]) < 1e-6, "territory \(u): \(g.area[u]) m²") }
        // Centroids stay the buildings'.
        #expect(abs(g.centroid[5].x - 595) < 1e-9 && abs(g.centroid[5].y - 5) < 1e-9)
        #expect(built.territoryClip != nil)
        // No overlaps and no gaps: the territories add up to the hull, 600 × 10 m.
        let cells = try built.cells.map { try Geometry($0) }
        let sum = try cells.reduce(0.0) { $0 + (try $1.area) }
        let union = try Geometry.unionAll(cells).area
        #expect(abs(sum - 6000) < 1e-6 && abs(union - 6000) < 1e-6)
    }

    /// Three grids of two territories each come out in one piece each: the lone
    /// building joins its neighbour by land, not by a bridge.
    @Test func partitionOnTerritoriesIsContiguousWithoutBridges() throws {
        let xs: [Double] = [0, 20, 40, 60, 80, 590]
        let input = UnitInput(geometries: xs.map { Self.rect($0, 0, 10, 10) }, weights: [[1, 1, 1, 1, 1, 1]], weightNames: ["w"])
        let built = try UnitGraphBuilder.build(input, options: AdjacencyOptions(rule: .territory))
        let plan = try GridPartitioner.partition(graph: built.graph, options: GridPartitionOptions(count: .total(3), tolerance: 0).oneStart())
        #expect(plan.bridges.isEmpty)
        #expect(plan.metrics.noncontiguousGrids == 0)
        // The only contiguous split of a path of 6 into 3 pairs.
        #expect(plan.assignment[0] == plan.assignment[1] && plan.assignment[2] == plan.assignment[3] && plan.assignment[4] == plan.assignment[5])
        #expect(Set(plan.assignment).count == 3)
    }

    /// A path of four units, weights 1 each, two grids at ±0: {0,1}{2,3} is the
    /// only plan in band. After a move takes it out of band, the keeper puts it back.
    @Test func bestPlanSeenRestoresTheInBandPlan() throws {
        let g = try UnitGraph(
            unitCount: 4, edges: [UnitEdge(0, 1, length: 1), UnitEdge(1, 2, length: 1), UnitEdge(2, 3, length: 1)],
            weights: [[1, 1, 1, 1]], weightNames: ["w"], area: [1, 1, 1, 1], perimeter: [4, 4, 4, 4],
            centroid: (0..<4).map { Coordinate(Double($0), 0) })
        let setup = try PartitionSetup.build(graph: g, count: .total(2), tolerance: 0)
        let state = GridWorkState(
            graph: g, columns: 1, unitWeights: setup.unitWeights, activeOffsets: setup.activeOffsets,
            activeNeighbours: setup.activeNeighbours, assignment: [0, 0, 1, 1], gridCount: 2, gridRegion: [0, 0],
            regionLo: [2], regionHi: [2], regionIdeal: [2])
        var seen = BestPlanSeen(lo: [2], hi: [2], ranking: .edges)
        seen.observe(state)
        #expect(seen.excess == 0 && seen.cut == 1)
        state.move(1, to: 1)
        #expect(abs(seen.excess(of: state) - 1) < 1e-12)  // grid 0 holds 1 of 2, grid 1 holds 3 of 2: 0.5 + 0.5
        seen.observe(state)  // worse: not kept
        #expect(seen.restoreIfBetter(state))
        #expect(state.assign == [0, 0, 1, 1] && state.totalExcess() == 0)
        #expect(!seen.restoreIfBetter(state))
    }

    /// 24 × 24 lattice, weights 20–80 (seeded), 12 grids at ±5%: the search runs
    /// by counts (same seed → the same plan and the same report, never stopped by
    /// the clock), every plan is in band and contiguous by an independent check,
    /// and the search never returns a longer cut than the pipeline's plan.
    @Test func searchIsDeterministicAndNeverWorse() throws {
        let n = 24 * 24, k = 12
        let (g, edges, w) = try Lattice.weighted(rows: 24, cols: 24, seed: 14)
        func run(_ seed: UInt64, rounds: Int?) throws -> GridPlan {
            // Two chains (one a thread): the parallel path, at a quarter of the default's work.
            var o = GridPartitionOptions(count: .total(k), seed: seed, searchRounds: rounds).oneStart()
            o.searchChains = 2
            o.searchStarts = 1
            return try GridPartitioner.partition(graph: g, options: o)
        }
        let a = try run(3, rounds: nil), b = try run(3, rounds: nil), none = try run(3, rounds: 0)
        #expect(a.assignment == b.assignment)
        #expect(a.search == b.search)
        let report = try #require(a.search)
        #expect(report.rounds > 0 && report.stoppedBy != "time_cap" && report.chains == 2 && report.roundsAllChains >= report.rounds)
        #expect(
            report.stoppedBy == "patience" ? report.roundsWithoutImprovement == 40 : report.rounds == ShortBurstSearch.defaultRounds(unitCount: n))
        #expect(none.search == nil)
        let ideal = w.reduce(0, +) / Double(k)
        for plan in [a, none] {
            let pieces = Check.pieces(unitCount: n, edges: edges.map { ($0.a, $0.b) }, assignment: plan.assignment)
            #expect(pieces.count == k && pieces.values.allSatisfy { $0 == 1 })
            #expect(Check.sums(w, plan.assignment).values.allSatisfy { abs($0 - ideal) / ideal <= 0.05 + 1e-12 })
        }
        let cut = { (p: GridPlan) in edges.filter { p.assignment[$0.a] != p.assignment[$0.b] }.count }
        #expect(cut(a) <= cut(none))
        #expect(Double(cut(a)) == report.cutAfter && Double(cut(none)) == report.cutBefore)
        print("lattice 24×24 → 12: cut \(cut(none)) → \(cut(a)) in \(report.rounds) rounds (\(report.improvements) improving)")
    }

    /// 16 × 16 lattice, weights 20–80 (seeded), 8 grids at ±5%: four starts, two of
    /// them searched by two chains, give the same plan and report twice, and never
    /// more cut edges (counted here from the edges) than the single-start run with
    /// the same seed, which is the multi-start run's start 0; every plan is in band
    /// and contiguous by an independent check.
    @Test func multiStartIsDeterministicAndNeverWorseThanItsFirstStart() throws {
        let n = 16 * 16, k = 8
        let (g, edges, w) = try Lattice.weighted(rows: 16, cols: 16, seed: 21)
        func run(_ seed: UInt64, starts: Int) throws -> GridPlan {
            var o = GridPartitionOptions(count: .total(k), seed: seed, searchRounds: 30)
            o.searchChains = 2
            o.searchStarts = starts
            o.searchedStarts = 2
            return try GridPartitioner.partition(graph: g, options: o)
        }
        let cut = { (p: GridPlan) in edges.filter { p.assignment[$0.a] != p.assignment[$0.b] }.count }
        let ideal = w.reduce(0, +) / Double(k)
        for seed: UInt64 in [1, 2, 3] {
            let a = try run(seed, starts: 4), b = try run(seed, starts: 4), first = try run(seed, starts: 1)
            #expect(a.assignment == b.assignment && a.search == b.search)
            let report = try #require(a.search)
            #expect(report.starts == 4 && report.chains == 2 && report.stoppedBy != "time_cap")
            #expect(first.search?.starts == 1)
            #expect(cut(a) <= cut(first))
            #expect(Double(cut(a)) == report.cutAfter)
            for plan in [a, first] {
                let pieces = Check.pieces(unitCount: n, edges: edges.map { ($0.a, $0.b) }, assignment: plan.assignment)
                #expect(pieces.count == k && pieces.values.allSatisfy { $0 == 1 })
                #expect(Check.sums(w, plan.assignment).values.allSatisfy { abs($0 - ideal) / ideal <= 0.05 + 1e-12 })
            }
            print("lattice 16×16 → 8, seed \(seed): cut \(cut(first)) with one start, \(cut(a)) with four")
        }
    }

    /// 16 × 16 lattice, weights 20–80 (seeded), 8 grids at ±5%, few search rounds:
    /// closing bursts (two chains at the full band) give the same plan and report
    /// twice, report their bursts (200 on each chain), start from the searched
    /// plan's cut and never end above it, and leave every grid in band and in one
    /// piece by an independent check; without them the report has no closing figures.
    @Test func closingBurstsAreDeterministicAndNeverWorse() throws {
        let n = 16 * 16, k = 8
        let (g, edges, w) = try Lattice.weighted(rows: 16, cols: 16, seed: 21)
        func run(closing: Int?) throws -> GridPlan {
            var o = GridPartitionOptions(count: .total(k), seed: 5, searchRounds: 2)
            o.searchChains = 1
            o.searchStarts = 1
            o.searchClosingBursts = closing
            return try GridPartitioner.partition(graph: g, options: o)
        }
        let cut = { (p: GridPlan) in edges.filter { p.assignment[$0.a] != p.assignment[$0.b] }.count }
        let a = try run(closing: 200), b = try run(closing: 200), plain = try run(closing: nil)
        #expect(a.assignment == b.assignment && a.search == b.search)
        let report = try #require(a.search)
        #expect(report.closingBursts == 400 && report.stoppedBy != "time_cap")
        #expect(report.cutBeforeClosing == Double(cut(plain)))
        #expect(cut(a) <= cut(plain) && Double(cut(a)) == report.cutAfter)
        #expect(plain.search?.closingBursts == nil)
        let ideal = w.reduce(0, +) / Double(k)
        let pieces = Check.pieces(unitCount: n, edges: edges.map { ($0.a, $0.b) }, assignment: a.assignment)
        #expect(pieces.count == k && pieces.values.allSatisfy { $0 == 1 })
        #expect(Check.sums(w, a.assignment).values.allSatisfy { abs($0 - ideal) / ideal <= 0.05 + 1e-12 })
        print("lattice 16×16 → 8, 2 rounds: cut \(cut(plain)) → \(cut(a)) after closing bursts (\(report.closingImprovements ?? 0) improving)")
    }

    /// The worst grid and its cause on two hand-made cases: a path 12–1–1–6 into
    /// two grids (ideal 10) can do no better than {12}{1, 1, 6} at ±20%, a unit
    /// of 12 or 6 being far wider than the ±5% band; a uniform 4 × 4 lattice into
    /// two grids of 8 is exact, so the worst grid is inside the band and its
    /// cause is the units' size (1 of 8 = 12.5% < the 20% band width at ±10%).
    @Test func worstGridNamesItsCause() throws {
        let path = try UnitGraph(
            unitCount: 4, edges: [UnitEdge(0, 1, length: 1), UnitEdge(1, 2, length: 1), UnitEdge(2, 3, length: 1)],
            weights: [[12, 1, 1, 6]], weightNames: ["households"], area: [1, 1, 1, 1], perimeter: [4, 4, 4, 4],
            centroid: (0..<4).map { Coordinate(Double($0), 0) })
        let heavy = try GridPartitioner.partition(graph: path, options: GridPartitionOptions(count: .total(2)).oneStart())
        let w = try #require(WorstGrid.explain(plan: heavy, graph: path, tolerance: 0.05))
        #expect(w.cause == "heavy_unit")
        #expect(abs(abs(w.deviation) - 0.2) < 1e-12)
        #expect(heavy.metrics.grids.map(\.neighbours).allSatisfy { $0.count == 1 })
        // The same reason in Chinese, for `language: zh` studies and the zh report:
        // either grid is 20% off ({12} above, {1, 1, 6} below), each by its heaviest unit.
        let zh = [
            "单元#0单独即有12 households（为理想值10的120.0%）：移入或移出都会超出容差带，因此该网格偏差保持在20.0%",
            "单元#3单独即有6 households（为理想值10的60.0%）：移入或移出都会超出容差带，因此该网格偏差保持在-20.0%",
        ]
        #expect(zh.contains(w.reasonZh), "\(w.reasonZh)")
        #expect(w.reason(language: "zh") == w.reasonZh && w.reason(language: "en") == w.reason)

        let lattice = try UnitGraph.lattice(rows: 4, cols: 4)
        let even = try GridPartitioner.partition(graph: lattice, options: GridPartitionOptions(count: .total(2), tolerance: 0.1).oneStart())
        let e = try #require(WorstGrid.explain(plan: even, graph: lattice, tolerance: 0.1))
        #expect(e.cause == "unit_sizes" && e.deviation == 0 && e.reason.hasPrefix("inside the band"))
        #expect(e.reasonZh == "已在容差带内；其边缘最轻的单元为1 weight0（为理想值的12.5%）：每次移动约使偏差变化这么多，因此在保持两侧网格完整的单元移动下，0.0%已是最接近的结果")
        let codes = even.metrics.grids.map(\.code)
        #expect(even.metrics.grids[0].neighbours == [codes[1]] && even.metrics.grids[1].neighbours == [codes[0]])
    }
}
