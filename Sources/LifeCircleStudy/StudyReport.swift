import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleIO
import LifeCircleParks
import LifeCircleReport

/// Maps a study's summaries and layers into the planner's report: a short
/// plain-language summary, maps, tables and warnings.
struct StudyReport {
    var studyName: String
    var lang: String
    var summary: StudySummary
    var layers: [StudyLayer]
    var warnings: [String]
    /// Streets drawn under every map, in the analysis CRS.
    var context: [GeometryValue] = []
    /// The residents as given, by input row (`input_row`), when they are polygons.
    var residentShapes: [GeometryValue?] = []

    var language: ReportLanguage { ReportLanguage(code: lang) ?? .en }
    private var zh: Bool { language == .zh }
    private func t(_ en: String, _ zh: String) -> String { self.zh ? zh : en }

    func document() -> ReportDocument {
        var doc = ReportDocument(
            title: studyName, subtitle: t("Community life-circle study", "社区生活圈评估"), language: language,
            generator: "lifecircle \(LifeCircleVersion.string)")
        doc.facts.append(ReportFact(t("Analyses", "分析"), layersAnalyses.joined(separator: ", ")))
        if let c = summary.coverage { addCoverage(c, to: &doc) }
        if let g = summary.grids { addGrids(g, to: &doc) }
        if let p = summary.parks { addParks(p, to: &doc) }
        if let a = summary.access { addAccess(a, to: &doc) }
        if let s = summary.site { addSite(s, to: &doc) }
        doc.warnings = warnings.map { w in
            let parts = w.split(separator: ":", maxSplits: 1).map(String.init)
            return ReportWarning(category: parts.first ?? "", message: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : w)
        }
        return doc
    }

    func write(to path: String) throws {
        let figures = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("figures")
        try HTMLReportWriter.write(document(), to: path, figures: figures)
    }

    private var layersAnalyses: [String] {
        var seen: [String] = []
        if summary.coverage != nil { seen.append("coverage") }
        if summary.grids != nil { seen.append("grids") }
        if summary.parks != nil { seen.append("parks") }
        if summary.access != nil { seen.append("access") }
        if summary.site != nil { seen.append("site") }
        return seen
    }

    private func layer(_ analysis: String, _ name: String) -> FeatureTable? {
        layers.first { $0.analysis == analysis && $0.name == name }?.table
    }

    /// The study's extent: everything drawn shares one frame.
    private var extent: Envelope {
        var e = Envelope.empty
        for l in layers where l.name != "facilities" { e.expand(toInclude: l.table.envelope) }
        return e
    }

    private var contextLayers: [MapLayer] {
        context.isEmpty
            ? [] : [MapLayer(name: t("Streets", "街道"), features: context.map { MapFeature($0) }, fill: "none", stroke: "#b8b8b8", strokeWidth: 0.6)]
    }

    // MARK: Coverage

    private func categoryName(_ c: CoverageSummary.Category) -> String {
        // Never a bare English id inside a Chinese sentence ("缺口最大的是business").
        CategoryNames.display(id: c.id, name: c.name, nameZh: c.nameZh, language)
    }

