import Foundation
import LifeCircleGrids
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

/// The grids job in-process: real data end to end, study decoding, option errors.
@Suite struct GridsJobTests {
    static let hexes = "sao_paulo/spo_hexgrid_EPSG32723.gpkg"

    @Test(.requiresSharedData) func partitionSaoPauloHexesInProcess() throws {
        let dir = try TestData.temporaryFolder()
        let path = TestData.shared(Self.hexes)
        var job = GridsJob(units: InputSource(path: path), weights: ["population"], count: .total(10))
        job.out = dir.appendingPathComponent("grids.gpkg").path
        job.summary = dir.appendingPathComponent("summary.json").path
        try job.validate()
        let stages = StageNames()
        let r = try job.run { stages.add($0) }

        // Independent numbers from the layer itself.
        let layer = try LayerReader.read(path)
        let population = try layer.doubles("population").map { $0 ?? 0 }
        let total = population.reduce(0, +)
        #expect(r.summary.gridCount == 10 && r.plan.gridCount == 10)
        #expect(r.summary.units == layer.count)
        #expect(r.summary.totalWeight["population"] == total)
        let gridWeights = r.summary.grids.map { $0.weight["population"]! }
        #expect(abs(gridWeights.reduce(0, +) - total) < 1e-6)
        let ideal = total / 10
        let maxDev = gridWeights.map { abs($0 - ideal) / ideal }.max()!
        #expect(maxDev <= job.tolerance + 1e-12)
        #expect(abs(maxDev - r.summary.maxAbsDeviation) < 1e-9)
        #expect(r.summary.grids.map(\.gridCode) == (1...10).map { String(format: "%03d", $0) })
        #expect(r.summary.crs == layer.crs?.description)

        // Every unit has a code, in the result and in the written layer; the
        // units of each code add up to its grid's weight.
        let codes = try #require(r.units.columns.first { $0.name == "grid_code" }).values.map(\.stringValue)
        #expect(codes.count == layer.count && codes.allSatisfy { $0 != nil && !$0!.isEmpty })
        let written = try LayerReader.read(job.out!, ReadOptions(layer: "units"))
        let writtenCodes = try written.strings("grid_code")
        #expect(writtenCodes == codes)
        var byCode: [String: Double] = [:]
        for (i, c) in writtenCodes.enumerated() { byCode[c!, default: 0] += population[i] }
        for g in r.summary.grids { #expect(abs(byCode[g.gridCode]! - g.weight["population"]!) < 1e-6) }
        #expect(try LayerReader.read(job.out!, ReadOptions(layer: "grids")).count == 10)

        // summary.json is the typed summary, with the stage timings.
        let data = try Data(contentsOf: URL(fileURLWithPath: job.summary!))
        let decoded = try JSONDecoder().decode(GridsSummary.self, from: data)
        // The search's own seconds are in timings_s (as `partition`), not a key of their own.
        var expected = r.summary
        expected.seconds = 0
        #expect(decoded == expected)
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(json["grid_count"] as? Int == 10 && json["max_abs_deviation"] != nil && json["timings_s"] != nil)
        #expect(r.summary.timingsS.map(\.stage).contains("partition") && r.summary.elapsedS > 0)
        #expect(stages.names.contains("read_units") && stages.names.contains("partition"))
    }

    @Test func decodingAStudySectionEqualsTheJobBuiltDirectly() throws {
        let json = """
            {"units": "homes", "units_filter": "type = 4", "weight": ["households", "workload"], "nest": "community",
             "target": "300:500", "gap": 40, "crs": "local", "adjacency": "queen", "barriers": ["roads", "rail"],
             "barriers_filter": "highway = 'primary'", "barriers_layer": "lines", "communities": "communities", "communities_field": "code",
             "initial": "tree", "seed": 7, "time_limit": 30, "tolerance": 0.1, "id": "block_id"}
            """
        let resolver = InputResolver { name in InputSource(path: "/study/\(name).gpkg", layer: name, crs: .local) }
        let decoder = JSONDecoder()
        decoder.userInfo[.inputResolver] = resolver
        let decoded = try decoder.decode(GridsJob.self, from: Data(json.utf8))

        var job = GridsJob(
            command: .partition, units: InputSource(path: "/study/homes.gpkg", layer: "homes", filter: "type = 4", crs: .local),
            weights: ["households", "workload"], count: .target(min: 300, max: 500))
        job.nest = "community"
        job.gap = 40
        job.crs = .local
        job.adjacency = .queen
        job.barriers = ["roads", "rail"].map { (n: String) in InputSource(path: "/study/\(n).gpkg", layer: n, crs: .local) }
        job.barriersFilter = "highway = 'primary'"
        job.barriersLayer = "lines"
        job.communities = InputSource(path: "/study/communities.gpkg", layer: "communities", crs: .local)
        job.communitiesField = "code"
        job.initial = .tree
        job.seed = 7
        job.timeLimit = 30
        job.tolerance = 0.1
        job.id = "block_id"
        #expect(decoded == job)
        try decoded.validate()

        // One weight as a scalar; evaluate with an assignment column.
        let evaluate = try JSONDecoder().decode(
            GridsJob.self,
            from: Data(
                """
                {"command": "evaluate", "units": "u.gpkg", "weight": "area_m2", "assignment": "grid_code"}
                """.utf8))
        var expected = GridsJob(command: .evaluate, units: InputSource(path: "u.gpkg"), weights: ["area_m2"])
        expected.assignment = "grid_code"
        #expect(evaluate == expected)
    }

    @Test func studyKeysAreTheFlagsAndCatchUnknownKeys() throws {
        let keys = Set(GridsJob.studyKeys)
        for k in [
            "command", "units", "units_layer", "units_filter", "weight", "id", "nest", "communities", "communities_field",
            "adjacency", "gap", "barriers", "barriers_filter", "barriers_layer", "study_area", "network", "max_walk", "crs", "tolerance",
            "grids", "grids_field", "grids_table", "target", "initial", "seed", "time_limit", "assignment",
            "grids_layer", "grids_code",
        ] {
            #expect(keys.contains(k), "missing study key \(k)")
        }
        #expect(!keys.contains("out") && !keys.contains("summary") && !keys.contains("units_out"))
        let section =
            try JSONSerialization.jsonObject(
                with: Data(
                    """
                    {"units": "homes", "weights": "area_m2", "grids": 4, "gap": 40, "crs": "local", "gird_code": "x"}
                    """.utf8)) as! [String: Any]
        #expect(Set(section.keys).subtracting(keys) == ["weights", "gird_code"])
    }

    @Test func optionMistakesNameTheirKeys() throws {
        func key(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let e as OptionError { return e.key } catch { return "other: \(error)" }
        }
        var job = GridsJob(units: InputSource(path: "u.gpkg"), weights: ["w"], count: .total(4))
        job.tolerance = 1
        #expect(key { try job.validate() } == "tolerance")
        job.tolerance = 0.05
        job.count = .total(0)
        #expect(key { try job.validate() } == "grids")
        job.count = .field("k")
        #expect(key { try job.validate() } == "nest")
        job.count = nil
        #expect(key { try job.validate() } == "grids")
        var evaluate = GridsJob(command: .evaluate, units: InputSource(path: "u.gpkg"), weights: ["w"])
        #expect(key { try evaluate.validate() } == "assignment")
        evaluate.assignment = "grid_code"
        evaluate.out = "u.gpkg"
        #expect(key { try evaluate.validate() } == "out")
        #expect(key { _ = try GridsJob.Count.target(parsing: "500:300") } == "target")
        // Two ways of giving the number of grids in a study section.
        #expect(
            key { _ = try JSONDecoder().decode(GridsJob.self, from: Data(#"{"units": "u", "weight": "w", "grids": 4, "target": "1:2"}"#.utf8)) }
                == "target")
        #expect(
            key { _ = try JSONDecoder().decode(GridsJob.self, from: Data(#"{"units": "u", "weight": "w", "grids": 4, "adjacency": "king"}"#.utf8)) }
                == "adjacency")
    }

    @Test(.requiresSharedData) func aFilterMatchingNothingNamesUnitsFilter() throws {
        let job = GridsJob(
            units: InputSource(path: TestData.shared(Self.hexes), filter: "population < 0"), weights: ["population"], count: .total(10))
        do {
            _ = try job.run()
            Issue.record("a filter matching no unit must fail")
        } catch let e as OptionError {
            #expect(e.key == "units_filter")
            #expect(e.message.contains("population < 0"))
            #expect(e.rendered { "--" + $0.replacingOccurrences(of: "_", with: "-") }.contains("--units-filter"))
        }
    }
}

/// Stage names reported through `progress`, from any thread.
final class StageNames: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var names: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
