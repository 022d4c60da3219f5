import Foundation
import LifeCircleGeometry
import LifeCircleNetwork

/// Service-area polygons per category and tier. Network metric: the
/// reachable parts of edges (partial edges included) buffered by the
/// configured width. Euclidean metric: union of discs of the tier radius.
/// Jobs run in parallel, each thread with its own GEOS context.
enum ServiceAreas {
    static func build(result: CoverageResult, input: CoverageInput, reachable: [[[ReachableInterval]]]) throws -> [AreaFeature] {
        let cfg = result.config
        // Each category at the tiers it counts in: its own tier, or every tier
        // when it has none (a kindergarten's 1000 m area means nothing in GB 50180).
        var jobList: [(c: Int, t: Int)] = []
        for t in cfg.tiers.indices { for c in result.categoriesInTier(t) { jobList.append((c, t)) } }
        let jobs = jobList
        let out = ParallelSlots<AreaFeature?>(count: jobs.count, initial: nil)
        let errors = ParallelSlots<String?>(count: jobs.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            let (c, t) = jobs[j]
            do {
                let geom: Geometry?
                switch cfg.metric {
                case .network:
                    let net = input.network!
                    let lines = ReachableEdges.lines(network: net, intervals: reachable[c][t]).filter { $0.count >= 2 }
                    // Merge pieces into chains, buffer each chain, then one cascaded
                    // union: several times faster in GEOS than buffering one big multi-line.
                    let params = BufferParameters(quadrantSegments: 4)
                    if lines.isEmpty {
                        geom = nil
                    } else {
                        // Chains are simplified by a fifth of the buffer width first: the
                        // outline moves by at most that, and GEOS has 2-3x fewer vertices to node.
                        let chains = try Geometry(.multiLineString(lines)).lineMerged()
                            .simplify(tolerance: cfg.serviceAreaWidth / 5, preserveTopology: false).parts
                        // OverlayNG at floating precision unions these overlapping buffers
                        // about 7x faster than GEOS 3.11's classic cascaded union; if it
                        // meets a topology problem, the classic union is the fallback.
                        let pieces = try chains.map { try $0.buffer(cfg.serviceAreaWidth, params) }
                        geom = try (try? Geometry.unionAll(pieces, gridSize: 0)) ?? Geometry.unionAll(pieces)
                    }
                case .euclidean:
                    let pts = result.categories[c].facilities
                    geom = pts.isEmpty ? nil : try Geometry(.multiPoint(pts)).buffer(cfg.tiers[t], BufferParameters(quadrantSegments: 16))
                }
                if let geom {
                    let area = try geom.area
                    out.set(
                        j,
                        AreaFeature(
                            category: result.categories[c].id, tierIndex: t, tierDistance: cfg.tiers[t],
                            geometry: try geom.value, area: area))
                }
            } catch {
                errors.set(j, "service area of '\(result.categories[c].id)' at \(cfg.tiers[t]) m: \(error)")
            }
        }
        if let e = errors.values.compactMap({ $0 }).first { throw CoverageError(e) }
        return out.values.compactMap { $0 }
    }
}
