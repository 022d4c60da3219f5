import CMETIS
import Foundation

/// METIS k-way partitioning (METIS_PartGraphKway), used as the comparison
/// baseline the issue names and as an optional first plan.
private let metisLock = NSLock()

public enum MetisPartitioner {
    /// - Parameters:
    ///   - imbalance: allowed load imbalance per constraint (0.05 = 5%); nil keeps METIS's default (3%).
    ///   - contiguous: METIS_OPTION_CONTIG (needs a connected graph).
    ///   - useSharedLength: edge weights from shared boundary lengths (otherwise all 1).
    ///   - columns: weight columns as balance constraints (default: all).
    /// - Returns: part per unit.
    public static func partition(
        graph g: UnitGraph, parts: Int, imbalance: Double? = nil, contiguous: Bool = true,
        useSharedLength: Bool = false, columns: [Int]? = nil, seed: Int32 = 1
    ) throws -> [Int32] {
        let members = (0..<g.unitCount).map { Int32($0) }
        let off = g.offsets, nb = g.neighbours
        return try run(
            members: members, offsets: off, neighbours: nb, lengths: useSharedLength ? g.sharedLength : nil,
            weights: (columns ?? Array(0..<g.weightColumnCount)).map { c in g.weights[c].map { $0.isFinite && $0 > 0 ? $0 : 0 } },
            parts: parts, imbalance: imbalance, contiguous: contiguous, seed: seed)
    }

