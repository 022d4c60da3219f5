import CGDAL
import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// What a layer holds, as `lifecircle inspect` shows it.
public struct LayerInfo: Sendable, Codable {
    public struct Field: Sendable, Codable {
        public var name: String
        public var type: String
    }
    public var name: String
    public var geometryType: String
    public var featureCount: Int
    /// "EPSG:n", a CRS name, or nil when the layer declares none.
    public var crs: String?
    public var crsName: String?
    /// Extent in the layer's own coordinates.
    public var extent: [Double]?
    public var fields: [Field]
}

/// An open OGR dataset (read-only). Closed in `deinit`; used by one thread at a time.
public final class VectorDataset {
    public let path: String
    let handle: GDALDatasetH

    /// Opens `path` for reading. CSV files get point geometry from lon/lat (or x/y) columns,
    /// unless `asTable`: then `LayerReader` finds the coordinates itself. `gdalPath`
    /// is what GDAL opens when it differs from `path` (a CSV recoded to UTF-8 in memory).
    public init(path: String, openOptions: [String] = [], gdalPath: String? = nil, asTable: Bool = false) throws {
        GDALRuntime.ensure()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw IOError.missingFile(path) }
        var options = openOptions
        if !asTable && path.lowercased().hasSuffix(".csv") {
            options += [
                "X_POSSIBLE_NAMES=lon,lng,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES",
            ]
        }
        if path.lowercased().hasSuffix(".pbf") && !isDir.boolValue { try PBFIntegrity.check(path) }
        let list = GDALRuntime.stringList(options)
        defer { CSLDestroy(list) }
        // A file is read by the driver its extension names: a ".geojson" holding OSM XML or
        // another format is an error, not whatever GDAL's probing finds in it.
        let drivers = Self.drivers(forExtension: (path as NSString).pathExtension.lowercased())
        let allowed = drivers.flatMap { GDALRuntime.stringList($0) }
        defer { if let allowed { CSLDestroy(allowed) } }
        CPLErrorReset()
        let flags = UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_READONLY)
        guard let ds = GDALOpenEx(gdalPath ?? path, flags, GDALRuntime.constList(allowed), GDALRuntime.constList(list), nil) else {
            let detail = GDALRuntime.lastError()
            if detail.contains("malformed") || detail.contains("not a database") {
                throw IOError("\(path): the file is damaged or incomplete (\(detail)): a copy cut short? copy or export it again")
            }
            if let first = drivers?.first, detail.isEmpty { throw IOError.notGeodata(path, "not a valid \(first) file") }
            throw IOError.notGeodata(path, detail)
        }
        self.path = path
        self.handle = ds
    }

    deinit { GDALClose(handle) }

    /// The rows of an SQL query (SQLite's dialect in a GeoPackage) as text,
    /// NULL as nil: metadata tables GDAL does not list as layers (`gpkg_data_columns`).
    public func query(_ sql: String) throws -> [[String: String?]] {
        CPLErrorReset()
        guard let l = GDALDatasetExecuteSQL(handle, sql, nil, nil) else {
            throw IOError("\(path): the query failed (\(GDALRuntime.lastError())): \(sql)")
        }
        defer { GDALDatasetReleaseResultSet(handle, l) }
        let names = LayerReader.fieldNames(l)
        var rows: [[String: String?]] = []
        while let f = OGR_L_GetNextFeature(l) {
            defer { OGR_F_Destroy(f) }
            var row: [String: String?] = [:]
            for (i, name) in names.enumerated() {
                let idx = Int32(i)
                row[name] = OGR_F_IsFieldSetAndNotNull(f, idx) != 0 ? String(cString: OGR_F_GetFieldAsString(f, idx)) : nil
            }
            rows.append(row)
        }
        return rows
    }

    /// The GDAL drivers a file of this extension may be read with (nil: any).
    static func drivers(forExtension ext: String) -> [String]? {
        switch ext {
        case "geojson": return ["GeoJSON", "GeoJSONSeq"]
        case "json": return ["GeoJSON", "ESRIJSON", "TopoJSON"]
        case "gpkg": return ["GPKG"]
        case "shp", "dbf": return ["ESRI Shapefile"]
        case "csv", "tsv": return ["CSV"]
        case "fgb": return ["FlatGeobuf"]
        case "pbf", "osm": return ["OSM"]
        case "xlsx": return ["XLSX"]
        default: return nil
        }
    }

    public var driverName: String {
        guard let d = GDALGetDatasetDriver(handle) else { return "" }
        return String(cString: GDALGetDriverShortName(d))
    }

    public var layerNames: [String] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { i in
            GDALDatasetGetLayer(handle, i).map { String(cString: OGR_L_GetName($0)) }
        }
    }

    /// The named layer, or the only/first one when `name` is nil.
    func layer(_ name: String?) throws -> OGRLayerH {
        if let name {
            if let l = GDALDatasetGetLayerByName(handle, name) { return l }
            throw IOError.unknownLayer(path, name, layerNames)
        }
        guard GDALDatasetGetLayerCount(handle) > 0, let l = GDALDatasetGetLayer(handle, 0) else {
            throw IOError("\(path): the dataset has no layers: give a file with vector features")
        }
        return l
    }

    /// Layers with geometry type, feature count, CRS, extent and fields.
    public func layerInfos() throws -> [LayerInfo] {
        try layerNames.map { try info(layer: $0) }
    }

    public func info(layer name: String?) throws -> LayerInfo {
        let l = try layer(name)
        let defn = OGR_L_GetLayerDefn(l)
        let fields = (0..<OGR_FD_GetFieldCount(defn)).map { i -> LayerInfo.Field in
            let f = OGR_FD_GetFieldDefn(defn, i)
            return .init(
                name: String(cString: OGR_Fld_GetNameRef(f)),
                type: String(cString: OGR_GetFieldTypeName(OGR_Fld_GetType(f))))
        }
        var env = OGREnvelope()
        let hasExtent = OGR_L_GetExtent(l, &env, 1) == OGRERR_NONE
        let srs = OGR_L_GetSpatialRef(l)
        return LayerInfo(
            name: String(cString: OGR_L_GetName(l)),
            geometryType: String(cString: OGRGeometryTypeToName(OGR_L_GetGeomType(l))),
            featureCount: Int(OGR_L_GetFeatureCount(l, 1)),
            crs: srs.flatMap(SpatialReference.definition),
            crsName: srs.flatMap { OSRGetName($0).map { String(cString: $0) } },
            extent: hasExtent ? [env.MinX, env.MinY, env.MaxX, env.MaxY] : nil,
            fields: fields)
    }
}

