import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleParks
import LifeCircleProjection
import TestSupport
import Testing

/// `ParksJob` in-process on the Beijing Huilongguan plan (local metres), with
/// the options of examples/huilongguan/study.yaml's parks section.
@Suite(.requiresSharedData) struct ParksJobTests {
    static var plan: String { TestData.shared("beijing_hlg/hlg.geojson") }

    /// The study's parks job: area-weighted residential parcels sampled every
    /// 20 m, the plan's green, the vacant parcels, 3 sites within 300 m.
    static func huilongguan() -> ParksJob {
        var job = ParksJob(
            residents: InputSource(path: plan, filter: "type = 4"),
            green: InputSource(path: plan, filter: "type IN (7, 8)"),
            candidates: InputSource(path: plan, filter: "type = 1 AND existence = 0"),
            objective: .count(3))
        job.weightArea = true
        job.residential = InputSource(path: plan, filter: "type = 4")
        job.greenRules = [GreenServiceRule(minArea: 2_000, radius: 300)]
        job.sampleSpacing = 20
        job.radius = 300
        job.metric = .euclidean
        job.crs = .local
        return job
    }

    @Test func huilongguanRateBeforeAndAfter() throws {
        let dir = try TestData.temporaryFolder()
        var job = Self.huilongguan()
        job.out = dir.appendingPathComponent("parks.gpkg").path
        job.summary = dir.appendingPathComponent("summary.json").path
        let stages = ParallelSlots<[String]>(count: 1, initial: [])
        let r = try job.run { stage in stages.set(0, stages[0] + [stage]) }
        let s = r.summary
        #expect(abs((s.serviceRadiusCoverageBefore ?? 0) - 0.7303) < 0.00005, "before \(s.serviceRadiusCoverageBefore ?? -1)")
        #expect(abs((s.serviceRadiusCoverageAfter ?? 0) - 0.8509) < 0.0005, "after \(s.serviceRadiusCoverageAfter ?? -1)")
        #expect(s.metric == "euclidean" && s.crs == CRS.local.description)
        #expect(s.selected.count == 3 && s.exactStatus == "optimal")
        #expect(r.layers.map(\.name) == ["candidates", "selected_sites", "service_areas", "residents", "coverage"])
        // One timings schema: stages in run order, reading first, writing last.
        #expect(s.timingsS.first?.stage == "read_residents")
        #expect(s.timingsS.last?.stage == "write")
        #expect(s.timingsS.contains { $0.stage == "exact" })
        #expect((s.elapsedS ?? 0) > 0)
        #expect(stages[0].starts(with: ["read_residents", "read_residential", "read_green", "read_candidates"]))
        // The files: the summary as returned, the five layers.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: job.summary!))) as! [String: Any]
        #expect((json["timings_s"] as? [[String: Any]])?.first?["stage"] as? String == "read_residents")
        #expect(json["elapsed_s"] is Double)
        #expect(json["service_radius_coverage_after"] as? Double == s.serviceRadiusCoverageAfter)
        let sites = try LayerReader.read(job.out!, ReadOptions(layer: "selected_sites", declaredCRS: .local))
        #expect(sites.count == 3)
    }

    @Test func noFilesNeeded() throws {
        // Without out and summary nothing is written; the result still carries the layers.
        var job = Self.huilongguan()
        job.sampleSpacing = nil
        job.count(1)
        let r = try job.run()
        #expect(r.summary.selected.count <= 1)
        #expect(r.layers.count == 5)
        #expect(r.summary.timingsS.allSatisfy { $0.stage != "write" })
    }

