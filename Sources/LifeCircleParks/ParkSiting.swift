import Foundation
import LifeCircleGeometry
import LifeCircleIO

/// Where candidate plots come from.
public enum CandidateSource: Sendable {
    /// Plots given directly (e.g. vacant parcels); filtered by the area/width
    /// band only when `filter` is true.
    case given([GeometryValue], filter: Bool)
    /// Plots carved from land minus obstacles.
    case land(land: [GeometryValue], buildings: [GeometryValue], roads: [RoadLine], water: [GeometryValue])
}

/// What to optimise.
public enum SitingObjective: Sendable {
    /// Choose p sites maximising newly served weight.
    case maxCover(count: Int)
    /// Fewest sites so that this share of all residents' weight is served.
    case setCover(targetShare: Double)
}

public enum SitingMethod: String, Sendable, Codable {
    /// Lazy greedy only.
    case greedy
    /// Greedy and the exact integer program; the exact solution is selected.
    case exact
}

/// Everything `ParkSiting.run` needs, as plain values.
public struct ParkSitingConfig: Sendable {
    /// Resident points (polygon residents: pass representative points).
    public var residents: [Coordinate]
    public var weights: [Double]
    /// Optional zone label per resident for per-zone shares.
    public var zones: [String]?
    /// Residential land polygons for the areal service-radius coverage rate (may be empty).
    public var residentialLand: [GeometryValue]
    /// Existing green space (also subtracted from land when generating candidates).
    public var green: [GeometryValue]
    public var greenRules: [GreenServiceRule]
    public var mergeTouchingGreen: Bool
    public var candidates: CandidateSource
    public var candidateOptions: CandidateOptions
    /// Service radius of a new site, m (walking or straight-line per `reach`).
    /// In the areal coverage rate after siting, chosen sites count as green
    /// space serving this straight-line radius, whatever their size.
    public var radius: Double
    public var objective: SitingObjective
    public var method: SitingMethod
    public var areaBudget: Double?
    public var timeLimit: Double
    /// How reach is measured for coverage sets and the already-served test.
    public var reach: ReachModel
    /// Buffer resolution for the areal rate and service areas.
    public var quadrantSegments: Int

    public init(
        residents: [Coordinate], weights: [Double], zones: [String]? = nil,
        residentialLand: [GeometryValue] = [], green: [GeometryValue],
        greenRules: [GreenServiceRule] = GreenServiceRule.defaults, mergeTouchingGreen: Bool = false,
        candidates: CandidateSource, candidateOptions: CandidateOptions = CandidateOptions(),
        radius: Double = 300, objective: SitingObjective = .maxCover(count: 5), method: SitingMethod = .exact,
        areaBudget: Double? = nil, timeLimit: Double = 60, reach: ReachModel = .euclidean,
        quadrantSegments: Int = 16
    ) {
        self.residents = residents; self.weights = weights; self.zones = zones
        self.residentialLand = residentialLand; self.green = green; self.greenRules = greenRules
        self.mergeTouchingGreen = mergeTouchingGreen; self.candidates = candidates
        self.candidateOptions = candidateOptions; self.radius = radius; self.objective = objective
        self.method = method; self.areaBudget = areaBudget; self.timeLimit = timeLimit; self.reach = reach
        self.quadrantSegments = quadrantSegments
    }
}

/// Share of weight served, overall or in one zone.
public struct ServedShare: Sendable, Codable, Equatable {
    public var zone: String?
    public var totalWeight: Double
    public var servedBefore: Double
    public var servedAfter: Double
    public var shareBefore: Double { totalWeight > 0 ? servedBefore / totalWeight : 0 }
    public var shareAfter: Double { totalWeight > 0 ? servedAfter / totalWeight : 0 }
}

public struct ParkSitingResult: Sendable {
    /// Every generated or given part, accepted or rejected.
    public var parts: [CandidateSite]
    /// Index into `parts` of each candidate in the optimisation (accepted parts).
    public var candidateParts: [Int]
    /// Newly served weight of each candidate on its own.
    public var servedWeightAlone: [Double]
    /// 1 = serves the most unserved weight on its own (ties by index).
    public var rankAlone: [Int]
    public var greedy: SelectionResult
    public var exact: SelectionResult?
    /// The selection reported (exact when run and it found a solution, else greedy).
    public var chosen: SelectionResult
    /// Chosen candidates as indices into `parts`, in order.
    public var selectedParts: [Int]
    /// Service area of each chosen site, in order.
    public var serviceAreas: [GeometryValue]
    public var served: ServedShare
    public var servedByZone: [ServedShare]
    /// Areal service-radius coverage rate, when residential land was given.
    public var coverageRateBefore: ServiceRadiusCoverage.Rate?
    public var coverageRateAfter: ServiceRadiusCoverage.Rate?
    public var qualifiedGreen: [QualifiedGreen]
    public var servedMaskBefore: [Bool]
    public var servedMaskAfter: [Bool]
    public var reachNotes: [String]
    /// Plain-language notes (bad input, clamps, limits).
    public var notes: [String]
    /// Machine-readable flags for the summary.
    public var flags: [String]
    /// Seconds per stage of the pipeline, in run order.
    public var timings: [StageTiming]
}

