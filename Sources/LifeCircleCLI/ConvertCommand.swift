import ArgumentParser
import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a layer between formats and CRSs, including GCJ-02 / BD-09 web-map coordinates.",
        discussion: """
            The output format follows the output's extension: .gpkg, .geojson, .fgb, .shp, .csv.
            GeoJSON is always written as RFC 7946 WGS 84 longitude/latitude.

            Examples:
              lifecircle convert amap_pois.csv pois.gpkg --from gcj02 --to wgs84
              lifecircle convert baidu.geojson pois.geojson --from bd09
              lifecircle convert streets.shp streets.gpkg --to utm
              lifecircle convert parcels.shp parcels.gpkg --to cgcs2000-gk --make-valid
              lifecircle convert plan.geojson plan.gpkg --from local
            """)

    @Argument(help: "Input vector file.")
    var input: String

    @Argument(help: "Output file; its extension chooses the format.")
    var output: String

    @Option(help: "Layer of the input to convert (default: the first). Example: --layer streets")
    var layer: String?

    @Option(
        help:
            "CRS of the input when the file has none or a wrong one: EPSG:n, wgs84, gcj02, bd09, a PROJ string, WKT, or local. Example: --from gcj02")
    var from: CRS?

    @Option(
        help:
            "CRS to write: EPSG:n, wgs84, gcj02, bd09, utm (zone from the data's centre), cgcs2000-gk (3° Gauss–Krüger zone from the data's centre). Example: --to utm"
    )
    var to: CRS?

    @Flag(help: "Repair invalid polygons (e.g. bow-ties) instead of stopping at the first.")
    var makeValid = false

    @Option(help: "Text encoding of a Shapefile without .cpg. Example: --encoding GBK")
    var encoding: String?

    func validate() throws {
        _ = try OutputFormat(path: output)
        try Self.spelt { try OutputStaging.check(targets, inputs: [InputFile(role: "input", path: input)]) }
    }

    var targets: [OutputTarget] { [OutputTarget(key: "output", path: output)] }

    /// The output is an argument, not a flag: errors name it as "the output".
    static func spelt(_ body: () throws -> Void) throws {
        do { try body() } catch let e as OptionError { throw CLIError(e.rendered { _ in "OUTPUT" }) }
    }

    func run() async throws {
        var staging: OutputStaging?
        try Self.spelt { staging = try OutputStaging(targets, inputs: [InputFile(role: "input", path: input)]) }
        guard let staging, let staged = staging.path(for: "output") else { return }
        var table = try LayerReader.read(input, ReadOptions(layer: layer, encoding: encoding, declaredCRS: from, crsKey: "from"))
        table.geometries = try repair(table)
        if let to, let source = table.crs {
            var target = to
            if to.isAuto {
                guard source.isGeoreferenced else {
                    throw CLIError(
                        "\(input): data in \(source) cannot be placed on the earth: --to \(to) needs georeferenced input (give --from EPSG:n)")
                }
                let ll = try CoordinateTransformer(from: source, to: .wgs84).transform(table.envelope)
                target = try to.resolveAuto(center: ll.center)
            }
            if target != source {
                let t = try CoordinateTransformer(from: source, to: target)
                table.geometries = try t.transform(table.geometries)
                table.crs = target
            }
        }
        try VectorWriter.write([OutputLayer(table)], to: staged)
        try Self.spelt { try staging.commit() }
        Console.note("wrote \(table.count) features to \(output) in \(table.crs?.description ?? "no CRS")")
    }

    private func repair(_ table: FeatureTable) throws -> [GeometryValue?] {
        try table.geometries.enumerated().map { i, g in
            guard let g, !g.polygonParts.isEmpty else { return g }
            let geos = try Geometry(g)
            if try geos.isValid { return g }
            guard makeValid else {
                throw CLIError("\(input): feature \(i + 1) is an invalid polygon (\(try geos.validityReason)): fix it or pass --make-valid")
            }
            return try geos.makeValid().value
        }
    }
}
