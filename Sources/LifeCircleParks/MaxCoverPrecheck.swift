/// Shared input checks for the max-cover methods: validate, clamp p, and
/// detect instances with nothing to decide, so every method reports the
/// same clear notes instead of failing.
struct MaxCoverPrecheck {
    var count: Int
    var notes: [String]
    /// Non-nil when there is nothing to optimise; the result to return.
    var trivial: SelectionResult?

    init(_ instance: MaxCoverInstance, _ options: MaxCoverOptions) throws {
        try instance.validate(needAreas: options.areaBudget != nil)
        if let b = options.areaBudget, !(b.isFinite && b >= 0) {
            throw ParksError.invalidInput("area budget \(b) must be a finite, non-negative number of m²")
        }
        guard options.count >= 0 else {
            throw ParksError.invalidInput("count \(options.count): the number of sites must be ≥ 0")
        }
        notes = []
        count = options.count
        if count > instance.candidateCount {
            notes.append("count \(count) exceeds the \(instance.candidateCount) candidates; using \(instance.candidateCount)")
            count = instance.candidateCount
        }
        trivial = nil
        if instance.candidateCount == 0 {
            notes.append("no candidate sites")
        } else if instance.demandCount == 0 || instance.totalWeight == 0 {
            notes.append("nothing to cover: no demand weight")
        } else if instance.servedWeightBefore >= instance.totalWeight {
            notes.append("all demand is already served by existing green space")
        } else if instance.reachableUnservedWeight == 0 {
            notes.append("no candidate reaches any unserved demand")
        } else if count == 0 {
            notes.append("count is 0: nothing selected")
        } else {
            return
        }
        trivial = SelectionResult(selected: [], marginalGains: [], coveredWeight: 0, status: .trivial, bound: 0, notes: notes)
    }
}