/// The pocket-park siting pipeline: candidates → already-served residents →
/// coverage sets → selection → coverage before/after.
public enum ParkSiting {
    public static func run(_ config: ParkSitingConfig) throws -> ParkSitingResult {
        var timings: [StageTiming] = []
        var clock = DispatchTime.now()
        func lap(_ name: String) {
            let now = DispatchTime.now()
            timings.append(StageTiming(stage: name, seconds: Double(now.uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9))
            clock = now
        }
        try validate(config)
        var notes: [String] = [], flags: [String] = []

        // 1. Candidates.
        let generated: CandidateGenerationResult
        switch config.candidates {
        case .given(let polys, let filter):
            generated = try CandidateGenerator.measure(candidates: polys, filter: filter, options: config.candidateOptions)
        case .land(let land, let buildings, let roads, let water):
            generated = try CandidateGenerator.generate(
                land: land, buildings: buildings, roads: roads, water: water,
                parks: config.green, options: config.candidateOptions)
        }
        notes += generated.notes
        if generated.parts.contains(where: {
            if case .invalidGeometry = $0.rejection { return true }; return false
        }) {
            flags.append("invalid_input_geometry")
        }
        let candidateParts = generated.parts.indices.filter { generated.parts[$0].isAccepted }
        if candidateParts.isEmpty { flags.append("no_candidates") }
        let candidateGeoms = candidateParts.map { generated.parts[$0].geometry }
        lap("candidates")

        // 2. Who is served already.
        let qualified = try GreenQualification.qualify(
            config.green, rules: config.greenRules,
            mergeTouching: config.mergeTouchingGreen)
        let reach = try config.reach.prepare(residents: config.residents)
        let servedBefore = try reach.servedMask(green: qualified)
        lap("served_before")

        // 3. Coverage sets.
        let sets = try reach.coverageSets(sites: candidateGeoms, radius: config.radius)
        lap("coverage_sets")

        // 4. Selection.
        let areas = candidateParts.map { generated.parts[$0].area }
        let instance = MaxCoverInstance(sets: sets, weights: config.weights, alreadyServed: servedBefore, siteAreas: areas)
        if instance.totalWeight > 0 && instance.servedWeightBefore >= instance.totalWeight { flags.append("all_served") }
        let alone = (0..<sets.candidateCount).map { instance.coveredWeight(of: [$0]) }
        let order = alone.indices.sorted { alone[$0] > alone[$1] || (alone[$0] == alone[$1] && $0 < $1) }
        var rank = [Int](repeating: 0, count: alone.count)
        for (r, j) in order.enumerated() { rank[j] = r + 1 }

        var greedy: SelectionResult, exact: SelectionResult? = nil
        switch config.objective {
        case .maxCover(let p):
            let o = MaxCoverOptions(count: p, areaBudget: config.areaBudget, timeLimit: config.timeLimit)
            if p > sets.candidateCount { flags.append("count_exceeds_candidates") }
            greedy = try LazyGreedyMaxCover.solve(instance, options: o)
            lap("greedy")
            if config.method == .exact {
                exact = try ExactMaxCover.solve(instance, options: o)
                lap("exact")
            }
        case .setCover(let share):
            let o = SetCover.Options(targetShare: share, timeLimit: config.timeLimit)
            greedy = try SetCover.greedy(instance, options: o)
            lap("greedy")
            if config.method == .exact {
                exact = try SetCover.exact(instance, options: o)
                lap("exact")
            }
            if greedy.status == .infeasible { flags.append("target_unreachable") }
        }
        var chosen = greedy
        if let e = exact {
            switch e.status {
            case .optimal, .trivial, .infeasible:
                chosen = e
            case .feasible:
                // Unproven incumbent: keep whichever of it and greedy is better.
                flags.append("exact_not_proven_optimal")
                let better: Bool
                if case .setCover = config.objective {
                    better = !e.selected.isEmpty && e.selected.count <= greedy.selected.count
                } else {
                    better = !e.selected.isEmpty && e.coveredWeight >= greedy.coveredWeight
                }
                if better { chosen = e } else { notes.append("exact search stopped early; greedy solution kept") }
            case .heuristic:
                break
            }
        }
        notes += chosen.notes.filter { !notes.contains($0) }
        if case .maxCover(let p) = config.objective, chosen.status != .trivial, chosen.selected.count < min(p, sets.candidateCount) {
            notes.append("only \(chosen.selected.count) of the \(p) sites asked for add newly served weight; more would serve nobody new")
        }
        let selectedParts = chosen.selected.map { candidateParts[$0] }

        // 5. After.
        var servedAfter = servedBefore
        for j in chosen.selected { for d in sets.demands(of: j) { servedAfter[Int(d)] = true } }
        let served = share(config.weights, servedBefore, servedAfter, nil, config.zones)
        var byZone: [ServedShare] = []
        if let zones = config.zones {
            for z in Array(Set(zones)).sorted() { byZone.append(share(config.weights, servedBefore, servedAfter, z, zones)) }
        }
        let chosenGeoms = chosen.selected.map { candidateGeoms[$0] }
        let serviceAreas = try reach.serviceAreas(
            sites: chosenGeoms, radius: config.radius,
            quadrantSegments: config.quadrantSegments)
        lap("after")
        var rateBefore: ServiceRadiusCoverage.Rate? = nil, rateAfter: ServiceRadiusCoverage.Rate? = nil
        if !config.residentialLand.isEmpty {
            rateBefore = try ServiceRadiusCoverage.rate(
                residential: config.residentialLand, green: qualified,
                quadrantSegments: config.quadrantSegments)
            rateAfter = try ServiceRadiusCoverage.rate(
                residential: config.residentialLand, green: qualified,
                newSites: chosenGeoms, newSiteRadius: config.radius,
                quadrantSegments: config.quadrantSegments)
            lap("coverage_rate")
        }
        return ParkSitingResult(
            parts: generated.parts, candidateParts: candidateParts, servedWeightAlone: alone,
            rankAlone: rank, greedy: greedy, exact: exact, chosen: chosen,
            selectedParts: selectedParts, serviceAreas: serviceAreas, served: served,
            servedByZone: byZone, coverageRateBefore: rateBefore, coverageRateAfter: rateAfter,
            qualifiedGreen: qualified, servedMaskBefore: servedBefore, servedMaskAfter: servedAfter,
            reachNotes: reach.notes, notes: notes + reach.notes, flags: flags, timings: timings)
    }

    static func share(_ w: [Double], _ before: [Bool], _ after: [Bool], _ zone: String?, _ zones: [String]?) -> ServedShare {
        var t = 0.0, b = 0.0, a = 0.0
        for i in 0..<w.count {
            if let zone, zones?[i] != zone { continue }
            t += w[i]
            if before[i] { b += w[i] }
            if after[i] { a += w[i] }
        }
        return ServedShare(zone: zone, totalWeight: t, servedBefore: b, servedAfter: a)
    }

    static func validate(_ c: ParkSitingConfig) throws {
        guard c.weights.count == c.residents.count else {
            throw ParksError.invalidInput("residents: \(c.residents.count) points but \(c.weights.count) weights")
        }
        if let z = c.zones, z.count != c.residents.count {
            throw ParksError.invalidInput("zones: \(z.count) labels for \(c.residents.count) residents")
        }
        for (i, w) in c.weights.enumerated() where !(w.isFinite && w >= 0) {
            throw ParksError.invalidInput("weight of resident \(i) is \(w); weights must be finite and ≥ 0")
        }
        for (i, p) in c.residents.enumerated() where !(p.x.isFinite && p.y.isFinite) {
            throw ParksError.invalidInput("resident \(i) has no valid location (\(p.x), \(p.y))")
        }
        guard c.radius.isFinite, c.radius > 0 else { throw ParksError.invalidInput("radius \(c.radius) must be > 0 m") }
        guard c.timeLimit.isFinite, c.timeLimit > 0 else { throw ParksError.invalidInput("time limit must be > 0 s") }
        guard c.quadrantSegments >= 1 else { throw ParksError.invalidInput("quadrant segments must be ≥ 1") }
        if case .maxCover(let p) = c.objective, p < 0 { throw ParksError.invalidInput("count \(p) must be ≥ 0") }
        if case .setCover(let s) = c.objective, !(s > 0 && s <= 1) {
            throw ParksError.invalidInput("target share \(s) must be in (0, 1], e.g. 0.8")
        }
    }
}
