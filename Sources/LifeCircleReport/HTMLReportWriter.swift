import Foundation
import LifeCircleIO

public struct HTMLReportOptions: Sendable {
    /// Map drawing settings (language and ids are set per map by the writer).
    public var map: SVGMapOptions = SVGMapOptions()
    /// Warning lines shown per category before "… and n more".
    public var maxWarningsPerCategory: Int = 50
    /// A linked table of contents after the summary (hidden in print).
    public var contents: Bool = true

    public init() {}
}

/// Writes a `ReportDocument` as ONE self-contained HTML file: inline CSS,
/// inline SVG maps, system fonts only, one inline pan-and-zoom script, nothing fetched from the
/// network. Laid out for screens and for A4 print.
public enum HTMLReportWriter {
    /// Renders and writes atomically (temporary file, then rename).
    /// With `figures`, each map is also saved there as a standalone `figure-N.svg` (for Word).
    public static func write(
        _ doc: ReportDocument, to path: String, options: HTMLReportOptions = HTMLReportOptions(), figures: String? = nil
    ) throws {
        let (html, maps) = render(doc, options: options)
        try AtomicFile.write(Data(html.utf8), to: path)
        guard let figures, !maps.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: figures, withIntermediateDirectories: true)
        for (i, m) in maps.enumerated() {
            let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + m.svg + "\n"
            try AtomicFile.write(Data(svg.utf8), to: (figures as NSString).appendingPathComponent("figure-\(i + 1).svg"))
        }
    }

    /// The HTML text and the maps as drawn.
    public static func render(_ doc: ReportDocument, options: HTMLReportOptions = HTMLReportOptions()) -> (html: String, maps: [RenderedMap]) {
        let lang = doc.language
        func t(_ k: ReportText) -> String { ReportStrings.text(k, lang) }
        var h = "<!DOCTYPE html>\n<html lang=\"\(lang.htmlCode)\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if let g = doc.generator { h += "<meta name=\"generator\" content=\"\(Markup.escape(g))\">\n" }
        h += "<title>\(Markup.escape(doc.title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"

        // Header.
        h += "<header>\n<h1>\(Markup.escape(doc.title))</h1>\n"
        if let s = doc.subtitle { h += "<p class=\"subtitle\">\(Markup.escape(s))</p>\n" }
        if !doc.facts.isEmpty {
            h += "<dl class=\"facts\">\n"
            for f in doc.facts { h += "<dt>\(Markup.escape(f.label))</dt><dd>\(Markup.escape(f.value))</dd>\n" }
            h += "</dl>\n"
        }
        h += "</header>\n"

        // Summary first: what a reader who stops here should know.
        h += "<section class=\"summary\" id=\"summary\">\n<h2>\(t(.summary))</h2>\n"
        if doc.summary.isEmpty {
            h += "<p>–</p>\n"
        } else {
            h += "<ul>\n" + doc.summary.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        let totalWarnings = doc.warnings.reduce(0) { $0 + $1.count }
        if totalWarnings > 0 {
            h += "<p class=\"warning-count\"><a href=\"#warnings\">\(Markup.escape(String(format: t(.warningCount), totalWarnings)))</a></p>\n"
        }
        h += "</section>\n"

        if options.contents && (doc.maps.count + doc.tables.count) > 1 {
            h += "<nav class=\"toc\"><h2>\(t(.contents))</h2>\n<ol>\n"
            for (i, m) in doc.maps.enumerated() {
                h += "<li><a href=\"#map-\(i + 1)\">\(t(.figure)) \(i + 1) \(Markup.escape(m.title))</a></li>\n"
            }
            for (i, tb) in doc.tables.enumerated() {
                h += "<li><a href=\"#table-\(i + 1)\">\(t(.table)) \(i + 1) \(Markup.escape(tb.title))</a></li>\n"
            }
            h += "<li><a href=\"#warnings\">\(t(.warnings))</a></li>\n</ol>\n</nav>\n"
        }

        // Maps.
        var rendered: [RenderedMap] = []
        if !doc.maps.isEmpty {
            h += "<section class=\"maps\" id=\"maps\">\n<h2>\(t(.maps))</h2>\n"
            for (i, m) in doc.maps.enumerated() {
                var mo = options.map
                mo.language = lang
                mo.idPrefix = "map\(i + 1)"
                let r = SVGMapRenderer.render(m, options: mo)
                rendered.append(r)
                h += "<figure class=\"map\" id=\"map-\(i + 1)\">\n"
                h += "<h3>\(t(.figure)) \(i + 1)  \(Markup.escape(m.title))</h3>\n"
                if m.layers.allSatisfy({ $0.features.isEmpty }) {
                    h += "<p class=\"note\">\(t(.noFeatures))</p>\n"
                }
                h += r.svg + "\n"
                var caption: [String] = []
                if let c = m.caption { caption.append(Markup.escape(c)) }
                if r.skippedFeatures > 0 { caption.append(Markup.escape(String(format: t(.skippedFeatures), r.skippedFeatures))) }
                if !caption.isEmpty { h += "<figcaption>\(caption.joined(separator: " "))</figcaption>\n" }
                h += "</figure>\n"
            }
            h += "</section>\n"
        }

        // Tables.
        if !doc.tables.isEmpty {
            h += "<section class=\"tables\" id=\"tables\">\n<h2>\(t(.tables))</h2>\n"
            for (i, tb) in doc.tables.enumerated() { h += table(tb, number: i + 1, lang) }
            h += "</section>\n"
        }

        // Warnings, grouped by category.
        h += "<section class=\"warnings\" id=\"warnings\">\n<h2>\(t(.warnings))"
        if totalWarnings > 0 { h += " (\(totalWarnings))" }
        h += "</h2>\n"
        if doc.warnings.isEmpty {
            h += "<p>\(t(.noWarnings))</p>\n"
        } else {
            var order: [String] = []
            var groups: [String: [ReportWarning]] = [:]
            for w in doc.warnings {
                if groups[w.category] == nil { order.append(w.category) }
                groups[w.category, default: []].append(w)
            }
            for cat in order {
                let ws = groups[cat]!
                let n = ws.reduce(0) { $0 + $1.count }
                h += "<h3>\(Markup.escape(cat)) <span class=\"count\">(\(n))</span></h3>\n<ul>\n"
                for w in ws.prefix(max(0, options.maxWarningsPerCategory)) {
                    h += "<li>\(Markup.escape(w.message))\(w.count > 1 ? " <span class=\"count\">×\(w.count)</span>" : "")</li>\n"
                }
                if ws.count > options.maxWarningsPerCategory {
                    h += "<li class=\"more\">\(Markup.escape(String(format: t(.andMore), ws.count - options.maxWarningsPerCategory)))</li>\n"
                }
                h += "</ul>\n"
            }
        }
        h += "</section>\n"

        if let g = doc.generator {
            h += "<footer>\(t(.generatedBy)): \(Markup.escape(g))</footer>\n"
        }
        if !rendered.isEmpty { h += "<script>\n\(panZoomScript)</script>\n" }
        h += "</body>\n</html>\n"
        return (h, rendered)
    }

    static func table(_ tb: ReportTable, number: Int, _ lang: ReportLanguage) -> String {
        let aligns = tb.columns.indices.map { resolvedAlignment(tb, column: $0) }
        func cls(_ a: ColumnAlignment) -> String {
            switch a {
            case .numeric: return " class=\"num\""
            case .center: return " class=\"center\""
            default: return ""
            }
        }
        var h = "<div class=\"table-block\" id=\"table-\(number)\">\n"
        h += "<h3>\(ReportStrings.text(.table, lang)) \(number)  \(Markup.escape(tb.title))</h3>\n"
        h += "<table>\n<thead><tr>"
        for (c, col) in tb.columns.enumerated() { h += "<th\(cls(aligns[c]))>\(Markup.escape(col.title))</th>" }
        h += "</tr></thead>\n<tbody>\n"
        for (r, row) in tb.rows.enumerated() {
            h += "<tr>"
            for c in 0..<max(row.count, tb.columns.count) {
                let text = c < row.count ? row[c] : ""
                var attrs = c < aligns.count ? cls(aligns[c]) : ""
                if let bg = tb.cellColors?[safe: r]?[safe: c] ?? nil {
                    let color = Markup.color(bg)
                    var style = "background:\(color)"
                    if let rgb = RGBColor(hex: bg) { style += ";color:\(Palette.textColor(on: rgb).hex)" }
                    attrs += " style=\"\(style)\""
                }
                h += "<td\(attrs)>\(Markup.escape(text))</td>"
            }
            h += "</tr>\n"
        }
        h += "</tbody>\n</table>\n"
        if let n = tb.note { h += "<p class=\"note\">\(Markup.escape(n))</p>\n" }
        h += "</div>\n"
        return h
    }

    /// `.auto` becomes `.numeric` when every non-empty cell reads as a number
    /// (thousands separators, a trailing % and a leading sign allowed).
    static func resolvedAlignment(_ tb: ReportTable, column c: Int) -> ColumnAlignment {
        let a = tb.columns[c].alignment
        guard a == .auto else { return a }
        var any = false
        for row in tb.rows where c < row.count {
            let s = row[c].trimmingCharacters(in: .whitespaces)
            if s.isEmpty || s == "–" || s == "-" { continue }
            guard isNumber(s) else { return .left }
            any = true
        }
        return any ? .numeric : .left
    }

    static func isNumber(_ s: String) -> Bool {
        // Long digit strings without separators are codes (grid, zone, ID), not quantities.
        if s.count >= 10 && s.allSatisfy({ $0.isASCII && $0.isNumber }) { return false }
        var v = s.replacingOccurrences(of: ",", with: "")
        if v.hasSuffix("%") { v.removeLast() }
        if v.hasPrefix("+") { v.removeFirst() }
        return Double(v) != nil
    }

    static let css: String = """
        :root { --ink: #1a1a1a; --muted: #5f6368; --accent: #1b7837; --rule: #d0d7cc; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: \(ReportFonts.cssStack); color: var(--ink); background: #fff;
               max-width: 1100px; margin: 0 auto; padding: 24px 32px 40px; font-size: 15px; line-height: 1.55; }
        h1 { font-size: 26px; margin: 0 0 4px; line-height: 1.3; }
        h2 { font-size: 20px; margin: 28px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        .subtitle { color: var(--muted); margin: 0 0 10px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 13px; margin: 8px 0 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        section.summary { background: #f2f7f0; border-left: 4px solid var(--accent); padding: 2px 18px 8px; margin-top: 18px; }
        section.summary h2 { border: 0; margin-top: 12px; }
        section.summary li { margin: 4px 0; font-size: 16px; }
        nav.toc ol { columns: 2; font-size: 14px; }
        nav.toc a, .warning-count a { color: var(--accent); }
        figure.map { margin: 0 0 26px; }
        figure.map svg { display: block; width: 100%; height: auto; cursor: grab; touch-action: none; }
        figure.map .hint { font-size: 12px; color: var(--muted); }
        figcaption, .note { font-size: 13px; color: var(--muted); margin-top: 4px; }
        .table-block { margin-bottom: 22px; }
        table { border-collapse: collapse; width: auto; min-width: 50%; max-width: 100%; font-size: 13px; }
        th, td { border: 1px solid #c8cdc5; padding: 3px 8px; vertical-align: top; }
        thead th { background: #e8f0e5; text-align: left; }
        th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th.center, td.center { text-align: center; }
        tbody tr:nth-child(even) td:not([style]) { background: #f8faf7; }
        section.warnings li { margin: 2px 0; }
        .count { color: var(--muted); font-weight: normal; }
        footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
          nav.toc { display: none; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          figure.map { break-inside: avoid; page-break-inside: avoid; }
          figure.map svg { max-height: 235mm; }
          figure.map .hint { display: none; }
          section.maps, section.tables { break-before: page; page-break-before: always; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }

        """
}

