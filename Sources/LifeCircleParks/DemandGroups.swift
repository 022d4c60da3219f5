/// Unserved demand aggregated by the exact set of candidates that serve it:
/// points served by the same sites are interchangeable in any covering model,
/// so one variable per group (weight summed) gives the same optimum with far
/// fewer rows — the main reason the exact model stays small.
struct DemandGroups {
    /// Group -> candidates serving it (CSR over candidates, sorted).
    var offsets: [Int] = [0]
    var candidates: [Int32] = []
    var weights: [Double] = []
    var count: Int { weights.count }

    init(_ instance: MaxCoverInstance) {
        let byDemand = instance.sets.transposed()
        var lookup: [ArraySlice<Int32>: Int] = [:]
        for i in 0..<instance.demandCount {
            let w = instance.weights[i]
            let lo = byDemand.offsets[i], hi = byDemand.offsets[i + 1]
            guard w > 0, lo < hi, !instance.isServed(i) else { continue }
            let key = byDemand.indices[lo..<hi]
            if let g = lookup[key] {
                weights[g] += w
            } else {
                lookup[key] = weights.count
                weights.append(w)
                candidates.append(contentsOf: key)
                offsets.append(candidates.count)
            }
        }
    }
}
