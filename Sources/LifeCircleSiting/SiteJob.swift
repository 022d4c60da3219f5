import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleParks
import LifeCircleProjection

/// A whole `lifecircle site` run: for one facility category, new sites from
/// candidates that bring residents not yet within the radius of an existing
/// facility within it. Coverage's inputs (read by `CoverageJob.prepare`),
/// parks' max-cover solvers (`LazyGreedyMaxCover`, `ExactMaxCover`,
/// `SetCover`). This module composes the two analyses; neither imports it.
public struct SiteJob: Sendable {
    public enum Objective: Sendable, Equatable {
        /// MCLP: the most newly served weight with this many new sites.
        case count(Int)
        /// LSCP: the fewest new sites serving every reachable unserved resident.
        case coverAll
    }

    /// Residents, existing facilities, network, preset (for tiers), as for coverage.
    public var inputs: CoverageJob
    /// The category to site (`--for clinic`).
    public var category: String
    public var objective: Objective
    /// Candidate points or polygons (representative point); nil = `gridSpacing`.
    public var candidates: InputSource?
    /// Candidates on a grid: per cell of this size the network node nearest its
    /// centre (a point grid over the residents with the Euclidean metric).
    public var gridSpacing: Double?
    /// Candidates carved from vacant land as `parks` does (land − buildings − roads − water, area and width band).
    public var vacantLand: VacantLand?
    /// Service radius in metres; nil = the category's tier.
    public var radius: Double?
    /// Served weight per new site at most; residents go to their nearest chosen site. nil = unlimited.
    public var capacity: Double?
    public var timeLimit: Double = 60
    public var mipGap: Double = 0
    /// Branch-and-bound nodes of the capacitated program before it stops with what it has.
    public var nodeLimit: Int = 100_000
    public var out: String?
    public var summary: String?

    public init(inputs: CoverageJob, category: String, objective: Objective) {
        self.inputs = inputs; self.category = category; self.objective = objective
    }

    public func validate() throws {
        var i = inputs
        i.out = nil
        try i.validate()
        if category.trimmingCharacters(in: .whitespaces).isEmpty {
            throw OptionError(key: "for", "no category to site is named", fix: "give {option} CATEGORY, e.g. {option} clinic")
        }
        if case .count(let p) = objective, p < 1 {
            throw OptionError(key: "count", "the number of new sites must be at least 1 (got \(p))", fix: "give e.g. {option} 5, or cover_all")
        }
        switch [candidates != nil, gridSpacing != nil, vacantLand != nil].filter({ $0 }).count {
        case 0:
            throw OptionError(
                key: "candidates", "no candidate sites", fix: "give {option} FILE (points or polygons), grid_spacing METRES, or land to carve")
        case 1: break
        default:
            throw OptionError(
                key: vacantLand != nil ? "land" : "grid_spacing", "candidates are given more than one way (candidates, grid_spacing, land)",
                fix: "give one of {option}, candidates, grid_spacing")
        }
        try vacantLand?.validate()
        if let g = gridSpacing, !(g > 0 && g.isFinite) {
            throw OptionError(key: "grid_spacing", "the grid spacing must be positive metres (got \(g))", fix: "give e.g. {option} 200")
        }
        if let r = radius, !(r > 0 && r.isFinite) {
            throw OptionError(key: "radius", "the radius must be positive metres (got \(r))", fix: "give e.g. {option} 500")
        }
        if let c = capacity, !(c > 0 && c.isFinite) {
            throw OptionError(
                key: "capacity", "the capacity per new site must be a positive weight (got \(c))",
                fix: "give {option} as the residents' weight one site serves, e.g. {option} 5000")
        }
        if nodeLimit < 1 {
            throw OptionError(key: "node_limit", "the node limit must be at least 1 (got \(nodeLimit))", fix: "give e.g. {option} 100000")
        }
        if !(timeLimit > 0) { throw OptionError(key: "time_limit", "the time limit must be positive seconds", fix: "give e.g. {option} 60") }
        if !(mipGap >= 0 && mipGap < 1) { throw OptionError(key: "mip_gap", "the MIP gap must be in [0, 1)", fix: "give e.g. {option} 0.01") }
        if let out, !out.lowercased().hasSuffix(".gpkg") {
            throw OptionError(key: "out", "\(out) is not a GeoPackage path", fix: "give an {option} path ending in .gpkg")
        }
        try OutputStaging.check(outputTargets, inputs: inputFiles)
    }

