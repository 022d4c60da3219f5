import Foundation

/// QGIS styles stored in a GeoPackage: the `layer_styles` table QGIS itself
/// creates (same columns), one default row per layer holding a QML document
/// (and an SLD for other tools). QGIS applies a layer's default style when
/// the layer is opened, so the planner sees it coloured by tier, grid or rank.
public enum QGISStyles {
    /// Fixed by default so two runs write identical GeoPackages; QGIS uses it
    /// only to order several styles of one layer.
    public static let defaultUpdateTime = "2000-01-01T00:00:00.000Z"

    /// SQL statements (one per string, SQLite dialect) that create
    /// `layer_styles` if missing, register it in `gpkg_contents` as an
    /// attribute table (so GDAL and QGIS list it), and insert one row per
    /// spec, replacing a previous style of the same name. Pass them to
    /// `WriteOptions(geopackageSQL:)`.
    public static func sql(for specs: [StyleSpec], updateTime: String = defaultUpdateTime) -> [String] {
        var out: [String] = [
            """
            CREATE TABLE IF NOT EXISTS "layer_styles" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \
            "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256), \
            "f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, \
            "useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), \
            "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))
            """,
            """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) \
            SELECT 'layer_styles', 'attributes', 'layer_styles', '', \(quote(updateTime)) \
            WHERE NOT EXISTS (SELECT 1 FROM gpkg_contents WHERE table_name = 'layer_styles')
            """,
        ]
        for s in specs {
            let name = s.styleName ?? s.layer
            let key = "f_table_schema = '' AND f_table_name = \(quote(s.layer)) AND f_geometry_column = \(quote(s.geometryColumn))"
            if s.useAsDefault {
                out.append("UPDATE layer_styles SET useAsDefault = 0 WHERE \(key)")
            }
            out.append("DELETE FROM layer_styles WHERE \(key) AND styleName = \(quote(name))")
            out.append(
                """
                INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, \
                styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) VALUES \
                ('', '', \(quote(s.layer)), \(quote(s.geometryColumn)), \(quote(name)), \(quote(qml(for: s))), \
                \(quote(sld(for: s))), \(s.useAsDefault ? 1 : 0), \(quote(s.description)), '', NULL, \(quote(updateTime)))
                """)
        }
        return out
    }

    /// A SQL string literal.
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    // MARK: QML

    /// The QGIS QML document of a style (symbology and labels only).
    public static func qml(for s: StyleSpec) -> String {
        var x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        let categories = s.fieldAliases.isEmpty ? "Symbology|Labeling" : "Symbology|Labeling|Fields"
        x += "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"\(categories)\" labelsEnabled=\"\(s.labelField == nil ? 0 : 1)\">\n"
        x += rendererXML(for: s) + labelingXML(for: s) + aliasesXML(for: s, indent: "  ")
        x += "  <layerOpacity>\(num(s.opacity))</layerOpacity>\n"
        x += "</qgis>\n"
        return x
    }

    /// The `<aliases>` element of a style (also embedded in a project's map layer); empty without aliases.
    public static func aliasesXML(for s: StyleSpec, indent: String) -> String {
        guard !s.fieldAliases.isEmpty else { return "" }
        var x = indent + "<aliases>\n"
        for a in s.fieldAliases { x += indent + "  <alias field=\"\(attr(a.field))\" name=\"\(attr(a.alias))\"/>\n" }
        return x + indent + "</aliases>\n"
    }

