/// Legend rows matching the palettes, in the report's language.
extension LegendEntry {
    /// One row per tier (shortest first), then "not covered".
    public static func tiers(
        _ minutes: [Int], language: ReportLanguage, symbol: Symbol = .area,
        includeNotCovered: Bool = true
    ) -> [LegendEntry] {
        let sorted = Array(Set(minutes)).sorted()
        var out = sorted.enumerated().map { i, m in
            LegendEntry(color: Palette.tier(index: i, of: sorted.count).hex, label: ReportStrings.tier(minutes: m, language), symbol: symbol)
        }
        if includeNotCovered {
            out.append(LegendEntry(color: Palette.notCovered.hex, label: ReportStrings.text(.notCovered, language), symbol: symbol))
        }
        return out
    }

    /// Below average / balanced / above average, for balance deviation maps.
    public static func balance(language: ReportLanguage) -> [LegendEntry] {
        [
            LegendEntry(color: Palette.diverging(-1, limit: 1).hex, label: ReportStrings.text(.balanceUnder, language)),
            LegendEntry(color: Palette.diverging(0, limit: 1).hex, label: ReportStrings.text(.balanced, language)),
            LegendEntry(color: Palette.diverging(1, limit: 1).hex, label: ReportStrings.text(.balanceOver, language)),
        ]
    }

    /// Rank 1, the middle rank and the last, for ranked candidates.
    public static func ranks(count: Int, language: ReportLanguage) -> [LegendEntry] {
        let n = max(1, count)
        let shown = Array(Set([1, (n + 1) / 2, n])).sorted()
        return shown.map { LegendEntry(color: Palette.rank($0, of: n).hex, label: "\(ReportStrings.text(.rank, language)) \($0)") }
    }
}