    private func addCoverage(_ c: CoverageSummary, to doc: inout ReportDocument) {
        let categories = c.categories
        let tiers = c.tiers
        let tiersM = c.tiersM
        doc.facts.append(ReportFact("CRS", c.crs))
        doc.facts.append(ReportFact(t("Residents", "居民"), ReportFormat.number(c.totals.residentWeight)))
        doc.facts.append(
            ReportFact(t("Distance", "距离"), c.metric == "network" ? t("along the walking network", "沿步行路网") : t("straight line", "直线距离")))

        // Plain language: per tier, who has everything, and the largest gap.
        for tier in tiers {
            let cats = tier.categories, tm = tier.tierM
            guard !cats.isEmpty else { continue }
            let share = tier.allCategoriesShare
            let minutes = nominalMinutes(tm, tier.minutes, tiers.count)
            let inTier = categories.filter { cats.contains($0.id) }
            let worst = inTier.min { tierShare($0, tm) < tierShare($1, tm) }
            var sentence =
                zh
                ? "\(ReportFormat.percent(share, digits: 0))的居民在\(ReportFormat.distance(tm, language))内可达全部\(cats.count)类\(minutes)分钟生活圈设施"
                : "\(ReportFormat.percent(share, digits: 0)) of residents have all \(cats.count) \(minutes)-minute facilities within \(ReportFormat.distance(tm, language))"
            if let w = worst {
                sentence +=
                    zh
                    ? "；缺口最大的是\(categoryName(w))（覆盖\(ReportFormat.percent(tierShare(w, tm), digits: 0))）。"
                    : "; \(categoryName(w)) is the largest gap (\(ReportFormat.percent(tierShare(w, tm), digits: 0)) covered)."
            }
            doc.summary.append(sentence)
        }

        // Tables: by tier, by category × tier, by zone.
        doc.tables.append(
            ReportTable(
                title: t("Life-circle completeness by tier", "各圈层生活圈完整度"),
                columns: [
                    t("Tier", "圈层"), t("Distance", "距离"), t("Categories", "设施类别数"), t("All categories reached", "全部可达比例"),
                    t("Mean share of categories", "平均可达类别比例"),
                ],
                rows: tiers.map { tr in
                    [
                        ReportStrings.tier(minutes: nominalMinutes(tr.tierM, tr.minutes, tiers.count), language),
                        ReportFormat.distance(tr.tierM, language),
                        String(tr.categories.count), ReportFormat.percent(tr.allCategoriesShare), ReportFormat.percent(tr.meanCategoryShare),
                    ]
                }))
        var rows: [[String]] = [], colors: [[String?]] = []
        for cat in categories {
            var row = [categoryName(cat), String(cat.facilities)]
            var color: [String?] = [nil, nil]
            for tm in tiersM {
                let s = tierShare(cat, tm)
                row.append(ReportFormat.percent(s))
                color.append(Palette.completeness(s).mixed(with: RGBColor(0xff, 0xff, 0xff), 0.55).hex)
            }
            rows.append(row); colors.append(color)
        }
        doc.tables.append(
            ReportTable(
                title: t("Coverage by facility category and tier", "各类设施分圈层覆盖率"),
                columns: [ReportColumn(t("Category", "设施类别")), ReportColumn(t("Facilities", "设施数"), alignment: .numeric)]
                    + tiersM.map { ReportColumn("≤ " + ReportFormat.distance($0, language), alignment: .numeric) },
                rows: rows, cellColors: colors,
                note: t("Share of residents (weighted) within the distance along the walking network.", "按居民权重统计的沿步行路网可达比例。")))
        if !c.zones.isEmpty {
            let zones = c.zones
            doc.tables.append(
                ReportTable(
                    title: t("Scorecard by zone: completeness and weakest category", "分片区生活圈评分：完整度与最薄弱设施"),
                    columns: [t("Zone", "片区"), t("Residents", "居民")] + tiersM.map { "≤ " + ReportFormat.distance($0, language) },
                    rows: zones.map { z -> [String] in
                        let cells: [String] = tiersM.map { tm in
                            let mean = ReportFormat.percent(z.tiers.first { $0.tierM == tm }?.meanCategoryShare ?? 0)
                            // The weakest of the tier's own categories in this zone.
                            let inTier = Set(tiers.first { $0.tierM == tm }?.categories ?? [])
                            let weakest = z.categories.filter { inTier.contains($0.id) }
                                .compactMap { zc in zc.tiers.first { $0.tierM == tm }.map { (zc.id, $0.share) } }
                                .min { $0.1 < $1.1 }
                            guard let weakest else { return mean }
                            let name =
                                categories.first { $0.id == weakest.0 }.map(categoryName)
                                ?? CategoryNames.display(id: weakest.0, name: nil, nameZh: nil, language)
                            let share = ReportFormat.percent(weakest.1, digits: 0)
                            return t("\(mean) (weakest: \(name) \(share))", "\(mean)（最弱：\(name) \(share)）")
                        }
                        return [z.zone, ReportFormat.number(z.weight)] + cells
                    }))
        }

        // Maps: completeness per tier over the service areas; gaps.
        guard let residents = layer("coverage", "residents") else { return }
        let areas = layer("coverage", "service_areas")
        for (ti, tm) in tiersM.enumerated() {
            let field = "share_" + String(format: "%g", tm)
            guard let shares = try? residents.doubles(field), shares.contains(where: { $0 != nil }) else { continue }
            var layersOut: [MapLayer] = []
            if let areas, let tierCol = try? areas.doubles("tier_m") {
                let feats = areas.geometries.indices.compactMap { i -> MapFeature? in
                    guard tierCol[i] == tm, let g = areas.geometries[i] else { return nil }
                    return MapFeature(g)
                }
                layersOut.append(
                    MapLayer(
                        name: t("Service areas", "服务范围"), features: feats,
                        fill: Palette.tier(index: ti, of: tiersM.count).hex, stroke: "none", fillOpacity: 0.035))
            }
            // Parcels or buildings are filled by their share; point residents are dots.
            let rows = (try? residents.doubles("input_row")) ?? []
            func shape(_ i: Int) -> GeometryValue? {
                // input_row is 1-based among the features read.
                guard !residentShapes.isEmpty, i < rows.count, let r = rows[i].map({ Int($0) - 1 }), r >= 0, r < residentShapes.count
                else { return nil }
                return residentShapes[r]
            }
            let polygons = !residentShapes.isEmpty
            let feats = residents.geometries.indices.compactMap { i -> MapFeature? in
                guard let g = shape(i) ?? residents.geometries[i], let s = shares[i] else { return nil }
                return MapFeature(g, fill: Palette.completeness(s).hex)
            }
            layersOut.insert(contentsOf: contextLayers, at: 0)
            layersOut.append(MapLayer(name: t("Residents", "居民"), features: feats, fill: "#999", stroke: "#333", strokeWidth: 0.4, pointRadius: 4))
            doc.maps.append(
                MapSection(
                    title: zh
                        ? "\(ReportStrings.tier(minutes: nominalMinutes(tm, c.tier(tm)?.minutes, tiersM.count), language))（\(ReportFormat.distance(tm, language))）：设施可达比例"
                        : "\(ReportStrings.tier(minutes: nominalMinutes(tm, c.tier(tm)?.minutes, tiersM.count), language)) (\(ReportFormat.distance(tm, language))): share of categories within reach",
                    caption: polygons
                        ? t(
                            "Each residential parcel is coloured by the share of this tier's facility categories within walking distance.",
                            "每个居住地块按该圈层设施类别中步行可达的比例着色。")
                        : t(
                            "Each dot is a resident location, coloured by the share of this tier's facility categories within walking distance.",
                            "每个点为一处居民点，颜色表示该圈层设施类别中步行可达的比例。"),
                    layers: layersOut,
                    legend: [0.0, 0.25, 0.5, 0.75, 1.0].map {
                        LegendEntry(
                            color: Palette.completeness($0).hex, label: ReportFormat.percent($0, digits: 0), symbol: polygons ? .area : .point)
                    },
                    extent: extent))
        }
        addCategoryMaps(categories, tiersM, residents, to: &doc)
        if let gaps = layer("coverage", "gaps"), gaps.count > 0, let tierCol = try? gaps.doubles("tier_m") {
            // The tier-wide gaps (not every category of the tier in reach); the
            // nearer tier's gap is the larger, so it is drawn first, lightest.
            let cats = (try? gaps.strings("category")) ?? []
            let warm = ["#fdd49e", "#fc8d59", "#d7301f", "#7f0000"]
            func colour(_ ti: Int) -> String { warm[min(warm.count - 1, ti * (warm.count - 1) / max(1, tiersM.count - 1))] }
            var gapLayers: [MapLayer] = []
            for (ti, tm) in tiersM.enumerated() {
                let feats = gaps.geometries.indices.compactMap { i -> MapFeature? in
                    guard let g = gaps.geometries[i], tierCol[i] == tm, cats.isEmpty || cats[i] == "all" else { return nil }
                    return MapFeature(g)
                }
                if !feats.isEmpty {
                    gapLayers.append(
                        MapLayer(
                            name: "≤ " + ReportFormat.distance(tm, language), features: feats, fill: colour(ti), stroke: "#7f2704", strokeWidth: 0.3,
                            fillOpacity: 0.9))
                }
            }
            doc.maps.append(
                MapSection(
                    title: t("Gaps: residential areas without every facility of the tier", "覆盖缺口：未达全部圈层设施的居住用地"),
                    caption: t(
                        "A residential area is shaded for the tiers whose facilities it does not all reach; darker shades miss even the wider tiers.",
                        "未能到达该圈层全部设施的居住用地着色；颜色越深表示在更大圈层内仍有缺口。"),
                    layers: contextLayers + gapLayers,
                    legend: tiersM.enumerated().map {
                        LegendEntry(color: colour($0.offset), label: t("gap at ", "缺口：") + "≤ " + ReportFormat.distance($0.element, language))
                    },
                    extent: extent))
        }
    }

