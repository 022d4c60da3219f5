import LifeCircleGeometry

/// One adjacency between two units, as produced by an adjacency builder.
public struct UnitEdge: Hashable, Sendable {
    public var a: Int
    public var b: Int
    /// Length of the shared boundary (0 for queen/point contacts or bridged gaps).
    public var length: Double
    /// The adjacency crosses a barrier line (road, river, railway).
    public var crossesBarrier: Bool
    /// The units touch (the boundary counts for perimeters) but are not
    /// neighbours for contiguity, e.g. point units joined through the walking network.
    public var contactOnly: Bool

    public init(_ a: Int, _ b: Int, length: Double, crossesBarrier: Bool = false, contactOnly: Bool = false) {
        self.a = a; self.b = b; self.length = length; self.crossesBarrier = crossesBarrier; self.contactOnly = contactOnly
    }
}

/// The units to be grouped into grids, as a CSR adjacency graph plus per-unit
/// attributes. Grid compactness is computed from these arrays alone (no
/// dissolving): area = Σ areas, perimeter = Σ perimeters − 2 × Σ internal
/// shared lengths.
public struct UnitGraph: Sendable {
    public let unitCount: Int
    /// CSR row offsets, `unitCount + 1` entries.
    public let offsets: [Int]
    /// Neighbour of each adjacency slot; both directions are stored.
    public let neighbours: [Int32]
    /// Shared boundary length of each adjacency slot.
    public let sharedLength: [Double]
    /// 1 where the adjacency crosses a barrier line.
    public let crossesBarrier: [UInt8]
    /// 1 where the units only touch and are not neighbours for contiguity.
    public let contactOnly: [UInt8]

    /// Whether adjacency slot `s` joins neighbours for contiguity (barriers aside).
    @inlinable public func isNeighbourSlot(_ s: Int) -> Bool { contactOnly[s] == 0 }

    /// Weight columns, `weights[column][unit]`. NaN marks a missing value.
    public var weights: [[Double]]
    public var weightNames: [String]
    public var area: [Double]
    public var perimeter: [Double]
    public var centroid: [Coordinate]
    /// Nesting key index of each unit (community), into `nestKeys`.
    public var nest: [Int32]
    public var nestKeys: [String]
    /// Optional unit identifiers for messages (defaults to the index).
    public var unitIDs: [String]?

    public var weightColumnCount: Int { weights.count }
    public var edgeSlotCount: Int { neighbours.count }

    @inlinable public func neighbourRange(of u: Int) -> Range<Int> { offsets[u]..<offsets[u + 1] }

    public func unitName(_ u: Int) -> String { unitIDs.map { $0[u] } ?? "#\(u)" }

