import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleIO
import LifeCircleProjection
import LifeCircleSiting

struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Where to add what: new sites for one facility category, for residents not yet within reach of one.",
        discussion: """
            Residents within --radius (default: the category's tier) of an
            existing facility are served; the rest can be served by new sites
            chosen from --candidates (points or polygons) or from network nodes
            on a --grid-spacing grid. --count P: the P sites newly serving the
            most weight (MCLP); --cover-all: the fewest sites serving every
            reachable resident (LSCP). Greedy and exact (GLPK) both run; the
            summary gives exact_value, greedy_value, status, bound and gap, the
            sites in order with their marginal gains, and the shares before
            and after. Outputs: a GeoPackage with layers sites and residents
            (served_before, newly_served) and a summary.json.

            Example:
              lifecircle site --network helsinki.osm.pbf --residents buildings.gpkg \\
                --facilities helsinki.osm.pbf --preset helsinki.yaml --for school \\
                --grid-spacing 250 --count 5 --out site.gpkg --summary site.json
            """)

    @OptionGroup var inputs: CoverageInputFlags

    @Option(
        help:
            "Tier distances in metres (default: the preset's, else 300,500,1000); the category's tier is the default radius. Example: --tiers 300,500,1000"
    )
    var tiers: String?
    @Option(name: .customLong("for"), help: "The category to site (its id). Example: --for clinic")
    var forCategory: String
    @Option(help: "Choose this many new sites (MCLP). Example: --count 5")
    var count: Int?
    @Flag(help: "Choose the fewest sites that serve every resident a candidate can reach (LSCP).")
    var coverAll = false
    @Option(help: "Candidate sites: points or polygons (polygon -> representative point). Example: --candidates vacant.gpkg")
    var candidates: String?
    @Option(help: "Layer of the candidates file. Example: --candidates-layer lots")
    var candidatesLayer: String?
    @Option(help: "OGR SQL filter on candidates. Example: --candidates-filter \"area > 500\"")
    var candidatesFilter: String?
    @Option(help: "CRS of the candidates file when it has none or a wrong one. Example: --candidates-crs gcj02")
    var candidatesCrs: CRS?
    @Option(help: "Candidates on a grid: per cell of this many metres, the network node nearest its centre. Example: --grid-spacing 200")
    var gridSpacing: Double?
    @Option(help: "Service radius in metres (default: the category's tier). Example: --radius 500")
    var radius: Double?
    @Option(help: "Exact solver time limit, seconds. Example: --time-limit 60")
    var timeLimit: Double = 60
    @Option(help: "Relative MIP gap at which the exact solver may stop. Example: --mip-gap 0.01")
    var mipGap: Double = 0

    @Option(help: "Output GeoPackage. Example: --out site.gpkg")
    var out: String
    @Option(help: "summary.json path. Example: --summary site.json")
    var summary: String?

    func validate() throws {
        try CLIValidation.check { try makeJob().validate() }
    }

    func makeJob() throws -> SiteJob {
        var inputsJob = try inputs.job()
        if let tiers {
            let parts = tiers.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
                throw OptionError(
                    key: "tiers", "'\(tiers)' is not a list of distances", fix: "give metres separated by commas, e.g. {option} 300,500,1000")
            }
            inputsJob.tiers = parts.compactMap { $0 }
        }
        var job = SiteJob(inputs: inputsJob, category: forCategory, objective: try SiteJob.objective(count: count, coverAll: coverAll))
        job.candidates = candidates.map { InputSource(path: $0, layer: candidatesLayer, filter: candidatesFilter, crs: candidatesCrs) }
        job.gridSpacing = gridSpacing
        job.radius = radius
        job.timeLimit = timeLimit
        job.mipGap = mipGap
        job.out = out
        job.summary = summary
        return job
    }

    func run() throws {
        let job = try makeJob()
        let r = try job.run(progress: Console.isTerminal ? stageLine : nil)
        let s = r.summary
        for w in s.warnings { Console.warn(w) }
        Console.note(
            String(
                format: "%@ within %g m: %.1f%% before; exact (%@) %d sites -> %.1f%% (+%.6g), greedy %d sites -> %.1f%% (+%.6g)",
                s.category, s.radiusM, 100 * s.shareBefore, s.exact.status, s.exact.count, 100 * s.exact.shareAfter, s.exactValue,
                s.greedy.count, 100 * s.greedy.shareAfter, s.greedyValue))
        for (k, site) in s.exact.sites.enumerated() {
            Console.note(String(format: "  %d. candidate %d at (%.1f, %.1f): +%.6g", k + 1, site.candidate, site.x, site.y, site.marginalGain ?? 0))
        }
        Console.note(String(format: "wrote %@ in %.2f s", out, s.elapsedS ?? 0))
    }
}
