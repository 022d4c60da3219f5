import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork

/// The library entry point of `lifecircle coverage`: from inputs already in
/// one projected metre CRS to per-resident distances, the summary, service
/// areas and gaps, with a timing per stage.
public enum CoverageAnalysis {
    public static func run(_ input: CoverageInput, _ config: CoverageConfig) throws -> CoverageResult {
        var timings: [StageTiming] = []
        var warnings = input.warnings
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try body()
            timings.append(StageTiming(stage: stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
            return r
        }
        try validate(input, config)
        let nr = input.residents.count
        let cutoff = config.tiers.max()!
        let catPoints = input.categories.map(\.facilities)
        for c in input.categories where c.facilities.isEmpty {
            warnings.append("category '\(c.id)' has no facility: no resident is covered for it")
        }

        var distances: [[Double]] = []
        var counts: [[UInt32]] = []
        var residentSnap: [SnappedPoint] = []
        var facilitySnap: [[SnappedPoint]] = []
        var reachable: [[[ReachableInterval]]] = []
        var totals = CoverageSummary.Totals(
            residents: nr, residentWeight: input.weights.reduce(0, +), residentsSnapped: nr,
            residentsUnsnapped: 0, residentsOnMinorComponent: 0,
            facilities: catPoints.reduce(0) { $0 + $1.count }, facilitiesUnsnapped: 0,
            facilitiesOnMinorComponent: 0)
        var networkSummary: CoverageSummary.Network?
        var facilitiesUnsnappedPerCategory = [Int](repeating: 0, count: catPoints.count)

        switch config.metric {
        case .network:
            let net = input.network!
            networkSummary = CoverageSummary.Network(
                nodes: net.nodeCount, edges: net.edgeCount, lengthM: net.totalLength,
                components: net.components.count,
                largestComponentLengthShare: net.components.largestLengthShare)
            timed("snap") {
                let index = EdgeIndex(network: net)
                let rs = index.snapAll(input.residents, maxDistance: config.maxSnap)
                residentSnap = rs.points
                totals.residentsUnsnapped = rs.counts.unsnapped
                totals.residentsOnMinorComponent = rs.counts.onMinorComponent
                totals.residentsSnapped = nr - rs.counts.unsnapped
                for (c, pts) in catPoints.enumerated() {
                    let fs = index.snapAll(pts, maxDistance: config.maxSnap)
                    facilitySnap.append(fs.points)
                    facilitiesUnsnappedPerCategory[c] = fs.counts.unsnapped
                    totals.facilitiesUnsnapped += fs.counts.unsnapped
                    totals.facilitiesOnMinorComponent += fs.counts.onMinorComponent
                }
            }
            if totals.residentsUnsnapped > 0 {
                warnings.append(
                    "\(totals.residentsUnsnapped) of \(nr) residents are farther than \(config.maxSnap) m from the network: counted as not covered")
            }
            if totals.residentsOnMinorComponent > 0 {
                warnings.append(
                    "\(totals.residentsOnMinorComponent) residents joined a network fragment outside the largest component: they reach only facilities on the same fragment"
                )
            }
            if totals.facilitiesUnsnapped > 0 {
                warnings.append("\(totals.facilitiesUnsnapped) facilities are farther than \(config.maxSnap) m from the network and were left out")
            }
            timed("search") {
                let r = CategorySearch.nearestDistances(
                    network: net, categories: facilitySnap, targets: residentSnap, cutoff: cutoff,
                    reachableLimits: config.serviceAreas ? config.tiers : [], workers: config.workers)
                distances = r.distances
                reachable = r.reachable
            }
            if config.facilityCounts {
                counts = timed("facility_counts") {
                    CategorySearch.facilityCounts(
                        network: net, categories: facilitySnap, targets: residentSnap, limits: config.tiers, workers: config.workers)
                }
            }
        case .euclidean:
            timed("search") {
                let r = EuclideanSearch.run(
                    residents: input.residents, categories: catPoints, cutoff: cutoff, limits: config.tiers,
                    counts: config.facilityCounts, workers: config.workers)
                distances = r.distances
                counts = config.facilityCounts ? r.counts : []
            }
        }

        var result = CoverageResult(
            config: config, categories: input.categories, distances: distances, counts: counts,
            residentSnap: residentSnap, facilitySnap: facilitySnap,
            summary: CoverageSummary(
                metric: config.metric.rawValue, crs: input.crsName, tiersM: config.tiers,
                tierMinutes: config.tiers.map(config.minutes), walkingSpeedKmh: config.walkingSpeedKmh,
                maxSnapM: config.maxSnap, totals: totals, network: networkSummary,
                categories: [], tiers: [], zones: [], warnings: [], timingsS: []),
            serviceAreas: [], gaps: [])
        timed("summary") {
            result.summary.categories = summarizeCategories(result, input: input, facilitiesUnsnapped: facilitiesUnsnappedPerCategory)
            let ids = input.categories.map(\.id)
            result.summary.tiers = TierStatistics.tiers(
                distances: distances, weights: input.weights, residents: nil, config: config,
                categoriesInTier: result.categoriesInTier, ids: ids)
            if let zone = input.residentZone {
                var members = [[Int]](repeating: [], count: input.zoneNames.count)
                for r in 0..<nr where zone[r] >= 0 && Int(zone[r]) < members.count { members[Int(zone[r])].append(r) }
                result.summary.zones = input.zoneNames.enumerated().map { z, name in
                    let m = members[z]
                    return CoverageSummary.Zone(
                        zone: name, residents: m.count, weight: m.reduce(0) { $0 + input.weights[$1] },
                        tiers: TierStatistics.tiers(
                            distances: distances, weights: input.weights, residents: m, config: config,
                            categoriesInTier: result.categoriesInTier, ids: ids),
                        categories: input.categories.indices.map { c in
                            CoverageSummary.ZoneCategory(
                                id: ids[c],
                                tiers: TierStatistics.categoryTiers(
                                    c, distances: distances, counts: [], weights: input.weights, residents: m, config: config, residentCount: nr))
                        })
                }
                let outside = zone.filter { $0 < 0 }.count
                if outside > 0 { warnings.append("\(outside) residents lie outside every zone and appear only in the totals") }
            }
        }
        if config.serviceAreas {
            result.serviceAreas = try timed("service_areas") {
                try ServiceAreas.build(result: result, input: input, reachable: reachable)
            }
        }
        if config.gaps {
            result.gaps = try timed("gaps") { try GapAreas.build(result: result, input: input) }
        }
        result.summary.warnings = warnings
        result.summary.timingsS = timings
        return result
    }

    /// `residents: false` leaves out the residents' checks (they are streamed, and checked as they come).
    static func validate(_ input: CoverageInput, _ config: CoverageConfig, residents: Bool = true) throws {
        guard !config.tiers.isEmpty, config.tiers.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw OptionError(
                key: "tiers", "tiers must be positive distances in metres (got \(config.tiers))", fix: "give e.g. {option} 300,500,1000")
        }
        guard zip(config.tiers, config.tiers.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw OptionError(key: "tiers", "tiers must ascend (got \(config.tiers))", fix: "give e.g. {option} 300,500,1000")
        }
        guard config.walkingSpeedKmh > 0 else {
            throw OptionError(
                key: "walking_speed", "walking speed must be positive km/h (got \(config.walkingSpeedKmh))", fix: "give e.g. {option} 4")
        }
        guard config.maxSnap >= 0 else {
            throw OptionError(key: "max_snap", "the snapping distance must be >= 0 metres (got \(config.maxSnap))", fix: "give e.g. {option} 100")
        }
        if residents { try validateResidents(input) }
        if input.categories.isEmpty {
            throw OptionError(key: "category", "facilities: no facility category", fix: "check {option} or the preset's category values")
        }
        for c in input.categories {
            if let t = c.tier, t < 0 || t >= config.tiers.count {
                throw CoverageError("category '\(c.id)' refers to tier \(t) but only \(config.tiers.count) tiers are set")
            }
        }
        if config.metric == .network {
            guard let net = input.network, net.edgeCount > 0 else {
                throw OptionError(key: "network", "the network metric needs a walking network with edges", fix: "give {option}, or metric euclidean")
            }
        }
    }

