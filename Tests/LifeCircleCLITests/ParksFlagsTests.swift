import Foundation
import LifeCircleIO
import LifeCircleParks
import Testing

@testable import LifeCircleCLI

/// `lifecircle parks` is flags mapped onto `ParksJob`: the flags are the
/// job's study keys in kebab-case, and both spellings give the same job.
struct ParksFlagsTests {
    @Test func flagsAreTheStudyKeys() throws {
        let help = ParksCommand.helpMessage(columns: 10_000)
        let regex = try NSRegularExpression(pattern: "--([a-z][a-z0-9-]*)")
        let ns = help as NSString
        let flags = Set(regex.matches(in: help, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) })
        let keys = Set(ParksJob.studyKeys.map { $0.replacingOccurrences(of: "_", with: "-") })
        #expect(flags.subtracting(["help", "out", "summary"]) == keys)
    }

    @Test func flagsAndStudyKeysGiveOneJob() throws {
        let command = try ParksCommand.parse([
            "--residents", "homes.gpkg", "--residents-filter", "type = 4", "--weight-area", "--resident-point", "centroid",
            "--green", "green.gpkg", "--green-rules", "2000:300", "--land", "blocks.gpkg", "--roads", "roads.gpkg",
            "--network", "city.osm.pbf", "--metric", "euclidean", "--method", "greedy", "--target-share", "0.8",
            "--crs", "local", "--out", "parks.gpkg",
        ])
        let json = """
            {"residents": "homes.gpkg", "residents_filter": "type = 4", "weight_area": true, "resident_point": "centroid",
             "green": "green.gpkg", "green_rules": "2000:300", "land": "blocks.gpkg", "roads": "roads.gpkg",
             "network": "city.osm.pbf", "metric": "euclidean", "method": "greedy", "target_share": 0.8, "crs": "local"}
            """
        var decoded = try JSONDecoder().decode(ParksJob.self, from: Data(json.utf8))
        decoded.out = "parks.gpkg"
        #expect(try command.makeJob() == decoded)
    }

    @Test func mistakesReadAsFlags() throws {
        func message(_ args: [String]) -> String {
            do {
                _ = try ParksCommand.parse(["--residents", "r.gpkg", "--green", "g.gpkg", "--candidates", "c.gpkg", "--out", "p.gpkg"] + args);
                return ""
            } catch { return ParksCommand.message(for: error) }
        }
        #expect(message(["--count", "3", "--target-share", "0.8"]).contains("either --count P or target_share S"))
        #expect(message(["--count", "3", "--radius", "0"]).contains("--radius"))
        #expect(message(["--count", "3", "--roads", "roads.gpkg"]).contains("--roads"))
        #expect(message(["--count", "3", "--metric", "manhattan"]).contains("manhattan"))
        #expect(message(["--count", "3"]) == "")
    }
}