    /// The `<renderer-v2>` element of a style (also embedded in a project's map layer).
    public static func rendererXML(for s: StyleSpec) -> String {
        var x = ""
        switch s.renderer {
        case .single(let sym):
            x += "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n"
            x += "    <symbols>\n" + symbol(sym, name: "0", s) + "    </symbols>\n"
            x += "  </renderer-v2>\n"
        case .categorized(let field, let cats):
            x += "  <renderer-v2 type=\"categorizedSymbol\" attr=\"\(attr(field))\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n"
            x += "    <categories>\n"
            for (i, c) in cats.enumerated() {
                x += "      <category render=\"true\" symbol=\"\(i)\" value=\"\(attr(c.value))\" label=\"\(attr(c.label))\"/>\n"
            }
            x += "    </categories>\n    <symbols>\n"
            for (i, c) in cats.enumerated() { x += symbol(c.symbol, name: String(i), s) }
            x += "    </symbols>\n"
            if let first = cats.first {
                x += "    <source-symbol>\n" + symbol(first.symbol, name: "0", s) + "    </source-symbol>\n"
            }
            x += "  </renderer-v2>\n"
        case .graduated(let field, let ranges):
            x +=
                "  <renderer-v2 type=\"graduatedSymbol\" attr=\"\(attr(field))\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n"
            x += "    <ranges>\n"
            for (i, r) in ranges.enumerated() {
                x += "      <range render=\"true\" symbol=\"\(i)\" lower=\"\(num(r.lower))\" upper=\"\(num(r.upper))\" label=\"\(attr(r.label))\"/>\n"
            }
            x += "    </ranges>\n    <symbols>\n"
            for (i, r) in ranges.enumerated() { x += symbol(r.symbol, name: String(i), s) }
            x += "    </symbols>\n"
            if let first = ranges.first {
                x += "    <source-symbol>\n" + symbol(first.symbol, name: "0", s) + "    </source-symbol>\n"
            }
            x += "    <mode name=\"manual\"/>\n"
            x += "    <classificationMethod id=\"Fixed\"/>\n"
            x += "  </renderer-v2>\n"
        case .rules(let rules):
            x += rendererOpening("RuleRenderer", s)
            x += "    <rules key=\"{00000000-0000-4000-8000-000000000000}\">\n"
            for (i, r) in rules.enumerated() {
                x +=
                    "      <rule key=\"\(ruleKey(i))\" filter=\"\(attr(expression(r.condition)))\" symbol=\"\(i)\" label=\"\(attr(r.label))\"/>\n"
            }
            x += "    </rules>\n    <symbols>\n"
            for (i, r) in rules.enumerated() { x += symbol(r.symbol, name: String(i), s) }
            x += "    </symbols>\n"
            x += orderBy(s)
            x += "  </renderer-v2>\n"
        }
        return x
    }

    /// The `<labeling>` element, or "" without labels.
    public static func labelingXML(for s: StyleSpec) -> String {
        var x = ""
        if let f = s.labelField {
            x += """
                  <labeling type="simple">
                    <settings calloutType="simple">
                      <text-style fieldName="\(attr(f))" isExpression="0" fontSize="8" fontSizeUnit="Point" textColor="30,30,30,255" textOpacity="1">
                        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="1" bufferJoinStyle="128"/>
                      </text-style>
                      <placement placement="\(s.geometry == .line ? 2 : 1)" centroidInside="1" centroidWhole="0" dist="0" offsetType="0"/>
                      <rendering obstacle="1" drawLabels="1" displayAll="0" minFeatureSize="0" upsidedownLabels="0"/>
                    </settings>
                  </labeling>

                """
        }
        return x
    }

    static func rendererOpening(_ type: String, _ s: StyleSpec) -> String {
        "  <renderer-v2 type=\"\(type)\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"\(s.drawDescendingBy == nil ? 0 : 1)\">\n"
    }

    static func orderBy(_ s: StyleSpec) -> String {
        guard let f = s.drawDescendingBy else { return "" }
        return "    <orderby>\n      <orderByClause asc=\"0\" nullsFirst=\"0\">\(attr(quoteField(f)))</orderByClause>\n    </orderby>\n"
    }

    /// Stable, unique rule keys (QGIS only needs them distinct), so two runs write the same QML.
    static func ruleKey(_ i: Int) -> String { String(format: "{00000000-0000-4000-8000-%012d}", i + 1) }

