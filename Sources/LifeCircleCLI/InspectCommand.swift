import ArgumentParser
import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the layers of a vector file: geometry, counts, CRS, extent, fields, invalid geometries.",
        discussion: """
            Examples:
              lifecircle inspect geodata/Helsinki.osm.pbf
              lifecircle inspect ../shared/geodata/wuhan/wuhan_streets.gpkg --json
              lifecircle inspect plan.geojson --crs local
            """)

    @Argument(help: "A vector file: GeoPackage, GeoJSON, Shapefile, FlatGeobuf, CSV or OSM (.pbf/.osm).")
    var path: String

    @Option(help: "Only this layer (default: every layer). Example: --layer streets")
    var layer: String?

    @Option(
        help:
            "Declare the CRS of data that has none or a wrong one: EPSG:n, wgs84, gcj02, bd09, or local (metres, no georeference). Example: --crs local"
    )
    var crs: CRS?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Report: Codable {
        var path: String
        var driver: String
        var layers: [LayerReport]
    }

    struct LayerReport: Codable {
        var name: String
        var geometry_type: String
        var feature_count: Int
        var crs: String?
        var crs_name: String?
        var extent: [Double]?
        var extent_lonlat: [Double]?
        var fields: [LayerInfo.Field]
        var invalid_geometries: Int
        var empty_geometries: Int
        var local_metric_crs: String?
        var note: String?
    }

    func run() async throws {
        let ds = try VectorDataset(path: path)
        let names = try layer.map { [try ds.info(layer: $0).name] } ?? ds.layerNames
        var reports: [LayerReport] = []
        for name in names {
            reports.append(try inspect(ds, name))
        }
        let report = Report(path: path, driver: ds.driverName, layers: reports)
        if json {
            print(String(decoding: try JSONOutput.encode(report), as: UTF8.self))
        } else {
            printText(report)
        }
    }

    private func inspect(_ ds: VectorDataset, _ name: String) throws -> LayerReport {
        let info = try ds.info(layer: name)
        var r = LayerReport(
            name: info.name, geometry_type: info.geometryType, feature_count: info.featureCount,
            crs: info.crs.map { $0.hasPrefix("EPSG:") ? $0 : "custom (WKT)" }, crs_name: info.crsName,
            extent: info.extent, extent_lonlat: nil, fields: info.fields,
            invalid_geometries: 0, empty_geometries: 0, local_metric_crs: nil, note: nil)
        let table: FeatureTable
        do {
            table = try LayerReader.read(ds, ReadOptions(layer: name, declaredCRS: crs))
        } catch let e as OptionError {
            // Coordinates that lie are reported, not fatal, when only inspecting.
            r.note = e.rendered(CLIRendering.flag)
            return r
        } catch let e as IOError {
            r.note = e.message
            return r
        }
        // Some drivers (OSM) cannot count without reading; now we have read.
        if r.feature_count < 0 { r.feature_count = table.count }
        if let declared = crs { r.crs = declared.description; r.crs_name = "declared with --crs" }
        for g in table.geometries {
            guard let g, !g.isEmpty else { r.empty_geometries += 1; continue }
            if case .point = g { continue }
            if let geos = try? Geometry(g), (try? geos.isValid) == true { continue }
            r.invalid_geometries += 1
        }
        let env = table.envelope
        if let crs = table.crs, crs.isGeoreferenced, !env.isEmpty {
            let t = try CoordinateTransformer(from: crs, to: .wgs84)
            let ll = try t.transform(env)
            r.extent_lonlat = [ll.minX, ll.minY, ll.maxX, ll.maxY]
            r.local_metric_crs = crs.isGeographic ? try CRS.localMetric(for: ll).description : crs.description
        } else if table.crs?.kind == .local {
            r.local_metric_crs = CRS.local.description
        }
        return r
    }

    private func printText(_ report: Report) {
        print("\(report.path) (\(report.driver)), \(report.layers.count) layer\(report.layers.count == 1 ? "" : "s")")
        for l in report.layers {
            print("")
            print("layer \(l.name): \(l.geometry_type), \(l.feature_count) features")
            print("  CRS: \(l.crs.map { c in l.crs_name.map { "\(c) (\($0))" } ?? c } ?? "none declared")")
            if let e = l.extent { print("  extent: \(fmt(e))") }
            if let e = l.extent_lonlat { print("  extent (lon/lat): \(fmt(e))") }
            print("  fields: " + (l.fields.isEmpty ? "none" : l.fields.map { "\($0.name) (\($0.type))" }.joined(separator: ", ")))
            print("  invalid geometries: \(l.invalid_geometries), empty: \(l.empty_geometries)")
            if let m = l.local_metric_crs { print("  local metric CRS for analysis: \(m)") }
            if let n = l.note { print("  note: \(n)") }
        }
    }

    private func fmt(_ e: [Double]) -> String {
        e.map { abs($0) < 1000 ? String(format: "%.6f", $0) : String(format: "%.1f", $0) }.joined(separator: ", ")
    }
}
