import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

@Suite struct GridRebalancerTests {
    @Test(.enabled(if: SaoPaulo.present, "../shared/geodata/sao_paulo absent: skipping"))
    func saoPauloRebalanceAfterNewEstate() throws {
        var (g, c, e) = try SaoPaulo.graph()
        // The pipeline's plan without the improving search: the searched plan's grids
        // sit at the band's edges, from where the rebalancer's repair ends at ±5.006%.
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(10), seed: 3, searchRounds: 0).oneStart())
        let codes = plan.unitCodes
        // A new estate: +6,000 people in three units of the first grid.
        let target = plan.gridCodes[0]
        let hit = (0..<g.unitCount).filter { codes[$0] == target }.prefix(3)
        var pop = c.population
        for u in hit { pop[u] += 2_000 }
        g.weights = [pop]
        let r = try GridRebalancer.rebalance(graph: g, gridCodes: codes)
        #expect(r.metricsBefore.maxAbsDeviation > 0.05)
        // Independent checks: contiguity and balance.
        let a = r.plan.assignment
        let pieces = Check.pieces(unitCount: g.unitCount, edges: e, assignment: a)
        #expect(pieces.values.allSatisfy { $0 == 1 })
        let ideal = pop.reduce(0, +) / 10
        let sums = Check.sums(pop, a)
        #expect(sums.values.allSatisfy { abs($0 - ideal) / ideal <= 0.05 })
        // Codes unchanged; untouched grids keep exactly their units; moves are reported exactly.
        #expect(r.plan.gridCodes.sorted() == plan.gridCodes.sorted())
        let newCodes = r.plan.unitCodes
        let movedUnits = Set((0..<g.unitCount).filter { newCodes[$0] != codes[$0] })
        #expect(Set(r.moves.map(\.unit)) == movedUnits)
        for m in r.moves { #expect(codes[m.unit] == m.fromGrid && newCodes[m.unit] == m.toGrid) }
        let changed = Set(r.changedGrids)
        for u in 0..<g.unitCount where !changed.contains(codes[u]) { #expect(newCodes[u] == codes[u]) }
        #expect(changed.contains(target))
        #expect(r.moves.count < 30)
        print("rebalance moved", r.moves.count, "units over", r.changedGrids, "max dev", r.plan.metrics.maxAbsDeviation)
    }

    @Test func newUnitsJoinANeighbourAndTheyAreReported() throws {
        let g = try UnitGraph.lattice(rows: 4, cols: 4)
        var codes = (0..<16).map { $0 % 4 < 2 ? "W" : "E" }
        codes[0] = ""  // a new unit
        let r = try GridRebalancer.rebalance(graph: g, gridCodes: codes)
        #expect(r.plan.unitCodes[0] == "W")
        #expect(r.moves.contains { $0.unit == 0 && $0.fromGrid == "" && $0.toGrid == "W" })
        #expect(r.plan.metrics.maxAbsDeviation == 0)
    }
}
