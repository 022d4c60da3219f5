import LifeCircleGeometry

/// The language of a report's fixed labels (headings, legends' captions).
/// The caller's own texts (titles, summary sentences, table cells) are used
/// as given.
public enum ReportLanguage: String, Sendable, CaseIterable, Codable {
    case zh, en

    /// Accepts "zh", "zh-CN", "zh_Hans", "cn", "chinese", "en", "en-GB", "english".
    public init?(code: String) {
        let c = code.lowercased()
        if c == "cn" || c == "chinese" || c.hasPrefix("zh") {
            self = .zh
        } else if c == "english" || c.hasPrefix("en") {
            self = .en
        } else {
            return nil
        }
    }

    /// The value of the HTML `lang` attribute.
    public var htmlCode: String { self == .zh ? "zh-CN" : "en" }
}

/// One thing drawn on a map: a geometry in projected metres, its colours and
/// an optional label (e.g. a grid code) and tooltip.
public struct MapFeature: Sendable, Hashable {
    public var geometry: GeometryValue
    /// CSS colour; nil uses the layer's.
    public var fill: String?
    public var stroke: String?
    public var label: String?
    /// Where the label goes; nil puts it at the centre of the largest part.
    public var labelAt: Coordinate?
    /// Hover text in a browser (SVG `<title>`); nil for none.
    public var title: String?

    public init(
        _ geometry: GeometryValue, fill: String? = nil, stroke: String? = nil, label: String? = nil,
        labelAt: Coordinate? = nil, title: String? = nil
    ) {
        self.geometry = geometry; self.fill = fill; self.stroke = stroke
        self.label = label; self.labelAt = labelAt; self.title = title
    }
}

/// A set of features drawn together, with defaults for their look.
public struct MapLayer: Sendable, Hashable {
    public var name: String
    public var features: [MapFeature]
    public var fill: String
    public var stroke: String
    /// Stroke width in SVG pixels (the map is 1000 px wide).
    public var strokeWidth: Double
    public var fillOpacity: Double
    /// Radius of point symbols, pixels.
    public var pointRadius: Double
    /// SVG dash pattern, e.g. "4 2"; nil for solid.
    public var dash: String?
    /// Label font size, pixels of the 1000 px wide map (printed on A4 the
    /// map is ~70% of that: 12 px prints at about 6.3 pt).
    public var labelSize: Double

    public init(
        name: String, features: [MapFeature], fill: String = "none", stroke: String = "#333333",
        strokeWidth: Double = 0.6, fillOpacity: Double = 1, pointRadius: Double = 1.6,
        dash: String? = nil, labelSize: Double = 12
    ) {
        self.name = name; self.features = features; self.fill = fill; self.stroke = stroke
        self.strokeWidth = strokeWidth; self.fillOpacity = fillOpacity; self.pointRadius = pointRadius
        self.dash = dash; self.labelSize = labelSize
    }
}

/// One legend row: a swatch and what it means.
public struct LegendEntry: Sendable, Hashable {
    public enum Symbol: String, Sendable, Hashable { case area, line, point }
    public var color: String
    public var label: String
    public var symbol: Symbol
    /// Outline colour of area swatches; nil draws a thin grey outline.
    public var stroke: String?

    public init(color: String, label: String, symbol: Symbol = .area, stroke: String? = nil) {
        self.color = color; self.label = label; self.symbol = symbol; self.stroke = stroke
    }
}

/// A map: layers drawn bottom first over the study area.
public struct MapSection: Sendable, Hashable {
    public var title: String
    /// A sentence under the map saying what it shows.
    public var caption: String?
    public var layers: [MapLayer]
    public var legend: [LegendEntry]
    /// The area shown, projected metres; nil fits all layers.
    public var extent: Envelope?

    public init(title: String, caption: String? = nil, layers: [MapLayer], legend: [LegendEntry] = [], extent: Envelope? = nil) {
        self.title = title; self.caption = caption; self.layers = layers; self.legend = legend; self.extent = extent
    }
}

/// How a table column's cells line up.
public enum ColumnAlignment: String, Sendable, Hashable {
    /// Numeric if every non-empty cell reads as a number, else left.
    case auto
    case left, center
    /// Right-aligned with tabular digits.
    case numeric
}

public struct ReportColumn: Sendable, Hashable {
    public var title: String
    public var alignment: ColumnAlignment

    public init(_ title: String, alignment: ColumnAlignment = .auto) {
        self.title = title; self.alignment = alignment
    }
}

public struct ReportTable: Sendable, Hashable {
    public var title: String
    public var columns: [ReportColumn]
    /// Cells as display text, one array per row, in column order.
    public var rows: [[String]]
    /// Optional background colour per cell (same shape as `rows`), e.g. to
    /// shade coverage shares; nil entries stay plain.
    public var cellColors: [[String?]]?
    /// A note under the table (source, units).
    public var note: String?

    public init(title: String, columns: [ReportColumn], rows: [[String]], cellColors: [[String?]]? = nil, note: String? = nil) {
        self.title = title; self.columns = columns; self.rows = rows; self.cellColors = cellColors; self.note = note
    }

    /// Convenience: columns from titles, alignment detected.
    public init(title: String, columns: [String], rows: [[String]], note: String? = nil) {
        self.init(title: title, columns: columns.map { ReportColumn($0) }, rows: rows, note: note)
    }
}

/// Something the planner should know about the inputs or results
/// (unsnapped residents, relaxed barriers, rejected candidates...).
public struct ReportWarning: Sendable, Hashable {
    /// Groups warnings in the report, e.g. "unsnapped residents".
    public var category: String
    public var message: String
    /// How many cases this line stands for.
    public var count: Int

    public init(category: String, message: String, count: Int = 1) {
        self.category = category; self.message = message; self.count = count
    }
}

/// A label/value pair shown under the title (study, date, CRS, version).
public struct ReportFact: Sendable, Hashable {
    public var label: String
    public var value: String
    public init(_ label: String, _ value: String) { self.label = label; self.value = value }
}

/// Everything a report shows, as plain values. The runner maps the analyses'
/// results into this; the writer turns it into one HTML file.
public struct ReportDocument: Sendable, Hashable {
    public var title: String
    public var subtitle: String?
    public var language: ReportLanguage
    public var facts: [ReportFact]
    /// Plain-language sentences shown first.
    public var summary: [String]
    public var maps: [MapSection]
    public var tables: [ReportTable]
    public var warnings: [ReportWarning]
    /// Footer text, e.g. "lifecircle 0.1.0".
    public var generator: String?

    public init(
        title: String, subtitle: String? = nil, language: ReportLanguage, facts: [ReportFact] = [],
        summary: [String] = [], maps: [MapSection] = [], tables: [ReportTable] = [],
        warnings: [ReportWarning] = [], generator: String? = nil
    ) {
        self.title = title; self.subtitle = subtitle; self.language = language; self.facts = facts
        self.summary = summary; self.maps = maps; self.tables = tables; self.warnings = warnings
        self.generator = generator
    }
}