    static func quoteField(_ f: String) -> String { "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The QGIS expression of a rule's condition.
    public static func expression(_ c: StyleSpec.Condition) -> String {
        func lit(_ l: StyleSpec.Literal) -> String {
            switch l {
            case .text(let t): return "'" + t.replacingOccurrences(of: "'", with: "''") + "'"
            case .number(let n): return num(n)
            }
        }
        switch c {
        case .isNull(let f): return "\(quoteField(f)) IS NULL"
        case .equals(let f, let l): return "\(quoteField(f)) = \(lit(l))"
        case .range(let f, let lo, let hi, let inc):
            return "\(quoteField(f)) \(inc ? ">=" : ">") \(num(lo)) AND \(quoteField(f)) <= \(num(hi))"
        case .and(let cs) where cs.isEmpty: return "TRUE"
        case .and(let cs): return cs.map { "(\(expression($0)))" }.joined(separator: " AND ")
        }
    }

    /// The OGC filter of a rule's condition (SLD 1.1).
    static func ogcFilter(_ c: StyleSpec.Condition) -> String {
        func prop(_ f: String) -> String { "<ogc:PropertyName>\(attr(f))</ogc:PropertyName>" }
        func lit(_ l: StyleSpec.Literal) -> String {
            switch l {
            case .text(let t): return "<ogc:Literal>\(attr(t))</ogc:Literal>"
            case .number(let n): return "<ogc:Literal>\(num(n))</ogc:Literal>"
            }
        }
        switch c {
        case .isNull(let f): return "<ogc:PropertyIsNull>\(prop(f))</ogc:PropertyIsNull>"
        case .equals(let f, let l): return "<ogc:PropertyIsEqualTo>\(prop(f))\(lit(l))</ogc:PropertyIsEqualTo>"
        case .range(let f, let lo, let hi, let inc):
            let op = inc ? "PropertyIsGreaterThanOrEqualTo" : "PropertyIsGreaterThan"
            return
                "<ogc:And><ogc:\(op)>\(prop(f))<ogc:Literal>\(num(lo))</ogc:Literal></ogc:\(op)><ogc:PropertyIsLessThanOrEqualTo>\(prop(f))<ogc:Literal>\(num(hi))</ogc:Literal></ogc:PropertyIsLessThanOrEqualTo></ogc:And>"
        case .and(let cs): return "<ogc:And>" + cs.map(ogcFilter).joined() + "</ogc:And>"
        }
    }

    /// One `<symbol>`: properties written both as `<prop>` (read by QGIS
    /// before 3.26) and as an `<Option>` map (read by later versions).
    static func symbol(_ sym: StyleSpec.Symbol, name: String, _ s: StyleSpec) -> String {
        let type: String, cls: String
        var props: [(String, String)]
        let w = num(sym.strokeWidth)
        switch s.geometry {
        case .polygon:
            type = "fill"; cls = "SimpleFill"
            props = [
                ("color", sym.fill.qgis), ("joinstyle", "bevel"), ("outline_color", sym.stroke.qgis),
                ("outline_style", sym.strokeWidth > 0 ? "solid" : "no"), ("outline_width", w),
                ("outline_width_unit", "MM"), ("style", sym.fillStyle),
            ]
        case .line:
            type = "line"; cls = "SimpleLine"
            props = [
                ("capstyle", "round"), ("joinstyle", "round"), ("line_color", sym.stroke.qgis),
                ("line_style", "solid"), ("line_width", w), ("line_width_unit", "MM"),
            ]
        case .point:
            type = "marker"; cls = "SimpleMarker"
            props = [
                ("color", sym.fill.qgis), ("name", sym.shape), ("outline_color", sym.stroke.qgis),
                ("outline_style", sym.strokeWidth > 0 ? "solid" : "no"), ("outline_width", w),
                ("outline_width_unit", "MM"), ("size", num(sym.size)), ("size_unit", "MM"),
            ]
        }
        var x = "      <symbol type=\"\(type)\" name=\"\(attr(name))\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
        x += "        <layer class=\"\(cls)\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
        x += "          <Option type=\"Map\">\n"
        for (k, v) in props { x += "            <Option name=\"\(k)\" type=\"QString\" value=\"\(attr(v))\"/>\n" }
        x += "          </Option>\n"
        for (k, v) in props { x += "          <prop k=\"\(k)\" v=\"\(attr(v))\"/>\n" }
        x += "        </layer>\n      </symbol>\n"
        return x
    }

    // MARK: SLD

    /// An OGC SLD 1.1 equivalent of the style's colours (no labels).
    public static func sld(for s: StyleSpec) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x +=
            "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" version=\"1.1.0\">\n"
        x +=
            " <NamedLayer>\n  <se:Name>\(attr(s.layer))</se:Name>\n  <UserStyle>\n   <se:Name>\(attr(s.styleName ?? s.layer))</se:Name>\n   <se:FeatureTypeStyle>\n"
        func rule(_ label: String, _ filter: String?, _ sym: StyleSpec.Symbol) -> String {
            var r = "    <se:Rule>\n     <se:Name>\(attr(label))</se:Name>\n"
            if let filter { r += filter }
            r += sldSymbolizer(sym, s.geometry)
            return r + "    </se:Rule>\n"
        }
        switch s.renderer {
        case .single(let sym):
            x += rule(s.layer, nil, sym)
        case .categorized(let field, let cats):
            for c in cats {
                let f =
                    c.value.isEmpty
                    ? "     <se:ElseFilter/>\n"
                    : "     <ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>\(attr(field))</ogc:PropertyName><ogc:Literal>\(attr(c.value))</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>\n"
                x += rule(c.label, f, c.symbol)
            }
        case .graduated(let field, let ranges):
            for (i, r) in ranges.enumerated() {
                let lowerOp = i == 0 ? "PropertyIsGreaterThanOrEqualTo" : "PropertyIsGreaterThan"
                let f =
                    "     <ogc:Filter><ogc:And><ogc:\(lowerOp)><ogc:PropertyName>\(attr(field))</ogc:PropertyName><ogc:Literal>\(num(r.lower))</ogc:Literal></ogc:\(lowerOp)>"
                    + "<ogc:PropertyIsLessThanOrEqualTo><ogc:PropertyName>\(attr(field))</ogc:PropertyName><ogc:Literal>\(num(r.upper))</ogc:Literal></ogc:PropertyIsLessThanOrEqualTo></ogc:And></ogc:Filter>\n"
                x += rule(r.label, f, r.symbol)
            }
        case .rules(let rules):
            for r in rules {
                let everything = r.condition == .and([])
                x += rule(r.label, everything ? nil : "     <ogc:Filter>\(ogcFilter(r.condition))</ogc:Filter>\n", r.symbol)
            }
        }
        x += "   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n</StyledLayerDescriptor>\n"
        return x
    }

