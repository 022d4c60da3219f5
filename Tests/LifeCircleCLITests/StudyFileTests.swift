import Foundation
import TestSupport
import Testing

/// `lifecircle run --check`: study-file mistakes are reported with the file and line.
@Suite(.requiresCLI) struct StudyFileCheckTests {
    func write(_ yaml: String) throws -> URL {
        let dir = try TestData.temporaryFolder()
        let url = dir.appendingPathComponent("study.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        try "x".write(to: dir.appendingPathComponent("homes.csv"), atomically: true, encoding: .utf8)
        return url
    }

    @Test func unknownTopLevelKey() throws {
        let url = try write(
            """
            study:
              name: t
            coverge:
              residents: homes.csv
            """)
        let r = try CLI.run(["run", "--check", url.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("study.yaml:3: unknown key 'coverge'"), "\(r.stderr)")
    }

    @Test func unknownOptionKeyNamesTheLine() throws {
        let url = try write(
            """
            study:
              name: t
            coverage:
              residents: homes.csv
              weight: population
              tiers_metres: [300, 500]
            """)
        let r = try CLI.run(["run", "--check", url.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("study.yaml:6: unknown key 'tiers_metres' in coverage"), "\(r.stderr)")
    }

    @Test func wrongTypeNamesTheLine() throws {
        let url = try write(
            """
            study: {name: t, lang: en}
            coverage:
              residents: homes.csv
              facilities: homes.csv
              category: kind
              max_snap: far
            """)
        let r = try CLI.run(["run", "--check", url.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("study.yaml:6: coverage:") && r.stderr.contains("far"), "\(r.stderr)")
    }

    @Test func missingInputFile() throws {
        let url = try write(
            """
            inputs:
              homes: {path: nowhere.gpkg, crs: local}
            coverage:
              residents: homes
            """)
        let r = try CLI.run(["run", "--check", url.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("study.yaml:2: input 'homes': no such file"), "\(r.stderr)")
    }

    @Test func badLanguageValue() throws {
        let url = try write(
            """
            study:
              lang: fr
            coverage:
              residents: homes.csv
            """)
        let r = try CLI.run(["run", "--check", url.path])
        #expect(r.stderr.contains("study.yaml:2: lang must be zh or en"), "\(r.stderr)")
    }
}
