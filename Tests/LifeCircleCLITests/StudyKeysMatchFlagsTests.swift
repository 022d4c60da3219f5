import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleGrids
import LifeCircleIO
import LifeCircleParks
import LifeCircleSiting
import Testing

@testable import LifeCircleCLI

/// A job's study keys are its command's flags in snake_case: a new option is
/// one property, one key and one flag, and this test catches a missing one.
@Suite struct StudyKeysMatchFlagsTests {
    /// Flags a command declares (from its generated help), snake_case.
    func flags(_ command: ParsableCommand.Type) -> Set<String> {
        let help = command.helpMessage(columns: 10_000)
        let regex = try? NSRegularExpression(pattern: "--([a-z][a-z0-9-]*)")
        let ns = help as NSString
        var out = Set<String>()
        for m in regex?.matches(in: help, range: NSRange(location: 0, length: ns.length)) ?? [] {
            out.insert(ns.substring(with: m.range(at: 1)).replacingOccurrences(of: "-", with: "_"))
        }
        // Not options of the analysis: help, outputs (set by the study), and the --no- inversions.
        return out.subtracting(["help", "version", "out", "summary", "units_out"]).filter { !$0.hasPrefix("no_") }
    }

    @Test func coverage() {
        #expect(flags(CoverageCommand.self) == Set(CoverageJob.studyKeys))
    }

    @Test func access() {
        #expect(flags(AccessCommand.self) == Set(AccessJob.studyKeys))
    }

    @Test func site() {
        #expect(flags(SiteCommand.self) == Set(SiteJob.studyKeys))
    }

    @Test func parks() {
        #expect(flags(ParksCommand.self) == Set(ParksJob.studyKeys))
    }

    @Test func grids() {
        let all = flags(GridsPartitionCommand.self).union(flags(GridsEvaluateCommand.self)).union(flags(GridsRebalanceCommand.self))
        #expect(all == Set(GridsJob.studyKeys).subtracting(["command"]))
    }
}
