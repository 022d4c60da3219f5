import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleReport

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct QGISRulesTests {
    /// Facilities, chosen sites and grids never share a colour.
    @Test func layerKindsHaveDisjointPalettes() {
        let facilities = Set(Palette.facilityPalette.map(\.hex))
        let grids = Set(Palette.gridPalette.map(\.hex))
        let sites = Set([Palette.selectedSite, Palette.candidateSite, Palette.rejectedSite].map(\.hex))
        #expect(facilities.count == Palette.facilityPalette.count && grids.count == Palette.gridPalette.count)
        #expect(facilities.isDisjoint(with: grids) && facilities.isDisjoint(with: sites) && grids.isDisjoint(with: sites))
        #expect(Palette.gridColors(count: 12).allSatisfy { grids.contains($0.hex) })
    }

    @Test func rulesAreExplicitClassesWithExpressionsAndFilters() throws {
        let sym = StyleSpec.Symbol(fill: Palette.facility(0), fillStyle: "b_diagonal")
        var spec = StyleSpec(
            layer: "coverage_gaps", geometry: .polygon,
            renderer: .rules([
                StyleSpec.Rule(.and([.equals("category", .text("school's")), .equals("tier", .number(1))]), label: "缺口：学校", symbol: sym),
                StyleSpec.Rule(.range("share", lower: 0, upper: 0.2, includeLower: true), label: "0–20%", symbol: sym),
                StyleSpec.Rule(.isNull("tier"), label: "无数据", symbol: sym),
            ]))
        spec.drawDescendingBy = "tier"
        let doc = try XMLDocument(xmlString: QGISStyles.qml(for: spec), options: [])
        let rules = try doc.nodes(forXPath: "/qgis/renderer-v2[@type='RuleRenderer']/rules/rule").map { $0 as! XMLElement }
        #expect(
            rules.map { $0.attribute(forName: "filter")?.stringValue ?? "" } == [
                "(\"category\" = 'school''s') AND (\"tier\" = 1)", "\"share\" >= 0 AND \"share\" <= 0.2", "\"tier\" IS NULL",
            ])
        #expect(Set(rules.map { $0.attribute(forName: "key")?.stringValue ?? "" }).count == 3)
        #expect(rules.allSatisfy { $0.attribute(forName: "isElse") == nil })
        let order = try doc.nodes(forXPath: "/qgis/renderer-v2/orderby/orderByClause").first as? XMLElement
        #expect(order?.stringValue == "\"tier\"" && order?.attribute(forName: "asc")?.stringValue == "0")
        let style = try doc.nodes(forXPath: "/qgis/renderer-v2/symbols/symbol[@name='0']/layer/prop[@k='style']").first as? XMLElement
        #expect(style?.attribute(forName: "v")?.stringValue == "b_diagonal")
        let sld = try XMLDocument(xmlString: QGISStyles.sld(for: spec), options: [])
        #expect(try sld.nodes(forXPath: "//*[local-name()='PropertyIsNull']").count == 1)
    }

    @Test func projectHasGroupsLayersAndLayouts() throws {
        let spec = StyleSpec(
            layer: "grids_grids", geometry: .polygon,
            renderer: .rules([
                StyleSpec.Rule(.equals("grid_code", .text("001")), label: "网格 001", symbol: StyleSpec.Symbol(fill: Palette.gridPalette[0]))
            ]))
        let project = QGISProject(
            title: "回龙观", geopackage: "study.gpkg", crs: .epsg(32650),
            groups: [.init(name: "管理网格", layers: [.init(table: "grids_grids", title: "管理网格", geometry: .polygon, style: spec)])],
            layouts: [.init(name: "管理网格", title: "回龙观 — 管理网格", layers: ["grids_grids"], extent: Envelope(minX: 0, minY: 0, maxX: 1000, maxY: 500))],
            extent: Envelope(minX: 0, minY: 0, maxX: 1000, maxY: 500), sourceNote: "数据来源", language: .zh)
        let doc = try XMLDocument(xmlString: project.xml(), options: [])
        #expect(try doc.nodes(forXPath: "/qgis/layer-tree-group/layer-tree-group[@name='管理网格']/layer-tree-layer").count == 1)
        #expect(try doc.nodes(forXPath: "/qgis/projectlayers/maplayer/datasource").first?.stringValue == "./study.gpkg|layername=grids_grids")
        let types = try doc.nodes(forXPath: "/qgis/Layouts/Layout/LayoutItem").compactMap {
            ($0 as? XMLElement)?.attribute(forName: "type")?.stringValue
        }
        // Label (title), map, legend, scale bar, picture (north arrow), label (source note).
        #expect(types == ["65641", "65639", "65642", "65646", "65640", "65641"])
        // The map's extent has the frame's proportions (180 × 172 mm).
        let ext = try #require(try doc.nodes(forXPath: "//LayoutItem[@type='65639']/Extent").first as? XMLElement)
        let v = ["xmin", "ymin", "xmax", "ymax"].map { Double(ext.attribute(forName: $0)?.stringValue ?? "") ?? .nan }
        #expect(abs((v[2] - v[0]) / (v[3] - v[1]) - 180.0 / 172.0) < 1e-6)
    }
}
