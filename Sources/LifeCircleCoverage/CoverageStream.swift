import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// Coverage with the residents streamed: the facility searches do not depend
/// on residents, so they run first and keep per-category node distances
/// (`NodeDistanceField`); then the residents go through a chunk at a time —
/// read, projected, snapped, looked up, summed (`CoverageTally`) and appended
/// to the GeoPackage (`GeoPackageStreamWriter`, on a second thread while the
/// next chunk is computed) — and each chunk is dropped. Memory is the
/// network, the node distances and two chunks, whatever the residents.
/// Rows, summary and warnings are those of `CoverageAnalysis` +
/// `CoverageOutput` on the whole set (tests compare them).
enum CoverageStream {
    /// 262,144 rows: about 60 MB in flight per chunk with 12 categories.
    static let defaultChunkRows = 1 << 18

    static func run(
        _ prepared: CoverageJob.Prepared, stream: FeatureStream, residents job: CoverageJob, chunkRows: Int, out: String?
    ) throws -> CoverageResult {
        let input = prepared.input, config = prepared.config, crs = prepared.frame.crs
        var stages: [String] = []
        var seconds: [String: Double] = [:]
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            defer {
                if seconds[stage] == nil { stages.append(stage) }
                seconds[stage, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            }
            return try body()
        }
        try CoverageAnalysis.validate(input, config, residents: false)
        let cutoff = config.tiers.max()!
        let catPoints = input.categories.map(\.facilities)
        let net = try input.network.orThrow(CoverageError("network: none to stream residents onto"))
        let label = job.residents.label

        // Facilities: snapped and searched once, before any resident.
        var facilitySnap: [[SnappedPoint]] = []
        var facilitiesUnsnappedPerCategory = [Int](repeating: 0, count: catPoints.count)
        var facilitiesUnsnapped = 0, facilitiesOnMinor = 0
        let index = timed("snap_facilities") { () -> EdgeIndex in
            let index = EdgeIndex(network: net)
            for (c, pts) in catPoints.enumerated() {
                let fs = index.snapAll(pts, maxDistance: config.maxSnap)
                facilitySnap.append(fs.points)
                facilitiesUnsnappedPerCategory[c] = fs.counts.unsnapped
                facilitiesUnsnapped += fs.counts.unsnapped
                facilitiesOnMinor += fs.counts.onMinorComponent
            }
            return index
        }
        let field = timed("search") { NodeDistanceField(network: net, categories: facilitySnap, cutoff: cutoff, workers: config.workers) }
        let emptySummary = CoverageSummary(
            metric: config.metric.rawValue, crs: input.crsName, tiersM: config.tiers,
            tierMinutes: config.tiers.map(config.minutes), walkingSpeedKmh: config.walkingSpeedKmh,
            maxSnapM: config.maxSnap,
            totals: .init(
                residents: 0, residentWeight: 0, residentsSnapped: 0, residentsUnsnapped: 0, residentsOnMinorComponent: 0,
                facilities: catPoints.reduce(0) { $0 + $1.count }, facilitiesUnsnapped: facilitiesUnsnapped,
                facilitiesOnMinorComponent: facilitiesOnMinor),
            network: CoverageSummary.Network(
                nodes: net.nodeCount, edges: net.edgeCount, lengthM: net.totalLength, components: net.components.count,
                largestComponentLengthShare: net.components.largestLengthShare),
            categories: [], tiers: [], zones: [], warnings: [], timingsS: [])
        var result = CoverageResult(
            config: config, categories: input.categories, distances: [], counts: [], residentSnap: [], facilitySnap: facilitySnap,
            summary: emptySummary, serviceAreas: [], gaps: [])
        var tally = CoverageTally(
            tiers: config.tiers, categoryCount: catPoints.count, tierCategories: config.tiers.indices.map(result.categoriesInTier))

        // The writer runs one chunk behind, on its own thread; its errors surface at the next hand-over.
        var writer: GeoPackageStreamWriter?
        let writing = DispatchGroup()
        let writeQueue = DispatchQueue(label: "lifecircle.coverage.write")
        let writeState = ParallelSlots<(error: Error?, seconds: Double)>(count: 1, initial: (nil, 0))
        func handOver(_ layer: OutputLayer) throws {
            writing.wait()
            if let e = writeState.values[0].error { throw e }
            guard let w = writer else { return }
            writeQueue.async(group: writing) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                var failure: Error?
                do { try w.append(layer) } catch { failure = error }
                let s = writeState.values[0]
                writeState.set(0, (s.error ?? failure, s.seconds + Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
            }
        }

        var nulls = 0, dropped = 0, kept = 0, anyPositive = false
        let streamStart = DispatchTime.now().uptimeNanoseconds
        do {
            while let t = try timed("read_resident_rows", { try stream.next(maxRows: chunkRows) }) {
                let base = stream.position - t.count
                let (points, weights, rows) = try timed("prepare_residents") { () -> ([Coordinate], [Double], [Int]) in
                    let geometries = try prepared.frame.project(t.geometries, from: t.crs, label: label)
                    let pts = try ResidentPoints.points(of: geometries, mode: job.residentPoint)
                    var w: [Double]
                    if let f = job.weightField {
                        let raw = try t.doubles(f)
                        for (i, v) in raw.enumerated() {
                            guard let v else { nulls += 1; continue }
                            try WeightRule.check(v, field: f, feature: base + i + 1, label: label)
                            if v > 0 { anyPositive = true }
                        }
                        w = raw.map { $0 ?? 0 }
                    } else {
                        w = [Double](repeating: 1, count: t.count)
                    }
                    var p: [Coordinate] = [], kw: [Double] = [], r: [Int] = []
                    p.reserveCapacity(t.count); kw.reserveCapacity(t.count); r.reserveCapacity(t.count)
                    for i in pts.indices {
                        guard let q = pts[i] else { dropped += 1; continue }
                        p.append(q); kw.append(w[i]); r.append(base + i + 1)
                    }
                    return (p, kw, r)
                }
                guard !points.isEmpty else { continue }
                kept += points.count
                let snapped = timed("snap") { index.snapAll(points, maxDistance: config.maxSnap) }
                let distances = timed("lookup") { field.distances(snapped.points) }
                timed("summary") {
                    tally.add(
                        weights: weights, distances: distances, unsnapped: snapped.counts.unsnapped, onMinorComponent: snapped.counts.onMinorComponent
                    )
                }
                guard let out else { continue }
                let layer = timed("prepare_write") { () -> OutputLayer in
                    var chunk = result
                    chunk.distances = distances
                    chunk.residentSnap = snapped.points
                    var rowsInput = CoverageInput(
                        network: nil, residents: points, weights: weights, residentAreas: nil, residentZone: nil, zoneNames: [],
                        categories: input.categories, crsName: input.crsName, warnings: [])
                    rowsInput.residentRow = rows
                    return CoverageOutput.residentsLayer(chunk, input: rowsInput, crs: crs)
                }
                if writer == nil {
                    // Created at the first chunk with rows, whose columns are every chunk's.
                    writer = try timed("write_setup") {
                        try GeoPackageStreamWriter(
                            path: out, layers: CoverageOutput.otherLayers(result, crs: crs), streamed: layer, at: 0, rows: stream.withGeometry)
                    }
                }
                try handOver(layer)
            }
            writing.wait()
            if let e = writeState.values[0].error { throw e }
        } catch {
            writing.wait()
            throw error
        }
        if let f = job.weightField, !anyPositive, stream.count > 0 {
            // The whole column's all-zero refusal (`WeightRule.check` on a column), with the same words.
            try WeightRule.check([0], field: f, label: label)
        }
        if kept == 0 {
            throw OptionError(key: "residents_filter", "\(label): no resident feature with a geometry", fix: "check the layer and {option}")
        }
        if let writer { try timed("write_finish") { try writer.finish() } }
        seconds["stream"] = Double(DispatchTime.now().uptimeNanoseconds - streamStart) / 1e9
        stages.append("stream")
        seconds["write", default: 0] += writeState.values[0].seconds
        stages.append("write")

        // Warnings in the order of the whole-set path: the residents' own
        // where reading them whole puts them, then the analysis's.
        var residentWarnings: [String] = []
        if let f = job.weightField, nulls > 0 { residentWarnings.append("\(nulls) residents have no value in '\(f)': weighted 0") }
        if dropped > 0 { residentWarnings.append("\(dropped) residents have no geometry and were left out") }
        var warnings = input.warnings
        warnings.insert(contentsOf: residentWarnings, at: min(prepared.residentWarningsAt, warnings.count))
        for c in input.categories where c.facilities.isEmpty {
            warnings.append("category '\(c.id)' has no facility: no resident is covered for it")
        }
        let nr = tally.residents
        if tally.unsnapped > 0 {
            warnings.append("\(tally.unsnapped) of \(nr) residents are farther than \(config.maxSnap) m from the network: counted as not covered")
        }
        if tally.onMinorComponent > 0 {
            warnings.append(
                "\(tally.onMinorComponent) residents joined a network fragment outside the largest component: they reach only facilities on the same fragment"
            )
        }
        if facilitiesUnsnapped > 0 {
            warnings.append("\(facilitiesUnsnapped) facilities are farther than \(config.maxSnap) m from the network and were left out")
        }

        let total = tally.weight
        var summary = emptySummary
        summary.totals.residents = nr
        summary.totals.residentWeight = total
        summary.totals.residentsSnapped = nr - tally.unsnapped
        summary.totals.residentsUnsnapped = tally.unsnapped
        summary.totals.residentsOnMinorComponent = tally.onMinorComponent
        summary.categories = input.categories.enumerated().map { c, cat in
            CoverageSummary.Category(
                id: cat.id, name: cat.name, nameZh: cat.nameZh, tierM: cat.tier.map { config.tiers[$0] },
                facilities: cat.facilities.count, facilitiesUnsnapped: facilitiesUnsnappedPerCategory[c],
                unreachableResidents: tally.unreachable[c], unreachableWeight: tally.unreachableWeight[c],
                tiers: config.tiers.enumerated().map { t, limit in
                    let cov = tally.covered[c][t]
                    return CoverageSummary.CategoryTier(
                        tierM: limit, coveredWeight: cov, share: total > 0 ? cov / total : 0, meanFacilitiesWithin: nil)
                })
        }
        let ids = input.categories.map(\.id)
        summary.tiers = config.tiers.enumerated().map { t, limit in
            let all = tally.allWeight[t], mean = tally.meanWeight[t]
            return CoverageSummary.Tier(
                tierM: limit, minutes: config.minutes(limit), categories: tally.tierCategories[t].map { ids[$0] },
                allCategoriesWeight: all, allCategoriesShare: total > 0 ? all / total : 0,
                meanCategoryShare: total > 0 ? mean / total : 0)
        }
        summary.warnings = warnings
        summary.timingsS = stages.map { StageTiming(stage: $0, seconds: seconds[$0] ?? 0) }
        result.summary = summary
        return result
    }
}

extension Optional {
    fileprivate func orThrow(_ error: @autoclosure () -> Error) throws -> Wrapped {
        guard let v = self else { throw error() }
        return v
    }
}
