import Foundation
import LifeCircleIO

/// The national report of a batch: one self-contained HTML file (no script,
/// no network) with the cities ranked per tier, the distribution of their
/// shares, links to each city's report, and the rows that failed.
enum BatchReport {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f%%", 100 * v) }

    /// Ten bins of [0, 1] as an inline SVG bar chart.
    static func histogram(_ values: [Double]) -> String {
        var bins = [Int](repeating: 0, count: 10)
        for v in values where v.isFinite { bins[min(9, max(0, Int(v * 10)))] += 1 }
        let top = max(1, bins.max() ?? 1)
        let w = 36.0, h = 120.0
        var bars = ""
        for (i, n) in bins.enumerated() {
            let bh = h * Double(n) / Double(top)
            bars += String(
                format: "<rect x='%.0f' y='%.1f' width='%.0f' height='%.1f' fill='#3182bd'><title>%d–%d%%: %d</title></rect>",
                Double(i) * w + 30, 10 + h - bh, w - 4, bh, i * 10, i * 10 + 10, n)
            bars += String(
                format: "<text x='%.0f' y='%.0f' font-size='10' text-anchor='middle'>%d%%</text>", Double(i) * w + 30 + (w - 4) / 2, h + 24, i * 10)
            if n > 0 {
                bars += String(
                    format: "<text x='%.0f' y='%.1f' font-size='10' text-anchor='middle'>%d</text>", Double(i) * w + 30 + (w - 4) / 2, 6 + h - bh, n)
            }
        }
        return "<svg xmlns='http://www.w3.org/2000/svg' width='\(Int(10 * w + 40))' height='\(Int(h + 34))' role='img'>\(bars)</svg>"
    }

    static func html(_ s: BatchMerge.Summary) -> String {
        let ok = s.cities.filter { $0.status == "ok" }
        let tierCount = ok.map(\.tiers.count).max() ?? 0
        var body = "<h1>LifeCircle national batch 全国生活圈评估汇总</h1>"
        body +=
            "<p>\(s.cities.count) cities 城市: \(s.ok) ok, \(s.failed) failed 失败, \(s.missing) not run 未运行. LifeCircle \(escape(s.toolVersion)).</p>"
        for t in 0..<tierCount {
            let rows = ok.filter { t < $0.tiers.count }.sorted {
                ($0.tiers[t].allCategoriesShare, $0.tiers[t].meanCategoryShare, $1.code) > (
                    $1.tiers[t].allCategoriesShare, $1.tiers[t].meanCategoryShare, $0.code
                )
            }
            guard let first = rows.first else { continue }
            let tier = first.tiers[t]
            let name = "\(Int(tier.minutes.rounded()))-minute tier (\(Int(tier.tierM)) m) \(Int(tier.minutes.rounded()))分钟生活圈"
            body += "<h2>\(escape(name))</h2>"
            body += "<figure><figcaption>Distribution of the share of residents with every facility of the tier 全部设施可达比例分布</figcaption>"
            body += histogram(rows.map { $0.tiers[t].allCategoriesShare }) + "</figure>"
            body +=
                "<table><thead><tr><th>#</th><th>City 城市</th><th>Code 代码</th><th>Residents 居民</th><th>All categories 全部可达</th><th>Mean share 平均可达</th><th>Report 报告</th></tr></thead><tbody>"
            for (i, c) in rows.enumerated() {
                let link = c.report.map { "<a href='\(escape($0))'>\(escape(c.city))</a>" } ?? ""
                body += "<tr><td>\(i + 1)</td><td>\(escape(c.city))</td><td>\(escape(c.code))</td><td>\(Int(c.residents ?? 0))</td>"
                body += "<td>\(percent(c.tiers[t].allCategoriesShare))</td><td>\(percent(c.tiers[t].meanCategoryShare))</td><td>\(link)</td></tr>"
            }
            body += "</tbody></table>"
        }
        let bad = s.cities.filter { $0.status != "ok" }
        if !bad.isEmpty {
            body += "<h2>Not finished 未完成</h2><table><thead><tr><th>Row</th><th>City</th><th>Status</th><th>Error</th></tr></thead><tbody>"
            for c in bad {
                body += "<tr><td>\(c.index)</td><td>\(escape(c.city))</td><td>\(c.status)</td><td>\(escape(c.error ?? ""))</td></tr>"
            }
            body += "</tbody></table>"
        }
        return """
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>LifeCircle national batch</title>
            <style>body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:2em;max-width:60em}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
            td:nth-child(2),th:nth-child(2){text-align:left}figure{margin:1em 0}@media print{a{color:inherit}}</style></head>
            <body>\(body)</body></html>

            """
    }
}
