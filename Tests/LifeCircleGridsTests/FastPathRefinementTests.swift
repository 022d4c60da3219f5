import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

/// The fast path's refiners (k-way FM, V-cycle, pair re-bisection) on an
/// irregular graph above the 2,000-unit threshold: every plan they leave is
/// contiguous and inside the band, their reported gains match an independent
/// recount of cut edges, and they are deterministic.
@Suite(.serialized) struct FastPathRefinementTests {
    /// 70 × 70 unit squares, each cell split by one diagonal contact chosen by a
    /// seeded coin (degrees 4–8, like a Voronoi graph); households 20–80, seeded.
    static let graph: UnitGraph = {
        let rows = 70, cols = 70
        var rng = SplitMix64(seed: 20261125)
        var edges: [UnitEdge] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let u = r * cols + c
                if c + 1 < cols { edges.append(UnitEdge(u, u + 1, length: 1)) }
                if r + 1 < rows { edges.append(UnitEdge(u, u + cols, length: 1)) }
                if r + 1 < rows && c + 1 < cols {
                    if rng.next() & 1 == 0 {
                        edges.append(UnitEdge(u, u + cols + 1, length: 0))
                    } else {
                        edges.append(UnitEdge(u + 1, u + cols, length: 0))
                    }
                }
            }
        }
        let n = rows * cols
        let w = (0..<n).map { _ in Double(20 + rng.next() % 61) }
        // swift-format-ignore: NeverUseForceTry
        return try! UnitGraph(
            unitCount: n, edges: edges, weights: [w], weightNames: ["households"],
            area: [Double](repeating: 1, count: n), perimeter: [Double](repeating: 4, count: n),
            centroid: (0..<n).map { Coordinate(Double($0 % cols), Double($0 / cols)) })
    }()
    static let k = 40

    /// Cut edges by plain counting over the edge list.
    static func cut(_ g: UnitGraph, _ a: [Int32]) -> Int { g.edges.filter { a[$0.a] != a[$0.b] }.count }

    /// Independent checks: one piece per grid, every grid within ±5% of the ideal.
    static func checkPlan(_ g: UnitGraph, _ a: [Int32], _ label: String) {
        let pieces = Check.pieces(unitCount: g.unitCount, edges: g.edges.map { ($0.a, $0.b) }, assignment: a)
        #expect(pieces.count == k && pieces.values.allSatisfy { $0 == 1 }, "\(label): a grid is in several pieces")
        let ideal = g.weights[0].reduce(0, +) / Double(k)
        let worst = Check.sums(g.weights[0], a).values.map { abs($0 - ideal) / ideal }.max()!
        #expect(worst <= 0.05 + 1e-12, "\(label): max |d| \(worst)")
    }

    /// METIS's contiguous partition, brought into the band as the fast path does, in a work state.
    static func startState() throws -> GridWorkState {
        let g = graph
        let setup = try PartitionSetup.build(graph: g, count: .total(k), tolerance: 0.05)
        let parts = try MetisPartitioner.partition(graph: g, parts: k, imbalance: 0.05, contiguous: true)
        let state = GridWorkState(
            graph: g, columns: 1, unitWeights: setup.unitWeights,
            activeOffsets: setup.activeOffsets, activeNeighbours: setup.activeNeighbours,
            assignment: parts, gridCount: k, gridRegion: [Int32](repeating: 0, count: k),
            regionLo: [setup.communityLo[0]], regionHi: [setup.communityHi[0]],
            regionIdeal: [setup.communityIdeal[0]])
        let far = ContinuousClock.now + .seconds(60)
        if (0..<k).contains(where: { state.excess(grid: $0) > 1e-12 }) {
            state.refineBoundary(maxPasses: 50, deadline: far)
            _ = state.repairBalance(maxSteps: 10_000, deadline: far, fewestUnits: false, marginFraction: 0.5)
        }
        state.refineCutEdges(maxPasses: 50, deadline: far)
        return state
    }

    @Test func kWayFMKeepsBandAndContiguityAndReportsItsGain() throws {
        let g = Self.graph
        let s = try Self.startState()
        Self.checkPlan(g, s.assign, "start")
        let before = Self.cut(g, s.assign)
        let r = s.refineFM(maxPasses: 50, maxStall: 100, slack: 0, deadline: .now + .seconds(60))
        Self.checkPlan(g, s.assign, "FM")
        #expect(Self.cut(g, s.assign) == before - r.edgesRemoved)
        #expect(r.edgesRemoved >= 0)
        // Running sums still match a recount.
        let sums = Check.sums(g.weights[0], s.assign)
        #expect((0..<Self.k).allSatisfy { abs(s.gridW[$0] - sums[Int32($0)]!) < 1e-6 })
        print("FM: \(before) -> \(Self.cut(g, s.assign)) cut edges, \(r.moves) moves, \(r.passes) passes")
    }

    @Test func vCycleKeepsBandAndContiguityAndReportsItsGain() throws {
        let g = Self.graph
        let s = try Self.startState()
        let before = Self.cut(g, s.assign)
        let r = try #require(s.refineVCycle(maxLevels: 8, passesPerLevel: 2, maxStall: 100, seed: 1, deadline: .now + .seconds(60)))
        Self.checkPlan(g, s.assign, "V-cycle")
        #expect(Self.cut(g, s.assign) == before - r.edgesRemoved)
        #expect(r.edgesRemoved > 0)
        print("V-cycle: \(before) -> \(Self.cut(g, s.assign)) cut edges")
    }

    @Test func pairRebisectionKeepsBandAndContiguityAndReportsItsGain() throws {
        let g = Self.graph
        let s = try Self.startState()
        let before = Self.cut(g, s.assign)
        let r = s.rebisectPairs(maxSweeps: 4, maxCalls: 2 * Self.k, minRatio: 0.5, seed: 1, deadline: .now + .seconds(60))
        Self.checkPlan(g, s.assign, "pairs")
        #expect(r.tried <= 2 * Self.k)
        #expect(r.accepted > 0)
        #expect(Self.cut(g, s.assign) == before - r.edgesRemoved)
        print("pairs: \(before) -> \(Self.cut(g, s.assign)) cut edges, \(r.accepted)/\(r.tried) accepted")
    }

    /// Above 2,000 units each search round also re-bisects pairs and runs the V-cycle
    /// and k-way FM after its annealing (`ShortBurstSearch.rebisect`): from the fast
    /// path's plan of the 70 × 70 graph → 40, four such rounds end with fewer cut edges
    /// than four rounds of annealing and boundary moves alone, both in band and
    /// contiguous, and the same plan twice.
    @Test func rebisectingSearchRoundsBeatAnnealingAlone() throws {
        let g = Self.graph, n = g.unitCount
        #expect(ShortBurstSearch.rebisects(unitCount: n) && !ShortBurstSearch.rebisects(unitCount: 2_000))
        #expect(ShortBurstSearch.defaultRounds(unitCount: 8_304) == 32 && ShortBurstSearch.defaultRounds(unitCount: 2_000) == 100)
        #expect(ShortBurstSearch.defaultAnnealSteps(unitCount: 8_304) == 498_240)
        #expect(ShortBurstSearch.defaultAnnealSteps(unitCount: 20_000) == 600_000)
        #expect(ShortBurstSearch.defaultAnnealSteps(unitCount: 2_000) == 40_000)
        let o = GridPartitionOptions(count: .total(Self.k), tolerance: 0.05, seed: 1)
        let setup = try PartitionSetup.build(graph: g, count: o.count, tolerance: o.tolerance)
        let far = ContinuousClock.now + .seconds(600)
        let first = MultilevelPipeline.run(graph: g, setup: setup, options: o, deadline: far)
        var search = ShortBurstSearch(
            maxRounds: 4, patience: 40, annealSteps: ShortBurstSearch.defaultAnnealSteps(unitCount: n), maxPasses: o.maxPasses,
            ranking: .edges, rebisect: true)
        let rebisected = search.run(from: first, graph: g, setup: setup, options: o, deadline: far)
        let again = search.run(from: first, graph: g, setup: setup, options: o, deadline: far)
        search.rebisect = false
        let annealed = search.run(from: first, graph: g, setup: setup, options: o, deadline: far)
        #expect(rebisected.plan.assignment == again.plan.assignment)
        Self.checkPlan(g, rebisected.plan.assignment, "re-bisecting rounds")
        Self.checkPlan(g, annealed.plan.assignment, "annealing rounds")
        let (start, withPairs, without) = (
            Self.cut(g, first.plan.assignment), Self.cut(g, rebisected.plan.assignment), Self.cut(g, annealed.plan.assignment)
        )
        #expect(withPairs < without && without <= start)
        #expect((start, withPairs, without) == (1_419, 1_383, 1_399))
        print("search rounds from \(start) cut edges: re-bisecting \(withPairs), annealing alone \(without)")
    }

    @Test func fastPathIsInBandAndDeterministic() throws {
        let g = Self.graph
        let o = GridPartitionOptions(count: .total(Self.k), tolerance: 0.05, seed: 1).oneStart()
        #expect(o.strategy.resolved(unitCount: g.unitCount, options: o) == .multilevel)
        let plan = try GridPartitioner.partition(graph: g, options: o)
        let again = try GridPartitioner.partition(graph: g, options: o)
        #expect(plan.assignment == again.assignment)
        Self.checkPlan(g, plan.assignment, "fast path")
        #expect(Self.cut(g, plan.assignment) == plan.metrics.cutEdges)
    }

    /// A grid trapped in a pocket: bulb A (6 × 6) hangs off a neck unit that also
    /// joins a small bulb (3 × 3) to a 10 × 10 block, all three in grid B. The neck
    /// is an articulation point of B, so the path repair cannot move a unit; the
    /// pocket re-split hands the neck and more over as a whole.
    @Test func pocketResplitFreesATrappedGrid() throws {
        var edges: [UnitEdge] = []
        func block(_ base: Int, _ rows: Int, _ cols: Int) {
            for r in 0..<rows {
                for c in 0..<cols {
                    let u = base + r * cols + c
                    if c + 1 < cols { edges.append(UnitEdge(u, u + 1, length: 1)) }
                    if r + 1 < rows { edges.append(UnitEdge(u, u + cols, length: 1)) }
                }
            }
        }
        block(0, 10, 10)  // main block: 0..<100
        block(100, 6, 6)  // bulb A: 100..<136
        block(136, 3, 3)  // small bulb: 136..<145
        let neck = 145
        edges += [UnitEdge(neck, 0, length: 1), UnitEdge(neck, 100, length: 1), UnitEdge(neck, 136, length: 1)]
        let n = 146
        let g = try UnitGraph(unitCount: n, edges: edges, weights: [[Double](repeating: 1, count: n)])
        let assignment = (0..<n).map { $0 >= 100 && $0 < 136 ? Int32(0) : Int32(1) }
        let ideal = Double(n) / 2
        let s = GridWorkState(
            graph: g, columns: 1, unitWeights: [Double](repeating: 1, count: n),
            activeOffsets: g.offsets, activeNeighbours: g.neighbours, assignment: assignment,
            gridCount: 2, gridRegion: [0, 0], regionLo: [ideal * 0.95], regionHi: [ideal * 1.05],
            regionIdeal: [ideal])
        let far = ContinuousClock.now + .seconds(60)
        #expect(!s.canRemove(neck))
        _ = s.repairBalance(maxSteps: 1_000, deadline: far, fewestUnits: false, marginFraction: 0.5)
        #expect(s.excess(grid: 0) > 0.4, "the path repair should be stuck at the neck")
        #expect(s.rebisectPockets(seed: 1, deadline: far) == 1)
        let sums = Check.sums(g.weights[0], s.assign)
        #expect(sums.values.allSatisfy { abs($0 - ideal) <= 0.05 * ideal })
        let pieces = Check.pieces(unitCount: n, edges: edges.map { ($0.a, $0.b) }, assignment: s.assign)
        #expect(pieces == [0: 1, 1: 1])
        #expect(abs(s.gridW[0] - sums[0]!) < 1e-9 && abs(s.gridW[1] - sums[1]!) < 1e-9)
    }

    /// A street-like barrier (rows 10–59 between columns 34 and 35) makes the
    /// contiguity graph differ from the unit graph: the V-cycle then works on the
    /// contiguity graph, and pair and pocket re-splits check connectivity there.
    @Test func refinersRespectBarriers() throws {
        let base = Self.graph
        let cols = 70
        let edges = base.edges.map { e -> UnitEdge in
            let (ra, ca, rb, cb) = (e.a / cols, e.a % cols, e.b / cols, e.b % cols)
            let crosses = min(ca, cb) <= 34 && max(ca, cb) >= 35 && min(ra, rb) >= 10 && max(ra, rb) <= 59
            return UnitEdge(e.a, e.b, length: e.length, crossesBarrier: crosses)
        }
        let g = try UnitGraph(
            unitCount: base.unitCount, edges: edges, weights: base.weights, weightNames: ["households"],
            area: base.area, perimeter: base.perimeter, centroid: base.centroid)
        let active = edges.filter { !$0.crossesBarrier }.map { ($0.a, $0.b) }
        #expect(active.count < edges.count)
        func checkActive(_ a: [Int32], _ label: String) {
            let pieces = Check.pieces(unitCount: g.unitCount, edges: active, assignment: a)
            #expect(pieces.values.allSatisfy { $0 == 1 }, "\(label): a grid is cut by the barrier")
            let ideal = g.weights[0].reduce(0, +) / Double(Self.k)
            #expect(Check.sums(g.weights[0], a).values.allSatisfy { abs($0 - ideal) <= 0.05 * ideal + 1e-9 }, "\(label): out of band")
        }
        let o = GridPartitionOptions(count: .total(Self.k), tolerance: 0.05, seed: 1).oneStart()
        let plan = try GridPartitioner.partition(graph: g, options: o)
        #expect(plan.relaxedBarriers.isEmpty)
        checkActive(plan.assignment, "fast path")
        #expect(try GridPartitioner.partition(graph: g, options: o).assignment == plan.assignment)

        // The V-cycle alone, from the plan, on the contiguity graph.
        let setup = try PartitionSetup.build(graph: g, count: .total(Self.k), tolerance: 0.05)
        #expect(setup.activeNeighbours.count < g.neighbours.count)
        let s = GridWorkState(
            graph: g, columns: 1, unitWeights: setup.unitWeights,
            activeOffsets: setup.activeOffsets, activeNeighbours: setup.activeNeighbours,
            assignment: plan.assignment, gridCount: plan.gridCount,
            gridRegion: [Int32](repeating: 0, count: plan.gridCount),
            regionLo: [setup.communityLo[0]], regionHi: [setup.communityHi[0]], regionIdeal: [setup.communityIdeal[0]])
        let far = ContinuousClock.now + .seconds(60)
        #expect(s.refineVCycle(maxLevels: 8, passesPerLevel: 2, maxStall: 100, seed: 2, deadline: far) != nil)
        checkActive(s.assign, "V-cycle")
        _ = s.rebisectPairs(maxSweeps: 2, maxCalls: 80, minRatio: 0.5, seed: 2, deadline: far)
        checkActive(s.assign, "pairs")
        print("barrier graph: fast path cut \(plan.metrics.cutEdges), after V-cycle and pairs \(Self.cut(g, s.assign))")
    }
}
