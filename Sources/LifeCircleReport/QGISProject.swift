import Foundation
import LifeCircleGeometry

/// A QGIS 3.22 project (.qgs XML) over one GeoPackage: layer groups, each
/// layer's style, draw order, the starting extent and one A4 print layout per
/// main map (title, map, legend, scale bar, north arrow, source note), so a
/// planner double-clicks the file and prints.
public struct QGISProject: Sendable {
    public struct Layer: Sendable {
        /// Unique id; also the GeoPackage table name.
        public var table: String
        /// The name shown in the layers panel and legends.
        public var title: String
        public var geometry: StyleSpec.Geometry
        public var style: StyleSpec
        /// Shown when the project opens.
        public var visible: Bool
        public init(table: String, title: String, geometry: StyleSpec.Geometry, style: StyleSpec, visible: Bool = true) {
            self.table = table; self.title = title; self.geometry = geometry; self.style = style; self.visible = visible
        }
    }

    /// A layer group in the layers panel, its layers top (drawn last) first.
    public struct Group: Sendable {
        public var name: String
        public var layers: [Layer]
        public init(name: String, layers: [Layer]) { self.name = name; self.layers = layers }
    }

    /// A print layout: one map of some of the layers (ids, top first).
    public struct Layout: Sendable {
        public var name: String
        public var title: String
        public var layers: [String]
        public var extent: Envelope
        public init(name: String, title: String, layers: [String], extent: Envelope) {
            self.name = name; self.title = title; self.layers = layers; self.extent = extent
        }
    }

    /// How a CRS is written: an EPSG code, a WKT, or none (local metres).
    public enum ProjectCRS: Sendable {
        case epsg(Int)
        case wkt(String)
        case none
    }

    public var title: String
    /// The GeoPackage's file name, beside the project (paths stay relative).
    public var geopackage: String
    public var crs: ProjectCRS
    public var groups: [Group]
    public var layouts: [Layout]
    public var extent: Envelope
    public var sourceNote: String
    public var language: ReportLanguage

    public init(
        title: String, geopackage: String, crs: ProjectCRS, groups: [Group], layouts: [Layout], extent: Envelope,
        sourceNote: String, language: ReportLanguage
    ) {
        self.title = title; self.geopackage = geopackage; self.crs = crs; self.groups = groups
        self.layouts = layouts; self.extent = extent; self.sourceNote = sourceNote; self.language = language
    }

    var allLayers: [Layer] { groups.flatMap(\.layers) }

    static func esc(_ s: String) -> String { Markup.escape(s) }
    static func num(_ v: Double) -> String { QGISStyles.num(v) }

    func source(_ l: Layer) -> String { "./\(geopackage)|layername=\(l.table)" }

