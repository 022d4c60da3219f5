import ArgumentParser
import Foundation
import LifeCircleIO
import LifeCircleStudy

extension BatchEmit.Scheduler: ExpressibleByArgument {}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run many studies (one per city): in parallel here, resumable, merged into a national summary; or emit Slurm/Kubernetes jobs.",
        discussion: """
            A manifest (CSV or YAML) lists one study per row: a study file, or the template study with the row's own
            inputs, city name and code. Each row runs into OUTPUT/cities/<code>; a row whose study, inputs and
            LifeCircle version are unchanged since it finished is skipped. Failed rows are retried, then listed with
            their error, without stopping the others. The merge writes OUTPUT/batch_summary.json, national.gpkg
            (cities and their zones with scores), tables/*.csv and national.html.

            Examples:
              lifecircle batch cities.yaml --jobs 2 --max-memory 8000
              lifecircle batch cities.csv --template city.yaml --output national
              lifecircle batch cities.yaml --emit slurm slurm/       # then: bash slurm/submit.sh
              lifecircle batch cities.yaml --row 7                    # one row, as a Slurm array task runs it
            """)

    @Argument(help: "The manifest, CSV or YAML.")
    var manifest: String
    @Option(help: "Template study for rows without their own (overrides the manifest's `template`). Example: --template city.yaml")
    var template: String?
    @Option(help: "Batch folder (overrides the manifest's `output`). Example: --output national")
    var output: String?
    @Option(help: "Rows run at once (default: the core count).")
    var jobs: Int?
    @Option(help: "MB the running rows may use together, from each row's last measured peak (500 MB until measured). Example: --max-memory 8000")
    var maxMemory: Double?
    @Option(help: "Further attempts for a failed row.")
    var retries: Int = 1
    @Option(help: "Run only this row (1-based), in this process: what a Slurm array task runs. Example: --row 7")
    var row: Int?
    @Option(help: ArgumentHelp("Attempt number of --row (set by the runner).", visibility: .hidden))
    var attempt: Int = 1
    @Flag(help: "Only merge the rows' results (the scheduler's merge job).")
    var mergeOnly = false
    @Option(
        help: "Write scheduler scripts instead of running: slurm or k8s, into the folder given by --emit-to. Example: --emit slurm --emit-to slurm/")
    var emit: BatchEmit.Scheduler?
    @Option(help: "Folder for the --emit scripts. Example: --emit-to slurm/")
    var emitTo: String?
    @Option(help: "With --emit: most tasks running at once (Slurm's % throttle, Kubernetes parallelism).")
    var throttle: Int?
    @Option(help: "With --emit: the lifecircle binary the tasks run (default: this one).")
    var executable: String?
    @Flag(help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if retries < 0 { throw ValidationError("--retries must be >= 0") }
        if let m = maxMemory, !(m > 0) { throw ValidationError("--max-memory takes megabytes > 0, e.g. 8000") }
        if emit != nil && emitTo == nil { throw ValidationError("--emit needs --emit-to DIR for the scripts") }
        if let row, row < 1 { throw ValidationError("--row counts from 1") }
    }

    var childArguments: [String] {
        (template.map { ["--template", URL(fileURLWithPath: $0).standardizedFileURL.path] } ?? [])
            + (output.map { ["--output", URL(fileURLWithPath: $0).standardizedFileURL.path] } ?? [])
    }

    static var selfExecutable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    func run() throws {
        let m = try BatchManifest.load(manifest, template: template, output: output)
        if let row {
            guard let r = m.rows.first(where: { $0.index == row }) else {
                throw CLIError("\(manifest): no row \(row): the manifest has rows 1–\(m.rows.count)")
            }
            let rec = try BatchRow.run(m, r, attempt: attempt)
            Console.note(String(format: "row %d (%@) done in %.1f s, peak %.0f MB", r.index, r.city, rec.seconds, rec.peakMemoryMB))
            return
        }
        if let emit, let emitTo {
            var o = BatchEmit.Options(executable: executable ?? Self.selfExecutable.path)
            o.childArguments = childArguments
            o.throttle = throttle
            let files = try BatchEmit.write(m, scheduler: emit, to: URL(fileURLWithPath: emitTo), options: o)
            for f in files { print(f.path) }
            return
        }
        if !mergeOnly {
            var o = BatchRunner.Options()
            if let jobs { o.jobs = jobs }
            o.maxMemoryMB = maxMemory
            o.retries = retries
            o.childArguments = childArguments
            let live = !quiet && Console.isTerminal
            let line: (@Sendable (String) -> Void)? = live ? batchProgressLine : nil
            let report = try BatchRunner(manifest: m, executable: Self.selfExecutable, options: o).run(progress: line)
            if live { FileHandle.standardError.write(Data("\n".utf8)) }
            if !quiet { Console.note("ran \(report.ran.count) row(s), skipped \(report.skipped.count) unchanged, \(report.failed.count) failed") }
            for f in report.failed { Console.warn("row \(f.index) (\(f.city)): \(f.error ?? "failed")") }
        }
        let s = try BatchMerge.merge(m)
        print(URL(fileURLWithPath: m.output).appendingPathComponent("batch_summary.json").path)
        if s.failed > 0 || s.missing > 0 { throw ExitCode(1) }
    }
}

/// The batch's one progress line, redrawn in place on a terminal.
@Sendable private func batchProgressLine(_ text: String) {
    FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
}
