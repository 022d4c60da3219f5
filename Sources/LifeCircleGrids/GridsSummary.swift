import Foundation
import LifeCircleIO
import LifeCircleProjection

/// A grids job's plan metrics as written to summary.json (snake_case keys):
/// totals, per-community decisions, issues, moves (rebalance) and one row
/// per grid, plus the stage timings.
public struct GridsSummary: Codable, Sendable, Equatable {
    public struct Grid: Codable, Sendable, Equatable {
        public var gridCode: String
        public var community: String
        public var units: Int
        public var weight: [String: Double]
        public var deviation: [String: Double]
        public var pieces: Int
        public var dissolvedPieces: Int?
        public var area: Double
        public var perimeter: Double
        public var polsbyPopper: Double?
        public var reock: Double?
        public var convexHullRatio: Double?
        public var cutEdges: Int
        public var barrierCrossings: Int
        public var nestingViolations: Int
        /// Codes of the neighbouring grids.
        public var neighbours: [String]

        enum CodingKeys: String, CodingKey {
            case gridCode = "grid_code"
            case community, units, weight, deviation, pieces
            case dissolvedPieces = "dissolved_pieces"
            case area, perimeter
            case polsbyPopper = "polsby_popper"
            case reock
            case convexHullRatio = "convex_hull_ratio"
            case cutEdges = "cut_edges"
            case barrierCrossings = "barrier_crossings"
            case nestingViolations = "nesting_violations"
            case neighbours
        }
    }

    public struct Issue: Codable, Sendable, Equatable {
        public var kind: String
        public var community: String?
        public var message: String
        public var units: [String]
    }

    public struct Community: Codable, Sendable, Equatable {
        public var community: String
        public var units: Int
        public var grids: Int
        public var totalWeight: [String: Double]
        public var idealWeight: [String: Double]
        public var bandMin: Double
        public var bandMax: Double
        public var feasibleGridsMin: Int?
        public var feasibleGridsMax: Int?
        public var deviationLowerBound: Double

        enum CodingKeys: String, CodingKey {
            case community, units, grids
            case totalWeight = "total_weight"
            case idealWeight = "ideal_weight"
            case bandMin = "band_min"
            case bandMax = "band_max"
            case feasibleGridsMin = "feasible_grids_min"
            case feasibleGridsMax = "feasible_grids_max"
            case deviationLowerBound = "deviation_lower_bound"
        }
    }

    public struct Move: Codable, Sendable, Equatable {
        public var unit: String
        public var fromGrid: String
        public var toGrid: String
        public var weight: [String: Double]
        enum CodingKeys: String, CodingKey {
            case unit
            case fromGrid = "from_grid"
            case toGrid = "to_grid"
            case weight
        }
    }

    public struct Barrier: Codable, Sendable, Equatable {
        public var unitA: String
        public var unitB: String
        public var x: Double
        public var y: Double
        public var community: String
        enum CodingKeys: String, CodingKey {
            case unitA = "unit_a"
            case unitB = "unit_b"
            case x, y, community
        }
    }

    /// The plan a rebalance started from.
    public struct Before: Codable, Sendable, Equatable {
        public var maxAbsDeviation: Double
        public var range: Double
        public var cutEdges: Int
        public var noncontiguousGrids: Int
        enum CodingKeys: String, CodingKey {
            case maxAbsDeviation = "max_abs_deviation"
            case range
            case cutEdges = "cut_edges"
            case noncontiguousGrids = "noncontiguous_grids"
        }
    }

    public var command: String
    public var units: Int
    public var gridCount: Int
    public var weights: [String]
    public var tolerance: Double
    public var maxAbsDeviation: Double
    public var range: Double
    public var cutEdges: Int
    public var cutLength: Double
    public var meanPolsbyPopper: Double?
    public var meanReock: Double?
    public var meanConvexHullRatio: Double?
    public var noncontiguousGrids: Int
    public var barrierCrossings: Int
    public var nestingViolations: Int
    public var totalWeight: [String: Double]
    /// The working CRS.
    public var crs: String?
    /// Seconds the plan itself took (partition / rebalance; 0 for evaluate).
    /// The search's own seconds (not written: `timings_s` holds it as the `partition` stage).
    public var seconds: Double = 0
    public var stoppedByLimit: Bool
    /// The improving search after the pipeline: rounds, rounds without improvement, why it stopped.
    public var search: SearchReport?
    /// The grid furthest from its ideal and why.
    public var worstGrid: WorstGrid?
    public var communities: [Community]
    /// Adjacencies the barrier lines remove (kept only where `relaxed_barriers` lists them).
    public var barrierAdjacencies: Int = 0
    public var relaxedBarriers: [Barrier]
    public var issues: [Issue]
    public var moves: [Move]?
    public var changedGrids: [String]?
    public var before: Before?
    public var grids: [Grid]
    /// Seconds per stage of the job, in run order.
    public var timingsS: [StageTiming] = []
    /// Seconds the whole job took.
    public var elapsedS: Double = 0