    /// The whole .qgs document.
    public func xml() -> String {
        var x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        x += "<qgis projectname=\"\(Self.esc(title))\" version=\"3.22.16-Białowieża\">\n"
        x += "  <homePath path=\"\"/>\n  <title>\(Self.esc(title))</title>\n"
        x += "  <autotransaction active=\"0\"/>\n  <evaluateDefaultValues active=\"0\"/>\n  <trust active=\"0\"/>\n"
        x += "  <projectCrs>\n\(srsXML("    "))  </projectCrs>\n"
        x += layerTree()
        x += "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n    <units>meters</units>\n"
        x += "    <extent>\n      <xmin>\(Self.num(extent.minX))</xmin>\n      <ymin>\(Self.num(extent.minY))</ymin>\n"
        x += "      <xmax>\(Self.num(extent.maxX))</xmax>\n      <ymax>\(Self.num(extent.maxY))</ymax>\n    </extent>\n"
        x += "    <rotation>0</rotation>\n    <destinationsrs>\n\(srsXML("      "))    </destinationsrs>\n"
        x += "    <rendermaptile>0</rendermaptile>\n  </mapcanvas>\n"
        x += "  <projectlayers>\n"
        for l in allLayers { x += mapLayer(l) }
        x += "  </projectlayers>\n  <layerorder>\n"
        for l in allLayers { x += "    <layer id=\"\(Self.esc(l.table))\"/>\n" }
        x += "  </layerorder>\n"
        x += "  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n"
        if case .none = crs {
        } else {
            // QGIS reads <projectCrs> only when the project says projections are enabled.
            x += "    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n"
        }
        x += "    <Measurement>\n      <DistanceUnits type=\"QString\">meters</DistanceUnits>\n"
        x += "      <AreaUnits type=\"QString\">m2</AreaUnits>\n    </Measurement>\n  </properties>\n"
        x +=
            "  <ProjectViewSettings UseProjectScales=\"0\">\n    <Scales/>\n    <DefaultViewExtent xmin=\"\(Self.num(extent.minX))\" ymin=\"\(Self.num(extent.minY))\" xmax=\"\(Self.num(extent.maxX))\" ymax=\"\(Self.num(extent.maxY))\">\n"
        x += "\(srsXML("      "))    </DefaultViewExtent>\n  </ProjectViewSettings>\n"
        x += "  <Layouts>\n"
        for (i, lay) in layouts.enumerated() { x += layoutXML(lay, index: i) }
        x += "  </Layouts>\n</qgis>\n"
        return x
    }

    func srsXML(_ indent: String) -> String {
        switch crs {
        case .epsg(let code):
            // QGIS resolves the authority id first when a (built-in range) srsid is present.
            return "\(indent)<spatialrefsys>\n\(indent)  <srsid>1</srsid>\n\(indent)  <authid>EPSG:\(code)</authid>\n\(indent)</spatialrefsys>\n"
        case .wkt(let w):
            return "\(indent)<spatialrefsys>\n\(indent)  <wkt>\(Self.esc(w))</wkt>\n\(indent)</spatialrefsys>\n"
        case .none:
            return "\(indent)<spatialrefsys>\n\(indent)  <wkt></wkt>\n\(indent)</spatialrefsys>\n"
        }
    }

    func treeLayer(_ l: Layer, indent: String) -> String {
        "\(indent)<layer-tree-layer id=\"\(Self.esc(l.table))\" name=\"\(Self.esc(l.title))\" source=\"\(Self.esc(source(l)))\" providerKey=\"ogr\" checked=\"\(l.visible ? "Qt::Checked" : "Qt::Unchecked")\" expanded=\"1\" legend_exp=\"\" patch_size=\"-1,-1\" legend_split_behavior=\"0\"/>\n"
    }

    func layerTree() -> String {
        var x = "  <layer-tree-group>\n"
        for g in groups {
            x += "    <layer-tree-group name=\"\(Self.esc(g.name))\" checked=\"Qt::Checked\" expanded=\"1\">\n"
            for l in g.layers { x += treeLayer(l, indent: "      ") }
            x += "    </layer-tree-group>\n"
        }
        x += "    <custom-order enabled=\"0\">\n"
        for l in allLayers { x += "      <item>\(Self.esc(l.table))</item>\n" }
        x += "    </custom-order>\n  </layer-tree-group>\n"
        return x
    }

    func mapLayer(_ l: Layer) -> String {
        let geom: String
        switch l.geometry {
        case .point: geom = "Point"
        case .line: geom = "Line"
        case .polygon: geom = "Polygon"
        }
        var x =
            "    <maplayer type=\"vector\" geometry=\"\(geom)\" labelsEnabled=\"\(l.style.labelField == nil ? 0 : 1)\" styleCategories=\"AllStyleCategories\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\" readOnly=\"0\">\n"
        x += "      <id>\(Self.esc(l.table))</id>\n"
        x += "      <datasource>\(Self.esc(source(l)))</datasource>\n"
        x += "      <layername>\(Self.esc(l.title))</layername>\n"
        x += "      <srs>\n\(srsXML("        "))      </srs>\n"
        x += "      <provider encoding=\"UTF-8\">ogr</provider>\n"
        x += "      <map-layer-style-manager current=\"default\">\n        <map-layer-style name=\"default\"/>\n      </map-layer-style-manager>\n"
        x += QGISStyles.rendererXML(for: l.style)
        x += QGISStyles.labelingXML(for: l.style)
        x += QGISStyles.aliasesXML(for: l.style, indent: "      ")
        x += "      <layerOpacity>\(Self.num(l.style.opacity))</layerOpacity>\n"
        x += "      <legend type=\"default-vector\" showLabelLegend=\"0\"/>\n"
        x += "    </maplayer>\n"
        return x
    }

