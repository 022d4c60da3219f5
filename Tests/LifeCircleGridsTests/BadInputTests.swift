import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleGrids

@Suite struct BadInputTests {
    @Test func noWeightColumnIsAnError() throws {
        let g = try UnitGraph(unitCount: 4, edges: [UnitEdge(0, 1, length: 1), UnitEdge(1, 2, length: 1), UnitEdge(2, 3, length: 1)], weights: [])
        #expect(throws: GridError.self) { try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(2)).oneStart()) }
        do { _ = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(2)).oneStart()) } catch {
            #expect("\(error)".contains("no weight column"))
        }
    }

    @Test func missingWeightsAreNamedAndThePlanIsStillMade() throws {
        var w = [Double](repeating: 1, count: 36)
        w[5] = .nan; w[17] = -3
        var g = try UnitGraph.lattice(rows: 6, cols: 6, weights: [w])
        g.unitIDs = (0..<36).map { "cell\($0)" }
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(3)).oneStart())
        let issue = plan.issues.first { $0.kind == .missingWeights }
        #expect(issue?.units == [5, 17])
        #expect(issue?.message.contains("cell5") == true)
        #expect(plan.assignment.allSatisfy { $0 >= 0 } && plan.gridCount == 3)
    }

    @Test func islandIsNamedAndJoined() throws {
        // 5×5 lattice plus one unit (25) far away with no neighbour.
        let base = try UnitGraph.lattice(rows: 5, cols: 5)
        var cent = base.centroid; cent.append(Coordinate(40, 40))
        let g = try UnitGraph(
            unitCount: 26, edges: base.edges, weights: [[Double](repeating: 1, count: 26)],
            area: [Double](repeating: 1, count: 26), perimeter: [Double](repeating: 4, count: 26), centroid: cent)
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(2), tolerance: 0.1).oneStart())
        let issue = plan.issues.first { $0.kind == .isolatedUnits }
        #expect(issue?.units == [25])
        #expect(plan.bridges.count == 1 && plan.bridges[0].a == 25 || plan.bridges[0].b == 25)
        #expect(plan.assignment.allSatisfy { $0 >= 0 })
        #expect(plan.metrics.maxAbsDeviation <= 0.1 + 1e-12)
        // The island's grid is in two pieces in the adjacency graph, and that is said.
        #expect(plan.metrics.noncontiguousGrids == 1)
        #expect(plan.issues.contains { $0.kind == .noncontiguousGrid })
    }

    @Test func communityWithFewerUnitsThanGrids() throws {
        // Community X: 6×6 lattice; community Y: 2 units next to it.
        let base = try UnitGraph.lattice(rows: 6, cols: 6)
        var edges = base.edges
        edges.append(UnitEdge(5, 36, length: 1)); edges.append(UnitEdge(36, 37, length: 1))
        var cent = base.centroid; cent += [Coordinate(6.5, 5.5), Coordinate(7.5, 5.5)]
        let nest = [Int32](repeating: 0, count: 36) + [1, 1]
        let g = try UnitGraph(
            unitCount: 38, edges: edges, weights: [[Double](repeating: 1, count: 38)],
            area: [Double](repeating: 1, count: 38), perimeter: [Double](repeating: 4, count: 38),
            centroid: cent, nest: nest, nestKeys: ["X", "Y"])
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .perCommunity(["X": 4, "Y": 5])).oneStart())
        let issue = plan.issues.first { $0.kind == .fewerUnitsThanGrids }
        #expect(issue?.community == "Y")
        #expect(plan.gridCount == 6)
        // Community X is still split into 4 balanced grids; no grid crosses communities.
        #expect(plan.gridCodes.filter { $0.hasPrefix("X") }.count == 4)
        #expect(plan.metrics.nestingViolations == 0)
        let sums = Check.sums(g.weights[0], plan.assignment)
        for (gi, s) in sums where plan.gridCodes[Int(gi)].hasPrefix("X") { #expect(abs(s - 9) / 9 <= 0.05) }
        for u in 0..<38 { #expect(plan.gridCommunity[Int(plan.assignment[u])] == nest[u]) }
    }

    @Test func targetBandNoPlanCanMeet() throws {
        let g = try UnitGraph.lattice(rows: 2, cols: 5)  // total weight 10
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .target(min: 4, max: 4.5)).oneStart())
        let issue = plan.issues.first { $0.kind == .infeasibleBand }
        #expect(issue != nil)
        #expect(issue?.message.contains("no grid count meets the target 4:4.5") == true)
        #expect(plan.communities[0].feasibleGridsMin == 3 && plan.communities[0].feasibleGridsMax == 2)
        #expect(plan.gridCount >= 2 && plan.assignment.allSatisfy { $0 >= 0 })
    }

    @Test func targetBandDerivesGridCount() throws {
        let g = try UnitGraph.lattice(rows: 10, cols: 10)  // 100
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .target(min: 15, max: 25)).oneStart())
        #expect(plan.communities[0].feasibleGridsMin == 4 && plan.communities[0].feasibleGridsMax == 6)
        #expect(plan.gridCount == 5)
        let sums = Check.sums(g.weights[0], plan.assignment)
        #expect(sums.values.allSatisfy { $0 >= 15 && $0 <= 25 })
    }

    @Test func heavyUnitSetsTheLowerBound() throws {
        var w = [Double](repeating: 1, count: 100)
        w[44] = 50; w[45] = 60; w[46] = 100  // total 307, 4 grids → ideal 76.75: unit 46 alone is +30.3%
        let g = try UnitGraph.lattice(rows: 10, cols: 10, weights: [w])
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(4)).oneStart())
        let lb = plan.communities[0].deviationLowerBound
        #expect(abs(lb - (100.0 / 76.75 - 1)) < 1e-9)
        #expect(plan.issues.contains { $0.kind == .infeasibleBand && $0.units == [46] })
        #expect(plan.metrics.maxAbsDeviation >= lb - 1e-9)
        #expect(plan.assignment.allSatisfy { $0 >= 0 })
    }
}

