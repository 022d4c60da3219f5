/// How many grids, and how balanced.
public enum GridCount: Sendable, Hashable {
    /// K grids in total, distributed over communities by weight (largest remainder, at least 1 each).
    case total(Int)
    /// K per community, by nest key; communities missing from the table get K by weight share of the rest.
    case perCommunity([String: Int])
    /// A band for the first weight column (e.g. 300...500 households); K per community is derived.
    case target(min: Double, max: Double)
}

public enum InitialPlan: Sendable, Hashable {
    /// Recursive spanning-tree bisection (default).
    case treeBisection
    /// Start from a given grid index per unit (e.g. METIS's partition).
    case assignment([Int32])
}

public struct GridPartitionOptions: Sendable {
    public var count: GridCount
    /// Relative balance tolerance around each community's ideal weight (0.05 = ±5%).
    public var tolerance: Double
    public var seed: UInt64
    /// Bound on refinement passes (boundary moves) per phase.
    public var maxPasses: Int
    /// Bound on merge–split (recombination) sweeps.
    public var recombinationSweeps: Int
    /// Bound on balance-repair steps.
    public var maxRepairSteps: Int
    /// Wall-clock bound for the whole partition, seconds.
    public var timeLimit: Double
    public var initial: InitialPlan

    public init(count: GridCount, tolerance: Double = 0.05, seed: UInt64 = 1, maxPasses: Int = 50,
                recombinationSweeps: Int = 3, maxRepairSteps: Int = 10_000, timeLimit: Double = 120,
                initial: InitialPlan = .treeBisection) {
        self.count = count; self.tolerance = tolerance; self.seed = seed; self.maxPasses = maxPasses
        self.recombinationSweeps = recombinationSweeps; self.maxRepairSteps = maxRepairSteps
        self.timeLimit = timeLimit; self.initial = initial
    }
}