    // MARK: Print layouts

    /// Deterministic item ids, so two runs write the same project.
    static func uuid(_ layout: Int, _ item: Int) -> String { String(format: "{00000000-0000-4000-8000-%06d%06d}", layout + 1, item) }

    static func common(
        type: Int, uuid: String, x: Double, y: Double, w: Double, h: Double, z: Int, background: Bool = false, frame: Bool = false
    )
        -> String
    {
        "type=\"\(type)\" uuid=\"\(uuid)\" templateUuid=\"\(uuid)\" id=\"\" position=\"\(num(x)),\(num(y)),mm\" positionOnPage=\"\(num(x)),\(num(y)),mm\" size=\"\(num(w)),\(num(h)),mm\" zValue=\"\(z)\" background=\"\(background)\" frame=\"\(frame)\" outlineWidthM=\"0.3,mm\" frameJoinStyle=\"miter\" visibility=\"1\" opacity=\"1\" blendMode=\"0\" referencePoint=\"0\" itemRotation=\"0\" positionLock=\"false\" excludeFromExports=\"0\" groupUuid=\"\""
    }

    var fontFamily: String { language == .zh ? "WenQuanYi Micro Hei" : "DejaVu Sans" }

    func font(_ size: Int, bold: Bool = false) -> String {
        // The CJK font has no bold face; a synthetic one smears, so zh stays regular.
        "\(fontFamily),\(size),-1,5,\(bold && language != .zh ? 75 : 50),0,0,0,0,0"
    }

    func label(_ text: String, uuid: String, x: Double, y: Double, w: Double, h: Double, size: Int, bold: Bool, z: Int) -> String {
        var s = "      <LayoutItem \(Self.common(type: 65641, uuid: uuid, x: x, y: y, w: w, h: h, z: z))"
        s += " labelText=\"\(Self.esc(text))\" htmlState=\"0\" halign=\"1\" valign=\"128\" marginX=\"0\" marginY=\"0\">\n"
        s +=
            "        <FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n        <BackgroundColor red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
        s += "        <LabelFont description=\"\(font(size, bold: bold))\" style=\"\"/>\n"
        s += "        <FontColor red=\"20\" green=\"20\" blue=\"20\" alpha=\"255\"/>\n"
        s += "      </LayoutItem>\n"
        return s
    }

