import Foundation
import LifeCircleGeometry
import LifeCircleIO

public struct SVGMapOptions: Sendable {
    /// View box width, pixels (the map scales to the page width when shown).
    public var width: Double = 1000
    public var maxHeight: Double = 1300
    /// Vertices closer than this to the simplified outline are dropped, pixels.
    public var simplifyTolerance: Double = 0.3
    /// Areas and lines whose bounding box is smaller than this in both
    /// directions are not drawn, pixels.
    public var minFeatureSize: Double = 0.5
    /// A layer with more points than this is drawn as occupied cells instead.
    public var pointAggregationThreshold: Int = 20_000
    /// Cell size for aggregated points, pixels.
    public var aggregationCell: Double = 2
    /// Drop labels that would overlap one already placed.
    public var avoidLabelOverlap: Bool = true
    public var language: ReportLanguage = .en
    /// Prefix of element ids (clip paths), unique per map in one document.
    public var idPrefix: String = "map"
    public var fontFamily: String = ReportFonts.cssStack

    public init(language: ReportLanguage = .en, idPrefix: String = "map") {
        self.language = language; self.idPrefix = idPrefix
    }
}

/// An SVG map and what went into it.
public struct RenderedMap: Sendable {
    public var svg: String
    public var viewport: MapViewport
    /// Whole SVG height including the legend band.
    public var height: Double
    /// Elements drawn per layer: one path per feature for its areas and one
    /// for its lines, one circle per point, or one per occupied cell for
    /// aggregated point layers.
    public var drawnPerLayer: [Int]
    /// Features not drawn: smaller than `minFeatureSize` or outside the extent.
    public var skippedFeatures: Int
    /// Names of layers whose points were aggregated into cells.
    public var aggregatedLayers: [String]
    public var labelsDrawn: Int
    public var labelsSkipped: Int
    /// Scale bar length, metres.
    public var scaleBarMetres: Double
}