@Suite struct BarrierTests {
    @Test func barrierBecomesTheBorder() throws {
        // 6 × 10 lattice; a barrier between columns 4 and 5 splits it into equal halves.
        let base = try UnitGraph.lattice(rows: 6, cols: 10)
        let edges = base.edges.map { e -> UnitEdge in
            var e = e
            if e.a % 10 == 4 && e.b == e.a + 1 { e.crossesBarrier = true }
            return e
        }
        let g = try UnitGraph(
            unitCount: 60, edges: edges, weights: base.weights, area: base.area,
            perimeter: base.perimeter, centroid: base.centroid)
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(2)).oneStart())
        #expect(plan.metrics.barrierCrossings == 0)
        for u in 0..<60 { #expect(plan.assignment[u] == plan.assignment[(u / 10) * 10 + (u % 10 < 5 ? 0 : 9)]) }
        #expect(plan.relaxedBarriers.isEmpty)
    }

    @Test func barrierCuttingOffASmallPartIsRelaxedAndSaid() throws {
        // Barrier isolates column 0 (6 units of 60): too light for a grid of 30.
        let base = try UnitGraph.lattice(rows: 6, cols: 10)
        let edges = base.edges.map { e -> UnitEdge in
            var e = e
            if e.a % 10 == 0 && e.b == e.a + 1 { e.crossesBarrier = true }
            return e
        }
        let g = try UnitGraph(
            unitCount: 60, edges: edges, weights: base.weights, area: base.area,
            perimeter: base.perimeter, centroid: base.centroid)
        let plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(count: .total(2)).oneStart())
        #expect(plan.relaxedBarriers.count == 1)
        #expect(plan.issues.contains { $0.kind == .barrierRelaxed && $0.message.contains("at (") })
        let pieces = Check.pieces(unitCount: 60, edges: base.edges.map { ($0.a, $0.b) }, assignment: plan.assignment)
        #expect(pieces.values.allSatisfy { $0 == 1 })
        #expect(plan.metrics.maxAbsDeviation <= 0.05)
    }
}
