import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork

/// How supply and demand are weighted by distance.
public enum AccessMethod: String, Sendable, Codable, CaseIterable {
    /// Two-step floating catchment (Luo & Wang 2003): weight 1 within the catchment.
    case twoSFCA = "2sfca"
    /// Enhanced 2SFCA (Luo & Qi 2009): a step weight per distance band, in both steps.
    case e2SFCA = "e2sfca"
    /// Gravity (Hansen-type, as 2SFCA with a power decay): weight max(d, 1 m)^-beta within the catchment.
    case gravity
}

/// One distance band of E2SFCA: up to `upTo` metres, weight `weight`.
public struct AccessBand: Sendable, Codable, Equatable {
    public var upTo: Double
    public var weight: Double
    public init(upTo: Double, weight: Double) { self.upTo = upTo; self.weight = weight }
    enum CodingKeys: String, CodingKey {
        case upTo = "up_to_m"
        case weight
    }

    /// `300:1,600:0.68,1000:0.22`: upper bound in metres and weight per band.
    public static func parse(_ text: String) throws -> [AccessBand] {
        var out: [AccessBand] = []
        for part in text.split(separator: ",") {
            let kv = part.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard kv.count == 2, let d = kv[0], let w = kv[1] else {
                throw OptionError(
                    key: "bands", "'\(part)' is not a metres:weight band", fix: "give bands as metres:weight, e.g. {option} 300:1,600:0.68,1000:0.22")
            }
            out.append(AccessBand(upTo: d, weight: w))
        }
        return out
    }
}

public struct AccessConfig: Sendable {
    public var method: AccessMethod
    /// Catchment in metres (network or straight line, as the metric says).
    public var catchment: Double
    /// E2SFCA bands, ascending; the last band's bound is the catchment.
    public var bands: [AccessBand]
    /// Gravity decay exponent.
    public var beta: Double
    public var metric: DistanceMetric
    public var maxSnap: Double
    public var workers: Int?

    public init(
        method: AccessMethod = .twoSFCA, catchment: Double = 1000, bands: [AccessBand] = [], beta: Double = 1,
        metric: DistanceMetric = .network, maxSnap: Double = 100, workers: Int? = nil
    ) {
        self.method = method; self.catchment = catchment; self.bands = bands; self.beta = beta
        self.metric = metric; self.maxSnap = maxSnap; self.workers = workers
    }

    /// The search cut-off: the catchment, or the last band for E2SFCA.
    public var cutoff: Double { method == .e2SFCA ? (bands.last?.upTo ?? catchment) : catchment }

    /// Distance weight of a pair within the cut-off.
    @inline(__always) public func weight(_ d: Double) -> Double {
        switch method {
        case .twoSFCA: return 1
        case .e2SFCA:
            for b in bands where d <= b.upTo { return b.weight }
            return 0
        case .gravity: return pow(max(d, 1), -beta)
        }
    }

    public func validate() throws {
        guard catchment > 0, catchment.isFinite else {
            throw OptionError(key: "catchment", "the catchment must be positive metres (got \(catchment))", fix: "give e.g. {option} 1000")
        }
        if method == .e2SFCA {
            guard !bands.isEmpty else {
                throw OptionError(key: "bands", "e2sfca needs distance bands", fix: "give e.g. {option} 300:1,600:0.68,1000:0.22")
            }
            guard bands.allSatisfy({ $0.upTo > 0 && $0.upTo.isFinite && $0.weight >= 0 && $0.weight.isFinite }),
                zip(bands, bands.dropFirst()).allSatisfy({ $0.upTo < $1.upTo })
            else {
                throw OptionError(
                    key: "bands", "bands need ascending positive metres and weights >= 0 (got \(bands.map { "\($0.upTo):\($0.weight)" }))",
                    fix: "give e.g. {option} 300:1,600:0.68,1000:0.22")
            }
            if let last = bands.last?.upTo, catchment != last {
                throw OptionError(
                    key: "catchment", "with e2sfca the catchment is the last band's bound (\(last) m), not \(catchment) m",
                    fix: "leave out {option}, or make the last band end at it")
            }
        } else if !bands.isEmpty {
            throw OptionError(key: "bands", "bands apply to method e2sfca only", fix: "leave out {option}, or choose method e2sfca")
        }
        if method == .gravity && !(beta > 0 && beta.isFinite) {
            throw OptionError(key: "beta", "the gravity decay exponent must be positive (got \(beta))", fix: "give e.g. {option} 1.5")
        }
    }
}