    /// METIS on the subgraph induced by `members` of a CSR graph; weights indexed by global unit.
    /// `recursive` calls METIS_PartGraphRecursive (half the cost of k-way for a
    /// bisection; it has no contiguity option, so `contiguous` is ignored there).
    /// `targetFractions` (one per part, summing to 1) asks for unequal parts.
    static func run(
        members: [Int32], offsets: [Int], neighbours: [Int32], lengths: [Double]?,
        weights: [[Double]], parts: Int, imbalance: Double?, contiguous: Bool, seed: Int32,
        recursive: Bool = false, targetFractions: [Double]? = nil
    ) throws -> [Int32] {
        let m = members.count
        guard parts >= 1 else { throw GridError.invalidInput("METIS needs at least 1 part") }
        if parts == 1 || m == 0 { return [Int32](repeating: 0, count: m) }
        guard parts <= m else { throw GridError.invalidInput("METIS: \(parts) parts for \(m) units") }
        // Global -> local index (-1 outside), an array rather than a dictionary: hot on 100k units.
        var local = [Int32](repeating: -1, count: max(offsets.count - 1, 0))
        for (i, u) in members.enumerated() { local[Int(u)] = Int32(i) }
        var xadj: [idx_t] = [0], adj: [idx_t] = [], adjw: [idx_t] = []
        xadj.reserveCapacity(m + 1); adj.reserveCapacity(offsets[offsets.count - 1])
        var maxLen = 0.0
        if let lengths { maxLen = lengths.max() ?? 0 }
        for u in members {
            for s in offsets[Int(u)]..<offsets[Int(u) + 1] {
                let j = local[Int(neighbours[s])]
                if j < 0 { continue }
                adj.append(j)
                if let lengths { adjw.append(idx_t(max(1, (lengths[s] / max(maxLen, 1e-300) * 1000).rounded()))) }
            }
            // Rows in ascending order, as SciPy's CSR hands them to pymetis (METIS's result depends on it).
            if lengths == nil { adj[Int(xadj[xadj.count - 1])...].sort() }
            xadj.append(idx_t(adj.count))
        }
        // Integer vertex weights: scale each column so its total stays well inside Int32.
        var ncon = idx_t(max(weights.count, 1))
        var vwgt = [idx_t](repeating: 1, count: m * Int(ncon))
        for (c, col) in weights.enumerated() {
            let total = members.reduce(0.0) { $0 + col[Int($1)] }
            // Integral weights go in as they are (as pymetis passes them); others are scaled.
            let integral = members.allSatisfy { col[Int($0)] == col[Int($0)].rounded() }
            let scale = total > 0 ? (integral && total <= 1e8 ? 1 : min(1000.0, 1e8 / total)) : 1
            for (i, u) in members.enumerated() {
                // Checked: a NaN or huge weight would trap in idx_t(_:) (weights are sanitised upstream; this keeps it so).
                let v = (col[Int(u)] * scale).rounded()
                guard v.isFinite, v >= 0, v <= Double(idx_t.max) else {
                    throw GridError.invalidInput(
                        "unit \(Int(u) + 1) has weight \(col[Int(u)]), which cannot be partitioned: give finite weights >= 0")
                }
                vwgt[i * Int(ncon) + c] = idx_t(v)
            }
        }
        var n = idx_t(m), np = idx_t(parts), objval: idx_t = 0
        var part = [idx_t](repeating: 0, count: m)
        var options = [idx_t](repeating: 0, count: Int(METIS_NOPTIONS))
        METIS_SetDefaultOptions(&options)
        options[Int(METIS_OPTION_CONTIG.rawValue)] = contiguous && !recursive ? 1 : 0
        options[Int(METIS_OPTION_SEED.rawValue)] = seed
        options[Int(METIS_OPTION_NUMBERING.rawValue)] = 0
        var ubvec = [real_t](repeating: real_t(1 + (imbalance ?? 0.03)), count: Int(ncon))
        // Target weights per part and constraint (part-major, as METIS reads them).
        var tpwgts: [real_t] = targetFractions.map { f in (0..<parts).flatMap { p in [real_t](repeating: real_t(f[p]), count: Int(ncon)) } } ?? []
        // METIS keeps its random state in globals: one call at a time.
        metisLock.lock()
        defer { metisLock.unlock() }
        let status: Int32 = xadj.withUnsafeMutableBufferPointer { xp in
            adj.withUnsafeMutableBufferPointer { ap in
                vwgt.withUnsafeMutableBufferPointer { vp in
                    adjw.withUnsafeMutableBufferPointer { wp in
                        ubvec.withUnsafeMutableBufferPointer { up in
                            tpwgts.withUnsafeMutableBufferPointer { tp in
                                recursive
                                    ? METIS_PartGraphRecursive(
                                        &n, &ncon, xp.baseAddress, ap.baseAddress, vp.baseAddress, nil,
                                        lengths == nil ? nil : wp.baseAddress, &np, targetFractions == nil ? nil : tp.baseAddress,
                                        imbalance == nil ? nil : up.baseAddress, &options, &objval, &part)
                                    : METIS_PartGraphKway(
                                        &n, &ncon, xp.baseAddress, ap.baseAddress, vp.baseAddress, nil,
                                        lengths == nil ? nil : wp.baseAddress, &np, targetFractions == nil ? nil : tp.baseAddress,
                                        imbalance == nil ? nil : up.baseAddress, &options, &objval, &part)
                            }
                        }
                    }
                }
            }
        }
        guard status == METIS_OK.rawValue else {
            throw GridError.invalidInput(
                "\(recursive ? "METIS_PartGraphRecursive" : "METIS_PartGraphKway") failed (status \(Self.statusName(status)))"
                    + (contiguous && !recursive ? "; contiguous partitioning needs a connected graph" : ""))
        }
        // METIS returns part ids in 0..<parts; anything else would index out of range downstream.
        guard part.allSatisfy({ $0 >= 0 && $0 < np }) else {
            throw GridError.invalidInput("METIS returned a part outside 0..<\(parts)")
        }
        return part.map { Int32($0) }
    }

    /// METIS's return codes by name (metis.h: rstatus_et).
    static func statusName(_ status: Int32) -> String {
        switch status {
        case METIS_ERROR_INPUT.rawValue: return "METIS_ERROR_INPUT: the graph or options are invalid"
        case METIS_ERROR_MEMORY.rawValue: return "METIS_ERROR_MEMORY: out of memory"
        case METIS_ERROR.rawValue: return "METIS_ERROR"
        default: return "\(status)"
        }
    }
}
