import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleReport
import LifeCircleSiting

/// The report's access and siting sections: an access map per category
/// (quantile classes), the most and least served zones, and the "where to
/// add" map with the chosen sites and the residents they newly serve.
extension StudyReport {
    private func tr(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

    private func accessLayer(_ analysis: String, _ name: String) -> FeatureTable? {
        layers.first { $0.analysis == analysis && $0.name == name }?.table
    }

    private var streets: [MapLayer] {
        context.isEmpty ? [] : [MapLayer(name: tr("Streets", "街道"), features: context.map { MapFeature($0) }, fill: "none", stroke: "#b8b8b8")]
    }

    /// Quantile class bounds (k classes) of the positive values; zero is its own class.
    static func quantileBreaks(_ values: [Double], classes k: Int) -> [Double] {
        let v = values.filter { $0 > 0 && $0.isFinite }.sorted()
        guard !v.isEmpty else { return [] }
        var out: [Double] = []
        for q in 1..<k {
            let b = v[min(v.count - 1, Int((Double(q) / Double(k) * Double(v.count)).rounded(.down)))]
            if out.last.map({ b > $0 }) ?? true { out.append(b) }
        }
        return out
    }

    func addAccess(_ a: AccessSummary, to doc: inout ReportDocument) {
        let methodName = a.method == "e2sfca" ? "E2SFCA" : a.method == "gravity" ? tr("gravity", "引力模型") : "2SFCA"
        if let worst = a.categories.max(by: { $0.noFacilityShare < $1.noFacilityShare }) {
            doc.summary.append(
                language == .zh
                    ? "\(methodName)可达性（\(ReportFormat.distance(a.catchmentM, language))服务范围）：\(worst.id)缺口最大，\(ReportFormat.percent(worst.noFacilityShare, digits: 0))的居民范围内没有设施。"
                    : "\(methodName) access within \(ReportFormat.distance(a.catchmentM, language)): \(worst.id) has the widest gap, \(ReportFormat.percent(worst.noFacilityShare, digits: 0)) of residents with no facility in reach."
            )
        }
        doc.tables.append(
            ReportTable(
                title: tr("Capacity-aware access by category", "各类设施供需可达性"),
                columns: [
                    ReportColumn(tr("Category", "设施类别")), ReportColumn(tr("Facilities", "设施数"), alignment: .numeric),
                    ReportColumn(tr("Mean access", "平均可达性"), alignment: .numeric), ReportColumn(tr("Median", "中位数"), alignment: .numeric),
                    ReportColumn(tr("No facility in reach", "范围内无设施"), alignment: .numeric), ReportColumn("Gini", alignment: .numeric),
                ],
                rows: a.categories.map {
                    [
                        $0.id, String($0.facilities ?? 0), String(format: "%.4g", $0.mean), String(format: "%.4g", $0.median),
                        ReportFormat.percent($0.noFacilityShare), String(format: "%.3f", $0.gini),
                    ]
                },
                note: tr(
                    "Access = sum of the capacity-to-demand ratios of the facilities within the catchment (per resident weight).",
                    "可达性 = 服务范围内各设施供需比之和（按居民权重）。")))
        if !a.zones.isEmpty {
            var rows: [[String]] = []
            for (c, cat) in a.categories.enumerated() {
                let ranked = a.zones.filter { $0.weight > 0 && c < $0.categories.count }.sorted {
                    ($0.categories[c].mean, $0.zone) > ($1.categories[c].mean, $1.zone)
                }
                guard !ranked.isEmpty else { continue }
                func list(_ zs: some Sequence<AccessSummary.Zone>) -> String {
                    zs.map { "\($0.zone) (\(String(format: "%.3g", $0.categories[c].mean)))" }.joined(separator: ", ")
                }
                rows.append([cat.id, list(ranked.prefix(3)), list(ranked.suffix(3).reversed())])
            }
            doc.tables.append(
                ReportTable(
                    title: tr("Most and least served zones", "可达性最高与最低的片区"),
                    columns: [tr("Category", "设施类别"), tr("Most served", "最高"), tr("Least served", "最低")], rows: rows))
        }
        guard let res = accessLayer("access", "residents") else { return }
        let stops = Palette.rankStops.reversed().map { $0 }
        // One map per category, at most eight: a report, not an atlas.
        for cat in a.categories.prefix(8) {
            guard let values = try? res.doubles("access_\(cat.id)") else { continue }
            let v = values.map { $0 ?? 0 }
            let breaks = Self.quantileBreaks(v, classes: 5)
            func cls(_ x: Double) -> Int { x <= 0 ? 0 : 1 + (breaks.firstIndex { x <= $0 } ?? breaks.count) }
            let n = breaks.count + 2
            func color(_ k: Int) -> String { k == 0 ? Palette.notCovered.hex : Palette.ramp(stops, Double(k - 1) / Double(max(1, n - 2))).hex }
            let feats = res.geometries.indices.compactMap { i -> MapFeature? in
                res.geometries[i].map { MapFeature($0, fill: color(cls(v[i]))) }
            }
            var legend = [LegendEntry(color: color(0), label: tr("no facility in reach", "范围内无设施"), symbol: .point)]
            var lower = 0.0
            for k in 1..<n {
                let upper = k - 1 < breaks.count ? breaks[k - 1] : (v.max() ?? 0)
                legend.append(LegendEntry(color: color(k), label: String(format: "%.3g – %.3g", lower, upper), symbol: .point))
                lower = upper
            }
            doc.maps.append(
                MapSection(
                    title: tr("Access to \(cat.id) (\(methodName))", "\(cat.id)可达性（\(methodName)）"),
                    caption: tr("Residents by quantile class of access.", "居民点按可达性分位数分级。"),
                    layers: streets + [MapLayer(name: cat.id, features: feats, fill: "#999", stroke: "none", pointRadius: 1.8)],
                    legend: legend))
        }
    }

    func addSite(_ s: SiteSummary, to doc: inout ReportDocument) {
        doc.summary.append(
            language == .zh
                ? "新增\(s.exact.count)处\(s.category)设施，使\(ReportFormat.distance(s.radiusM, language))内覆盖率由\(ReportFormat.percent(s.shareBefore))提高到\(ReportFormat.percent(s.exact.shareAfter))。"
                : "\(s.exact.count) new \(s.category) sites raise coverage within \(ReportFormat.distance(s.radiusM, language)) from \(ReportFormat.percent(s.shareBefore)) to \(ReportFormat.percent(s.exact.shareAfter))."
        )
        doc.tables.append(
            ReportTable(
                title: tr("Where to add \(s.category): chosen sites, in order", "\(s.category)新增选址（按选择顺序）"),
                columns: [tr("Order", "顺序"), tr("Candidate", "候选点"), "x", "y", tr("Newly served", "新增服务人口")],
                rows: s.exact.sites.enumerated().map { i, site in
                    [
                        String(i + 1), String(site.candidate), String(format: "%.1f", site.x), String(format: "%.1f", site.y),
                        ReportFormat.number(site.marginalGain ?? 0),
                    ]
                },
                note: tr(
                    "Exact (\(s.exact.status)) newly served \(ReportFormat.number(s.exactValue)); greedy \(ReportFormat.number(s.greedyValue)).",
                    "精确解（\(s.exact.status)）新增服务\(ReportFormat.number(s.exactValue))；贪心解\(ReportFormat.number(s.greedyValue))。")))
        guard let res = accessLayer("site", "residents") else { return }
        let before = (try? res.doubles("served_before")) ?? [], newly = (try? res.doubles("newly_served")) ?? []
        let served = RGBColor(0xbd, 0xbd, 0xbd).hex, added = Palette.green.hex, still = Palette.notCovered.hex
        let feats = res.geometries.indices.compactMap { i -> MapFeature? in
            guard let g = res.geometries[i] else { return nil }
            let b = i < before.count && (before[i] ?? 0) > 0, n = i < newly.count && (newly[i] ?? 0) > 0
            return MapFeature(g, fill: b ? served : n ? added : still)
        }
        var mapLayers = streets + [MapLayer(name: tr("Residents", "居民"), features: feats, fill: "#999", stroke: "none", pointRadius: 1.8)]
        if let sites = accessLayer("site", "sites") {
            mapLayers.append(
                MapLayer(
                    name: tr("New sites", "新增选址"),
                    features: sites.geometries.enumerated().compactMap { i, g in g.map { MapFeature($0, fill: "#000000", label: String(i + 1)) } },
                    fill: "#000", stroke: "#fff", pointRadius: 4, labelSize: 11))
        }
        doc.maps.append(
            MapSection(
                title: tr("Where to add \(s.category)", "\(s.category)补短板选址"),
                caption: tr(
                    "Grey: already within \(ReportFormat.distance(s.radiusM, language)); green: newly served by the numbered sites; red: still unserved.",
                    "灰色：现状已覆盖；绿色：新增选址覆盖；红色：仍未覆盖。数字为选址顺序。"),
                layers: mapLayers,
                legend: [
                    LegendEntry(color: served, label: tr("served before", "现状已覆盖"), symbol: .point),
                    LegendEntry(color: added, label: tr("newly served", "新增覆盖"), symbol: .point),
                    LegendEntry(color: still, label: tr("still unserved", "仍未覆盖"), symbol: .point),
                ]))
    }
}