/// Per category: ratio and demand per facility, access per resident.
public struct AccessResult: Sendable {
    public var config: AccessConfig
    public var categories: [CoverageCategory]
    /// `access[category][resident]`: Aᵢ (0 where no facility is within the catchment).
    public var access: [[Double]]
    /// `reached[category][resident]`: facilities within the catchment.
    public var reached: [[UInt32]]
    /// `ratio[category][facility]`: Rⱼ = Sⱼ / distance-weighted demand (0 where no demand).
    public var ratio: [[Double]]
    /// `demand[category][facility]`: Σ w(d) Pₖ over residents within the catchment.
    public var demand: [[Double]]
    /// `supply[category][facility]`: the capacity used (1 without a capacity field; 0 where missing).
    public var supply: [[Double]]
    public var residentSnap: [SnappedPoint]
    public var summary: AccessSummary
}

/// The library entry point of `lifecircle access`: floating-catchment
/// access per category from inputs in one projected metre CRS.
public enum AccessAnalysis {
    public static func run(_ input: CoverageInput, _ config: AccessConfig) throws -> AccessResult {
        var timings: [StageTiming] = []
        var warnings = input.warnings
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try body()
            timings.append(StageTiming(stage: stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
            return r
        }
        try config.validate()
        if input.residents.isEmpty { throw CoverageError("residents: the layer has no features; give a layer of resident points or polygons") }
        guard input.weights.count == input.residents.count else {
            throw CoverageError("residents: \(input.weights.count) weights for \(input.residents.count) residents")
        }
        if input.categories.isEmpty {
            throw OptionError(key: "category", "facilities: no facility category", fix: "check {option} or the preset's category values")
        }
        let nr = input.residents.count, nc = input.categories.count
        let cutoff = config.cutoff

        // Supply per facility, with the missing, zero and negative values told.
        var supply: [[Double]] = []
        var counts = AccessSummary.CapacityCounts()
        for cat in input.categories {
            guard let caps = cat.capacities else {
                supply.append([Double](repeating: 1, count: cat.facilities.count)); continue
            }
            if let i = caps.firstIndex(where: { $0 < 0 }) {
                throw OptionError(
                    key: "capacity", "category '\(cat.id)': facility \(i + 1) has a negative capacity (\(caps[i]))",
                    fix: "capacities must be >= 0: fix the value or filter the facility out, or choose another {option}")
            }
            let missing = caps.filter { $0.isNaN }.count, zero = caps.filter { $0 == 0 }.count
            if missing > 0 {
                warnings.append("category '\(cat.id)': \(missing) facilities have no capacity value: counted with supply 0")
            }
            if zero > 0 { warnings.append("category '\(cat.id)': \(zero) facilities have capacity 0: they supply nothing") }
            counts.missing += missing; counts.zero += zero
            supply.append(caps.map { $0.isNaN ? 0 : $0 })
        }
        for c in input.categories where c.facilities.isEmpty {
            warnings.append("category '\(c.id)' has no facility: every resident's access to it is 0")
        }

        // (facility, resident, distance) pairs within the cut-off, per category.
        var pairs: [ReachPairs] = []
        var residentSnap: [SnappedPoint] = []
        var unsnappedResidents = 0, unsnappedFacilities = 0
        switch config.metric {
        case .network:
            guard let net = input.network, net.edgeCount > 0 else {
                throw OptionError(key: "network", "the network metric needs a walking network with edges", fix: "give {option}, or metric euclidean")
            }
            var facilitySnap: [[SnappedPoint]] = []
            timed("snap") {
                let index = EdgeIndex(network: net)
                let rs = index.snapAll(input.residents, maxDistance: config.maxSnap)
                residentSnap = rs.points
                unsnappedResidents = rs.counts.unsnapped
                for cat in input.categories {
                    let fs = index.snapAll(cat.facilities, maxDistance: config.maxSnap)
                    facilitySnap.append(fs.points)
                    unsnappedFacilities += fs.counts.unsnapped
                }
            }
            if unsnappedResidents > 0 {
                warnings.append("\(unsnappedResidents) of \(nr) residents are farther than \(config.maxSnap) m from the network: access 0")
            }
            if unsnappedFacilities > 0 {
                warnings.append("\(unsnappedFacilities) facilities are farther than \(config.maxSnap) m from the network and were left out")
            }
            // All facilities of all categories in one parallel batch: one bounded search each.
            let all = facilitySnap.flatMap { $0 }
            let joined = timed("search") {
                FacilityReach.pairs(network: net, sources: all, targets: residentSnap, cutoff: cutoff, workers: config.workers)
            }
            var offset = 0
            for fs in facilitySnap {
                let lo = joined.start[offset], hi = joined.start[offset + fs.count]
                pairs.append(
                    ReachPairs(
                        start: joined.start[offset...(offset + fs.count)].map { $0 - lo },
                        target: Array(joined.target[lo..<hi]), distance: Array(joined.distance[lo..<hi])))
                offset += fs.count
            }
        case .euclidean:
            pairs = timed("search") {
                input.categories.map { FacilityReach.euclideanPairs(sources: $0.facilities, targets: input.residents, cutoff: cutoff) }
            }
        }

        // The two steps, category by category, pairs in a fixed order.
        var access: [[Double]] = [], reached: [[UInt32]] = [], ratio: [[Double]] = [], demand: [[Double]] = []
        timed("access") {
            input.weights.withUnsafeBufferPointer { pw in
                for c in 0..<nc {
                    let p = pairs[c]
                    let nf = p.sourceCount
                    var dj = [Double](repeating: 0, count: nf), rj = [Double](repeating: 0, count: nf)
                    var a = [Double](repeating: 0, count: nr)
                    var n = [UInt32](repeating: 0, count: nr)
                    p.target.withUnsafeBufferPointer { tg in
                        p.distance.withUnsafeBufferPointer { ds in
                            for j in 0..<nf {
                                var s = 0.0
                                for k in p.start[j]..<p.start[j + 1] { s += config.weight(ds[k]) * pw[Int(tg[k])] }
                                dj[j] = s
                                rj[j] = s > 0 ? supply[c][j] / s : 0
                            }
                            for j in 0..<nf {
                                let r = rj[j]
                                for k in p.start[j]..<p.start[j + 1] {
                                    let i = Int(tg[k])
                                    a[i] += config.weight(ds[k]) * r
                                    n[i] += 1
                                }
                            }
                        }
                    }
                    access.append(a); reached.append(n); ratio.append(rj); demand.append(dj)
                }
            }
        }
        var summary = AccessSummary(
            method: config.method.rawValue, metric: config.metric.rawValue, catchmentM: cutoff,
            bands: config.method == .e2SFCA ? config.bands : nil, beta: config.method == .gravity ? config.beta : nil,
            crs: input.crsName, maxSnapM: config.maxSnap,
            totals: AccessSummary.Totals(
                residents: nr, residentWeight: input.weights.reduce(0, +), residentsUnsnapped: unsnappedResidents,
                facilities: input.categories.reduce(0) { $0 + $1.facilities.count }, facilitiesUnsnapped: unsnappedFacilities,
                pairs: pairs.reduce(0) { $0 + $1.pairCount }),
            capacity: input.categories.contains { $0.capacities != nil } ? counts : nil,
            categories: [], zones: [], warnings: [], timingsS: [])
        timed("summary") {
            // Categories are independent: summed on every core.
            let stats = ParallelSlots<AccessSummary.Category?>(count: nc, initial: nil)
            let (acc, rea, sup, dem) = (access, reached, supply, demand)
            DispatchQueue.concurrentPerform(iterations: nc) { c in
                var s = AccessStatistics.category(access: acc[c], reached: rea[c], weights: input.weights, members: nil)
                s.id = input.categories[c].id; s.name = input.categories[c].name; s.nameZh = input.categories[c].nameZh
                s.facilities = input.categories[c].facilities.count
                s.supply = sup[c].reduce(0, +)
                s.facilitiesWithoutDemand = dem[c].filter { $0 == 0 }.count
                stats.set(c, s)
            }
            summary.categories = stats.values.map { $0! }
            if let zone = input.residentZone {
                var members = [[Int]](repeating: [], count: input.zoneNames.count)
                for r in 0..<nr where zone[r] >= 0 && Int(zone[r]) < members.count { members[Int(zone[r])].append(r) }
                summary.zones = input.zoneNames.enumerated().map { z, name in
                    AccessSummary.Zone(
                        zone: name, residents: members[z].count, weight: members[z].reduce(0) { $0 + input.weights[$1] },
                        categories: (0..<nc).map { c in
                            var s = AccessStatistics.category(access: access[c], reached: reached[c], weights: input.weights, members: members[z])
                            s.id = input.categories[c].id
                            return s
                        })
                }
            }
        }
        summary.warnings = warnings
        summary.timingsS = timings
        return AccessResult(
            config: config, categories: input.categories, access: access, reached: reached, ratio: ratio, demand: demand,
            supply: supply, residentSnap: residentSnap, summary: summary)
    }
}

/// Weighted mean, median, share without a facility and Gini of Aᵢ.
public enum AccessStatistics {
    public static func category(access: [Double], reached: [UInt32], weights: [Double], members: [Int]?) -> AccessSummary.Category {
        let idx = members ?? Array(access.indices)
        var total = 0.0, sum = 0.0, none = 0.0
        for i in idx {
            total += weights[i]; sum += weights[i] * access[i]
            if reached[i] == 0 { none += weights[i] }
        }
        // One sort serves the median and the Gini coefficient.
        let (x, w) = sorted(idx.map { access[$0] }, idx.map { weights[$0] })
        return AccessSummary.Category(
            id: "", mean: total > 0 ? sum / total : 0, median: medianOfSorted(x, w), noFacilityShare: total > 0 ? none / total : 0,
            noFacilityWeight: none, gini: giniOfSorted(x, w))
    }

