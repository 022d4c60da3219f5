import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleReport

/// QGIS styles for the study GeoPackage (its `layer_styles` table), in the
/// report's colours: residents by life-circle completeness, service areas and
/// gaps by tier, grids by code, park candidates by rank.
enum StudyStyles {
    static func sql(for layers: [StudyLayer], language: ReportLanguage = .en) -> [String] {
        QGISStyles.sql(for: layers.compactMap { spec(for: $0, language: language) })
    }

    static func geometryKind(_ table: FeatureTable) -> StyleSpec.Geometry? {
        guard let g = table.geometries.lazy.compactMap({ $0 }).first else { return nil }
        switch g {
        case .point, .multiPoint: return .point
        case .lineString, .multiLineString: return .line
        default: return .polygon
        }
    }

    static func spec(for layer: StudyLayer, language: ReportLanguage) -> StyleSpec? {
        guard let geometry = geometryKind(layer.table) else { return nil }
        let name = layer.qualifiedName
        let fields = Set(layer.table.fieldNames)
        switch (layer.analysis, layer.name) {
        case ("coverage", "residents"):
            // Completeness of the first tier that has categories.
            guard let field = layer.table.fieldNames.first(where: { $0.hasPrefix("share_") }) else { break }
            return completeness(layer: name, field: field, geometry: geometry)
        case ("coverage", "service_areas"), ("coverage", "gaps"):
            guard fields.contains("minutes"), let minutes = try? layer.table.doubles("minutes") else { break }
            let values = Array(Set(minutes.compactMap { $0.map { Int($0.rounded()) } })).sorted()
            return QGISStyles.tiers(
                layer: name, field: "minutes", minutes: values, geometry: geometry, language: language,
                opacity: layer.name == "gaps" ? 0.8 : 0.45)
        case ("grids", _) where fields.contains("grid_code"):
            guard let codes = try? layer.table.strings("grid_code") else { break }
            let distinct = Array(Set(codes.compactMap { $0 })).sorted()
            return QGISStyles.gridCodes(
                layer: name, field: "grid_code", codes: distinct, geometry: geometry,
                label: layer.name != "units")
        case ("parks", _) where fields.contains("rank"):
            let ranks = (try? layer.table.doubles("rank"))?.compactMap { $0 } ?? []
            return QGISStyles.rank(layer: name, field: "rank", count: Int(ranks.max() ?? 1), geometry: geometry, language: language)
        default:
            break
        }
        let color = Palette.categorical(abs(name.hashValueStable) % 8)
        return QGISStyles.single(layer: name, color: color, geometry: geometry, opacity: geometry == .polygon ? 0.6 : 1)
    }

    /// Share of a tier's categories within reach, 0–1, in five classes from red to green.
    static func completeness(layer: String, field: String, geometry: StyleSpec.Geometry) -> StyleSpec {
        let bounds: [(Double, Double, String)] = [
            (-0.01, 0.2, "0–20%"), (0.2, 0.4, "20–40%"), (0.4, 0.6, "40–60%"),
            (0.6, 0.8, "60–80%"), (0.8, 1.01, "80–100%"),
        ]
        let ranges = bounds.enumerated().map { i, b in
            StyleSpec.Range(
                lower: b.0, upper: b.1, label: b.2,
                symbol: StyleSpec.Symbol(
                    fill: Palette.completeness(Double(i) / 4), stroke: RGBColor(0x33, 0x33, 0x33),
                    strokeWidth: 0, size: 1.6))
        }
        return StyleSpec(
            layer: layer, geometry: geometry, renderer: .graduated(field: field, ranges: ranges),
            description: "life-circle completeness by \(field)")
    }
}

extension Palette {
    /// Red (nothing in reach) through yellow to green (everything in reach).
    static func completeness(_ t: Double) -> RGBColor {
        ramp(
            [
                RGBColor(0xd7, 0x30, 0x27), RGBColor(0xfc, 0x8d, 0x59), RGBColor(0xfe, 0xe0, 0x8b),
                RGBColor(0x91, 0xcf, 0x60), RGBColor(0x1a, 0x98, 0x50),
            ], max(0, min(1, t)))
    }
}

extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var h: UInt32 = 2_166_136_261
        for b in utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h & 0x7fff_ffff)
    }
}
