import LifeCircleGeometry

/// What was decided for one community (nest key).
public struct CommunityPlan: Sendable, Codable, Hashable {
    public var key: String
    public var unitCount: Int
    public var grids: Int
    /// Total weight per column.
    public var totalWeight: [Double]
    /// Ideal grid weight per column (total / grids).
    public var idealWeight: [Double]
    /// Balance band of the first column actually used (absolute).
    public var bandMin: Double
    public var bandMax: Double
    /// Feasible grid counts for a --target band (nil when K was given).
    public var feasibleGridsMin: Int?
    public var feasibleGridsMax: Int?
    /// Lower bound on max |d_i| implied by the heaviest unit (0 when not binding).
    public var deviationLowerBound: Double
}

/// A barrier adjacency that was kept because a part would otherwise be cut off.
public struct RelaxedBarrier: Sendable, Codable, Hashable {
    public var unitA: Int
    public var unitB: Int
    /// Midpoint of the two units' centroids.
    public var x: Double
    public var y: Double
    public var community: String
    public var location: Coordinate { Coordinate(x, y) }
}

/// A unit moved by the rebalancer.
public struct UnitMove: Sendable, Codable, Hashable {
    public var unit: Int
    public var fromGrid: String
    public var toGrid: String
    public var weight: [Double]
}

/// A plan: a grid per unit, the grids' codes and communities, what was reached.
public struct GridPlan: Sendable {
    /// Grid index per unit (into `gridCodes`).
    public var assignment: [Int32]
    public var gridCodes: [String]
    /// Nest index of each grid.
    public var gridCommunity: [Int32]
    public var communities: [CommunityPlan]
    public var relaxedBarriers: [RelaxedBarrier]
    /// Adjacencies added to join islands to their nearest unit (unit pairs).
    public var bridges: [UnitEdge]
    public var issues: [GridIssue]
    public var metrics: PlanMetrics
    /// Refinement passes and moves used, time taken, and whether a bound stopped it.
    public var passes: Int
    public var moves: Int
    public var elapsedSeconds: Double
    public var stoppedByLimit: Bool
    /// Seconds spent per phase (initial, refine, repair, recombination, anneal) in the kept run.
    public var phaseSeconds: [String: Double] = [:]
    /// The improving search after the pipeline (nil when it did not run).
    public var search: SearchReport? = nil

    public var gridCount: Int { gridCodes.count }

    public init(
        assignment: [Int32], gridCodes: [String], gridCommunity: [Int32], communities: [CommunityPlan] = [],
        relaxedBarriers: [RelaxedBarrier] = [], bridges: [UnitEdge] = [], issues: [GridIssue] = [],
        metrics: PlanMetrics, passes: Int = 0, moves: Int = 0, elapsedSeconds: Double = 0,
        stoppedByLimit: Bool = false, phaseSeconds: [String: Double] = [:]
    ) {
        self.assignment = assignment; self.gridCodes = gridCodes; self.gridCommunity = gridCommunity
        self.communities = communities; self.relaxedBarriers = relaxedBarriers; self.bridges = bridges
        self.issues = issues; self.metrics = metrics; self.passes = passes; self.moves = moves
        self.elapsedSeconds = elapsedSeconds; self.stoppedByLimit = stoppedByLimit; self.phaseSeconds = phaseSeconds
    }

    /// Grid code of each unit.
    public var unitCodes: [String] { assignment.map { $0 >= 0 ? gridCodes[Int($0)] : "" } }
}