    /// Values ascending (ties by position) with their weights.
    static func sorted(_ x: [Double], _ w: [Double]) -> ([Double], [Double]) {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        return (order.map { x[$0] }, order.map { w[$0] })
    }

    /// The smallest value with at least half the weight at or below it.
    public static func weightedMedian(_ x: [Double], _ w: [Double]) -> Double {
        let (sx, sw) = sorted(x, w)
        return medianOfSorted(sx, sw)
    }

    /// Weighted Gini: Σᵢ Σⱼ wᵢ wⱼ |xᵢ − xⱼ| / (2 W² μ), from sorted cumulative sums.
    public static func gini(_ x: [Double], _ w: [Double]) -> Double {
        let (sx, sw) = sorted(x, w)
        return giniOfSorted(sx, sw)
    }

    static func medianOfSorted(_ x: [Double], _ w: [Double]) -> Double {
        let total = w.reduce(0, +)
        guard total > 0, let last = x.last else { return 0 }
        var acc = 0.0
        for k in x.indices {
            acc += w[k]
            if acc >= total / 2 { return x[k] }
        }
        return last
    }

    static func giniOfSorted(_ x: [Double], _ w: [Double]) -> Double {
        var totalW = 0.0, totalWX = 0.0
        for k in x.indices { totalW += w[k]; totalWX += w[k] * x[k] }
        guard totalW > 0, totalWX > 0 else { return 0 }
        var cum = 0.0, area = 0.0
        for k in x.indices {
            area += w[k] * (cum + w[k] * x[k] / 2)
            cum += w[k] * x[k]
        }
        return 1 - 2 * area / (totalW * totalWX)
    }
}