    /// Builds the CSR arrays from an edge list. Duplicate pairs are merged
    /// (lengths added, barrier flag or-ed); self loops are dropped.
    public init(
        unitCount n: Int, edges: [UnitEdge], weights: [[Double]], weightNames: [String]? = nil,
        area: [Double]? = nil, perimeter: [Double]? = nil, centroid: [Coordinate]? = nil,
        nest: [Int32]? = nil, nestKeys: [String]? = nil, unitIDs: [String]? = nil
    ) throws {
        guard n >= 0 else { throw GridError.invalidInput("unit count is negative") }
        for (c, col) in weights.enumerated() where col.count != n {
            throw GridError.invalidInput("weight column \(weightNames?[c] ?? String(c)) has \(col.count) values for \(n) units")
        }
        for (name, arr) in [
            ("area", area?.count), ("perimeter", perimeter?.count), ("centroid", centroid?.count),
            ("nest", nest?.count), ("unitIDs", unitIDs?.count),
        ] where arr != nil && arr != n {
            throw GridError.invalidInput("\(name) has \(arr!) values for \(n) units")
        }
        // Normalise and merge duplicates through a sorted (lo, hi) list.
        var keyed: [(Int, Int, Double, Bool, Bool)] = []
        keyed.reserveCapacity(edges.count)
        for e in edges {
            guard e.a >= 0, e.a < n, e.b >= 0, e.b < n else {
                throw GridError.invalidInput("edge (\(e.a), \(e.b)) refers to a unit outside 0..<\(n)")
            }
            if e.a == e.b { continue }
            keyed.append((min(e.a, e.b), max(e.a, e.b), e.length.isFinite ? max(0, e.length) : 0, e.crossesBarrier, e.contactOnly))
        }
        keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var merged: [(Int, Int, Double, Bool, Bool)] = []
        merged.reserveCapacity(keyed.count)
        for e in keyed {
            if let last = merged.last, last.0 == e.0, last.1 == e.1 {
                merged[merged.count - 1].2 += e.2
                merged[merged.count - 1].3 = last.3 || e.3
                merged[merged.count - 1].4 = last.4 && e.4
            } else {
                merged.append(e)
            }
        }
        var degree = [Int](repeating: 0, count: n + 1)
        for e in merged { degree[e.0 + 1] += 1; degree[e.1 + 1] += 1 }
        for i in 0..<n { degree[i + 1] += degree[i] }
        var fill = degree
        var nb = [Int32](repeating: 0, count: merged.count * 2)
        var len = [Double](repeating: 0, count: merged.count * 2)
        var bar = [UInt8](repeating: 0, count: merged.count * 2)
        var con = [UInt8](repeating: 0, count: merged.count * 2)
        for e in merged {
            let f = e.3 ? UInt8(1) : 0, k = e.4 ? UInt8(1) : 0
            nb[fill[e.0]] = Int32(e.1); len[fill[e.0]] = e.2; bar[fill[e.0]] = f; con[fill[e.0]] = k; fill[e.0] += 1
            nb[fill[e.1]] = Int32(e.0); len[fill[e.1]] = e.2; bar[fill[e.1]] = f; con[fill[e.1]] = k; fill[e.1] += 1
        }
        // Rows sorted by neighbour index keep everything deterministic.
        for u in 0..<n {
            let r = degree[u]..<degree[u + 1]
            if r.count > 1 {
                let order = r.sorted { nb[$0] < nb[$1] }
                let (n2, l2, b2, c2) = (order.map { nb[$0] }, order.map { len[$0] }, order.map { bar[$0] }, order.map { con[$0] })
                for (k, i) in r.enumerated() { nb[i] = n2[k]; len[i] = l2[k]; bar[i] = b2[k]; con[i] = c2[k] }
            }
        }
        self.unitCount = n
        self.offsets = degree
        self.neighbours = nb
        self.sharedLength = len
        self.crossesBarrier = bar
        self.contactOnly = con
        self.weights = weights
        self.weightNames = weightNames ?? weights.indices.map { "weight\($0)" }
        self.area = area ?? [Double](repeating: 1, count: n)
        self.perimeter = perimeter ?? [Double](repeating: 0, count: n)
        self.centroid = centroid ?? (0..<n).map { Coordinate(Double($0), 0) }
        self.nest = nest ?? [Int32](repeating: 0, count: n)
        self.nestKeys = nestKeys ?? [""]
        self.unitIDs = unitIDs
        if let nest, let maxKey = nest.max(), Int(maxKey) >= self.nestKeys.count || (nest.min() ?? 0) < 0 {
            throw GridError.invalidInput("nest index \(maxKey) has no key in nestKeys (\(self.nestKeys.count) keys)")
        }
    }

    /// The edge list back out (each pair once, a < b).
    public var edges: [UnitEdge] {
        var out: [UnitEdge] = []
        for u in 0..<unitCount {
            for s in neighbourRange(of: u) where Int(neighbours[s]) > u {
                out.append(
                    UnitEdge(
                        u, Int(neighbours[s]), length: sharedLength[s], crossesBarrier: crossesBarrier[s] != 0,
                        contactOnly: contactOnly[s] != 0))
            }
        }
        return out
    }

    /// A rows × cols lattice of unit squares (rook adjacency), row 0 at the top
    /// (north); unit index = row * cols + col. For tests and benchmarks.
    public static func lattice(rows: Int, cols: Int, weights: [[Double]]? = nil) throws -> UnitGraph {
        var edges: [UnitEdge] = []
        edges.reserveCapacity(2 * rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                let u = r * cols + c
                if c + 1 < cols { edges.append(UnitEdge(u, u + 1, length: 1)) }
                if r + 1 < rows { edges.append(UnitEdge(u, u + cols, length: 1)) }
            }
        }
        let n = rows * cols
        let cent = (0..<n).map { Coordinate(Double($0 % cols) + 0.5, Double(rows - $0 / cols) - 0.5) }
        return try UnitGraph(
            unitCount: n, edges: edges,
            weights: weights ?? [[Double](repeating: 1, count: n)],
            area: [Double](repeating: 1, count: n),
            perimeter: [Double](repeating: 4, count: n),
            centroid: cent)
    }
}