    /// GB 50180 names its three tiers 5, 10 and 15 minutes whatever the walking
    /// speed; other tier sets show the minutes the speed gives.
    private func nominalMinutes(_ tm: Double, _ minutes: Double?, _ count: Int) -> Int {
        if count == 3,
            let i = [300.0, 500.0, 1000.0].firstIndex(where: { abs($0 - tm) < 1 }) ?? [300.0, 500.0, 800.0].firstIndex(where: { abs($0 - tm) < 1 })
        {
            return [5, 10, 15][i]
        }
        return Int((minutes ?? tm / 66.67).rounded())
    }

    /// One map per facility category at its own tier: who reaches one within
    /// the distance, where the facilities are, and their service area.
    private func addCategoryMaps(
        _ categories: [CoverageSummary.Category], _ tiersM: [Double], _ residents: FeatureTable, to doc: inout ReportDocument
    ) {
        let facilities = layer("coverage", "facilities")
        let facilityCats = (try? facilities?.strings("category")) ?? nil
        let areas = layer("coverage", "service_areas")
        let areaCats = (try? areas?.strings("category")) ?? nil
        let covered = Palette.completeness(1).hex, missed = Palette.completeness(0).hex
        for cat in categories {
            let id = cat.id
            guard let tm = cat.tierM ?? tiersM.last, let d = try? residents.doubles("d_\(id)") else { continue }
            var mapLayers = contextLayers
            if let areas, let areaCats {
                let feats = areas.geometries.indices.compactMap { i -> MapFeature? in
                    guard areaCats[i] == id, let g = areas.geometries[i] else { return nil }
                    return MapFeature(g)
                }
                mapLayers.append(MapLayer(name: t("Service area", "服务范围"), features: feats, fill: "#3182bd", stroke: "none", fillOpacity: 0.15))
            }
            let homes = residents.geometries.indices.compactMap { i -> MapFeature? in
                guard let g = residents.geometries[i] else { return nil }
                return MapFeature(g, fill: (d[i] ?? .infinity) <= tm ? covered : missed)
            }
            mapLayers.append(MapLayer(name: t("Residents", "居民"), features: homes, fill: "#999", stroke: "#333", strokeWidth: 0.3, pointRadius: 3))
            if let facilities, let facilityCats {
                let feats = facilities.geometries.indices.compactMap { i -> MapFeature? in
                    guard facilityCats[i] == id, let g = facilities.geometries[i] else { return nil }
                    return MapFeature(g)
                }
                mapLayers.append(
                    MapLayer(name: t("Facilities", "设施"), features: feats, fill: "#000000", stroke: "#ffffff", strokeWidth: 1, pointRadius: 5))
            }
            doc.maps.append(
                MapSection(
                    title: zh
                        ? "\(categoryName(cat))：\(ReportFormat.distance(tm, language))内可达（覆盖\(ReportFormat.percent(tierShare(cat, tm), digits: 0))）"
                        : "\(categoryName(cat)) within \(ReportFormat.distance(tm, language)) (\(ReportFormat.percent(tierShare(cat, tm), digits: 0)) covered)",
                    layers: mapLayers,
                    legend: [
                        LegendEntry(color: covered, label: t("within reach", "可达"), symbol: .point),
                        LegendEntry(color: missed, label: t("not within reach", "不可达"), symbol: .point),
                        LegendEntry(color: "#000000", label: t("facility", "设施"), symbol: .point),
                    ],
                    extent: extent))
        }
    }

