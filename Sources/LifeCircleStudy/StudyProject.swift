import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import LifeCircleReport

/// The study's QGIS project: one group per analysis, layers drawn points over
/// lines over polygons, and one print layout per analysis's main map.
struct StudyProject {
    var title: String
    var language: ReportLanguage
    var layers: [StudyLayer]
    var styles: [StyleSpec]
    var geopackage: String

    func t(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    /// Top (drawn last) first within each analysis.
    static let drawOrder: [String: [String]] = [
        "coverage": ["facilities", "residents", "gaps", "service_areas"],
        "parks": ["selected_sites", "service_areas", "residents", "candidates"],
        "grids": ["grids", "units"],
    ]
    /// Shown when the project opens; the others are a tick away.
    static let hidden: Set<String> = ["grids_units", "parks_residents"]
    static let analyses = ["coverage", "parks", "grids"]

    func layerTitle(_ l: StudyLayer) -> String {
        switch (l.analysis, l.name) {
        case ("coverage", "residents"): return t("Residents: life-circle completeness", "居民：生活圈设施齐全度")
        case ("coverage", "facilities"): return t("Facilities", "设施")
        case ("coverage", "service_areas"): return t("Service areas by tier", "各圈层服务范围")
        case ("coverage", "gaps"): return t("Gaps by category and tier", "服务缺口（按类别与圈层）")
        case ("grids", "grids"): return t("Management grids", "管理网格")
        case ("grids", "units"): return t("Units by grid", "基本单元（按网格）")
        case ("parks", "selected_sites"): return t("Selected pocket-park sites", "选定口袋公园地块")
        case ("parks", "service_areas"): return t("Service areas of selected sites", "选定地块服务范围")
        case ("parks", "residents"): return t("Residents served by a park", "公园服务居民")
        case ("parks", "candidates"): return t("Candidate sites", "候选地块")
        default: return l.qualifiedName
        }
    }

    func groupName(_ analysis: String) -> String {
        switch analysis {
        case "coverage": return t("Life-circle coverage", "生活圈覆盖")
        case "grids": return t("Management grids", "管理网格")
        case "parks": return t("Pocket-park siting", "口袋公园选址")
        default: return analysis
        }
    }

    func project() -> QGISProject {
        let styleByLayer = Dictionary(styles.map { ($0.layer, $0) }, uniquingKeysWith: { a, _ in a })
        var groups: [QGISProject.Group] = []
        var layouts: [QGISProject.Layout] = []
        var all = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        let present = Self.analyses + Set(layers.map(\.analysis)).subtracting(Self.analyses).sorted()
        for a in present {
            let order = Self.drawOrder[a] ?? []
            let mine = layers.filter { $0.analysis == a && styleByLayer[$0.qualifiedName] != nil }
                .sorted { (order.firstIndex(of: $0.name) ?? order.count) < (order.firstIndex(of: $1.name) ?? order.count) }
            let projectLayers = mine.compactMap { l -> QGISProject.Layer? in
                guard let s = styleByLayer[l.qualifiedName] else { return nil }
                return QGISProject.Layer(
                    table: l.qualifiedName, title: layerTitle(l), geometry: s.geometry, style: s,
                    visible: !Self.hidden.contains(l.qualifiedName))
            }
            guard !projectLayers.isEmpty else { continue }
            groups.append(QGISProject.Group(name: groupName(a), layers: projectLayers))
            var e = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
            for l in mine { e.expand(toInclude: l.table.envelope) }
            all.expand(toInclude: e)
            layouts.append(
                QGISProject.Layout(
                    name: groupName(a), title: "\(title) — \(groupName(a))",
                    layers: projectLayers.filter(\.visible).map(\.table), extent: e))
        }
        let crs = layers.lazy.compactMap { $0.table.crs }.first
        let projectCRS: QGISProject.ProjectCRS
        if let crs, crs.isGeoreferenced, let code = crs.epsg {
            projectCRS = .epsg(code)
        } else if let crs, crs.isGeoreferenced, !crs.definition.isEmpty {
            projectCRS = .wkt(crs.definition)
        } else {
            projectCRS = .none
        }
        let note = t(
            "Source: \(title), lifecircle \(LifeCircleVersion.string); layers from \(geopackage).",
            "数据来源：\(title)；lifecircle \(LifeCircleVersion.string) 生成，图层见 \(geopackage)。")
        return QGISProject(
            title: title, geopackage: geopackage, crs: projectCRS, groups: groups, layouts: layouts, extent: all,
            sourceNote: note, language: language)
    }

    func xml() -> String { project().xml() }
}