    enum CodingKeys: String, CodingKey {
        case command, units
        case gridCount = "grid_count"
        case weights, tolerance
        case maxAbsDeviation = "max_abs_deviation"
        case range
        case cutEdges = "cut_edges"
        case cutLength = "cut_length"
        case meanPolsbyPopper = "mean_polsby_popper"
        case meanReock = "mean_reock"
        case meanConvexHullRatio = "mean_convex_hull_ratio"
        case noncontiguousGrids = "noncontiguous_grids"
        case barrierCrossings = "barrier_crossings"
        case nestingViolations = "nesting_violations"
        case totalWeight = "total_weight"
        case crs
        case stoppedByLimit = "stopped_by_limit"
        case search
        case worstGrid = "worst_grid"
        case communities
        case barrierAdjacencies = "barrier_adjacencies"
        case relaxedBarriers = "relaxed_barriers"
        case issues, moves
        case changedGrids = "changed_grids"
        case before, grids
        case timingsS = "timings_s"
        case elapsedS = "elapsed_s"
    }

    public init(
        command: String, plan: GridPlan, graph: UnitGraph, tolerance: Double, crs: CRS?, issues extra: [GridIssue],
        moves: [UnitMove]? = nil, changed: [String]? = nil, before: PlanMetrics? = nil
    ) {
        let m = plan.metrics
        let names = graph.weightNames
        func dict(_ v: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(names, v)) }
        self.command = command
        units = graph.unitCount
        gridCount = plan.gridCount
        weights = names
        self.tolerance = tolerance
        maxAbsDeviation = m.maxAbsDeviation
        range = m.range
        cutEdges = m.cutEdges
        cutLength = m.cutLength
        meanPolsbyPopper = m.meanPolsbyPopper
        meanReock = m.meanReock
        meanConvexHullRatio = m.meanConvexHullRatio
        noncontiguousGrids = m.noncontiguousGrids
        barrierCrossings = m.barrierCrossings
        nestingViolations = m.nestingViolations
        totalWeight = dict(m.totalWeight)
        self.crs = crs?.description
        seconds = plan.elapsedSeconds
        stoppedByLimit = plan.stoppedByLimit
        search = plan.search
        worstGrid = WorstGrid.explain(plan: plan, graph: graph, tolerance: tolerance)
        communities = plan.communities.filter { $0.unitCount > 0 }.map {
            Community(
                community: $0.key, units: $0.unitCount, grids: $0.grids, totalWeight: dict($0.totalWeight),
                idealWeight: dict($0.idealWeight), bandMin: $0.bandMin, bandMax: $0.bandMax,
                feasibleGridsMin: $0.feasibleGridsMin, feasibleGridsMax: $0.feasibleGridsMax,
                deviationLowerBound: $0.deviationLowerBound)
        }
        // Each adjacency has a slot at both ends.
        barrierAdjacencies = graph.crossesBarrier.reduce(0) { $0 + Int($1) } / 2
        relaxedBarriers = plan.relaxedBarriers.map {
            Barrier(unitA: graph.unitName($0.unitA), unitB: graph.unitName($0.unitB), x: $0.x, y: $0.y, community: $0.community)
        }
        issues = (extra + plan.issues).map {
            Issue(kind: $0.kind.rawValue, community: $0.community, message: $0.message, units: $0.units.prefix(100).map { graph.unitName($0) })
        }
        self.moves = moves?.map { Move(unit: graph.unitName($0.unit), fromGrid: $0.fromGrid, toGrid: $0.toGrid, weight: dict($0.weight)) }
        changedGrids = changed
        self.before = before.map {
            Before(maxAbsDeviation: $0.maxAbsDeviation, range: $0.range, cutEdges: $0.cutEdges, noncontiguousGrids: $0.noncontiguousGrids)
        }
        grids = m.grids.map {
            Grid(
                gridCode: $0.code, community: $0.community, units: $0.units, weight: dict($0.weight), deviation: dict($0.deviation),
                pieces: $0.pieces, dissolvedPieces: $0.dissolvedPieces, area: $0.area, perimeter: $0.perimeter,
                polsbyPopper: $0.polsbyPopper, reock: $0.reock, convexHullRatio: $0.convexHullRatio,
                cutEdges: $0.cutEdges, barrierCrossings: $0.barrierCrossings, nestingViolations: $0.nestingViolations,
                neighbours: $0.neighbours)
        }
    }

    /// Pretty JSON with sorted keys, as summary.json is written.
    public func jsonData() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}