    private func tierShare(_ cat: CoverageSummary.Category, _ tm: Double) -> Double {
        cat.tiers.first { $0.tierM == tm }?.share ?? 0
    }

    // MARK: Grids

    private func addGrids(_ g: GridsSummary, to doc: inout ReportDocument) {
        let grids = g.grids
        let maxDev = g.maxAbsDeviation
        let nonContiguous = g.noncontiguousGrids
        let pp = ReportFormat.number(g.meanPolsbyPopper ?? 0, digits: 2)
        doc.summary.append(
            zh
                ? "划分为\(grids.count)个网格，最大偏差±\(ReportFormat.percent(maxDev))，\(nonContiguous == 0 ? "全部连续" : "\(nonContiguous)个不连续")；平均紧凑度（Polsby–Popper）\(pp)。"
                : "\(grids.count) management grids, largest deviation from the ideal ±\(ReportFormat.percent(maxDev)), \(nonContiguous == 0 ? "all contiguous" : "\(nonContiguous) not contiguous"); mean Polsby–Popper compactness \(pp)."
        )
        if let w = g.worstGrid {
            doc.summary.append(
                zh
                    ? "偏差最大的网格 \(w.gridCode)（\(ReportFormat.percent(w.deviation))）：\(w.reasonZh)。"
                    : "The grid furthest from its ideal, \(w.gridCode) (\(ReportFormat.percent(w.deviation))): \(w.reason).")
        }
        if !grids.isEmpty {
            doc.tables.append(
                ReportTable(
                    title: t("Grid metrics", "网格指标"),
                    columns: [
                        t("Grid", "网格编码"), t("Weight", "权重"), t("Deviation", "偏差"), "Polsby–Popper", t("Pieces", "连通块"),
                        t("Neighbours", "相邻网格"),
                    ],
                    rows: grids.map { r -> [String] in
                        // Several weights may be balanced: show the first by name.
                        let weight = r.weight.sorted { $0.key < $1.key }.first?.value ?? 0
                        let dev = r.deviation.sorted { $0.key < $1.key }.first?.value ?? 0
                        return [
                            r.gridCode, ReportFormat.number(weight), ReportFormat.percent(dev),
                            ReportFormat.number(r.polsbyPopper ?? 0, digits: 2), String(r.pieces),
                            r.neighbours.joined(separator: ", "),
                        ]
                    }))
        }
        guard let polys = layer("grids", "grids"), let codes = try? polys.strings("grid_code") else { return }
        let colors = Palette.gridColors(count: polys.count)
        let feats = polys.geometries.indices.compactMap { i -> MapFeature? in
            guard let geom = polys.geometries[i] else { return nil }
            return MapFeature(geom, fill: colors[i].hex, label: codes[i])
        }
        doc.maps.append(
            MapSection(
                title: t("Management grid plan", "网格划分方案"),
                layers: contextLayers + [
                    MapLayer(name: t("Grids", "网格"), features: feats, fill: "#ccc", stroke: "#333", fillOpacity: 0.55, labelSize: 9)
                ],
                extent: extent))
        if let devField = polys.fieldNames.first(where: { $0 == "deviation" || $0.hasPrefix("dev_") }),
            let dev = try? polys.doubles(devField)
        {
            let limit = max(0.05, dev.compactMap { $0.map(abs) }.max() ?? 0.05)
            let dfeats = polys.geometries.indices.compactMap { i -> MapFeature? in
                guard let geom = polys.geometries[i] else { return nil }
                return MapFeature(geom, fill: Palette.diverging(dev[i] ?? 0, limit: limit).hex, label: codes[i])
            }
            doc.maps.append(
                MapSection(
                    title: t("Grid balance: deviation from the ideal weight", "网格均衡：与理想规模的偏差"),
                    layers: contextLayers + [
                        MapLayer(name: t("Deviation", "偏差"), features: dfeats, fill: "#ccc", stroke: "#333", fillOpacity: 0.8, labelSize: 9)
                    ],
                    legend: Palette.divergingClasses(limit: limit).map {
                        LegendEntry(
                            color: $0.color.hex, label: "\(ReportFormat.percent($0.lower, digits: 0)) – \(ReportFormat.percent($0.upper, digits: 0))")
                    },
                    extent: extent))
        }
    }

