import Foundation
import LifeCircleGeometry

/// Gap polygons: the residential areas (or points, when residents are
/// points) not covered, per category and tier and, with category nil, per
/// tier for "not every category of the tier reached".
enum GapAreas {
    static func build(result: CoverageResult, input: CoverageInput) throws -> [AreaFeature] {
        let cfg = result.config
        let nr = result.residentCount
        var jobList: [(c: Int?, t: Int)] = []
        for t in cfg.tiers.indices {
            if !result.categoriesInTier(t).isEmpty { jobList.append((nil, t)) }
            for c in result.categories.indices where result.categories[c].tier == nil || result.categories[c].tier == t { jobList.append((c, t)) }
        }
        let jobs = jobList
        let out = ParallelSlots<AreaFeature?>(count: jobs.count, initial: nil)
        let errors = ParallelSlots<String?>(count: jobs.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            let (c, t) = jobs[j]
            let cats = c.map { [$0] } ?? result.categoriesInTier(t)
            let uncovered = (0..<nr).filter { r in !cats.allSatisfy { result.covered(category: $0, tier: t, resident: r) } }
            if uncovered.isEmpty { return }
            do {
                let value: GeometryValue
                if let areas = input.residentAreas {
                    // Outlines GEOS cannot read (degenerate rings) are skipped; invalid
                    // ones (self-touching OSM buildings) are repaired if the union trips on them.
                    let polys = uncovered.compactMap { areas[$0] }.filter { !$0.polygonParts.isEmpty }.compactMap { try? Geometry($0) }
                    if polys.isEmpty { return }
                    if let u = try? Geometry.unionAll(polys) {
                        value = try u.value
                    } else {
                        value = try Geometry.unionAll(polys.compactMap { try? $0.makeValid() }).value
                    }
                } else {
                    value = .multiPoint(uncovered.map { input.residents[$0] })
                }
                let area = input.residentAreas == nil ? 0 : try Geometry(value).area
                out.set(
                    j,
                    AreaFeature(
                        category: c.map { result.categories[$0].id }, tierIndex: t, tierDistance: cfg.tiers[t],
                        geometry: value, area: area))
            } catch {
                errors.set(j, "gap polygons at \(cfg.tiers[t]) m: \(error)")
            }
        }
        if let e = errors.values.compactMap({ $0 }).first { throw CoverageError(e) }
        return out.values.compactMap { $0 }
    }
}