    static func sldSymbolizer(_ sym: StyleSpec.Symbol, _ g: StyleSpec.Geometry) -> String {
        let px = num(sym.strokeWidth * 96 / 25.4)
        let stroke =
            "<se:Stroke><se:SvgParameter name=\"stroke\">\(sym.stroke.hex)</se:SvgParameter><se:SvgParameter name=\"stroke-width\">\(px)</se:SvgParameter></se:Stroke>"
        switch g {
        case .polygon:
            return
                "     <se:PolygonSymbolizer><se:Fill><se:SvgParameter name=\"fill\">\(sym.fill.hex)</se:SvgParameter></se:Fill>\(stroke)</se:PolygonSymbolizer>\n"
        case .line:
            return "     <se:LineSymbolizer>\(stroke)</se:LineSymbolizer>\n"
        case .point:
            return
                "     <se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill><se:SvgParameter name=\"fill\">\(sym.fill.hex)</se:SvgParameter></se:Fill>\(stroke)</se:Mark><se:Size>\(num(sym.size * 96 / 25.4))</se:Size></se:Graphic></se:PointSymbolizer>\n"
        }
    }

    static func attr(_ s: String) -> String { Markup.escape(s) }

    /// Shortest round-trip decimal, no exponent for ordinary values.
    static func num(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.6g", v)
    }
}
