import Foundation
import LifeCircleIO
import TestSupport
import Testing

/// `lifecircle run` on examples/huilongguan/access-site.yaml: both sections
/// run, their summaries land in the study summary, the report has their maps.
@Suite(.requiresCLI, .requiresSharedData, .serialized) struct AccessSiteStudyTests {
    static let example = TestData.repoRoot.appendingPathComponent("examples/huilongguan/access-site.yaml").path

    @Test func accessAndSiteInAStudy() throws {
        let dir = try TestData.temporaryFolder()
        let out = dir.appendingPathComponent("s")
        let r = try CLI.run(["run", AccessSiteStudyTests.example, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let access = try #require(summary["access"] as? [String: Any])
        #expect(access["method"] as? String == "e2sfca")
        let cats = try #require(access["categories"] as? [[String: Any]])
        #expect(cats.map { $0["id"] as? String }.contains("school"))
        #expect(cats.allSatisfy { ($0["mean"] as? Double ?? -1) >= 0 })
        let site = try #require(summary["site"] as? [String: Any])
        #expect(site["category"] as? String == "school")
        let before = site["share_before"] as! Double
        let exact = site["exact"] as! [String: Any]
        #expect((exact["share_after"] as! Double) >= before)
        #expect((site["exact_value"] as! Double) >= (site["greedy_value"] as! Double) - 1e-9)
        // Capacitated: no site serves more than its capacity, and the sites' service adds up to the value.
        #expect(site["capacity"] as? Double == 200_000)
        let sites = try #require(exact["sites"] as? [[String: Any]])
        #expect(sites.count == 2)
        #expect(sites.allSatisfy { ($0["served_weight"] as? Double ?? .infinity) <= 200_000 })
        let served = sites.compactMap { $0["served_weight"] as? Double }.reduce(0, +)
        #expect(abs(served - (site["exact_value"] as! Double)) <= 1e-9 * served)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("school"))
    }
}