    /// The outputs, staged together (`OutputStaging`): both or neither.
    public var outputTargets: [OutputTarget] {
        [out.map { OutputTarget(key: "out", path: $0) }, summary.map { OutputTarget(key: "summary", path: $0) }].compactMap { $0 }
    }

    /// Coverage's inputs and the candidates: no output may touch them.
    public var inputFiles: [InputFile] {
        inputs.inputFiles + (candidates.map { [InputFile($0, role: "candidates")] } ?? [])
    }

    public func run(progress: (@Sendable (String) -> Void)? = nil) throws -> SiteResult {
        try validate()
        // Outputs are checked and staged before any input is read.
        let staging = try OutputStaging(outputTargets, inputs: inputFiles)
        let prepared = try inputs.prepare(progress: progress)
        var timings = prepared.timings
        let input = prepared.input, cfg = prepared.config
        guard let c = input.categories.firstIndex(where: { $0.id == category }) else {
            throw OptionError(
                key: "for", "no category '\(category)' among the facilities (\(input.categories.map(\.id).prefix(12).joined(separator: ", ")))",
                fix: "give {option} one of those ids")
        }
        let cat = input.categories[c]
        guard let r = radius ?? cat.tier.map({ cfg.tiers[$0] }) else {
            throw OptionError(
                key: "radius", "category '\(category)' has no tier to take a radius from", fix: "give {option} METRES, e.g. {option} 500")
        }
        var candidatePoints: [Coordinate] = [], candidateRow: [Int] = []
        var landNotes: [String] = [], landParts: Int?
        try clock("candidates", &timings, progress) {
            if let src = candidates {
                var t = try src.read(key: "candidates", defaultCRS: inputs.crs.flatMap { $0.isAuto ? nil : $0 }, fields: [])
                t.geometries = try prepared.frame.project(t.geometries, from: t.crs, label: src.label)
                let pts = try ResidentPoints.points(of: t.geometries, mode: inputs.residentPoint)
                for (i, p) in pts.enumerated() { if let p { candidatePoints.append(p); candidateRow.append(i + 1) } }
            } else if let v = vacantLand {
                let carved = try v.candidates(frame: prepared.frame, crs: inputs.crs)
                landNotes = carved.notes
                landParts = carved.parts
                let pts = try ResidentPoints.points(of: carved.sites.map { Optional($0.geometry) }, mode: inputs.residentPoint)
                for (i, p) in pts.enumerated() { if let p { candidatePoints.append(p); candidateRow.append(carved.sites[i].sourceIndex + 1) } }
            } else if let g = gridSpacing {
                candidatePoints = try SiteCandidates.grid(
                    spacing: g, network: cfg.metric == .network ? input.network : nil, residents: input.residents)
                candidateRow = Array(repeating: 0, count: candidatePoints.count)
            }
        }
        let problem = try clock("reach", &timings, progress) {
            try SiteProblem.build(
                residents: input.residents, weights: input.weights, existing: cat.facilities, candidates: candidatePoints,
                radius: r, metric: cfg.metric, network: input.network, maxSnap: cfg.maxSnap)
        }
        var result = try clock("solve", &timings, progress) {
            try SiteSolver.solve(problem, objective: objective, capacity: capacity, timeLimit: timeLimit, mipGap: mipGap, nodeLimit: nodeLimit)
        }
        result.summary.category = category
        result.summary.radiusM = r
        result.summary.tierM = cat.tier.map { cfg.tiers[$0] }
        result.summary.crs = input.crsName
        result.summary.metric = cfg.metric.rawValue
        result.summary.candidates.fromFile = candidates != nil
        result.summary.candidates.source = candidates != nil ? "file" : vacantLand != nil ? "vacant_land" : "grid"
        result.summary.candidates.landParts = landParts
        result.summary.candidates.notes = landNotes.isEmpty ? nil : landNotes
        result.candidatePoints = candidatePoints
        result.summary.exact.sites = result.exactSelected.map {
            SiteSummary.Site(
                candidate: $0, inputRow: candidateRow[$0] > 0 ? candidateRow[$0] : nil, x: candidatePoints[$0].x, y: candidatePoints[$0].y)
        }
        for (k, g) in result.exactGains.enumerated() where k < result.summary.exact.sites.count { result.summary.exact.sites[k].marginalGain = g }
        result.summary.greedy.sites = result.greedySelected.map {
            SiteSummary.Site(
                candidate: $0, inputRow: candidateRow[$0] > 0 ? candidateRow[$0] : nil, x: candidatePoints[$0].x, y: candidatePoints[$0].y)
        }
        for (k, g) in result.greedyGains.enumerated() where k < result.summary.greedy.sites.count { result.summary.greedy.sites[k].marginalGain = g }
        if let a = result.exactAssignment {
            for k in result.summary.exact.sites.indices {
                let j = result.summary.exact.sites[k].candidate
                result.summary.exact.sites[k].assignedWeight = a.assignedBySite[j]; result.summary.exact.sites[k].servedWeight = a.servedBySite[j]
            }
        }
        if let a = result.greedyAssignment {
            for k in result.summary.greedy.sites.indices {
                let j = result.summary.greedy.sites[k].candidate
                result.summary.greedy.sites[k].assignedWeight = a.assignedBySite[j]; result.summary.greedy.sites[k].servedWeight = a.servedBySite[j]
            }
        }
        result.summary.warnings = input.warnings + result.summary.warnings
        if cat.facilities.isEmpty {
            result.summary.warnings.append("category '\(category)' has no existing facility: every resident starts unserved")
        }
        if let out = staging.path(for: "out") {
            try clock("write", &timings, progress) {
                try SiteOutput.write(result, input: input, crs: prepared.frame.crs, to: out)
            }
        }
        result.summary.timingsS = timings
        result.summary.elapsedS = Double(DispatchTime.now().uptimeNanoseconds - prepared.started) / 1e9
        if let summary = staging.path(for: "summary") {
            try AtomicFile.write(try result.summary.jsonData(), to: summary)
        }
        try staging.commit()
        return result
    }

