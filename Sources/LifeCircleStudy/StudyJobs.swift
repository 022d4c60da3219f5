import Foundation
import LifeCircleCoverage
import LifeCircleGrids
import LifeCircleIO
import LifeCircleParks
import LifeCircleSiting
import Yams

/// One analysis of a study, decoded straight into its library job.
public enum StudyJob: Sendable {
    case coverage(CoverageJob)
    case grids(GridsJob)
    case parks(ParksJob)
    case access(AccessJob)
    case site(SiteJob)

    public var name: String {
        switch self {
        case .coverage: return "coverage"
        case .grids: return "grids"
        case .parks: return "parks"
        case .access: return "access"
        case .site: return "site"
        }
    }
}

/// Decoding sections into jobs, with errors pointing at the study file's lines.
public enum StudyJobs {
    /// The keys a section may hold: its job's option keys.
    static func keys(of analysis: String) -> [String] {
        switch analysis {
        case "coverage": return CoverageJob.studyKeys
        case "grids": return GridsJob.studyKeys
        case "parks": return ParksJob.studyKeys
        case "access": return AccessJob.studyKeys
        case "site": return SiteJob.studyKeys
        default: return []
        }
    }

    /// The section's job, validated; file options resolved by `resolver`.
    public static func job(_ section: StudyFile.Section, in study: StudyFile, resolver: InputResolver) throws -> StudyJob {
        let decoder = YAMLDecoder()
        let info: [CodingUserInfoKey: Any] = [.inputResolver: resolver]
        do {
            let job: StudyJob
            switch section.name {
            case "coverage":
                let j = try decoder.decode(CoverageJob.self, from: section.yaml, userInfo: info)
                try j.validate()
                job = .coverage(j)
            case "grids":
                let j = try decoder.decode(GridsJob.self, from: section.yaml, userInfo: info)
                try j.validate()
                job = .grids(j)
            case "access":
                let j = try decoder.decode(AccessJob.self, from: section.yaml, userInfo: info)
                try j.validate()
                job = .access(j)
            case "site":
                let j = try decoder.decode(SiteJob.self, from: section.yaml, userInfo: info)
                try j.validate()
                job = .site(j)
            default:
                let j = try decoder.decode(ParksJob.self, from: section.yaml, userInfo: info)
                try j.validate()
                job = .parks(j)
            }
            return job
        } catch {
            throw studyError(error, section, study)
        }
    }

    /// A decoding or option error as one line naming the file, line and key.
    public static func studyError(_ error: Error, _ section: StudyFile.Section, _ study: StudyFile) -> Error {
        if let e = error as? OptionError {
            let spelled = e.rendered { "\($0):" }
            return StudyError(study.path, section.line(of: e.key), "\(section.name): \(spelled)")
        }
        if let e = error as? DecodingError {
            func key(_ path: [CodingKey]) -> String? { path.first?.stringValue }
            switch e {
            case .typeMismatch(let type, let ctx):
                let k = key(ctx.codingPath) ?? "?"
                let given = section.keys.firstIndex { $0.key == k }.flatMap { i in i < section.values.count ? section.values[i].value : nil }
                return StudyError(
                    study.path, section.line(of: k), "\(section.name): '\(k)' must be \(describe(type))\(given.map { ", not '\($0)'" } ?? "")")
            case .valueNotFound(let type, let ctx):
                let k = key(ctx.codingPath) ?? "?"
                return StudyError(study.path, section.line(of: k), "\(section.name): '\(k)' needs \(describe(type))")
            case .keyNotFound(let k, _):
                return StudyError(study.path, section.line, "\(section.name): '\(k.stringValue)' is missing: add it to the section")
            case .dataCorrupted(let ctx):
                let k = key(ctx.codingPath) ?? ""
                return StudyError(study.path, section.line(of: k), "\(section.name): \(k.isEmpty ? "" : "'\(k)': ")\(ctx.debugDescription)")
            @unknown default:
                return StudyError(study.path, section.line, "\(section.name): \(e)")
            }
        }
        return StudyError(study.path, section.line, "\(section.name): \(error)")
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is UInt64.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a single value"
        default: return "a value of another type"
        }
    }
}