    static func validateResidents(_ input: CoverageInput) throws {
        guard input.weights.count == input.residents.count else {
            throw CoverageError("residents: \(input.weights.count) weights for \(input.residents.count) residents")
        }
        if input.residents.isEmpty { throw CoverageError("residents: the layer has no features; give a layer of resident points or polygons") }
        if let i = input.weights.firstIndex(where: { !$0.isFinite }) {
            throw OptionError(
                key: "weight", "residents: weight of feature \(i + 1) is not a number", fix: "fix the weight column or choose another with {option}")
        }
        if let i = input.weights.firstIndex(where: { $0 < 0 }) {
            throw CoverageError("residents: weight of feature \(i + 1) is negative (\(input.weights[i])); weights must be >= 0")
        }
    }

    static func summarizeCategories(_ r: CoverageResult, input: CoverageInput, facilitiesUnsnapped: [Int]) -> [CoverageSummary.Category] {
        let nr = r.residentCount
        let cats = input.categories
        // Categories are independent: summed on every core.
        let out = ParallelSlots<CoverageSummary.Category?>(count: cats.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: cats.count) { c in
            let cat = cats[c]
            var unreachable = 0, unreachableW = 0.0
            r.distances[c].withUnsafeBufferPointer { d in
                input.weights.withUnsafeBufferPointer { w in
                    for i in 0..<nr where d[i] == .infinity { unreachable += 1; unreachableW += w[i] }
                }
            }
            out.set(
                c,
                CoverageSummary.Category(
                    id: cat.id, name: cat.name, nameZh: cat.nameZh, tierM: cat.tier.map { r.config.tiers[$0] },
                    facilities: cat.facilities.count, facilitiesUnsnapped: facilitiesUnsnapped[c],
                    unreachableResidents: unreachable, unreachableWeight: unreachableW,
                    tiers: TierStatistics.categoryTiers(
                        c, distances: r.distances, counts: r.counts, weights: input.weights,
                        residents: nil, config: r.config, residentCount: nr)))
        }
        return out.values.map { $0! }
    }
}