/// Reading CRSs off OGR spatial references.
enum SpatialReference {
    /// "EPSG:n" when the reference carries an EPSG code, else its WKT.
    static func definition(_ srs: OGRSpatialReferenceH) -> String? {
        // Identify codes GDAL can match even where the file stores only WKT.
        if let code = authorityCode(srs) { return "EPSG:\(code)" }
        var wkt: UnsafeMutablePointer<CChar>? = nil
        guard OSRExportToWkt(srs, &wkt) == OGRERR_NONE, let wkt else { return nil }
        defer { VSIFree(wkt) }
        return String(cString: wkt)
    }

    static func authorityCode(_ srs: OGRSpatialReferenceH) -> Int? {
        let target = OSRIsGeographic(srs) != 0 ? "GEOGCS" : (OSRIsProjected(srs) != 0 ? "PROJCS" : nil)
        if let auth = OSRGetAuthorityName(srs, target), String(cString: auth) == "EPSG",
            let code = OSRGetAuthorityCode(srs, target)
        {
            return Int(String(cString: code))
        }
        if let auth = OSRGetAuthorityName(srs, nil), String(cString: auth) == "EPSG",
            let code = OSRGetAuthorityCode(srs, nil)
        {
            return Int(String(cString: code))
        }
        return nil
    }

    /// Throws when the file has a CRS that cannot be understood (not "no CRS").
    static func crs(_ srs: OGRSpatialReferenceH?) throws -> CRS? {
        guard let srs else { return nil }
        // GeoPackage stores "no CRS" as its undefined geographic (0) or
        // cartesian (-1) entries: that is no CRS, not degrees.
        if let name = OSRGetName(srs).map({ String(cString: $0) }), name.hasPrefix("Undefined") { return nil }
        // What `make(.local)` writes: metres with no georeference.
        if OSRIsLocal(srs) != 0 { return .local }
        guard let def = definition(srs) else { return nil }
        return try CRS.parse(def)
    }

    /// An OGR spatial reference for writing, lon/lat axis order; release with OSRRelease.
    static func make(_ crs: CRS) -> OGRSpatialReferenceH? {
        if crs.kind == .local, let srs = OSRNewSpatialReference(nil) {
            // A local (engineering) CRS in metres, so QGIS and GDAL see metres
            // rather than GeoPackage's "undefined geographic" degrees.
            OSRSetLocalCS(srs, "local metres (no georeference)")
            OSRSetLinearUnits(srs, "metre", 1.0)
            return srs
        }
        guard crs.isGeoreferenced, !crs.definition.isEmpty, let srs = OSRNewSpatialReference(nil) else { return nil }
        guard OSRSetFromUserInput(srs, crs.definition) == OGRERR_NONE else { OSRRelease(srs); return nil }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        return srs
    }
}
