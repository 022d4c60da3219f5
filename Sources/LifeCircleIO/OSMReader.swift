import CGDAL
import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// OSM features with their tags, from `.osm.pbf` or `.osm` through GDAL's OSM driver.
public struct OSMLayer: Sendable {
    public var osmIDs: [Int64]
    public var geometries: [GeometryValue]
    public var tags: [[String: String]]
    public var count: Int { geometries.count }
}

public struct OSMData: Sendable {
    public var points: OSMLayer
    /// Ways that are not areas (streets, paths, rivers…).
    public var lines: OSMLayer
    /// Closed ways and relations that are areas (buildings, land use, parks…).
    public var multipolygons: OSMLayer
    /// Always WGS 84 longitude/latitude.
    public var crs: CRS { .wgs84 }
}

public enum OSMReader {
    public enum Layer: String, Sendable, CaseIterable { case points, lines, multipolygons }

    /// Reads the requested layers. Ways that share an OSM node share that
    /// node's exact coordinates, which is what network topology is built from.
    public static func read(_ path: String, layers: Set<Layer> = Set(Layer.allCases)) throws -> OSMData {
        let lower = path.lowercased()
        guard lower.hasSuffix(".pbf") || lower.hasSuffix(".osm") else {
            throw IOError("\(path): not an OSM file: give an .osm.pbf or .osm extract")
        }
        // Interleaved reading lets the driver fill each layer in one pass over the file.
        let ds = try VectorDataset(path: path, openOptions: ["INTERLEAVED_READING=YES"])
        var out: [Layer: OSMLayer] = [:]
        for l in Layer.allCases { out[l] = OSMLayer(osmIDs: [], geometries: [], tags: []) }
        var layerOut: OGRLayerH? = nil
        CPLErrorReset()
        while true {
            guard let f = GDALDatasetGetNextFeature(ds.handle, &layerOut, nil, nil, nil) else { break }
            defer { OGR_F_Destroy(f) }
            guard let lh = layerOut, let kind = Layer(rawValue: String(cString: OGR_L_GetName(lh))), layers.contains(kind),
                let gref = OGR_F_GetGeometryRef(f), let g = OGRGeometryConversion.value(gref)
            else { continue }
            let defn = OGR_F_GetDefnRef(f)
            var tags: [String: String] = [:]
            var osmID: Int64 = 0
            for i in 0..<OGR_FD_GetFieldCount(defn) {
                guard OGR_F_IsFieldSetAndNotNull(f, i) != 0 else { continue }
                let name = String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)))
                let value = String(cString: OGR_F_GetFieldAsString(f, i))
                switch name {
                case "osm_id", "osm_way_id":
                    if let id = Int64(value) { osmID = id }
                case "other_tags":
                    for (k, v) in parseHstore(value) { tags[k] = v }
                default:
                    tags[name] = value
                }
            }
            out[kind]!.osmIDs.append(osmID)
            out[kind]!.geometries.append(g)
            out[kind]!.tags.append(tags)
        }
        if CPLGetLastErrorType() == CE_Failure {
            throw IOError("\(path): reading OSM data failed (\(GDALRuntime.lastError())): check the file is a complete OSM extract")
        }
        return OSMData(points: out[.points]!, lines: out[.lines]!, multipolygons: out[.multipolygons]!)
    }

    /// Parses GDAL's `other_tags` (PostgreSQL hstore text: "k"=>"v","k2"=>"v2").
    public static func parseHstore(_ s: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var chars = Array(s.unicodeScalars)[...]
        func quoted() -> String? {
            while let c = chars.first, c != "\"" { chars.removeFirst() }
            guard !chars.isEmpty else { return nil }
            chars.removeFirst()
            var out = String.UnicodeScalarView()
            while let c = chars.first {
                chars.removeFirst()
                if c == "\\", let n = chars.first { out.append(n); chars.removeFirst(); continue }
                if c == "\"" { return String(out) }
                out.append(c)
            }
            return String(out)
        }
        while true {
            guard let k = quoted() else { break }
            // Skip "=>" to the value's opening quote.
            guard let v = quoted() else { break }
            result.append((k, v))
        }
        return result
    }
}