extension HTMLReportWriter {
    /// Inline, no network: wheel zooms about the pointer, drag pans, a double
    /// click resets; the legend band below the map stays fixed. The report
    /// still works (and prints the full extent) without it.
    static let panZoomScript = """
        (function () {
          document.querySelectorAll('svg.map').forEach(function (svg) {
            var groups = svg.querySelectorAll('g.zoom');
            if (!groups.length || !svg.viewBox || !svg.viewBox.baseVal) return;
            var vb = svg.viewBox.baseVal, top = parseFloat(svg.getAttribute('data-map-height')) || vb.height;
            var k = 1, tx = 0, ty = 0, drag = null;
            function apply() {
              var t = 'translate(' + tx + ' ' + ty + ') scale(' + k + ')';
              groups.forEach(function (g) { g.setAttribute('transform', t); });
            }
            function at(e) {
              var r = svg.getBoundingClientRect();
              return [(e.clientX - r.left) * vb.width / r.width, (e.clientY - r.top) * vb.height / r.height];
            }
            svg.addEventListener('wheel', function (e) {
              var p = at(e);
              if (p[1] > top) return;
              e.preventDefault();
              var nk = Math.min(50, Math.max(1, k * (e.deltaY < 0 ? 1.25 : 0.8))), f = nk / k;
              tx = p[0] - (p[0] - tx) * f; ty = p[1] - (p[1] - ty) * f; k = nk;
              if (k === 1) { tx = 0; ty = 0; }
              apply();
            }, { passive: false });
            svg.addEventListener('pointerdown', function (e) {
              var p = at(e);
              if (p[1] > top) return;
              drag = [p[0] - tx, p[1] - ty];
              svg.setPointerCapture(e.pointerId);
            });
            svg.addEventListener('pointermove', function (e) {
              if (!drag) return;
              var p = at(e);
              tx = p[0] - drag[0]; ty = p[1] - drag[1];
              apply();
            });
            svg.addEventListener('pointerup', function () { drag = null; });
            svg.addEventListener('dblclick', function () { k = 1; tx = 0; ty = 0; apply(); });
            var hint = document.createElement('p');
            hint.className = 'hint';
            hint.textContent = document.documentElement.lang.indexOf('zh') === 0
              ? '滚轮缩放，拖动平移，双击复原。' : 'Scroll to zoom, drag to pan, double-click to reset.';
            svg.parentNode.insertBefore(hint, svg.nextSibling);
          });
          window.addEventListener('beforeprint', function () {
            document.querySelectorAll('svg.map g.zoom').forEach(function (g) { g.removeAttribute('transform'); });
          });
        })();

        """
}

extension Array {
    subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
