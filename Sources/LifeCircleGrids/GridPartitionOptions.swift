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
    /// Recursive spanning-tree bisection (no METIS needed).
    case treeBisection
    /// METIS's contiguous k-way partition of each region (pieces and empty
    /// parts repaired), then the same refinement (default: the best start found
    /// in benchmarks; annealing then beats METIS's own cut at tighter balance).
    case metis
}

/// Which optimisation pipeline `GridPartitioner` runs.
public enum GridPartitionStrategy: Sendable, Hashable {
    /// `.multilevel` for graphs over 2,000 units when the knobs are left at their
    /// defaults (`initial` `.metis`, `annealSteps` nil, no recombination sweeps, no
    /// inertia passes); `.classic` otherwise. Each start of the portfolio applies
    /// this rule to its own options.
    case automatic
    /// METIS as pymetis runs it over the whole band, then cut-edge moves, a
    /// V-cycle of k-way FM, pocket and pair re-bisection and unit-level FM; a
    /// tree-bisection start through `.classic` (no annealing) when the band is
    /// still missed. Ignores `annealSteps`, `recombinationSweeps` and `inertiaPasses`.
    case multilevel
    /// Inner band, boundary moves, balance repair, optional recombination and
    /// simulated annealing, over a portfolio of starts (6 up to 2,000 units).
    case classic

    /// The pipeline this strategy stands for on a graph of `unitCount` units with options `o`.
    public func resolved(unitCount: Int, options o: GridPartitionOptions) -> GridPartitionStrategy {
        switch self {
        case .multilevel, .classic: return self
        case .automatic:
            let defaults = o.initial == .metis && o.annealSteps == nil && o.recombinationSweeps == 0 && o.inertiaPasses == 0
            return defaults && unitCount > 2_000 ? .multilevel : .classic
        }
    }
}

public struct GridPartitionOptions: Sendable {
    public var count: GridCount
    /// Relative balance tolerance around each community's ideal weight (0.05 = ±5%).
    public var tolerance: Double
    public var seed: UInt64
    /// Bound on refinement passes (boundary moves) per phase.
    public var maxPasses: Int
    /// Passes of compactness-only boundary moves (mass inertia, k-means like) before the cut passes.
    public var inertiaPasses: Int
    /// Band the optimisation aims for inside `tolerance` (nil: half of it); grids
    /// that cannot reach it are only held to `tolerance`.
    public var innerTolerance: Double?
    /// Independent starts, best kept (nil: 6 up to 2,000 units, else 1; the multilevel pipeline's starts are METIS seeds);
    /// classic starts 2–3 mod 4 aim for the whole band.
    public var restarts: Int?
    /// Simulated-annealing boundary moves after the first refinement (nil: 100 per unit, at least 200k, at most 2M,
    /// up to 2,000 units; above, nil lets `.automatic` pick the multilevel pipeline; 0 = off).
    public var annealSteps: Int?
    /// Bound on merge–split (recombination) sweeps.
    public var recombinationSweeps: Int
    /// Bound on balance-repair steps.
    public var maxRepairSteps: Int
    /// Wall-clock bound for the whole partition, seconds.
    public var timeLimit: Double
    public var initial: InitialPlan
    /// Pipeline: `.automatic` (default) picks by graph size and knobs, see `GridPartitionStrategy`.
    public var strategy: GridPartitionStrategy
    /// Rounds of the improving search after the pipeline (`ShortBurstSearch`;
    /// nil: about 20 million unit-steps of work, 20–300 rounds, up to 2,000 units; 32 re-bisecting rounds up to 20,000
    /// units (`ShortBurstSearch.rebisects`); none above; 0 = off).
    public var searchRounds: Int?
    /// The search stops after this many rounds without improvement.
    public var searchPatience: Int = 40
    /// Independent search chains from the pipeline's plan, best kept (`SearchChains`;
    /// nil: 8 up to 1,000 units, 4 up to 5,000, else 2; 1 = a single chain as before).
    public var searchChains: Int?
    /// Independent starts of the whole pipeline, each searched by its chains, the best
    /// kept by cut edges (`MultiStartSearch`; nil: 8 up to 2,000 units, 200,000/units within 4–24 above, where the search runs; 1 = one start).
    public var searchStarts: Int?
    /// How many of those starts get the chains: start 0 and the best first plans of the others by cut edges (nil: 4).
    public var searchedStarts: Int?
    /// Closing short bursts on the kept plan, at the full band (`ShortBurstSearch.closing`;
    /// nil: none, see `ShortBurstSearch.defaultClosingBursts`; n = n bursts on each of two chains).
    public var searchClosingBursts: Int?
    /// The search's annealing and boundary moves count cut edges (default), as the
    /// search ranks plans, or shared boundary length (false): on 2,000 Voronoi cells
    /// → 40 counting edges gave 817 cut edges where shared length gave 898.
    public var searchCountsEdges = true

    public init(
        count: GridCount, tolerance: Double = 0.05, seed: UInt64 = 1, maxPasses: Int = 50,
        inertiaPasses: Int = 0, recombinationSweeps: Int = 0, maxRepairSteps: Int = 10_000, timeLimit: Double = 120,
        initial: InitialPlan = .metis, restarts: Int? = nil, annealSteps: Int? = nil, innerTolerance: Double? = nil,
        strategy: GridPartitionStrategy = .automatic, searchRounds: Int? = nil
    ) {
        self.strategy = strategy
        self.searchRounds = searchRounds
        self.restarts = restarts; self.annealSteps = annealSteps; self.innerTolerance = innerTolerance
        self.count = count; self.tolerance = tolerance; self.seed = seed; self.maxPasses = maxPasses
        self.inertiaPasses = inertiaPasses; self.recombinationSweeps = recombinationSweeps; self.maxRepairSteps = maxRepairSteps
        self.timeLimit = timeLimit; self.initial = initial
    }
}
