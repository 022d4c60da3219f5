import ArgumentParser
import Foundation
import LifeCircleStudy

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a study described by a YAML file: coverage, grids and parks, with a report.",
        discussion: """
            The study file names the inputs, the analyses with their options (the same options as the
            coverage, grids partition and parks commands, as YAML keys) and the outputs. Relative paths
            start from the study file's folder. See examples/huilongguan/study.yaml.

            Examples:
              lifecircle run examples/huilongguan/study.yaml
              lifecircle run --check study.yaml
              lifecircle run study.yaml --out results/2026-11 --lang en --quiet
            """)

    @Argument(help: "The study YAML file.")
    var studyFile: String

    @Flag(help: "Only validate the study file (keys, types, input files); run nothing.")
    var check = false

    @Option(help: "Output folder (default: outputs.folder of the study, else a folder named after the study beside it). Example: --out results/run1")
    var out: String?

    @Option(help: "Report language, zh or en (default: the study's lang). Example: --lang en")
    var lang: String?

    @Flag(help: "No progress or timing table on stderr.")
    var quiet = false

    func validate() throws {
        if let lang, !["zh", "en"].contains(lang) { throw ValidationError("--lang takes zh or en, not '\(lang)'") }
    }

    func run() async throws {
        let study = try StudyFile.load(studyFile)
        let folder =
            out.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: study.resolve(study.outputFolder ?? "\(study.name)-output"))
        let progress = StageProgress(quiet: quiet)
        let runner = StudyRunner(study: study, outputFolder: folder.standardizedFileURL, lang: lang ?? study.lang, progress: progress)
        try runner.check()
        if check {
            print("\(studyFile): OK (\(study.sections.map(\.name).joined(separator: ", ")); \(study.inputs.count) inputs)")
            return
        }
        let outputs = try runner.run()
        progress.printTable()
        if !quiet && !outputs.warnings.isEmpty {
            Console.note("\(outputs.warnings.count) warning(s); see summary.json and the report")
        }
        print(outputs.report?.path ?? outputs.folder.path)
    }
}
