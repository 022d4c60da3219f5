import Foundation
import LifeCircleIO
import TestSupport
import Testing

/// `lifecircle run` on the example study: outputs, reproducibility, styles, failure.
@Suite(.requiresCLI, .requiresSharedData, .serialized) struct StudyRunTests {
    static let example = TestData.repoRoot.appendingPathComponent("examples/huilongguan/study.yaml").path

    func run(_ out: URL) throws -> CLI.Result {
        try CLI.run(["run", StudyRunTests.example, "--out", out.path, "--quiet"])
    }

    /// Every layer of a GeoPackage as comparable text (geometry and attributes).
    func contents(_ gpkg: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in try VectorDataset(path: gpkg).layerNames {
            let t: FeatureTable
            do { t = try LayerReader.read(gpkg, ReadOptions(layer: name)) } catch {
                t = try LayerReader.read(gpkg, ReadOptions(layer: name, declaredCRS: .local))
            }
            out[name] = "\(t.geometries)|\(t.columns.map { "\($0.name)=\($0.values)" })"
        }
        return out
    }

    @Test func exampleStudyIsReproducibleAndStyled() throws {
        let dir = try TestData.temporaryFolder()
        let first = dir.appendingPathComponent("a"), second = dir.appendingPathComponent("b")
        let r1 = try run(first)
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r1.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == first.appendingPathComponent("report.html").path)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: first.path))
        #expect(files.isSuperset(of: ["study.gpkg", "study.qgs", "summary.json", "report.html", "study.yaml", "VERSION.txt", "tables"]))
        let r2 = try run(second)
        #expect(r2.status == 0)
        let s1 = try Data(contentsOf: first.appendingPathComponent("summary.json"))
        let s2 = try Data(contentsOf: second.appendingPathComponent("summary.json"))
        #expect(s1 == s2)
        #expect(try contents(first.appendingPathComponent("study.gpkg").path) == contents(second.appendingPathComponent("study.gpkg").path))

        // The official areal rate of the plan's authors, and an improvement.
        let summary = try JSONSerialization.jsonObject(with: s1) as! [String: Any]
        let parks = summary["parks"] as! [String: Any]
        #expect(abs((parks["service_radius_coverage_before"] as! Double) - 0.7303) < 5e-5)
        #expect((parks["service_radius_coverage_after"] as! Double) > 0.7303)

        // QGIS styles: one default style per spatial layer, read back from layer_styles.
        let styles = try LayerReader.read(first.appendingPathComponent("study.gpkg").path, ReadOptions(layer: "layer_styles"))
        let styled = Set(try styles.strings("f_table_name").compactMap { $0 })
        #expect(styled.isSuperset(of: ["coverage_residents", "parks_candidates"]))
        #expect(try styles.strings("styleQML").allSatisfy { $0?.contains("<qgis") == true })

        // A zh study: Chinese column aliases in gpkg_data_columns (QGIS field aliases), the keys themselves ASCII.
        let gpkg = try VectorDataset(path: first.appendingPathComponent("study.gpkg").path)
        let aliases = try gpkg.query("SELECT table_name, column_name, name FROM gpkg_data_columns")
        func alias(_ table: String, _ column: String) -> String? {
            aliases.first { $0["table_name"] == table && $0["column_name"] == column }?["name"] ?? nil
        }
        #expect(alias("coverage_residents", "weight") == "权重")
        #expect(alias("grids_grids", "grid_code") == "网格编码")
        #expect(alias("parks_candidates", "area_m2") == "面积（平方米）")
        #expect(aliases.count > 20 && aliases.allSatisfy { ($0["column_name"] ?? nil)?.allSatisfy(\.isASCII) == true })
        let schema = try gpkg.query("SELECT extension_name FROM gpkg_extensions WHERE table_name = 'gpkg_data_columns'")
        #expect(schema.map { $0["extension_name"] ?? nil } == ["gpkg_schema"])

        // CSV tables open in Excel: UTF-8 with a byte-order mark.
        let csv = try Data(contentsOf: first.appendingPathComponent("tables/coverage_residents.csv"))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])

        // The QGIS project and the workbooks are identical on a second run too.
        for file in ["study.qgs", "tables/grids_grids.xlsx", "tables/coverage_residents.xlsx"] {
            let a = try Data(contentsOf: first.appendingPathComponent(file))
            #expect(a == (try Data(contentsOf: second.appendingPathComponent(file))), "\(file)")
            #expect(!a.isEmpty)
        }
        let project = try String(contentsOf: first.appendingPathComponent("study.qgs"), encoding: .utf8)
        #expect(project.contains("./study.gpkg|layername=coverage_residents") && project.contains("<Layouts>"))
    }

    @Test func failingStageLeavesPreviousOutputUntouched() throws {
        let dir = try TestData.temporaryFolder()
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "earlier run".write(to: out.appendingPathComponent("marker.txt"), atomically: true, encoding: .utf8)
        // An earlier run's folder carries LifeCircle's marker (other folders are refused before any work).
        try "LifeCircle run folder: study\n".write(to: out.appendingPathComponent(".lifecircle-run"), atomically: true, encoding: .utf8)
        // The example, with a facility category column that does not exist.
        let text = try String(contentsOfFile: StudyRunTests.example, encoding: .utf8)
            .replacingOccurrences(of: "category: type", with: "category: no_such_field")
            .replacingOccurrences(of: "../../../shared", with: TestData.sharedRoot.deletingLastPathComponent().path)
        let study = dir.appendingPathComponent("study.yaml")
        try text.write(to: study, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", study.path, "--out", out.path, "--quiet"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("stage 'coverage' failed") && r.stderr.contains("no_such_field"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".lifecircle-run", "marker.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["out", "study.yaml"])
    }
}

/// A plan in local metres placed with `origin`: the outputs carry a real CRS.
@Suite(.requiresCLI, .requiresSharedData) struct GeoreferencedStudyTests {
    @Test func originGivesTheOutputsACRSAndTurnsThePlan() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: StudyRunTests.example, encoding: .utf8)
            .replacingOccurrences(of: "  lang: zh\n", with: "  lang: zh\n  origin: {lon: 116.33, lat: 40.07, rotation: 90}\n")
            .replacingOccurrences(of: "../../../shared", with: TestData.sharedRoot.deletingLastPathComponent().path)
        let study = dir.appendingPathComponent("study.yaml")
        try text.write(to: study, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run(["run", study.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let gpkg = out.appendingPathComponent("study.gpkg").path
        let grids = try LayerReader.read(gpkg, ReadOptions(layer: "grids_grids"))
        #expect(grids.crs?.isGeoreferenced == true)
        // Turned 90° counter-clockwise: (x, y) → (−y, x). The plan lies in 0…2160 × 0…2040 m,
        // and grids reach at most their 40 m gap beyond it.
        let e = grids.envelope
        #expect(e.maxX <= 41 && e.minX < -1000 && e.minY >= -41 && e.maxY > 1000, "\(e)")
        let project = try String(contentsOf: out.appendingPathComponent("study.qgs"), encoding: .utf8)
        #expect(project.contains("<wkt>") && project.contains("Transverse Mercator"))
    }
}
