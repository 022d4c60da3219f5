/// Plain-language summary sentences in Chinese or English, so the runner
/// states results the same way in both languages. Numbers are formatted by
/// `ReportFormat` (fixed, locale-independent).
public enum ReportSentences {
    /// "62.0% of residents have all 5-minute facilities within 300 m."
    public static func coverage(share: Double, tierMinutes: Int, distance: Double, _ l: ReportLanguage) -> String {
        let p = ReportFormat.percent(share), d = ReportFormat.distance(distance, l)
        switch l {
        case .en: return "\(p) of residents have all \(tierMinutes)-minute facilities within \(d)."
        case .zh: return "\(p) 的居民在 \(d)内可达全部\(tierMinutes)分钟生活圈设施。"
        }
    }

    /// "Kindergartens are the largest gap: 38.0% of residents are beyond 300 m."
    public static func largestGap(category: String, uncoveredShare: Double, distance: Double, _ l: ReportLanguage) -> String {
        let p = ReportFormat.percent(uncoveredShare), d = ReportFormat.distance(distance, l)
        switch l {
        case .en: return "\(category) is the largest gap: \(p) of residents are farther than \(d)."
        case .zh: return "\(category)是最大的服务缺口：\(p) 的居民距离超过 \(d)。"
        }
    }

    /// "12 grids; each holds between 2,379 and 2,581 residents (mean 2,500)."
    public static func grids(count: Int, minWeight: Double, maxWeight: Double, mean: Double, _ l: ReportLanguage) -> String {
        let a = ReportFormat.number(minWeight), b = ReportFormat.number(maxWeight), m = ReportFormat.number(mean)
        switch l {
        case .en: return "\(count) grids; each holds between \(a) and \(b) residents (mean \(m))."
        case .zh: return "共划分 \(count) 个网格，每个网格居民 \(a)–\(b) 人（平均 \(m) 人）。"
        }
    }

    /// "3 new parks raise the share of residents within 500 m of a park from 41.0% to 67.5%."
    public static func parks(selected: Int, distance: Double, before: Double, after: Double, _ l: ReportLanguage) -> String {
        let d = ReportFormat.distance(distance, l), b = ReportFormat.percent(before), a = ReportFormat.percent(after)
        switch l {
        case .en: return "\(selected) new park\(selected == 1 ? "" : "s") raise\(selected == 1 ? "s" : "") the share of residents within \(d) of a park from \(b) to \(a)."
        case .zh: return "新增 \(selected) 处公园后，\(d)内可达公园的居民比例由 \(b) 提高到 \(a)。"
        }
    }

    /// "4 warnings, listed at the end." (nil when there are none).
    public static func warnings(_ count: Int, _ l: ReportLanguage) -> String? {
        guard count > 0 else { return nil }
        switch l {
        case .en: return "\(ReportFormat.integer(count)) warning\(count == 1 ? "" : "s"), listed at the end."
        case .zh: return "共 \(ReportFormat.integer(count)) 条警告，详见文末。"
        }
    }
}