    /// The map's extent grown to the frame's proportions, with a margin.
    static func fitted(_ e: Envelope, width: Double, height: Double) -> Envelope {
        var e = e.isEmpty ? Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1) : e
        e = e.expanded(by: max(e.width, e.height) * 0.03 + 1e-9)
        let aspect = width / height
        if e.width / max(e.height, 1e-12) < aspect {
            let w = e.height * aspect
            return Envelope(minX: e.center.x - w / 2, minY: e.minY, maxX: e.center.x + w / 2, maxY: e.maxY)
        }
        let h = e.width / aspect
        return Envelope(minX: e.minX, minY: e.center.y - h / 2, maxX: e.maxX, maxY: e.center.y + h / 2)
    }

    /// A round scale-bar segment: about a fifth of the map's width.
    static func segment(_ mapWidth: Double) -> Double {
        let target = max(mapWidth / 5, 1e-6)
        let p = pow(10, floor(log10(target)))
        return [1, 2, 5, 10].map { $0 * p }.last { $0 <= target } ?? p
    }

    func layoutXML(_ lay: Layout, index i: Int) -> String {
        let byId = Dictionary(allLayers.map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
        let layers = lay.layers.compactMap { byId[$0] }
        let mapUUID = Self.uuid(i, 1)
        let (mx, my, mw, mh) = (10.0, 22.0, 180.0, 172.0)
        // Long legends (a gap class per category and tier) take two narrower columns.
        let entries = layers.reduce(0) { $0 + 1 + $1.style.legendLabels.count }
        let columns = entries > 30 ? 2 : 1
        let labelSize = entries > 30 ? 6 : 8
        let e = Self.fitted(lay.extent, width: mw, height: mh)
        var x = "    <Layout name=\"\(Self.esc(lay.name))\" units=\"mm\" printResolution=\"300\" worldFileMap=\"\">\n"
        x += "      <Snapper tolerance=\"5\" snapToItems=\"1\" snapToGrid=\"0\" snapToGuides=\"1\"/>\n"
        x += "      <Grid resolution=\"10\" resUnits=\"mm\" offsetX=\"0\" offsetY=\"0\" offsetUnits=\"mm\"/>\n"
        x += "      <PageCollection>\n"
        x += "        <LayoutItem \(Self.common(type: 65638, uuid: Self.uuid(i, 0), x: 0, y: 0, w: 297, h: 210, z: 0, background: true))/>\n"
        x += "        <GuideCollection visible=\"1\"/>\n      </PageCollection>\n"
        // Title.
        x += label(lay.title, uuid: Self.uuid(i, 2), x: 10, y: 6, w: 277, h: 12, size: 18, bold: true, z: 2)
        // Map.
        x += "      <LayoutItem \(Self.common(type: 65639, uuid: mapUUID, x: mx, y: my, w: mw, h: mh, z: 1, background: true, frame: true))"
        x +=
            " keepLayerSet=\"true\" mapRotation=\"0\" mapFlags=\"0\" drawCanvasItems=\"true\" followPreset=\"false\" followPresetName=\"\" labelMargin=\"0,mm\" isTemporal=\"0\">\n"
        x +=
            "        <FrameColor red=\"80\" green=\"80\" blue=\"80\" alpha=\"255\"/>\n        <BackgroundColor red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
        x += "        <Extent xmin=\"\(Self.num(e.minX))\" ymin=\"\(Self.num(e.minY))\" xmax=\"\(Self.num(e.maxX))\" ymax=\"\(Self.num(e.maxY))\"/>\n"
        x += "        <LayerSet>\n"
        for l in layers {
            x += "          <Layer source=\"\(Self.esc(source(l)))\" provider=\"ogr\" name=\"\(Self.esc(l.title))\">\(Self.esc(l.table))</Layer>\n"
        }
        x += "        </LayerSet>\n"
        x += "        <AtlasMap atlasDriven=\"0\" margin=\"0.1\" scalingMode=\"2\"/>\n"
        x += "      </LayoutItem>\n"
        // Legend: the map's layers, in its draw order.
        x += "      <LayoutItem \(Self.common(type: 65642, uuid: Self.uuid(i, 3), x: 215, y: 22, w: 72, h: 140, z: 3, background: true))"
        x += " map_uuid=\"\(mapUUID)\" title=\"\(Self.esc(ReportStrings.text(.legend, language)))\" resizeToContents=\"1\" columnCount=\"1\""
        x += " symbolWidth=\"6\" symbolHeight=\"3.5\" wmsLegendWidth=\"50\" wmsLegendHeight=\"25\" boxSpace=\"2\" columnSpace=\"2\" lineSpacing=\"1\""
        x += " rasterBorder=\"1\" rasterBorderColor=\"0,0,0,255\" rasterBorderWidth=\"0\" fontColor=\"#000000\" titleAlignment=\"1\""
        x +=
            " equalColumnWidth=\"0\" splitLayer=\"1\" legendFilterByAtlas=\"0\" symbolAlignment=\"1\" wrapChar=\"\" minSymbolSize=\"0\" maxSymbolSize=\"0\">\n"
        x +=
            "        <FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n        <BackgroundColor red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
        x += "        <styles>\n"
        for (name, size, extra) in [
            ("title", 12, "marginBottom=\"3\""), ("group", labelSize + 1, "marginTop=\"2\""), ("subgroup", labelSize, "marginTop=\"2\""),
            ("symbol", labelSize, "marginTop=\"1\""), ("symbolLabel", labelSize, "marginTop=\"1\" marginLeft=\"1.5\""),
        ] {
            x += "          <style name=\"\(name)\" alignment=\"1\" indent=\"0\" \(extra)>\n"
            x += "            <styleFont description=\"\(font(size, bold: name == "title" || name == "group"))\" style=\"\"/>\n          </style>\n"
        }
        x += "        </styles>\n        <layer-tree-group>\n"
        for l in layers { x += treeLayer(l, indent: "          ") }
        x += "        </layer-tree-group>\n      </LayoutItem>\n"
        // Scale bar, in metres, about a fifth of the map per segment.
        let seg = Self.segment(e.width)
        x += "      <LayoutItem \(Self.common(type: 65646, uuid: Self.uuid(i, 4), x: mx + 4, y: my + mh - 16, w: 50, h: 12, z: 4, background: true))"
        x += " mapUuid=\"\(mapUUID)\" style=\"Single Box\" unitType=\"meters\" unitLabel=\"\(Self.esc(ReportStrings.text(.metres, language)))\""
        x += " numSegments=\"2\" numSegmentsLeft=\"0\" numSubdivisions=\"1\" subdivisionsHeight=\"1.5\" numUnitsPerSegment=\"\(Self.num(seg))\""
        x += " numMapUnitsPerScaleBarUnit=\"1\" segmentSizeMode=\"0\" minBarWidth=\"50\" maxBarWidth=\"150\" height=\"3\" outlineWidth=\"0.3\""
        x += " labelBarSpace=\"3\" boxContentSpace=\"1\" alignment=\"0\" labelVerticalPlacement=\"0\" labelHorizontalPlacement=\"0\""
        x += " lineJoinStyle=\"miter\" lineCapStyle=\"square\">\n"
        x +=
            "        <FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n        <BackgroundColor red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
        x +=
            "        <text-style fontFamily=\"\(fontFamily)\" fontSize=\"8\" fontSizeUnit=\"Point\" textColor=\"0,0,0,255\" textOpacity=\"1\" fontWeight=\"50\" fontItalic=\"0\" namedStyle=\"\">\n"
        x += "          <text-buffer bufferDraw=\"0\"/>\n        </text-style>\n"
        x +=
            "        <fillColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n        <fillColor2 red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
        x += "        <strokeColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n"
        x += "      </LayoutItem>\n"
        // North arrow: QGIS's own SVG, turned with the map.
        x += "      <LayoutItem \(Self.common(type: 65640, uuid: Self.uuid(i, 5), x: mx + mw - 14, y: my + 3, w: 10, h: 15, z: 5))"
        x += " file=\":/images/north_arrows/layout_default_north_arrow.svg\" mode=\"0\" mapUuid=\"\(mapUUID)\" northMode=\"0\" northOffset=\"0\""
        x +=
            " pictureRotation=\"0\" resizeMode=\"0\" anchorPoint=\"0\" svgFillColor=\"255,255,255,255\" svgBorderColor=\"0,0,0,255\" svgBorderWidth=\"0.2\""
        x += " pictureWidth=\"10\" pictureHeight=\"15\">\n"
        x +=
            "        <FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n        <BackgroundColor red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
        x += "      </LayoutItem>\n"
        // Source note.
        x += label(sourceNote, uuid: Self.uuid(i, 6), x: 10, y: 197, w: 277, h: 8, size: 7, bold: false, z: 6)
        x += "    </Layout>\n"
        return x
    }
}