    @Test func residentsFilterMatchingNothingNamesTheFilter() throws {
        var job = Self.huilongguan()
        job.residents.filter = "type = 99"
        #expect {
            try job.run()
        } throws: { error in
            guard let e = error as? OptionError else { return false }
            return e.key == "residents_filter" && e.message.contains("type = 99")
                && e.rendered { "<\($0)>" }.contains("<residents_filter>")
        }
    }

    @Test func validateNamesTheOptionByItsKey() throws {
        func key(_ change: (inout ParksJob) -> Void) -> String? {
            var job = Self.huilongguan()
            change(&job)
            do { try job.validate(); return nil } catch { return (error as? OptionError)?.key }
        }
        #expect(key { _ in } == nil)
        #expect(key { $0.land = InputSource(path: "blocks.gpkg") } == "candidates")
        #expect(key { $0.roads = InputSource(path: "roads.gpkg") } == "roads")
        #expect(key { $0.objective = .count(0) } == "count")
        #expect(key { $0.objective = .targetShare(1.5) } == "target_share")
        #expect(key { $0.metric = .network } == "network")
        #expect(key { $0.weight = "pop" } == "weight")
        #expect(key { $0.radius = 0 } == "radius")
        #expect(key { $0.sampleSpacing = -1 } == "sample_spacing")
        #expect(key { $0.maxArea = 100 } == "max_area")
        #expect(key { $0.maxSnap = -1 } == "max_snap")
        #expect(key { $0.timeLimit = 0 } == "time_limit")
        #expect(key { $0.zones = InputSource(path: "zones.gpkg") } == "zone_field")
        #expect(key { $0.out = "parks.shp" } == "out")
        #expect(key { $0.greenRules = [] } == "green_rules")
        #expect(throws: OptionError.self) { try ParksJob.objective(count: 3, targetShare: 0.8) }
        #expect(throws: OptionError.self) { try ParksJob.objective(count: nil, targetShare: nil) }
        #expect((try? ParksJob.greenRules("2000:300,10000:500")) == GreenServiceRule.defaults)
        #expect(throws: OptionError.self) { try ParksJob.greenRules("2000") }
    }

    // MARK: study keys

    static let snippet = """
        {"residents": "homes", "residents_filter": "type = 4", "weight_area": true, "residential": "homes",
         "green": "green", "green_rules": "2000:300", "candidates": "vacant", "sample_spacing": 20,
         "radius": 300, "count": 3, "metric": "euclidean", "crs": "local"}
        """

    static func decode(_ json: String) throws -> ParksJob {
        let inputs: [String: InputSource] = [
            "homes": InputSource(path: plan, filter: "type = 4"),
            "green": InputSource(path: plan, filter: "type IN (7, 8)"),
            "vacant": InputSource(path: plan, filter: "type = 1 AND existence = 0"),
        ]
        let d = JSONDecoder()
        d.userInfo[.inputResolver] = InputResolver { inputs[$0] ?? InputSource(path: $0) }
        return try d.decode(ParksJob.self, from: Data(json.utf8))
    }

    @Test func decodingTheStudySectionGivesTheSameJob() throws {
        let decoded = try Self.decode(Self.snippet)
        #expect(decoded == Self.huilongguan())
        // Defaults are the command's; a list of rules reads like the comma form.
        let other = try Self.decode(
            """
            {"residents": "homes.gpkg", "residents_layer": "homes", "green": "parks.gpkg", "land": "blocks.gpkg",
             "buildings": "city.osm.pbf", "green_rules": ["2000:300", "10000:500"], "target_share": 0.8,
             "method": "greedy", "resident_point": "centroid", "metric": "network", "network": "city.osm.pbf"}
            """)
        var built = ParksJob(
            residents: InputSource(path: "homes.gpkg", layer: "homes"), green: InputSource(path: "parks.gpkg"),
            land: InputSource(path: "blocks.gpkg"), objective: .targetShare(0.8))
        built.buildings = InputSource(path: "city.osm.pbf")
        built.method = .greedy
        built.residentPoint = .centroid
        built.metric = .network
        built.network = InputSource(path: "city.osm.pbf")
        #expect(other == built)
        #expect(other.greenRules == GreenServiceRule.defaults)
    }

    @Test func badValuesInAStudyNameTheirKey() throws {
        func key(_ json: String) -> String? {
            do { _ = try Self.decode(json); return nil } catch { return (error as? OptionError)?.key }
        }
        #expect(key(#"{"green": "g", "count": 1}"#) == "residents")
        #expect(key(#"{"residents": "r", "green": "g", "count": 1, "metric": "manhattan"}"#) == "metric")
        #expect(key(#"{"residents": "r", "green": "g", "count": 1, "method": "best"}"#) == "method")
        #expect(key(#"{"residents": "r", "green": "g", "count": 1, "green_rules": "big"}"#) == "green_rules")
        #expect(key(#"{"residents": "r", "green": "g", "count": 1, "target_share": 0.5}"#) == "count")
    }

    @Test func studyKeysAreEveryOptionAndFindUnknownOnes() {
        let keys = ParksJob.studyKeys
        #expect(keys == ParksJob.CodingKeys.allCases.map(\.rawValue))
        #expect(Set(keys).count == keys.count)
        #expect(keys.count == 58)
        for k in [
            "residents", "residents_layer", "residents_filter", "weight", "weight_area", "green_rules", "count",
            "target_share", "metric", "method", "crs", "zone_field", "road_class_field",
        ] {
            #expect(keys.contains(k), "\(k)")
        }
        #expect(!keys.contains("out") && !keys.contains("summary"))
        // A study section's keys minus the known ones: the typos.
        let section = ["residents", "green", "count", "raduis", "sample_spacing", "weight-area"]
        #expect(section.filter { !keys.contains($0) } == ["raduis", "weight-area"])
    }
}

private extension ParksJob {
    mutating func count(_ p: Int) { objective = .count(p) }
}
