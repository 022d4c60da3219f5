import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleIO

extension AccessMethod: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}

struct AccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Capacity-aware access per facility category: two-step floating catchment (2SFCA, E2SFCA) or gravity.",
        discussion: """
            Each facility's ratio Rj = capacity / demand within its catchment
            (residents' weight, distance-weighted for e2sfca and gravity); each
            resident's access Ai = sum of the ratios of the facilities within
            the catchment. One bounded network search per facility. Outputs: a
            GeoPackage with layers residents (access_<category>, n_<category>)
            and facilities (capacity, ratio, demand), and a summary.json (per
            category: weighted mean and median access, share with no facility
            within the catchment, Gini; per zone with --zones).

            Examples:
              lifecircle access --network spo_osm.pbf \\
                --residents spo_hexgrid_EPSG32723.gpkg --weight population \\
                --resident-point centroid --facilities spo_hexgrid_EPSG32723.gpkg \\
                --facilities-filter "schools > 0" --category-name school \\
                --capacity schools --catchment 1000 --out access.gpkg

              lifecircle access --network city.osm.pbf --residents homes.gpkg \\
                --facilities pois.gpkg --category kind --capacity beds \\
                --method e2sfca --bands 300:1,600:0.68,1000:0.22 --out access.gpkg
            """)

    @OptionGroup var inputs: CoverageInputFlags

    @Option(help: "Facility capacity column (beds, seats, doctors); default: every facility supplies 1. Example: --capacity beds")
    var capacity: String?
    @Option(
        help: "Catchment in metres along the network (straight with --metric euclidean); default 1000, or the last band. Example: --catchment 1000")
    var catchment: Double?
    @Option(help: "2sfca (default), e2sfca (step weights per band) or gravity (power decay). Example: --method e2sfca")
    var method: AccessMethod = .twoSFCA
    @Option(help: "E2SFCA bands, metres:weight ascending; the last bound is the catchment. Example: --bands 300:1,600:0.68,1000:0.22")
    var bands: String?
    @Option(help: "Gravity decay exponent: weight = max(d, 1 m)^-beta within the catchment. Example: --beta 1.5")
    var beta: Double = 1

    @Option(help: "Output GeoPackage. Example: --out access.gpkg")
    var out: String
    @Option(help: "summary.json path. Example: --summary access.json")
    var summary: String?

    func validate() throws {
        try CLIValidation.check { try makeJob().validate() }
    }

    func makeJob() throws -> AccessJob {
        let inputsJob = try inputs.job()
        let parsedBands = try bands.map { try AccessBand.parse($0) } ?? []
        var job = AccessJob(
            inputs: inputsJob, capacityField: capacity,
            config: AccessConfig(
                method: method, catchment: catchment ?? parsedBands.last?.upTo ?? 1000, bands: parsedBands, beta: beta,
                metric: inputs.metric, maxSnap: inputs.maxSnap))
        job.out = out
        job.summary = summary
        return job
    }

    func run() throws {
        let job = try makeJob()
        let result = try job.run(progress: Console.isTerminal ? stageLine : nil)
        let s = result.summary
        for w in s.warnings { Console.warn(w) }
        for c in s.categories {
            Console.note(
                String(
                    format: "%@: mean access %.4g, median %.4g, no facility within %g m %.1f%%, Gini %.3f", c.id, c.mean, c.median,
                    s.catchmentM, 100 * c.noFacilityShare, c.gini))
        }
        Console.note(String(format: "wrote %@ (%d residents, %d categories) in %.2f s", out, s.totals.residents, s.categories.count, s.elapsedS ?? 0))
    }
}

/// A progress line on stderr for each stage (only when stderr is a terminal).
@Sendable func stageLine(_ stage: String) {
    FileHandle.standardError.write(Data("▸ \(stage) …\n".utf8))
}
