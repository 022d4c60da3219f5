import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleReport

/// QGIS styles for the study GeoPackage (its `layer_styles` table). Every
/// styled layer gets explicit classes built from the values it holds, with a
/// "no data" class where a value can be missing and no catch-all, so
/// `scripts/check_qgis.py` can prove each feature is drawn in a class of its own.
enum StudyStyles {
    /// What the labels need: the study language and the categories' display names.
    struct Context {
        var language: ReportLanguage = .en
        /// Category id → name in the study language; ids not listed go through `CategoryNames`.
        var categoryNames: [String: String] = [:]
        /// Category ids in the study's order (their colours follow it).
        var categoryOrder: [String] = []

        func categoryName(_ id: String) -> String {
            if id == "all" { return CategoryNames.allCategories(language) }
            return categoryNames[id] ?? CategoryNames.display(id: id, name: nil, nameZh: nil, language)
        }

        func categoryIndex(_ id: String, among seen: [String]) -> Int {
            if let i = categoryOrder.firstIndex(of: id) { return i }
            return categoryOrder.count + (seen.firstIndex(of: id) ?? 0)
        }

        func t(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }
    }

    static func sql(for layers: [StudyLayer], context: Context = Context()) -> [String] {
        QGISStyles.sql(for: specs(for: layers, context: context))
    }

    static func specs(for layers: [StudyLayer], context: Context) -> [StyleSpec] {
        layers.compactMap { layer in
            guard var s = spec(for: layer, context) else { return nil }
            // The spreadsheets' headers as QGIS field aliases; the keys stay ASCII.
            s.fieldAliases = layer.table.fieldNames.compactMap { f in
                let h = StudyTables.header(f, context.language)
                return h == f ? nil : StyleSpec.FieldAlias(field: f, alias: h)
            }
            return s
        }
    }

