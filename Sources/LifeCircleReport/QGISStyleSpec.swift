/// What a QGIS layer style says, as plain values: which layer, how its
/// features are coloured (one symbol, by category, or by value ranges) and
/// which field, if any, labels them.
public struct StyleSpec: Sendable, Hashable {
    public enum Geometry: String, Sendable, Hashable { case polygon, line, point }

    public struct Symbol: Sendable, Hashable {
        public var fill: RGBColor
        public var stroke: RGBColor
        /// Outline (or line) width, millimetres.
        public var strokeWidth: Double
        /// Marker diameter, millimetres.
        public var size: Double
        /// QGIS fill style of polygons: "solid", or a hatch ("b_diagonal",
        /// "f_diagonal", "horizontal", "vertical", "cross", "diagonal_x") so
        /// overlapping polygons read, or "no" for an outline only.
        public var fillStyle: String
        /// QGIS marker shape of points: "circle", "square", "triangle", "diamond", "star", ...
        public var shape: String
        public init(
            fill: RGBColor, stroke: RGBColor = RGBColor(0x55, 0x55, 0x55), strokeWidth: Double = 0.26, size: Double = 2,
            fillStyle: String = "solid", shape: String = "circle"
        ) {
            self.fill = fill; self.stroke = stroke; self.strokeWidth = strokeWidth; self.size = size
            self.fillStyle = fillStyle; self.shape = shape
        }
    }

    public struct Category: Sendable, Hashable {
        /// The field value; "" is QGIS's "all other values" category.
        public var value: String
        public var label: String
        public var symbol: Symbol
        public init(value: String, label: String, symbol: Symbol) { self.value = value; self.label = label; self.symbol = symbol }
    }

    public struct Range: Sendable, Hashable {
        /// QGIS takes lower ≤ v ≤ upper for the first range and lower < v ≤ upper after.
        public var lower: Double
        public var upper: Double
        public var label: String
        public var symbol: Symbol
        public init(lower: Double, upper: Double, label: String, symbol: Symbol) {
            self.lower = lower; self.upper = upper; self.label = label; self.symbol = symbol
        }
    }

    /// A literal in a rule's condition.
    public enum Literal: Sendable, Hashable {
        case text(String)
        case number(Double)
    }

    /// What a rule selects, written both as a QGIS expression and an OGC filter.
    public indirect enum Condition: Sendable, Hashable {
        case isNull(String)
        case equals(String, Literal)
        /// lower < v ≤ upper, or lower ≤ v ≤ upper when `includeLower`.
        case range(String, lower: Double, upper: Double, includeLower: Bool)
        case and([Condition])
    }

    /// One class of a rule-based style: the features its condition selects.
    public struct Rule: Sendable, Hashable {
        public var condition: Condition
        public var label: String
        public var symbol: Symbol
        public init(_ condition: Condition, label: String, symbol: Symbol) {
            self.condition = condition; self.label = label; self.symbol = symbol
        }
    }

    public enum Renderer: Sendable, Hashable {
        case single(Symbol)
        case categorized(field: String, categories: [Category])
        case graduated(field: String, ranges: [Range])
        /// Explicit classes, no catch-all: a feature no rule selects is not drawn,
        /// so the study's check can prove every feature has a class.
        case rules([Rule])
    }

    /// The GeoPackage table (layer) name.
    public var layer: String
    /// GDAL names it "geom" in the GeoPackages it writes.
    public var geometryColumn: String
    public var geometry: Geometry
    public var renderer: Renderer
    /// Labels features with this field's value (e.g. grid codes); nil for none.
    public var labelField: String?
    /// Layer opacity 0–1.
    public var opacity: Double
    /// Defaults to the layer name, as QGIS does.
    public var styleName: String?
    public var description: String
    public var useAsDefault: Bool
    /// Features are drawn in descending order of this field (the largest
    /// service area first, so smaller ones stay visible on top); nil keeps the file's order.
    public var drawDescendingBy: String?
    /// Field aliases (field → the name QGIS shows in attribute tables and
    /// forms), in field order; QGIS 3.22 reads them from the style, not from
    /// `gpkg_data_columns`. Empty for none.
    public var fieldAliases: [FieldAlias] = []

    public struct FieldAlias: Sendable, Hashable {
        public var field: String
        public var alias: String
        public init(field: String, alias: String) { self.field = field; self.alias = alias }
    }

    public init(
        layer: String, geometry: Geometry, renderer: Renderer, geometryColumn: String = "geom",
        labelField: String? = nil, opacity: Double = 1, styleName: String? = nil,
        description: String = "", useAsDefault: Bool = true
    ) {
        self.layer = layer; self.geometry = geometry; self.renderer = renderer; self.geometryColumn = geometryColumn
        self.labelField = labelField; self.opacity = opacity; self.styleName = styleName
        self.description = description; self.useAsDefault = useAsDefault
    }

    /// The classes' labels, in legend order.
    public var legendLabels: [String] {
        switch renderer {
        case .single: return [layer]
        case .categorized(_, let c): return c.map(\.label)
        case .graduated(_, let r): return r.map(\.label)
        case .rules(let r): return r.map(\.label)
        }
    }
}
