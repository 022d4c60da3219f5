import Foundation
import LifeCircleGeometry
import LifeCircleIO
import TestSupport
import Testing

@testable import LifeCircleReport

@Suite struct HTMLReportTests {
    static func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

    /// Every src/href/url() value and every element that could fetch something.
    static func externalReferences(_ html: String) -> [String] {
        var found: [String] = []
        let patterns = [
            #"(?i)\b(src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(https?:|//|ftp:|file:)"#,
            #"(?i)url\(\s*["']?\s*(https?:|//)"#, #"(?i)@import"#, #"(?i)<script\b[^>]*\bsrc"#, #"(?i)<link\b"#,
            #"(?i)<iframe\b"#, #"(?i)<img\b"#, #"(?i)<object\b"#, #"(?i)<embed\b"#,
        ]
        for p in patterns {
            // swift-format-ignore: NeverUseForceTry
            let re = try! NSRegularExpression(pattern: p)
            for m in re.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                found.append(String(html[Range(m.range, in: html)!]))
            }
        }
        return found
    }

    @Test func selfContainedWithMapsTablesAndWarnings() throws {
        let study = SampleStudy(residentCount: 3000)
        let doc = study.document(.en)
        let (html, maps) = HTMLReportWriter.render(doc)
        #expect(Self.externalReferences(html).isEmpty, "external references: \(Self.externalReferences(html))")
        // Four maps, each one inline SVG.
        #expect(Self.count("<svg ", in: html) == 4)
        #expect(maps.count == 4)
        // Map 1: 48 blocks, 16 streets (9 N–S + 7 E–W), 3 facilities × 3 tiers, 3000 residents, 3 facilities.
        #expect(maps[0].drawnPerLayer == [48, 16, 9, 3000, 3])
        #expect(html.contains("data-layer=\"blocks\" data-features=\"48\""))
        #expect(html.contains("data-layer=\"residents\" data-features=\"3000\""))
        #expect(Self.count("<circle ", in: maps[0].svg) == 3000 + 3 + 5)  // + 5 legend swatches
        #expect(maps[0].aggregatedLayers.isEmpty)
        // Map 2: grid codes labelled once per grid (12), none overlapping.
        #expect(maps[1].labelsDrawn == 12 && maps[1].labelsSkipped == 0)
        for code in study.gridCodes { #expect(maps[1].svg.contains(">\(code)</text>")) }
        // Map 4: 6 candidates with ranks, 2 dashed service areas.
        #expect(maps[3].drawnPerLayer == [48, 6, 2])
        #expect(maps[3].svg.contains("stroke-dasharray=\"8 4\""))

        // Coverage table: the shares and counts computed here independently.
        let covered = study.residentTier.reduce(into: [0, 0, 0]) { acc, t in
            if let t { for (i, m) in [5, 10, 15].enumerated() where t <= m { acc[i] += 1 } }
        }
        #expect(covered == study.coveredWithin)
        #expect(covered[0] < covered[1] && covered[1] < covered[2] && covered[2] < 3000)
        for c in covered {
            #expect(html.contains("<td class=\"num\">\(ReportFormat.percent(Double(c) / 3000))</td>"))
            #expect(html.contains("<td class=\"num\">\(ReportFormat.integer(c))</td>"))
        }
        // Grid table: 12 rows whose populations add up to all residents.
        #expect(study.gridPopulation.reduce(0, +) == 3000)
        for (g, code) in study.gridCodes.enumerated() {
            #expect(html.contains("<tr><td>\(code)</td><td class=\"num\">\(ReportFormat.integer(study.gridPopulation[g]))</td>"))
        }
        #expect(Self.count("<table>", in: html) == 3)
        // Warnings: counted and escaped.
        #expect(html.contains("<h2>Warnings (4)</h2>"))
        #expect(html.contains("&lt;river&gt;"))
        #expect(!html.contains("<river>"))
        // Summary first.
        let summaryAt = html.range(of: "id=\"summary\"")!.lowerBound
        #expect(summaryAt < html.range(of: "<svg ")!.lowerBound)
        #expect(html.contains("Summary") && html.contains("Legend") == false)
        // A4 print rules and the Chinese font stack.
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("'Noto Sans CJK SC'") && html.contains("'Microsoft YaHei'") && html.contains("'WenQuanYi Micro Hei'"))
    }

    @Test func chineseLabels() {
        let doc = SampleStudy(residentCount: 500).document(.zh)
        let html = HTMLReportWriter.render(doc).html
        #expect(html.contains("<html lang=\"zh-CN\">"))
        for label in ["<h2>摘要</h2>", "<h2>地图</h2>", "<h2>统计表</h2>", "<h2>警告 (4)</h2>", "图 1", "表 3", "5分钟生活圈", "未覆盖", "网格编码"] {
            #expect(html.contains(label), "missing \(label)")
        }
        #expect(!html.contains("<h2>Summary</h2>"))
        // The English report has the English labels instead.
        let en = HTMLReportWriter.render(SampleStudy(residentCount: 500).document(.en)).html
        #expect(en.contains("5-minute life circle") && !en.contains("5分钟生活圈"))
    }

    @Test func writesAtomicallyAndIdentically() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.html").path
        let doc = SampleStudy(residentCount: 800).document(.zh)
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try HTMLReportWriter.write(doc, to: path)
        let first = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
        try HTMLReportWriter.write(doc, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first)
        // Nothing but the report is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.html"])
        // A missing folder is a clear error naming the path; nothing is created.
        let bad = dir.appendingPathComponent("missing/report.html").path
        #expect(throws: IOError.self) { try HTMLReportWriter.write(doc, to: bad) }
        do { try HTMLReportWriter.write(doc, to: bad) } catch { #expect("\(error)".contains(bad)) }
    }

    /// 100 000 residents: drawn as occupied cells, the file stays small.
    @Test func denseResidentsAreAggregated() {
        let study = SampleStudy(residentCount: 100_000)
        let doc = study.document(.en)
        let (html, maps) = HTMLReportWriter.render(doc)
        #expect(maps[0].aggregatedLayers == ["residents"])
        let cells = maps[0].drawnPerLayer[3]
        // The blocks cover 8×6 areas of 230 m at 0.238 px/m... each cell is 2 px: bounded by the map area.
        let vp = maps[0].viewport
        let blockCellsMax = Int((vp.width / 2 + 1) * (vp.height / 2 + 1))
        #expect(cells > 1000 && cells < blockCellsMax)
        #expect(Self.count("<circle ", in: maps[0].svg) == 3 + 5)
        #expect(html.utf8.count < 3_000_000, "report is \(html.utf8.count) bytes")
    }

    @Test func emptyMapAndDocument() {
        let doc = ReportDocument(title: "Empty", language: .en, maps: [MapSection(title: "Nothing", layers: [])])
        let html = HTMLReportWriter.render(doc).html
        #expect(html.contains("Nothing to draw."))
        #expect(html.contains("No warnings."))
        #expect(Self.count("<svg ", in: html) == 1)
    }

    @Test func numericColumnsDetected() {
        let tb = ReportTable(
            title: "t", columns: ["name", "n", "share", "mixed"],
            rows: [["a", "1,234", "62.5%", "3"], ["b", "-7", "–", "x"]])
        #expect(HTMLReportWriter.resolvedAlignment(tb, column: 0) == .left)
        #expect(HTMLReportWriter.resolvedAlignment(tb, column: 1) == .numeric)
        #expect(HTMLReportWriter.resolvedAlignment(tb, column: 2) == .numeric)
        #expect(HTMLReportWriter.resolvedAlignment(tb, column: 3) == .left)
    }

    /// Writes the sample report where scripts/check_report.sh asks for it
    /// (LIFECIRCLE_REPORT_SAMPLE=/path/report.html); otherwise does nothing.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LIFECIRCLE_REPORT_SAMPLE"] != nil))
    func writeSampleReportForBrowserCheck() throws {
        let path = ProcessInfo.processInfo.environment["LIFECIRCLE_REPORT_SAMPLE"]!
        let lang = ReportLanguage(code: ProcessInfo.processInfo.environment["LIFECIRCLE_REPORT_LANG"] ?? "zh") ?? .zh
        try HTMLReportWriter.write(SampleStudy(residentCount: 30_000).document(lang), to: path)
        #expect(FileManager.default.fileExists(atPath: path))
    }
}

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct WellFormedTests {
    /// Every map is well-formed XML (so it also works as a standalone .svg),
    /// and its element counts match what the renderer reports.
    @Test func mapsAreWellFormedXML() throws {
        let doc = SampleStudy(residentCount: 1000).document(.zh)
        for (i, m) in doc.maps.enumerated() {
            let r = SVGMapRenderer.render(m, options: SVGMapOptions(language: .zh, idPrefix: "m\(i)"))
            let xml = try XMLDocument(xmlString: r.svg, options: [])
            let root = try #require(xml.rootElement())
            #expect(root.name == "svg")
            let groups = try root.nodes(forXPath: "//*[local-name()='g'][@class='layer']")
            #expect(groups.count == m.layers.count)
            for (k, g) in groups.enumerated() {
                let e = g as! XMLElement
                let drawn = (e.children ?? []).filter { ["path", "circle"].contains($0.name ?? "") }.count
                #expect(drawn == r.drawnPerLayer[k], "map \(i) layer \(k)")
                #expect(e.attributes?.first(where: { $0.name == "data-features" })?.stringValue == String(r.drawnPerLayer[k]))
            }
        }
    }
}
