/// Ready-made styles for the study's layers, using the same colours as the
/// report's maps.
extension QGISStyles {
    /// Categorised by tier minutes (5/10/15...) in `field`; values not listed
    /// (no tier reached) fall into a red "not covered" category.
    public static func tiers(
        layer: String, field: String, minutes: [Int], geometry: StyleSpec.Geometry,
        language: ReportLanguage = .en, opacity: Double = 1
    ) -> StyleSpec {
        let sorted = Array(Set(minutes)).sorted()
        var cats = sorted.enumerated().map { i, m in
            StyleSpec.Category(
                value: String(m), label: ReportStrings.tier(minutes: m, language),
                symbol: symbol(Palette.tier(index: i, of: sorted.count), geometry))
        }
        cats.append(
            StyleSpec.Category(
                value: "", label: ReportStrings.text(.notCovered, language),
                symbol: symbol(Palette.notCovered, geometry)))
        return StyleSpec(
            layer: layer, geometry: geometry, renderer: .categorized(field: field, categories: cats),
            opacity: opacity, description: "tiers by \(field)")
    }

    /// Categorised by grid code, adjacent grids in different colours
    /// (`adjacency[i]` lists grids next to grid i), labelled with the code.
    public static func gridCodes(
        layer: String, field: String, codes: [String], adjacency: [[Int]]? = nil,
        geometry: StyleSpec.Geometry = .polygon, label: Bool = true
    ) -> StyleSpec {
        let colors = Palette.gridColors(count: codes.count, adjacency: adjacency)
        let cats = codes.enumerated().map { i, c in
            StyleSpec.Category(value: c, label: c, symbol: symbol(colors[i], geometry, stroke: RGBColor(0x33, 0x33, 0x33)))
        }
        return StyleSpec(
            layer: layer, geometry: geometry, renderer: .categorized(field: field, categories: cats),
            labelField: label ? field : nil, description: "grids by \(field)")
    }

    /// Graduated by rank (1 = best, darkest) in up to `classes` equal bands
    /// over 1...count.
    public static func rank(
        layer: String, field: String, count: Int, classes: Int = 5,
        geometry: StyleSpec.Geometry = .polygon, language: ReportLanguage = .en
    ) -> StyleSpec {
        let n = max(1, count)
        let k = max(1, min(classes, n))
        var ranges: [StyleSpec.Range] = []
        var start = 1
        for i in 0..<k {
            let end = i == k - 1 ? n : start + (n - start + 1) / (k - i) - 1
            let mid = (start + end) / 2
            let label = start == end ? "\(ReportStrings.text(.rank, language)) \(start)" : "\(ReportStrings.text(.rank, language)) \(start)–\(end)"
            ranges.append(
                StyleSpec.Range(
                    lower: Double(start) - 0.5, upper: Double(end) + 0.5, label: label,
                    symbol: symbol(Palette.rank(mid, of: n), geometry)))
            start = end + 1
        }
        return StyleSpec(
            layer: layer, geometry: geometry, renderer: .graduated(field: field, ranges: ranges),
            description: "ranked by \(field)")
    }

    /// Graduated diverging colours for a deviation from the ideal (e.g. grid
    /// population minus the mean), symmetric around 0 over ±limit; values
    /// beyond the limit take the end classes.
    public static func deviation(
        layer: String, field: String, limit: Double, classes: Int = 5,
        geometry: StyleSpec.Geometry = .polygon, labelField: String? = nil
    ) -> StyleSpec {
        let cls = Palette.divergingClasses(limit: max(limit, 1e-9), classes: classes)
        let ranges = cls.enumerated().map { i, c in
            StyleSpec.Range(
                lower: i == 0 ? -1e12 : c.lower, upper: i == cls.count - 1 ? 1e12 : c.upper,
                label:
                    "\(ReportFormat.number(c.lower, digits: c.upper - c.lower < 10 ? 1 : 0)) – \(ReportFormat.number(c.upper, digits: c.upper - c.lower < 10 ? 1 : 0))",
                symbol: symbol(c.color, geometry))
        }
        return StyleSpec(
            layer: layer, geometry: geometry, renderer: .graduated(field: field, ranges: ranges),
            labelField: labelField, description: "deviation of \(field)")
    }

    /// One colour for every feature.
    public static func single(
        layer: String, color: RGBColor, geometry: StyleSpec.Geometry, opacity: Double = 1,
        stroke: RGBColor? = nil
    ) -> StyleSpec {
        StyleSpec(layer: layer, geometry: geometry, renderer: .single(symbol(color, geometry, stroke: stroke)), opacity: opacity)
    }

    static func symbol(_ color: RGBColor, _ g: StyleSpec.Geometry, stroke: RGBColor? = nil) -> StyleSpec.Symbol {
        switch g {
        case .polygon: return StyleSpec.Symbol(fill: color, stroke: stroke ?? color.mixed(with: RGBColor(0, 0, 0), 0.35), strokeWidth: 0.26)
        case .line: return StyleSpec.Symbol(fill: color, stroke: color, strokeWidth: 0.6)
        case .point: return StyleSpec.Symbol(fill: color, stroke: stroke ?? RGBColor(0x33, 0x33, 0x33), strokeWidth: 0, size: 1.6)
        }
    }
}
