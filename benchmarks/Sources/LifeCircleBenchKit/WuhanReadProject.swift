import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Pair `wuhan-read-project`: read the Wuhan street layer (92,667 LineStrings,
/// EPSG:32650) into a FeatureTable and project every geometry to WGS 84.
/// The anchor does the same with pyogrio + GeoPandas `to_crs`.
public enum WuhanReadProject {
    public struct Output: Sendable {
        public var features: Int
        public var vertices: Int
        public var meanLon: Double
        public var meanLat: Double
    }

    public static func inputPath() throws -> String { try Geodata.path("wuhan/wuhan_streets.gpkg") }

    /// The timed work: read + project. Returns the projected geometries.
    public static func readAndProject(_ path: String) throws -> [GeometryValue?] {
        let table = try LayerReader.read(path, ReadOptions(layer: "streets"))
        guard let crs = table.crs else { throw BenchError("\(path): layer 'streets' has no CRS") }
        let transformer = try CoordinateTransformer(from: crs, to: .wgs84)
        return try transformer.transform(table.geometries)
    }

    public static func run() throws -> WorkloadReport {
        let path = try inputPath()
        var watch = Stopwatch()
        let projected = try readAndProject(path)
        watch.lap("read_project")
        let seconds = watch.total

        var n = 0, sx = 0.0, sy = 0.0
        for g in projected {
            g?.forEachCoordinate { c in
                n += 1; sx += c.x; sy += c.y
            }
        }
        var r = WorkloadReport(pair: "wuhan-read-project", seconds: seconds)
        r.set("features", .int(projected.count))
        r.set("vertices", .int(n))
        r.set("mean_lon", .number(n > 0 ? sx / Double(n) : .nan))
        r.set("mean_lat", .number(n > 0 ? sy / Double(n) : .nan))
        return r
    }
}