    // MARK: Parks

    private func addParks(_ p: ParkSitingSummary, to doc: inout ReportDocument) {
        if let before = p.serviceRadiusCoverageBefore, let after = p.serviceRadiusCoverageAfter {
            let n = p.selected.count
            doc.summary.append(
                zh
                    ? "公园绿地服务半径覆盖率由\(ReportFormat.percent(before))提高到\(ReportFormat.percent(after))（新增\(n)处口袋公园）。"
                    : "Park service-radius coverage rises from \(ReportFormat.percent(before)) to \(ReportFormat.percent(after)) with \(n) new pocket parks."
            )
        }
        if let e = p.exactValue, e > 0 {
            let g = p.greedyValue
            doc.summary.append(
                zh ? "贪心选址达到最优解的\(ReportFormat.percent(g / e))。" : "Greedy siting reaches \(ReportFormat.percent(g / e)) of the exact optimum.")
        }
        if !p.selected.isEmpty {
            let selected = p.selected
            doc.tables.append(
                ReportTable(
                    title: t("Selected pocket-park sites, in order", "口袋公园选址（按选择顺序）"),
                    columns: [t("Order", "顺序"), t("Candidate", "候选地块"), t("Area (m²)", "面积（平方米）"), t("Newly served", "新增服务人口")],
                    rows: selected.enumerated().map { i, s -> [String] in
                        [String(i + 1), String(s.candidate), ReportFormat.number(s.areaM2), ReportFormat.number(s.marginalGain)]
                    }))
        }
        guard let cands = layer("parks", "candidates") else { return }
        let ranks = (try? cands.doubles("rank")) ?? []
        let selected = (try? cands.doubles("selected")) ?? []
        let maxRank = ranks.compactMap { $0 }.max() ?? 1
        var mapLayers: [MapLayer] = contextLayers
        if let green = layers.first(where: { $0.analysis == "parks" && $0.name.contains("green") })?.table {
            mapLayers.append(
                MapLayer(
                    name: t("Existing green", "现状绿地"), features: green.geometries.compactMap { $0.map { MapFeature($0) } },
                    fill: Palette.green.hex, stroke: "none", fillOpacity: 0.5))
        }
        if let areas = layers.first(where: { $0.analysis == "parks" && $0.name.contains("service") })?.table {
            mapLayers.append(
                MapLayer(
                    name: t("Service areas of chosen sites", "选址服务范围"), features: areas.geometries.compactMap { $0.map { MapFeature($0) } },
                    fill: "#3182bd", stroke: "#3182bd", fillOpacity: 0.12))
        }
        let feats = cands.geometries.indices.compactMap { i -> MapFeature? in
            guard let g = cands.geometries[i] else { return nil }
            let r = i < ranks.count ? ranks[i] : nil
            let isSelected = i < selected.count && (selected[i] ?? 0) > 0
            return MapFeature(
                g, fill: r.map { Palette.rank(Int($0), of: Int(maxRank)).hex } ?? "#dddddd",
                stroke: isSelected ? "#000000" : nil, label: isSelected ? r.map { String(Int($0)) } : nil)
        }
        mapLayers.append(MapLayer(name: t("Candidates", "候选地块"), features: feats, fill: "#ddd", stroke: "#666", fillOpacity: 0.9, labelSize: 9))
        doc.maps.append(
            MapSection(
                title: t("Pocket-park candidates and chosen sites", "口袋公园候选地块与选址"),
                caption: t(
                    "Candidates coloured by rank (darker = more residents newly served); chosen sites outlined and numbered.",
                    "候选地块按排名着色（越深新增服务人口越多）；选中地块加黑框并标号。"),
                layers: mapLayers, extent: extent))
    }
}
