import Foundation
import LifeCircleCoverage
import LifeCircleGrids
import LifeCircleIO
import LifeCircleParks
import LifeCircleSiting

/// What a study found, one typed value: the study's identity, each job's own
/// summary, and the warnings gathered from them. `summary.json` holds it
/// without timings (so two runs of one study give the same file);
/// `timings.json` holds the timings in the one schema every job uses.
public struct StudySummary: Codable, Sendable {
    public struct Study: Codable, Sendable {
        public var name: String
        public var lang: String
        public var toolVersion: String
        public var analyses: [String]
        enum CodingKeys: String, CodingKey {
            case name, lang
            case toolVersion = "tool_version"
            case analyses
        }
    }

    /// Stage timings of one job, or of the study's own stages.
    public struct Timings: Codable, Sendable {
        public var timingsS: [StageTiming]
        public var elapsedS: Double?
        enum CodingKeys: String, CodingKey {
            case timingsS = "timings_s"
            case elapsedS = "elapsed_s"
        }
    }

    public var study: Study
    public var coverage: CoverageSummary?
    public var grids: GridsSummary?
    public var parks: ParkSitingSummary?
    public var access: AccessSummary?
    public var site: SiteSummary?
    public var warnings: [String]

    /// Warnings of every job, prefixed with the job's name.
    public static func warnings(coverage: CoverageSummary?) -> [String] {
        (coverage?.warnings ?? []).map { "coverage: \($0)" }
    }

    /// Each job's timings, by job name.
    public var timings: [String: Timings] {
        var t: [String: Timings] = [:]
        if let c = coverage { t["coverage"] = Timings(timingsS: c.timingsS, elapsedS: c.elapsedS) }
        if let g = grids { t["grids"] = Timings(timingsS: g.timingsS, elapsedS: g.elapsedS) }
        if let p = parks { t["parks"] = Timings(timingsS: p.timingsS, elapsedS: p.elapsedS) }
        if let a = access { t["access"] = Timings(timingsS: a.timingsS, elapsedS: a.elapsedS) }
        if let s = site { t["site"] = Timings(timingsS: s.timingsS, elapsedS: s.elapsedS) }
        return t
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// `summary.json`: everything but the timings (the one schema's two keys,
    /// `timings_s` and `elapsed_s`, of each job).
    public func stableJSON() throws -> Data {
        let data = try StudySummary.encoder().encode(self)
        guard var root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return data }
        for name in ["coverage", "grids", "parks", "access", "site"] {
            guard var job = root[name] as? [String: Any] else { continue }
            job["timings_s"] = nil
            job["elapsed_s"] = nil
            root[name] = job
        }
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Reads a `summary.json` back: the timings `stableJSON` left out come back empty.
    public static func fromStableJSON(_ data: Data) throws -> StudySummary {
        guard var root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return try JSONDecoder().decode(StudySummary.self, from: data)
        }
        for name in ["coverage", "grids", "parks"] {
            guard var job = root[name] as? [String: Any] else { continue }
            if job["timings_s"] == nil { job["timings_s"] = [Any]() }
            if name != "coverage" && job["elapsed_s"] == nil { job["elapsed_s"] = 0 }
            root[name] = job
        }
        return try JSONDecoder().decode(StudySummary.self, from: JSONSerialization.data(withJSONObject: root))
    }

    /// `timings.json`: each job's stages, and the study's own.
    public func timingsJSON(study stages: [StageTiming]) throws -> Data {
        var all = timings
        all["study"] = Timings(timingsS: stages, elapsedS: stages.reduce(0) { $0 + $1.seconds })
        return try StudySummary.encoder().encode(all)
    }
}