    private func clock<T>(
        _ stage: String, _ timings: inout [StageTiming], _ progress: (@Sendable (String) -> Void)?, _ body: () throws -> T
    ) rethrows
        -> T
    {
        progress?(stage)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let v = try body()
        timings.append(StageTiming(stage: stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
        return v
    }
}

/// Candidate sites on a grid.
public enum SiteCandidates {
    /// Per grid cell holding a network node, the node nearest the cell's
    /// centre; without a network, the centres of cells holding a resident.
    public static func grid(spacing: Double, network: WalkNetwork?, residents: [Coordinate]) throws -> [Coordinate] {
        let pts = network?.nodes ?? residents
        guard let first = pts.first else { return [] }
        var minX = first.x, minY = first.y, maxX = first.x, maxY = first.y
        for p in pts { minX = min(minX, p.x); minY = min(minY, p.y); maxX = max(maxX, p.x); maxY = max(maxY, p.y) }
        // Cell indices are packed into 32 bits each; a spacing far below the extent would overflow them.
        let cells = max(maxX - minX, maxY - minY) / spacing
        guard cells.isFinite, cells < Double(Int32.max) else {
            throw OptionError(
                key: "grid_spacing", "a grid spacing of \(spacing) m over \(String(format: "%.0f", max(maxX - minX, maxY - minY))) m is too fine",
                fix: "give {option} of at least a few metres, e.g. {option} 200")
        }
        var best: [Int64: (d: Double, p: Coordinate)] = [:]
        for p in pts {
            let ix = Int64(((p.x - minX) / spacing).rounded(.down)), iy = Int64(((p.y - minY) / spacing).rounded(.down))
            let cx = minX + (Double(ix) + 0.5) * spacing, cy = minY + (Double(iy) + 0.5) * spacing
            let key = iy << 32 | ix
            if network == nil {
                best[key] = (0, Coordinate(cx, cy))
            } else {
                let d = (p.x - cx) * (p.x - cx) + (p.y - cy) * (p.y - cy)
                if let b = best[key], b.d <= d { continue }
                best[key] = (d, p)
            }
        }
        // Sorted by cell (row, then column): the same candidates in the same order every run.
        return best.sorted { $0.key < $1.key }.map { $0.value.p }
    }
}
