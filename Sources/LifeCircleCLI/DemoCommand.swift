import ArgumentParser
import Foundation
import LifeCircleIO
import LifeCircleStudy

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a complete study on the embedded Helsinki extract and print the report's path.",
        discussion: """
            Takes geodata/Helsinki.osm.pbf, derives residents (residential buildings, population from footprint
            × levels), facilities (gb50180 preset OSM tags), buildings, roads, water, green space and land, writes
            them with a study file to DIR/inputs, and runs the study into DIR/study: walking network from OSM,
            life-circle coverage, a grid plan of the residential buildings, pocket-park candidates, the report.

            Examples:
              lifecircle demo
              lifecircle demo --out /tmp/demo --lang zh
            """)

    @Option(help: "Folder for the demo's inputs and results. Example: --out out/demo")
    var out: String = "out/demo"

    @Option(help: "The OSM extract to use (default: geodata/Helsinki.osm.pbf of this checkout).")
    var osm: String?

    @Option(help: "Report language, zh or en. Example: --lang zh")
    var lang: String = "en"

    @Flag(help: "No progress or timing table on stderr.")
    var quiet = false

    func validate() throws {
        if !["zh", "en"].contains(lang) { throw ValidationError("--lang takes zh or en, not '\(lang)'") }
    }

    static func defaultOSM() -> String? {
        // From the working directory (a checkout), else beside the executable's checkout.
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("geodata/Helsinki.osm.pbf"),
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("../../../geodata/Helsinki.osm.pbf").standardizedFileURL,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }?.path
    }

    func run() async throws {
        guard let osmPath = osm ?? DemoCommand.defaultOSM() else {
            throw CLIError("geodata/Helsinki.osm.pbf not found: run from the LifeCircle checkout or pass --osm PATH")
        }
        let root = URL(fileURLWithPath: out).standardizedFileURL
        let inputs = root.appendingPathComponent("inputs")
        // The folder is new, empty or an earlier demo's: never someone's files.
        try RunFolder.check(root.path, key: "out", inputs: [InputFile(role: "OSM", path: osmPath)])
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try RunFolder.mark(root.path, name: "demo")
        let progress = StageProgress(quiet: quiet)
        let extracted = try progress.stage("demo inputs") {
            try DemoInputs.extract(osmPath: osmPath, to: inputs.appendingPathComponent("helsinki.gpkg").path)
        }
        let studyPath = inputs.appendingPathComponent("study.yaml")
        let osmCopyless = URL(fileURLWithPath: osmPath).standardizedFileURL.path
        try DemoStudy.yaml(osm: osmCopyless, inputs: extracted, lang: lang)
            .write(to: studyPath, atomically: true, encoding: .utf8)
        let study = try StudyFile.load(studyPath.path)
        let runner = StudyRunner(study: study, outputFolder: root.appendingPathComponent("study"), lang: lang, progress: progress)
        try runner.check()
        let outputs = try runner.run()
        progress.printTable()
        if !quiet {
            Console.note(
                String(
                    format: "demo: %d residential buildings (%.0f residents, %.0f households), %d facilities in %d categories, CRS %@",
                    extracted.residents, extracted.population, extracted.households, extracted.facilities,
                    extracted.categories, extracted.crs.description))
        }
        print(outputs.report?.path ?? outputs.folder.path)
    }
}