/// Draws a `MapSection` as inline SVG: projected metres fitted to the view
/// box (north up), areas/lines/points, labels, a scale bar in metres, a
/// north arrow and the legend underneath.
public enum SVGMapRenderer {
    public static func render(_ section: MapSection, options o: SVGMapOptions = SVGMapOptions()) -> RenderedMap {
        var extent = Envelope.empty
        if let e = section.extent, !e.isEmpty {
            extent = e
        } else {
            for l in section.layers { for f in l.features where !f.geometry.isEmpty { extent.expand(toInclude: f.geometry.envelope) } }
        }
        let vp = MapViewport(extent: extent, width: o.width, maxHeight: o.maxHeight)
        let visible = vp.visibleWorld
        let tol = max(0, Int((o.simplifyTolerance * 10).rounded()))
        let minSize = Int((o.minFeatureSize * 10).rounded())

        var body = ""
        body.reserveCapacity(1 << 16)
        var drawn: [Int] = []
        var skipped = 0
        var aggregated: [String] = []
        var labels: [(text: String, x: Double, y: Double, size: Double)] = []

        for layer in section.layers {
            var count = 0
            let pointTotal = layer.features.reduce(0) { $0 + $1.geometry.pointParts.count }
            let aggregate = pointTotal > o.pointAggregationThreshold
            var cells: [Int: [String: Int]] = [:]
            var fillOrder: [String] = []
            var out = ""
            let layerFill = Markup.color(layer.fill), layerStroke = Markup.color(layer.stroke)
            let pointDefault = layer.fill == "none" ? layerStroke : layerFill
            let cellTenths = max(1, Int((o.aggregationCell * 10).rounded()))
            let cols = Int(vp.width * 10) / cellTenths + 1

            for f in layer.features {
                let g = f.geometry
                guard !g.isEmpty, g.envelope.intersects(visible) else { skipped += 1; continue }
                var drewSomething = false
                let title = f.title.map { "<title>\(Markup.escape($0))</title>" } ?? ""

                // Areas: all rings of all parts in one path, holes by even-odd.
                var enc = SVGPathEncoder()
                for part in g.polygonParts {
                    guard let shell = part.first, shell.count >= 4 else { continue }
                    let s = quantise(shell, vp, tol)
                    guard s.xs.count >= 4, span(s) >= minSize else { continue }
                    enc.add(s.xs, s.ys, close: true)
                    for hole in part.dropFirst() where hole.count >= 4 {
                        let h = quantise(hole, vp, tol)
                        if h.xs.count >= 4 && span(h) >= minSize { enc.add(h.xs, h.ys, close: true) }
                    }
                }
                if !enc.d.isEmpty {
                    var attrs = ""
                    if let fill = f.fill { attrs += " fill=\"\(Markup.color(fill))\"" }
                    if let stroke = f.stroke { attrs += " stroke=\"\(Markup.color(stroke))\"" }
                    out += element("path", "d=\"\(enc.d)\"\(attrs)", title)
                    drewSomething = true
                }

                // Lines: stroke only.
                var lenc = SVGPathEncoder()
                let lines: [[Coordinate]]
                switch g {
                case .lineString, .multiLineString: lines = g.lineParts
                case .collection(let gs):
                    lines = gs.filter {
                        if case .lineString = $0 { return true }; if case .multiLineString = $0 { return true }; return false
                    }.flatMap { $0.lineParts }
                default: lines = []
                }
                for line in lines where line.count >= 2 {
                    let q = quantise(line, vp, tol)
                    if q.xs.count >= 2 && span(q) >= minSize { lenc.add(q.xs, q.ys, close: false) }
                }
                if !lenc.d.isEmpty {
                    let stroke = Markup.color(f.stroke ?? layer.stroke)
                    out += element("path", "d=\"\(lenc.d)\" fill=\"none\" stroke=\"\(stroke)\"", title)
                    drewSomething = true
                }

                // Points: circles, or cells when the layer is dense.
                let pts = g.pointParts
                if !pts.isEmpty {
                    let fill = Markup.color(f.fill ?? pointDefault)
                    for p in pts where visible.contains(p) {
                        let t = vp.tenths(p)
                        if aggregate {
                            let key = (t.y / cellTenths) * cols + (t.x / cellTenths)
                            if cells[key] == nil { cells[key] = [:] }
                            if cells[key]![fill] == nil {
                                cells[key]![fill] = 0
                                if !fillOrder.contains(fill) { fillOrder.append(fill) }
                            }
                            cells[key]![fill]! += 1
                        } else {
                            var attrs = " fill=\"\(fill)\""
                            if let stroke = f.stroke { attrs += " stroke=\"\(Markup.color(stroke))\"" }
                            out += element(
                                "circle",
                                "cx=\"\(SVGPathEncoder.decimal(t.x))\" cy=\"\(SVGPathEncoder.decimal(t.y))\" r=\"\(fmt(layer.pointRadius))\"\(attrs)",
                                title)
                            count += 1
                        }
                        drewSomething = true
                    }
                }
                if !enc.d.isEmpty { count += 1 }
                if !lenc.d.isEmpty { count += 1 }
                if !drewSomething { skipped += 1; continue }

                if let label = f.label, !label.isEmpty, let at = f.labelAt ?? LabelPoint.of(g) {
                    let p = vp.pixel(at)
                    let dy = pts.isEmpty ? 0 : -(layer.pointRadius + layer.labelSize * 0.7)
                    labels.append((label, p.x, p.y + dy, layer.labelSize))
                }
            }

            if aggregate {
                aggregated.append(layer.name)
                // Each cell takes its most frequent colour (ties: first colour seen).
                var byFill: [String: [Int]] = [:]
                for (key, counts) in cells {
                    var best = "", bestN = -1
                    for fill in fillOrder { if let n = counts[fill], n > bestN { best = fill; bestN = n } }
                    byFill[best, default: []].append(key)
                }
                let c = SVGPathEncoder.decimal(cellTenths)
                for fill in fillOrder {
                    guard let keys = byFill[fill]?.sorted() else { continue }
                    var d = ""
                    for key in keys {
                        let x = (key % cols) * cellTenths, y = (key / cols) * cellTenths
                        d += "M\(SVGPathEncoder.decimal(x)) \(SVGPathEncoder.decimal(y))h\(c)v\(c)h-\(c)z"
                    }
                    out += "<path class=\"cells\" fill=\"\(fill)\" stroke=\"none\" data-cells=\"\(keys.count)\" d=\"\(d)\"/>\n"
                    count += keys.count
                }
            }

            var g = "<g class=\"layer\" data-layer=\"\(Markup.escape(layer.name))\" data-features=\"\(count)\""
            g += " fill=\"\(layerFill)\" stroke=\"\(layerStroke)\" stroke-width=\"\(fmt(layer.strokeWidth))\""
            if layer.fillOpacity < 1 { g += " fill-opacity=\"\(fmt(layer.fillOpacity))\"" }
            if let dash = layer.dash { g += " stroke-dasharray=\"\(Markup.escape(dash))\"" }
            g += " fill-rule=\"evenodd\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n"
            body += g + out + "</g>\n"
            drawn.append(count)
        }

        // Labels on top, in layer/feature order; overlapping ones dropped.
        var placed: [(Double, Double, Double, Double)] = []
        var labelOut = "", labelsDrawn = 0, labelsSkipped = 0
        for l in labels {
            let w = Markup.widthEm(l.text) * l.size, h = l.size * 1.1
            let box = (l.x - w / 2, l.y - h / 2, l.x + w / 2, l.y + h / 2)
            if box.2 < 0 || box.0 > vp.width || box.3 < 0 || box.1 > vp.height { labelsSkipped += 1; continue }
            if o.avoidLabelOverlap && placed.contains(where: { !($0.2 < box.0 || $0.0 > box.2 || $0.3 < box.1 || $0.1 > box.3) }) {
                labelsSkipped += 1; continue
            }
            placed.append(box)
            labelOut += "<text x=\"\(fmt(l.x))\" y=\"\(fmt(l.y))\" font-size=\"\(fmt(l.size))\">\(Markup.escape(l.text))</text>\n"
            labelsDrawn += 1
        }

        // Scale bar: a round length near a fifth of the width, bottom left.
        let target = 0.2 * (vp.width - 48) / vp.scale
        let scaleMetres = niceLength(target)
        let barPx = scaleMetres * vp.scale
        let sbX = 24.0, sbY = vp.height - 16
        let half = barPx / 2
        let scaleLabel = ReportFormat.distance(scaleMetres, o.language)
        var scale = "<g class=\"scalebar\" font-size=\"15\" fill=\"#222\">\n"
        scale +=
            "<rect x=\"\(fmt(sbX - 6))\" y=\"\(fmt(sbY - 26))\" width=\"\(fmt(barPx + 12 + Markup.widthEm(scaleLabel) * 15 + 8))\" height=\"34\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"none\"/>\n"
        scale +=
            "<rect x=\"\(fmt(sbX))\" y=\"\(fmt(sbY - 5))\" width=\"\(fmt(half))\" height=\"5\" fill=\"#222\" stroke=\"#222\" stroke-width=\"0.8\"/>\n"
        scale +=
            "<rect x=\"\(fmt(sbX + half))\" y=\"\(fmt(sbY - 5))\" width=\"\(fmt(half))\" height=\"5\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"0.8\"/>\n"
        scale += "<text x=\"\(fmt(sbX))\" y=\"\(fmt(sbY - 9))\" text-anchor=\"middle\">0</text>\n"
        scale += "<text x=\"\(fmt(sbX + barPx + 4))\" y=\"\(fmt(sbY))\" text-anchor=\"start\">\(Markup.escape(scaleLabel))</text>\n"
        scale += "</g>\n"

        // North arrow, top right (projected metres: grid north is up).
        let nx = vp.width - 30, ny = 18.0
        var north = "<g class=\"north\" transform=\"translate(\(fmt(nx)) \(fmt(ny)))\">\n"
        north += "<rect x=\"-14\" y=\"-8\" width=\"28\" height=\"48\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"none\"/>\n"
        north += "<path d=\"M0 12l-8 22 8-6 8 6z\" fill=\"#222\" stroke=\"#222\" stroke-width=\"1\" stroke-linejoin=\"round\"/>\n"
        north +=
            "<text x=\"0\" y=\"10\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" fill=\"#222\">\(Markup.escape(ReportStrings.text(.north, o.language)))</text>\n"
        north += "</g>\n"

        // Legend band under the map.
        let (legend, legendHeight) = legendBand(section.legend, width: vp.width, top: vp.height)
        let total = vp.height + legendHeight
        let clip = "\(o.idPrefix)-clip"

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 \(fmt(vp.width)) \(fmt(total))\""
        svg += " width=\"\(fmt(vp.width))\" height=\"\(fmt(total))\" role=\"img\" aria-label=\"\(Markup.escape(section.title))\""
        // data-map-height: where the legend band starts (pan and zoom stay above it).
        svg += " data-map-height=\"\(fmt(vp.height))\" font-family=\"\(Markup.escape(o.fontFamily))\">\n"
        svg += "<defs><clipPath id=\"\(clip)\"><rect x=\"0\" y=\"0\" width=\"\(fmt(vp.width))\" height=\"\(fmt(vp.height))\"/></clipPath></defs>\n"
        svg += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(fmt(vp.width))\" height=\"\(fmt(total))\" fill=\"#ffffff\"/>\n"
        // The "zoom" groups are what the report's pan-and-zoom script transforms.
        svg += "<g class=\"features\" clip-path=\"url(#\(clip))\">\n<g class=\"zoom\">\n" + body + "</g>\n</g>\n"
        if !labelOut.isEmpty {
            svg += "<g clip-path=\"url(#\(clip))\"><g class=\"zoom\">\n"
            svg +=
                "<g class=\"labels\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n"
            svg += labelOut + "</g>\n</g></g>\n"
        }
        svg += scale + north
        svg +=
            "<rect class=\"frame\" x=\"0.5\" y=\"0.5\" width=\"\(fmt(vp.width - 1))\" height=\"\(fmt(vp.height - 1))\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>\n"
        svg += legend
        svg += "</svg>"
        return RenderedMap(
            svg: svg, viewport: vp, height: total, drawnPerLayer: drawn, skippedFeatures: skipped,
            aggregatedLayers: aggregated, labelsDrawn: labelsDrawn, labelsSkipped: labelsSkipped,
            scaleBarMetres: scaleMetres)
    }

