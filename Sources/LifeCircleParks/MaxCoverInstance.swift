/// A site-selection instance: coverage sets, demand weights, who is already
/// served by existing parks (those parks count as open and cannot be chosen),
/// and optional site areas for an area budget.
public struct MaxCoverInstance: Sendable {
    public var sets: CoverageSets
    /// Weight per demand point (population, households, area, or 1).
    public var weights: [Double]
    /// Demand already served by existing green space; empty means nobody is.
    public var alreadyServed: [Bool]
    /// Area per candidate (m²), needed only for an area budget.
    public var siteAreas: [Double]

    public init(sets: CoverageSets, weights: [Double], alreadyServed: [Bool] = [], siteAreas: [Double] = []) {
        self.sets = sets
        self.weights = weights
        self.alreadyServed = alreadyServed
        self.siteAreas = siteAreas
    }

    public var candidateCount: Int { sets.candidateCount }
    public var demandCount: Int { sets.demandCount }

    @inlinable func isServed(_ i: Int) -> Bool { !alreadyServed.isEmpty && alreadyServed[i] }

    /// Total weight of all demand points.
    public var totalWeight: Double { weights.reduce(0, +) }

    /// Weight already served before any new site.
    public var servedWeightBefore: Double {
        guard !alreadyServed.isEmpty else { return 0 }
        var s = 0.0
        for i in 0..<weights.count where alreadyServed[i] { s += weights[i] }
        return s
    }

    /// Weight that could possibly be newly served: unserved and within reach of some candidate.
    public var reachableUnservedWeight: Double {
        var reach = [Bool](repeating: false, count: demandCount)
        for d in sets.indices { reach[Int(d)] = true }
        var s = 0.0
        for i in 0..<demandCount where reach[i] && !isServed(i) { s += weights[i] }
        return s
    }

    /// Checks array lengths and values; every solver calls this first, so
    /// nothing malformed ever reaches GLPK (whose errors abort the process).
    public func validate(needAreas: Bool = false) throws {
        guard weights.count == demandCount else {
            throw ParksError.invalidInput("weights: \(weights.count) values for \(demandCount) demand points; give one weight per resident")
        }
        for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) {
            throw ParksError.invalidInput("weights: demand point \(i) has weight \(w); weights must be finite and non-negative")
        }
        guard alreadyServed.isEmpty || alreadyServed.count == demandCount else {
            throw ParksError.invalidInput("alreadyServed: \(alreadyServed.count) flags for \(demandCount) demand points")
        }
        if needAreas {
            guard siteAreas.count == candidateCount else {
                throw ParksError.invalidInput(
                    "site areas: \(siteAreas.count) values for \(candidateCount) candidates; an area budget needs one area per candidate")
            }
            for (j, a) in siteAreas.enumerated() where !(a.isFinite && a >= 0) {
                throw ParksError.invalidInput("site areas: candidate \(j) has area \(a); areas must be finite and non-negative")
            }
        }
    }

    /// Newly served weight of a set of sites (ignores duplicates).
    public func coveredWeight(of sites: some Sequence<Int>) -> Double {
        var covered = [Bool](repeating: false, count: demandCount)
        var s = 0.0
        for j in sites {
            for d in sets.demands(of: j) {
                let i = Int(d)
                if !covered[i] && !isServed(i) { covered[i] = true; s += weights[i] }
            }
        }
        return s
    }

    /// Marginal gains of `sites` taken in the given order.
    public func marginalGains(of sites: [Int]) -> [Double] {
        var covered = [Bool](repeating: false, count: demandCount)
        return sites.map { j in
            var g = 0.0
            for d in sets.demands(of: j) {
                let i = Int(d)
                if !covered[i] && !isServed(i) { covered[i] = true; g += weights[i] }
            }
            return g
        }
    }

    /// The same sites ordered as greedy would take them (largest marginal gain
    /// first, ties by index), so exact selections also read "most useful first".
    public func greedyOrder(of sites: [Int]) -> (order: [Int], gains: [Double]) {
        var remaining = Array(Set(sites)).sorted()
        var covered = [Bool](repeating: false, count: demandCount)
        var order: [Int] = [], gains: [Double] = []
        while !remaining.isEmpty {
            var best = -1, bestGain = -1.0
            for (k, j) in remaining.enumerated() {
                var g = 0.0
                for d in sets.demands(of: j) where !covered[Int(d)] && !isServed(Int(d)) { g += weights[Int(d)] }
                if g > bestGain { bestGain = g; best = k }
            }
            let j = remaining.remove(at: best)
            for d in sets.demands(of: j) { covered[Int(d)] = true }
            order.append(j); gains.append(bestGain)
        }
        return (order, gains)
    }
}

/// How a selection ended.
public enum SelectionStatus: String, Sendable, Codable {
    /// Proven optimal (exact) or complete (greedy ran its course).
    case optimal
    /// A feasible solution; optimality not proven within the limits.
    case feasible
    /// Greedy heuristic result (no optimality claim).
    case heuristic
    /// No solution satisfies the constraints (e.g. target share unreachable).
    case infeasible
    /// Nothing to decide: no candidates, nothing to cover, or all already served.
    case trivial
}

/// The outcome of a selection method.
public struct SelectionResult: Sendable {
    /// Chosen candidate indices, most useful first.
    public var selected: [Int]
    /// Marginal newly served weight of each selected site, in that order.
    public var marginalGains: [Double]
    /// Newly served weight of the whole selection.
    public var coveredWeight: Double
    public var status: SelectionStatus
    /// Proven upper bound on the objective (max cover) or lower bound on the
    /// number of sites (set cover), when the method gives one.
    public var bound: Double?
    /// Plain-language notes for the summary (clamped p, all served, time limit...).
    public var notes: [String]
    /// Solver iterations / branch-and-bound nodes / heap pops.
    public var iterations: Int
    public var seconds: Double

    public init(
        selected: [Int], marginalGains: [Double], coveredWeight: Double, status: SelectionStatus,
        bound: Double? = nil, notes: [String] = [], iterations: Int = 0, seconds: Double = 0
    ) {
        self.selected = selected; self.marginalGains = marginalGains; self.coveredWeight = coveredWeight
        self.status = status; self.bound = bound; self.notes = notes; self.iterations = iterations; self.seconds = seconds
    }
}

/// Limits and constraints for maximal covering.
public struct MaxCoverOptions: Sendable {
    /// Number of sites p.
    public var count: Int
    /// Require exactly p sites (Σx = p) instead of at most p. With exact count,
    /// p is still clamped to the number of candidates.
    public var exactCount: Bool
    /// Optional cap on the total area (m²) of chosen sites.
    public var areaBudget: Double?
    /// Time limit for exact solving, seconds.
    public var timeLimit: Double
    /// Relative MIP gap at which the exact solver may stop (0 = prove optimality).
    public var mipGap: Double

    public init(count: Int, exactCount: Bool = false, areaBudget: Double? = nil, timeLimit: Double = 60, mipGap: Double = 0) {
        self.count = count; self.exactCount = exactCount; self.areaBudget = areaBudget
        self.timeLimit = timeLimit; self.mipGap = mipGap
    }
}
