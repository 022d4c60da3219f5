/// Which demand points each candidate site serves, as compressed sparse rows:
/// the demand indices of candidate `j` are `indices[offsets[j] ..< offsets[j+1]]`,
/// sorted ascending and unique (GLPK aborts the process on duplicate indices,
/// so uniqueness is enforced here, before any solver sees the data).
public struct CoverageSets: Sendable, Equatable {
    public let candidateCount: Int
    public let demandCount: Int
    public let offsets: [Int]
    public let indices: [Int32]

    /// Validating initialiser from raw CSR arrays.
    public init(candidateCount: Int, demandCount: Int, offsets: [Int], indices: [Int32]) throws {
        guard candidateCount >= 0, demandCount >= 0 else {
            throw ParksError.invalidCoverageSets("negative candidate or demand count")
        }
        guard demandCount < Int(Int32.max) else {
            throw ParksError.invalidCoverageSets("more than \(Int32.max) demand points are not supported")
        }
        guard offsets.count == candidateCount + 1, offsets.first == 0, offsets.last == indices.count else {
            throw ParksError.invalidCoverageSets("offsets must have candidateCount+1 entries from 0 to indices.count")
        }
        for j in 0..<candidateCount {
            let lo = offsets[j], hi = offsets[j + 1]
            guard lo <= hi else { throw ParksError.invalidCoverageSets("offsets decrease at candidate \(j)") }
            var prev: Int32 = -1
            for k in lo..<hi {
                let d = indices[k]
                guard d > prev, Int(d) < demandCount else {
                    throw ParksError.invalidCoverageSets(
                        "candidate \(j): demand index \(d) out of range 0..<\(demandCount) or not sorted/unique")
                }
                prev = d
            }
        }
        self.candidateCount = candidateCount
        self.demandCount = demandCount
        self.offsets = offsets
        self.indices = indices
    }

    /// From per-candidate lists (any order, duplicates allowed; they are removed).
    public init(lists: [[Int]], demandCount: Int) throws {
        var offsets = [0]
        offsets.reserveCapacity(lists.count + 1)
        var indices: [Int32] = []
        indices.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for (j, list) in lists.enumerated() {
            for d in list where d < 0 || d >= demandCount {
                throw ParksError.invalidCoverageSets("candidate \(j): demand index \(d) out of range 0..<\(demandCount)")
            }
            var prev = -1
            for d in list.sorted() where d != prev {
                indices.append(Int32(d)); prev = d
            }
            offsets.append(indices.count)
        }
        try self.init(candidateCount: lists.count, demandCount: demandCount, offsets: offsets, indices: indices)
    }

    /// Unchecked initialiser for builders in this module that already guarantee the invariants.
    init(unchecked candidateCount: Int, demandCount: Int, offsets: [Int], indices: [Int32]) {
        self.candidateCount = candidateCount
        self.demandCount = demandCount
        self.offsets = offsets
        self.indices = indices
    }

    @inlinable public func demands(of candidate: Int) -> ArraySlice<Int32> {
        indices[offsets[candidate]..<offsets[candidate + 1]]
    }

    public var nonZeroCount: Int { indices.count }

    /// The transpose: for each demand point, the candidates that serve it (sorted).
    public func transposed() -> CoverageSets {
        var counts = [Int](repeating: 0, count: demandCount + 1)
        for d in indices { counts[Int(d) + 1] += 1 }
        for i in 0..<demandCount { counts[i + 1] += counts[i] }
        var fill = counts
        var out = [Int32](repeating: 0, count: indices.count)
        for j in 0..<candidateCount {
            for k in offsets[j]..<offsets[j + 1] {
                let d = Int(indices[k])
                out[fill[d]] = Int32(j)
                fill[d] += 1
            }
        }
        return CoverageSets(unchecked: demandCount, demandCount: candidateCount, offsets: counts, indices: out)
    }
}