    /// Renders and writes a standalone .svg file atomically.
    @discardableResult
    public static func write(_ section: MapSection, to path: String, options: SVGMapOptions = SVGMapOptions()) throws -> RenderedMap {
        let r = render(section, options: options)
        try AtomicFile.write(Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + r.svg + "\n").utf8), to: path)
        return r
    }

    /// `<name attrs/>`, or with a `<title>` child when there is one.
    static func element(_ name: String, _ attrs: String, _ title: String) -> String {
        title.isEmpty ? "<\(name) \(attrs)/>\n" : "<\(name) \(attrs)>\(title)</\(name)>\n"
    }

    /// The largest 1, 2 or 5 × 10^k not above `target` (metres).
    public static func niceLength(_ target: Double) -> Double {
        guard target.isFinite, target > 0 else { return 1 }
        let p = pow(10, floor(log10(target)))
        for m in [5.0, 2.0, 1.0] where m * p <= target * (1 + 1e-9) { return m * p }
        return p
    }

    static func quantise(_ ring: [Coordinate], _ vp: MapViewport, _ tol: Int) -> (xs: [Int], ys: [Int]) {
        var xs = [Int](), ys = [Int]()
        xs.reserveCapacity(ring.count); ys.reserveCapacity(ring.count)
        for c in ring { let t = vp.tenths(c); xs.append(t.x); ys.append(t.y) }
        return PathSimplification.simplify(xs, ys, tolerance: tol)
    }

    /// The larger side of the bounding box, tenths.
    static func span(_ q: (xs: [Int], ys: [Int])) -> Int {
        guard let x0 = q.xs.min(), let x1 = q.xs.max(), let y0 = q.ys.min(), let y1 = q.ys.max() else { return 0 }
        return max(x1 - x0, y1 - y0)
    }

    static func legendBand(_ entries: [LegendEntry], width: Double, top: Double) -> (String, Double) {
        guard !entries.isEmpty else { return ("", 0) }
        let font = 16.0, rowH = 26.0, pad = 24.0
        var x = pad, row = 0
        var items = ""
        for e in entries {
            let w = 28 + Markup.widthEm(e.label) * font + 22
            if x + w > width - pad && x > pad { x = pad; row += 1 }
            let y = top + 12 + Double(row) * rowH
            let color = Markup.color(e.color)
            switch e.symbol {
            case .area:
                items +=
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(y + 4))\" width=\"20\" height=\"14\" fill=\"\(color)\" stroke=\"\(Markup.color(e.stroke ?? "#777777"))\" stroke-width=\"0.8\"/>"
            case .line:
                items += "<path d=\"M\(fmt(x)) \(fmt(y + 11))h20\" stroke=\"\(color)\" stroke-width=\"3.5\" fill=\"none\"/>"
            case .point:
                items +=
                    "<circle cx=\"\(fmt(x + 10))\" cy=\"\(fmt(y + 11))\" r=\"5.5\" fill=\"\(color)\" stroke=\"\(Markup.color(e.stroke ?? "none"))\"/>"
            }
            items += "<text x=\"\(fmt(x + 28))\" y=\"\(fmt(y + 11))\" dominant-baseline=\"central\">\(Markup.escape(e.label))</text>\n"
            x += w
        }
        let height = 12 + Double(row + 1) * rowH + 8
        return ("<g class=\"legend\" font-size=\"\(fmt(font))\" fill=\"#222\">\n" + items + "</g>\n", height)
    }

    /// Up to one decimal, no trailing zeros.
    static func fmt(_ v: Double) -> String {
        SVGPathEncoder.decimal(Int((v * 10).rounded()))
    }
}
