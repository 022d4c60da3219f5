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

    /// `head`, when given, is this stream's first chunk and output file,
    /// begun by `Head.start` while the network was built.
    static func run(
        _ prepared: CoverageJob.Prepared, stream: FeatureStream, residents job: CoverageJob, chunkRows: Int, out: String?, head: Head? = nil
    ) throws -> CoverageResult {
        // Whatever is thrown, nothing is left writing into the staged output.
        defer { head?.wait() }
        let input = prepared.input, config = prepared.config, crs = prepared.frame.crs
        var stages: [String] = []
        var seconds: [String: Double] = [:]
        func add(_ stage: String, _ s: Double) {
            if seconds[stage] == nil { stages.append(stage) }
            seconds[stage, default: 0] += s
        }
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let t0 = DispatchTime.now().uptimeNanoseconds
            defer { add(stage, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9) }
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
        // The writer runs one chunk behind, on its own thread; its errors surface at the next hand-over.
        var writer: GeoPackageStreamWriter?
        let writing = DispatchGroup()
        // The head's queue: its work (the file made) comes before any write.
        let writeQueue = head?.queue ?? DispatchQueue(label: "lifecircle.coverage.write")
        let writeState = ParallelSlots<(error: Error?, seconds: Double)>(count: 1, initial: (nil, 0))
        defer { writing.wait() }
        if let head, out != nil {
            // The head made the file with empty layers: the facilities go in
            // while the facilities are searched (which they do not wait for).
            let others = CoverageOutput.otherLayers(shellResult(prepared, facilitySnap: facilitySnap), crs: crs)
            writeQueue.async(group: writing) {
                guard case .success(let w?) = head.writer else { return }
                let t0 = DispatchTime.now().uptimeNanoseconds
                var failure: Error?
                do { try w.insertLayers(others) } catch { failure = error }
                writeState.set(0, (failure, 0))
                head.insertSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            }
        }
        let field = timed("search") { NodeDistanceField(network: net, categories: facilitySnap, cutoff: cutoff, workers: config.workers) }
        let emptySummary = summaryShell(
            prepared, facilitiesUnsnapped: facilitiesUnsnapped, facilitiesOnMinor: facilitiesOnMinor,
            network: CoverageSummary.Network(
                nodes: net.nodeCount, edges: net.edgeCount, lengthM: net.totalLength, components: net.components.count,
                largestComponentLengthShare: net.components.largestLengthShare))
        var result = CoverageResult(
            config: config, categories: input.categories, distances: [], counts: [], residentSnap: [], facilitySnap: facilitySnap,
            summary: emptySummary, serviceAreas: [], gaps: [])
        var tally = CoverageTally(
            tiers: config.tiers, categoryCount: catPoints.count, tierCategories: config.tiers.indices.map(result.categoriesInTier))

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
        var pendingHead = head, headWriterTaken = false
        do {
            while true {
                let chunk: Chunk
                if let h = pendingHead {
                    // The first chunk was read and prepared by the head.
                    pendingHead = nil
                    timed("read_resident_rows") { h.wait() }
                    add("read_resident_rows", h.readSeconds)
                    guard let c = try h.chunk.get() else { break }
                    add("prepare_residents", h.prepareSeconds)
                    chunk = c
                } else {
                    guard let t = try timed("read_resident_rows", { try stream.next(maxRows: chunkRows) }) else { break }
                    chunk = try timed("prepare_residents") {
                        try prepareChunk(t, base: stream.position - t.count, frame: prepared.frame, residents: job)
                    }
                }
                nulls += chunk.nulls
                dropped += chunk.dropped
                if chunk.anyPositive { anyPositive = true }
                let points = chunk.points, weights = chunk.weights, rows = chunk.rows
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
                if writer == nil, let head, !headWriterTaken {
                    // Made by the head (it had this first chunk's rows).
                    headWriterTaken = true
                    add("write_setup", head.setupSeconds)
                    writer = try head.writer.get()
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
        if let head, writer != nil { add("write_setup", head.insertSeconds) }
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

    /// One chunk of residents, read and prepared: the points with a
    /// geometry, their weights and input rows, and what was counted on the way.
    struct Chunk: Sendable {
        var points: [Coordinate] = []
        var weights: [Double] = []
        var rows: [Int] = []
        var nulls = 0, dropped = 0
        var anyPositive = false
    }

    /// Projects the chunk `t` (rows `base + 1 …`), takes its points and
    /// checks its weights, as the whole-set path does.
    static func prepareChunk(_ t: FeatureTable, base: Int, frame: WorkingFrame, residents job: CoverageJob) throws -> Chunk {
        let label = job.residents.label
        var c = Chunk()
        let geometries = try frame.project(t.geometries, from: t.crs, label: label)
        let pts = try ResidentPoints.points(of: geometries, mode: job.residentPoint)
        var w: [Double]
        if let f = job.weightField {
            let raw = try t.doubles(f)
            for (i, v) in raw.enumerated() {
                guard let v else { c.nulls += 1; continue }
                try WeightRule.check(v, field: f, feature: base + i + 1, label: label)
                if v > 0 { c.anyPositive = true }
            }
            w = raw.map { $0 ?? 0 }
        } else {
            w = [Double](repeating: 1, count: t.count)
        }
        c.points.reserveCapacity(t.count); c.weights.reserveCapacity(t.count); c.rows.reserveCapacity(t.count)
        for i in pts.indices {
            guard let q = pts[i] else { c.dropped += 1; continue }
            c.points.append(q); c.weights.append(w[i]); c.rows.append(base + i + 1)
        }
        return c
    }

    /// The summary before any resident is counted.
    static func summaryShell(
        _ prepared: CoverageJob.Prepared, facilitiesUnsnapped: Int, facilitiesOnMinor: Int, network: CoverageSummary.Network
    ) -> CoverageSummary {
        let input = prepared.input, config = prepared.config
        return CoverageSummary(
            metric: config.metric.rawValue, crs: input.crsName, tiersM: config.tiers,
            tierMinutes: config.tiers.map(config.minutes), walkingSpeedKmh: config.walkingSpeedKmh,
            maxSnapM: config.maxSnap,
            totals: .init(
                residents: 0, residentWeight: 0, residentsSnapped: 0, residentsUnsnapped: 0, residentsOnMinorComponent: 0,
                facilities: input.categories.reduce(0) { $0 + $1.facilities.count }, facilitiesUnsnapped: facilitiesUnsnapped,
                facilitiesOnMinorComponent: facilitiesOnMinor),
            network: network, categories: [], tiers: [], zones: [], warnings: [], timingsS: [])
    }

    /// A result with no resident yet, enough to lay out the output layers
    /// (`CoverageOutput`); `facilitySnap` nil stands every facility unsnapped.
    static func shellResult(_ prepared: CoverageJob.Prepared, facilitySnap: [[SnappedPoint]]?) -> CoverageResult {
        let cats = prepared.input.categories
        let snap = facilitySnap ?? cats.map { [SnappedPoint](repeating: .unsnapped, count: $0.facilities.count) }
        return CoverageResult(
            config: prepared.config, categories: cats, distances: [], counts: [], residentSnap: [], facilitySnap: snap,
            summary: summaryShell(
                prepared, facilitiesUnsnapped: 0, facilitiesOnMinor: 0,
                network: CoverageSummary.Network(nodes: 0, edges: 0, lengthM: 0, components: 0, largestComponentLengthShare: 0)),
            serviceAreas: [], gaps: [])
    }

    /// The residents' first chunk and the output file, made on the writer's
    /// queue while the network is built and the facilities are snapped and
    /// searched, which need neither: a community's run is then not the
    /// network's time plus GDAL making a GeoPackage plus its residents'
    /// R-tree, one after the other. The file's layers are created from the
    /// columns alone (the facilities' rows go in once they are snapped) and
    /// the first chunk's R-tree entries are written ahead of its rows, in the
    /// same order, so the file holds what it held when made later. Errors
    /// are kept and thrown where the work used to be done.
    final class Head: @unchecked Sendable {
        /// The writer's queue: every later write goes after this work.
        let queue = DispatchQueue(label: "lifecircle.coverage.write")
        private let done = DispatchGroup()
        // Written on `queue` before `done` is left, read after `wait()`.
        private(set) var chunk: Result<Chunk?, Error> = .success(nil)
        private(set) var writer: Result<GeoPackageStreamWriter?, Error> = .success(nil)
        private(set) var readSeconds = 0.0, prepareSeconds = 0.0, setupSeconds = 0.0
        /// Filling the facilities (on `queue`, read after the last write).
        var insertSeconds = 0.0

        /// Starts on `prepared` (the facilities assembled; the network may not be built yet).
        static func start(_ prepared: CoverageJob.Prepared, residents job: CoverageJob, chunkRows: Int, out: String?) -> Head? {
            guard let stream = prepared.residentStream else { return nil }
            let head = Head()
            head.queue.async(group: head.done) { head.work(prepared, stream: stream, residents: job, chunkRows: chunkRows, out: out) }
            return head
        }

        func wait() { done.wait() }

        private func work(_ prepared: CoverageJob.Prepared, stream: FeatureStream, residents job: CoverageJob, chunkRows: Int, out: String?) {
            func since(_ t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
            var t0 = DispatchTime.now().uptimeNanoseconds
            let raw = Result { try stream.next(maxRows: chunkRows) }
            readSeconds = since(t0)
            t0 = DispatchTime.now().uptimeNanoseconds
            chunk = raw.flatMap { t in
                Result { try t.map { try CoverageStream.prepareChunk($0, base: stream.position - $0.count, frame: prepared.frame, residents: job) } }
            }
            prepareSeconds = since(t0)
            // As before: the file is made for the first chunk with rows.
            guard let out, case .success(let c?) = chunk, !c.points.isEmpty else { return }
            t0 = DispatchTime.now().uptimeNanoseconds
            writer = Result {
                let crs = prepared.frame.crs
                let shell = CoverageStream.shellResult(prepared, facilitySnap: nil)
                // One resident stands for the columns; the streamed layer's rows come later.
                var one = shell
                one.distances = shell.categories.map { _ in [.infinity] }
                one.residentSnap = [.unsnapped]
                var oneInput = CoverageInput(
                    network: nil, residents: [c.points[0]], weights: [0], residentAreas: nil, residentZone: nil, zoneNames: [],
                    categories: shell.categories, crsName: prepared.input.crsName, warnings: [])
                oneInput.residentRow = [1]
                let w = try GeoPackageStreamWriter(
                    path: out, layers: CoverageOutput.otherLayers(shell, crs: crs),
                    streamed: CoverageOutput.residentsLayer(one, input: oneInput, crs: crs), at: 0, rows: stream.withGeometry,
                    insertingLayers: false)
                try w.indexAhead(c.points.map { .point($0) })
                return w
            }
            setupSeconds = since(t0)
        }
    }
}

extension Optional {
    fileprivate func orThrow(_ error: @autoclosure () -> Error) throws -> Wrapped {
        guard let v = self else { throw error() }
        return v
    }
}
