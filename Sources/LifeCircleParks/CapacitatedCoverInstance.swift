import Foundation

/// A capacitated covering instance: which demand each candidate reaches and
/// how far, the demand weights, and one capacity per new site. Each demand
/// point goes to its nearest open site (distance, then candidate index, so
/// the assignment is unique); a site serves at most `capacity` weight, its
/// nearest assigned demand first, the last one possibly in part.
public struct CapacitatedCoverInstance: Sendable {
    /// Candidate → reached demand (demand already served by an existing facility left out).
    public let sets: CoverageSets
    /// Distance of each pair, parallel to `sets.indices`.
    public let distances: [Double]
    public let weights: [Double]
    public let capacity: Double
    /// Demand → its reaching candidates nearest first (CSR): pair indices into `sets.indices`.
    public let demandOffsets: [Int]
    public let demandPairs: [Int32]
    /// Candidate of each pair (the inverse of `sets.offsets`).
    public let pairCandidate: [Int32]

    public init(sets: CoverageSets, distances: [Double], weights: [Double], capacity: Double) throws {
        guard distances.count == sets.indices.count else {
            throw ParksError.invalidInput("distances: \(distances.count) values for \(sets.indices.count) candidate-demand pairs")
        }
        guard weights.count == sets.demandCount else {
            throw ParksError.invalidInput("weights: \(weights.count) values for \(sets.demandCount) demand points")
        }
        for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) {
            throw ParksError.invalidInput("weights: demand point \(i) has weight \(w); weights must be finite and non-negative")
        }
        guard capacity.isFinite, capacity > 0 else { throw ParksError.invalidInput("capacity \(capacity) must be a positive weight") }
        self.sets = sets; self.distances = distances; self.weights = weights; self.capacity = capacity
        var cand = [Int32](repeating: 0, count: sets.indices.count)
        for j in 0..<sets.candidateCount { for k in sets.offsets[j]..<sets.offsets[j + 1] { cand[k] = Int32(j) } }
        pairCandidate = cand
        var counts = [Int](repeating: 0, count: sets.demandCount + 1)
        for d in sets.indices { counts[Int(d) + 1] += 1 }
        for i in 0..<sets.demandCount { counts[i + 1] += counts[i] }
        var fill = counts, pairs = [Int32](repeating: 0, count: sets.indices.count)
        for k in 0..<sets.indices.count {
            let i = Int(sets.indices[k])
            pairs[fill[i]] = Int32(k); fill[i] += 1
        }
        // Nearest first; pairs of one demand were filled in candidate order, so a stable sort breaks ties by candidate.
        for i in 0..<sets.demandCount where counts[i + 1] - counts[i] > 1 {
            let sorted = pairs[counts[i]..<counts[i + 1]].sorted { a, b in
                let da = distances[Int(a)], db = distances[Int(b)]
                return da < db || (da == db && cand[Int(a)] < cand[Int(b)])
            }
            pairs.replaceSubrange(counts[i]..<counts[i + 1], with: sorted)
        }
        demandOffsets = counts; demandPairs = pairs
    }

    public var candidateCount: Int { sets.candidateCount }
    public var demandCount: Int { sets.demandCount }

    /// Weight of the demand some candidate reaches.
    public var reachableWeight: Double {
        var s = 0.0
        for i in 0..<demandCount where demandOffsets[i + 1] > demandOffsets[i] { s += weights[i] }
        return s
    }

    /// The nearest-open-site assignment of `open` with capacities applied.
    public func assign(open: some Sequence<Int>) -> CapacitatedAssignment {
        var isOpen = [Bool](repeating: false, count: candidateCount)
        for j in open where j >= 0 && j < candidateCount { isOpen[j] = true }
        var site = [Int32](repeating: -1, count: demandCount)
        var assigned = [Double](repeating: 0, count: candidateCount)
        for i in 0..<demandCount {
            for k in demandOffsets[i]..<demandOffsets[i + 1] {
                let j = Int(pairCandidate[Int(demandPairs[k])])
                if isOpen[j] { site[i] = Int32(j); assigned[j] += weights[i]; break }
            }
        }
        // Each site fills its capacity with its nearest assigned demand first (ties by demand index).
        var served = [Double](repeating: 0, count: demandCount), servedBySite = [Double](repeating: 0, count: candidateCount)
        for j in 0..<candidateCount where isOpen[j] {
            var left = capacity
            let order = (sets.offsets[j]..<sets.offsets[j + 1]).filter { site[Int(sets.indices[$0])] == Int32(j) }
                .sorted { distances[$0] < distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            for k in order {
                let i = Int(sets.indices[k])
                let take = min(weights[i], left)
                served[i] = take; left -= take; servedBySite[j] += take
                if left <= 0 { break }
            }
        }
        return CapacitatedAssignment(site: site, served: served, assignedBySite: assigned, servedBySite: servedBySite)
    }

    /// Newly served weight of `open`: Σ over open sites of min(capacity, assigned weight).
    public func value(of open: some Sequence<Int>) -> Double {
        let a = assign(open: open)
        return a.servedBySite.reduce(0, +)
    }

    /// The sites in the order greedy would add them (largest gain first, ties
    /// by index), with each one's gain in that order. Gains can be negative:
    /// a new site may draw residents from a site with spare capacity to a full one.
    public func greedyOrder(of sites: [Int]) -> (order: [Int], gains: [Double]) {
        let r = CapacitatedGreedy.solve(self, count: nil, among: sites)
        return (r.selected, r.marginalGains)
    }
}

/// Where each demand point goes and how much of it is served.
public struct CapacitatedAssignment: Sendable, Equatable {
    /// The nearest open site of each demand point, -1 when none reaches it.
    public var site: [Int32]
    /// Served weight of each demand point (its weight, less what its site's capacity left over).
    public var served: [Double]
    /// Weight assigned to each candidate (0 when closed), before capacity.
    public var assignedBySite: [Double]
    /// Weight each candidate serves: min(capacity, assigned).
    public var servedBySite: [Double]

    public var servedWeight: Double { servedBySite.reduce(0, +) }
    /// Weight with an open site in reach but left unserved by its capacity.
    public var unservedByCapacity: Double { zip(assignedBySite, servedBySite).reduce(0) { $0 + $1.0 - $1.1 } }
}
