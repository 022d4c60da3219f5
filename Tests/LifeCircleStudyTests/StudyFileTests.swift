import Foundation
import LifeCircleCoverage
import LifeCircleIO
import TestSupport
import Testing

@testable import LifeCircleStudy

/// The study file parsed straight into the jobs' options, in-process.
@Suite struct StudyFileParsingTests {
    func write(_ yaml: String, _ name: String = #function) throws -> String {
        let dir = try TestData.temporaryFolder(name)
        let path = dir.appendingPathComponent("study.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func tabsAreNamedAsTabs() throws {
        let path = try write("study:\n\tname: x\ncoverage:\n  residents: r.gpkg\n")
        let e = #expect(throws: StudyError.self) { try StudyFile.load(path) }
        #expect(e?.description.contains(":2:") == true)
        #expect(e?.description.contains("tab") == true)
    }

    @Test func unknownKeySuggestsTheNearest() throws {
        let path = try write("coverage:\n  residents: r.gpkg\n  facilities: f.gpkg\n  max_snapp: 10\n")
        let e = #expect(throws: StudyError.self) { try StudyFile.load(path) }
        #expect(e?.description.contains(":4:") == true)
        #expect(e?.description.contains("did you mean 'max_snap'") == true)
    }

    @Test func kebabAndSnakeKeysDecodeToTheSameJob() throws {
        let a = try write("coverage:\n  residents: r.gpkg\n  facilities: [f.gpkg]\n  max-snap: 150\n  tiers: 300,500\n  metric: euclidean\n")
        let b = try write(
            "coverage:\n  residents: r.gpkg\n  facilities: f.gpkg\n  max_snap: 150\n  tiers: [300, 500]\n  metric: euclidean\n", "second")
        func job(_ p: String) throws -> CoverageJob {
            let s = try StudyFile.load(p)
            guard case .coverage(let j) = try StudyJobs.job(s.sections[0], in: s, resolver: .identity) else {
                throw StudyError(p, nil, "not a coverage job")
            }
            return j
        }
        let ja = try job(a), jb = try job(b)
        #expect(ja.config.maxSnap == 150 && jb.config.maxSnap == 150)
        #expect(ja.tiers == [300, 500] && jb.tiers == [300, 500])
        #expect(ja.config.metric == .euclidean)
        #expect(ja.facilities.map(\.path) == ["f.gpkg"] && jb.facilities.map(\.path) == ["f.gpkg"])
    }

    @Test func wrongTypeNamesTheLine() throws {
        let path = try write("coverage:\n  residents: r.gpkg\n  facilities: f.gpkg\n  metric: euclidean\n  max_snap: far\n")
        let s = try StudyFile.load(path)
        let e = #expect(throws: StudyError.self) { try StudyJobs.job(s.sections[0], in: s, resolver: .identity) }
        #expect(e?.description.contains(":5:") == true)
        #expect(e?.description.contains("max_snap") == true)
    }

    @Test func optionErrorsNameTheStudyKey() throws {
        let path = try write("coverage:\n  residents: r.gpkg\n  facilities: f.gpkg\n  tiers: [500, 300]\n  metric: euclidean\n")
        let s = try StudyFile.load(path)
        let e = #expect(throws: StudyError.self) { try StudyJobs.job(s.sections[0], in: s, resolver: .identity) }
        #expect(e?.description.contains(":4:") == true)
        #expect(e?.description.contains("tiers:") == true)
        #expect(e?.description.contains("--") == false)
    }

    @Test func outputsAreSetByTheStudy() throws {
        let path = try write("coverage:\n  residents: r.gpkg\n  out: x.gpkg\n")
        let e = #expect(throws: StudyError.self) { try StudyFile.load(path) }
        #expect(e?.description.contains("set by the study") == true)
    }
}

/// The example study run in-process through the study module.
@Suite(.requiresSharedData) struct StudyRunInProcessTests {
    @Test func exampleStudyFiguresAndTypedSummary() throws {
        let study = try StudyFile.load(TestData.repoRoot.appendingPathComponent("examples/huilongguan/study.yaml").path)
        #expect(study.sections.map(\.name) == ["coverage", "grids", "parks"])
        let out = try TestData.temporaryFolder().appendingPathComponent("hlg")
        let runner = StudyRunner(study: study, outputFolder: out, lang: "zh", progress: StageProgress(quiet: true))
        try runner.check()
        let outputs = try runner.run()
        let s = outputs.studySummary
        // Published plan figures (see Tests/LifeCircleParksTests/BeijingTests.swift).
        #expect(abs((s.parks?.serviceRadiusCoverageBefore ?? 0) - 0.7303) < 5e-5)
        #expect(abs((s.parks?.serviceRadiusCoverageAfter ?? 0) - 0.8509) < 5e-5)
        #expect(s.grids?.gridCount == 4)
        #expect(abs((s.coverage?.tier(1000)?.meanCategoryShare ?? 0) - 0.71) < 1e-9)
        // summary.json holds no timings; timings.json holds every job's in one schema.
        let text = try String(contentsOf: outputs.summary, encoding: .utf8)
        #expect(!text.contains("timings_s") && !text.contains("elapsed_s"))
        let timings = try JSONDecoder().decode(
            [String: StudySummary.Timings].self,
            from: Data(contentsOf: out.appendingPathComponent("timings.json")))
        #expect(Set(timings.keys) == ["coverage", "grids", "parks", "study"])
        #expect(timings["coverage"]?.timingsS.isEmpty == false)
    }
}