    static func geometryKind(_ table: FeatureTable) -> StyleSpec.Geometry? {
        guard let g = table.geometries.lazy.compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return nil }
        switch g {
        case .point, .multiPoint: return .point
        case .lineString, .multiLineString: return .line
        default: return .polygon
        }
    }

    static func spec(for layer: StudyLayer, _ cx: Context) -> StyleSpec? {
        guard let geometry = geometryKind(layer.table) else { return nil }
        let name = layer.qualifiedName
        let fields = Set(layer.table.fieldNames)
        var spec: StyleSpec?
        switch (layer.analysis, layer.name) {
        case ("coverage", "residents"):
            // Completeness of the first tier that has categories (the others are all null).
            let field = layer.table.fieldNames.first { f in
                f.hasPrefix("share_") && ((try? layer.table.doubles(f))?.contains { $0 != nil } ?? false)
            }
            if let field { spec = completeness(layer: name, field: field, table: layer.table, geometry: geometry, cx) }
        case ("coverage", "facilities") where fields.contains("category"):
            spec = facilities(layer: name, table: layer.table, geometry: geometry, cx)
        case ("coverage", "service_areas") where fields.contains("tier"):
            spec = serviceAreas(layer: name, table: layer.table, geometry: geometry, cx)
        case ("coverage", "gaps") where fields.contains("tier") && fields.contains("category"):
            spec = gaps(layer: name, table: layer.table, geometry: geometry, cx)
        case ("grids", _) where fields.contains("grid_code"):
            spec = grids(layer: name, table: layer.table, geometry: geometry, label: layer.name != "units", cx)
        case ("parks", "candidates") where fields.contains(StudyLayer.mapClassField):
            spec = candidates(layer: name, table: layer.table, geometry: geometry, cx)
        case ("parks", "selected_sites"):
            spec = QGISStyles.single(
                layer: name, color: Palette.selectedSite, geometry: geometry, stroke: RGBColor(0x33, 0x11, 0x22))
            spec?.renderer = .rules([
                StyleSpec.Rule(
                    .and([]), label: ReportStrings.text(.selectedPark, cx.language),
                    symbol: StyleSpec.Symbol(fill: Palette.selectedSite, stroke: RGBColor(0x33, 0x11, 0x22), strokeWidth: 0.6))
            ])
        case ("parks", "service_areas"):
            spec = StyleSpec(
                layer: name, geometry: geometry,
                renderer: .rules([
                    StyleSpec.Rule(
                        .and([]), label: cx.t("Service area of a selected park", "选定公园服务范围"),
                        symbol: StyleSpec.Symbol(
                            fill: Palette.selectedSite, stroke: Palette.selectedSite, strokeWidth: 0.5, fillStyle: "no"))
                ]))
        case ("parks", "residents") where fields.contains("served_after"):
            spec = parksResidents(layer: name, table: layer.table, geometry: geometry, cx)
        default:
            break
        }
        if var s = spec {
            s.description = cx.t(s.description, s.description)
            return s
        }
        let color = Palette.context
        return QGISStyles.single(layer: name, color: color, geometry: geometry, opacity: geometry == .polygon ? 0.6 : 1)
    }

    /// A symbol of `color` for the layer's geometry kind.
    static func symbol(
        _ color: RGBColor, _ g: StyleSpec.Geometry, stroke: RGBColor? = nil, width: Double? = nil,
        fillStyle: String = "solid", shape: String = "circle", size: Double = 1.8
    ) -> StyleSpec.Symbol {
        switch g {
        case .polygon:
            return StyleSpec.Symbol(
                fill: color, stroke: stroke ?? color.mixed(with: RGBColor(0, 0, 0), 0.35), strokeWidth: width ?? 0.26,
                fillStyle: fillStyle)
        case .line: return StyleSpec.Symbol(fill: color, stroke: stroke ?? color, strokeWidth: width ?? 0.6)
        case .point:
            return StyleSpec.Symbol(
                fill: color, stroke: stroke ?? RGBColor(0x22, 0x22, 0x22), strokeWidth: width ?? 0.2, size: size, shape: shape)
        }
    }

    static func distinctStrings(_ table: FeatureTable, _ field: String) -> (values: [String], hasNull: Bool) {
        let v = (try? table.strings(field)) ?? []
        var seen: [String] = []
        var set = Set<String>()
        for s in v.compactMap({ $0 }) where set.insert(s).inserted { seen.append(s) }
        return (seen, v.contains { $0 == nil })
    }

    static func distinctIntegers(_ table: FeatureTable, _ field: String) -> (values: [Int], hasNull: Bool) {
        let v = (try? table.doubles(field)) ?? []
        return (Array(Set(v.compactMap { $0.map { Int($0.rounded()) } })).sorted(), v.contains { $0 == nil })
    }

    static func noData(_ field: String, _ g: StyleSpec.Geometry, _ cx: Context) -> StyleSpec.Rule {
        StyleSpec.Rule(
            .isNull(field), label: cx.t("No data", "无数据"),
            symbol: symbol(Palette.noData, g, fillStyle: "dense6", shape: "cross2"))
    }

    /// Share of a tier's categories within reach, 0–1, in five classes from
    /// red to green, and "not reached" (no network access: null) in grey.
    static func completeness(
        layer: String, field: String, table: FeatureTable, geometry: StyleSpec.Geometry, _ cx: Context
    ) -> StyleSpec {
        let bounds: [(Double, Double, String)] = [
            (0, 0.2, "0–20%"), (0.2, 0.4, "20–40%"), (0.4, 0.6, "40–60%"), (0.6, 0.8, "60–80%"), (0.8, 1.0, "80–100%"),
        ]
        let prefix = cx.t("Categories in reach ", "设施齐全度 ")
        var rules = bounds.enumerated().map { i, b in
            StyleSpec.Rule(
                .range(field, lower: b.0, upper: b.1, includeLower: i == 0), label: prefix + b.2,
                symbol: symbol(Palette.completeness(Double(i) / 4), geometry, stroke: RGBColor(0x22, 0x22, 0x22), size: 1.6))
        }
        if (try? table.doubles(field))?.contains(where: { $0 == nil }) ?? false {
            var r = noData(field, geometry, cx)
            r.label = cx.t("Not on the walking network", "未接入步行网络")
            rules.append(r)
        }
        var s = StyleSpec(layer: layer, geometry: geometry, renderer: .rules(rules), description: "residents by \(field)")
        s.opacity = geometry == .polygon ? 0.85 : 1
        return s
    }

    static func facilities(layer: String, table: FeatureTable, geometry: StyleSpec.Geometry, _ cx: Context) -> StyleSpec {
        let (values, hasNull) = distinctStrings(table, "category")
        let ordered = values.sorted { cx.categoryIndex($0, among: values) < cx.categoryIndex($1, among: values) }
        var rules = ordered.map { c in
            let i = cx.categoryIndex(c, among: values)
            return StyleSpec.Rule(
                .equals("category", .text(c)), label: cx.categoryName(c),
                symbol: symbol(Palette.facility(i), geometry, shape: Palette.facilityShape(i), size: 2.4))
        }
        if hasNull { rules.append(noData("category", geometry, cx)) }
        return StyleSpec(layer: layer, geometry: geometry, renderer: .rules(rules), description: "facilities by category")
    }

    /// By tier (1 = nearest), darkest green nearest, drawn largest first so the
    /// nearer areas stay visible on top.
    static func serviceAreas(layer: String, table: FeatureTable, geometry: StyleSpec.Geometry, _ cx: Context) -> StyleSpec {
        let tiers = tierLabels(table, cx)
        var rules = tiers.enumerated().map { i, t in
            StyleSpec.Rule(
                .equals("tier", .number(Double(t.tier))), label: t.label,
                symbol: symbol(Palette.tier(index: i, of: tiers.count), geometry, width: 0.3))
        }
        if distinctIntegers(table, "tier").hasNull { rules.append(noData("tier", geometry, cx)) }
        var s = StyleSpec(
            layer: layer, geometry: geometry, renderer: .rules(rules), opacity: 0.55, description: "service areas by tier")
        s.drawDescendingBy = "tier"
        return s
    }

    /// By category (colour) and tier (hatching), outlined, so overlapping
    /// gaps of several categories and tiers still read.
    static func gaps(layer: String, table: FeatureTable, geometry: StyleSpec.Geometry, _ cx: Context) -> StyleSpec {
        let tiers = tierLabels(table, cx)
        let (cats, catNull) = distinctStrings(table, "category")
        let ordered = cats.sorted { cx.categoryIndex($0, among: cats) < cx.categoryIndex($1, among: cats) }
        let hatches = ["b_diagonal", "f_diagonal", "horizontal", "vertical", "cross", "diagonal_x"]
        let tierValues = (try? table.doubles("tier")) ?? []
        let catValues = (try? table.strings("category")) ?? []
        let present = Set(zip(catValues, tierValues).map { "\($0 ?? "")|\($1.map { Int($0.rounded()) } ?? -1)" })
        var rules: [StyleSpec.Rule] = []
        for c in ordered {
            let color = c == "all" ? Palette.notCovered : Palette.facility(cx.categoryIndex(c, among: cats))
            for (ti, t) in tiers.enumerated() where present.contains("\(c)|\(t.tier)") {
                rules.append(
                    StyleSpec.Rule(
                        .and([.equals("category", .text(c)), .equals("tier", .number(Double(t.tier)))]),
                        label: cx.t("Gap: \(cx.categoryName(c)), \(t.label)", "缺口：\(cx.categoryName(c)) · \(t.label)"),
                        symbol: symbol(color, geometry, stroke: color, width: 0.5, fillStyle: hatches[ti % hatches.count])))
            }
        }
        if catNull || distinctIntegers(table, "tier").hasNull {
            rules.append(
                StyleSpec.Rule(
                    .isNull("category"), label: cx.t("Gap: no category", "缺口：无类别"),
                    symbol: symbol(Palette.noData, geometry, fillStyle: "dense6")))
        }
        var s = StyleSpec(layer: layer, geometry: geometry, renderer: .rules(rules), description: "gaps by category and tier")
        s.drawDescendingBy = "tier"
        return s
    }

    /// The tiers present in a layer: id (1-based), label in whole minutes.
    static func tierLabels(_ table: FeatureTable, _ cx: Context) -> [(tier: Int, label: String)] {
        let tiers = (try? table.doubles("tier")) ?? []
        let minutes = (try? table.doubles("minutes")) ?? []
        var byTier: [Int: Double] = [:]
        for (t, m) in zip(tiers, minutes) { if let t, let m { byTier[Int(t.rounded())] = m } }
        return distinctIntegers(table, "tier").values.map { t in
            (t, byTier[t].map { ReportStrings.tier(minutes: Int($0.rounded()), cx.language) } ?? "\(cx.t("Tier", "圈层")) \(t)")
        }
    }

    static func grids(
        layer: String, table: FeatureTable, geometry: StyleSpec.Geometry, label: Bool, _ cx: Context
    ) -> StyleSpec {
        let (codes, hasNull) = distinctStrings(table, "grid_code")
        let sorted = codes.sorted()
        let colors = Palette.gridColors(count: sorted.count, adjacency: adjacency(table, codes: sorted))
        var rules = sorted.enumerated().map { i, c in
            StyleSpec.Rule(
                .equals("grid_code", .text(c)), label: "\(ReportStrings.text(.grid, cx.language)) \(c)",
                symbol: symbol(colors[i], geometry, stroke: RGBColor(0x33, 0x33, 0x33), width: label ? 0.5 : 0.15))
        }
        if hasNull {
            var r = noData("grid_code", geometry, cx)
            r.label = cx.t("In no grid", "未划入网格")
            rules.append(r)
        }
        var s = StyleSpec(
            layer: layer, geometry: geometry, renderer: .rules(rules), labelField: label ? "grid_code" : nil,
            description: "grids by grid_code")
        s.opacity = label ? 0.8 : 1
        return s
    }

    /// Grids that touch (their envelopes overlap), so neighbours get different colours.
    static func adjacency(_ table: FeatureTable, codes: [String]) -> [[Int]]? {
        guard let values = try? table.strings("grid_code") else { return nil }
        var env: [Envelope?] = Array(repeating: nil, count: codes.count)
        let index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        for (g, v) in zip(table.geometries, values) {
            guard let g, let v, let i = index[v] else { continue }
            if env[i] == nil { env[i] = g.envelope } else { env[i]?.expand(toInclude: g.envelope) }
        }
        // Grids a road apart still neighbour on the map: a small margin.
        let margin = env.compactMap { $0.map { max($0.width, $0.height) } }.max().map { $0 * 0.05 } ?? 0
        return codes.indices.map { i in
            codes.indices.filter { j in
                guard j != i, let a = env[i]?.expanded(by: margin), let b = env[j] else { return false }
                return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
            }
        }
    }

    /// Chosen, accepted and rejected parts (by reason), each its own class.
    static func candidates(layer: String, table: FeatureTable, geometry: StyleSpec.Geometry, _ cx: Context) -> StyleSpec {
        let (present, _) = distinctStrings(table, StudyLayer.mapClassField)
        let classes: [(String, String, StyleSpec.Symbol)] = [
            ("selected", ReportStrings.text(.selectedPark, cx.language), symbol(Palette.selectedSite, geometry, width: 0.6)),
            ("candidate", ReportStrings.text(.candidate, cx.language), symbol(Palette.candidateSite, geometry)),
            (
                "rejected_too_small", cx.t("Rejected: too small", "未采用：面积过小"),
                symbol(Palette.rejectedSite, geometry, fillStyle: "b_diagonal")
            ),
            (
                "rejected_too_large", cx.t("Rejected: too large", "未采用：面积过大"),
                symbol(Palette.rejectedSite, geometry, fillStyle: "f_diagonal")
            ),
            (
                "rejected_too_narrow", cx.t("Rejected: too narrow", "未采用：过窄"),
                symbol(Palette.rejectedSite, geometry, fillStyle: "horizontal")
            ),
            (
                "rejected_invalid_geometry", cx.t("Rejected: invalid geometry", "未采用：几何无效"),
                symbol(Palette.rejectedSite, geometry, fillStyle: "cross")
            ),
            ("rejected", cx.t("Rejected", "未采用"), symbol(Palette.rejectedSite, geometry, fillStyle: "dense5")),
        ]
        let known = Set(classes.map(\.0))
        var rules = classes.filter { present.contains($0.0) }.map {
            StyleSpec.Rule(.equals(StudyLayer.mapClassField, .text($0.0)), label: $0.1, symbol: $0.2)
        }
        for p in present where !known.contains(p) {
            rules.append(
                StyleSpec.Rule(
                    .equals(StudyLayer.mapClassField, .text(p)), label: p, symbol: symbol(Palette.rejectedSite, geometry)))
        }
        return StyleSpec(layer: layer, geometry: geometry, renderer: .rules(rules), description: "candidates by class")
    }

    static func parksResidents(layer: String, table: FeatureTable, geometry: StyleSpec.Geometry, _ cx: Context) -> StyleSpec {
        let (values, hasNull) = distinctIntegers(table, "served_after")
        var rules: [StyleSpec.Rule] = []
        if values.contains(1) {
            rules.append(
                StyleSpec.Rule(
                    .equals("served_after", .number(1)), label: cx.t("Served by a park", "公园服务范围内"),
                    symbol: symbol(Palette.served, geometry, size: 1.2)))
        }
        if values.contains(0) {
            rules.append(
                StyleSpec.Rule(
                    .equals("served_after", .number(0)), label: cx.t("Not served by a park", "公园服务范围外"),
                    symbol: symbol(Palette.notServed, geometry, size: 1.2)))
        }
        for v in values where v != 0 && v != 1 {
            rules.append(StyleSpec.Rule(.equals("served_after", .number(Double(v))), label: String(v), symbol: symbol(Palette.noData, geometry)))
        }
        if hasNull { rules.append(noData("served_after", geometry, cx)) }
        return StyleSpec(layer: layer, geometry: geometry, renderer: .rules(rules), description: "residents by park service")
    }
}

extension Palette {
    /// Red (nothing in reach) through yellow to green (everything in reach).
    static func completeness(_ t: Double) -> RGBColor {
        ramp(
            [
                RGBColor(0xd7, 0x30, 0x27), RGBColor(0xfc, 0x8d, 0x59), RGBColor(0xfe, 0xe0, 0x8b),
                RGBColor(0x91, 0xcf, 0x60), RGBColor(0x1a, 0x98, 0x50),
            ], max(0, min(1, t)))
    }
}

extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var h: UInt32 = 2_166_136_261
        for b in utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h & 0x7fff_ffff)
    }
}
