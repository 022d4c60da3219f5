import CGDAL
import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// A layer to write: geometry (or none, for a plain table) and columns.
public struct OutputLayer: Sendable {
    public var name: String
    /// Empty for an attribute-only table.
    public var geometries: [GeometryValue?]
    public var columns: [Column]
    public var crs: CRS?

    public init(name: String, geometries: [GeometryValue?] = [], columns: [Column] = [], crs: CRS? = nil) {
        self.name = name; self.geometries = geometries; self.columns = columns; self.crs = crs
    }

    public init(_ table: FeatureTable, name: String? = nil) {
        self.init(name: name ?? table.name, geometries: table.geometries, columns: table.columns, crs: table.crs)
    }

    var rowCount: Int { geometries.isEmpty ? (columns.first?.count ?? 0) : geometries.count }
}

/// Output formats, chosen by the file's extension.
public enum OutputFormat: String, Sendable, CaseIterable {
    case geopackage, geojson, flatgeobuf, shapefile, csv

    public init(path: String) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "gpkg": self = .geopackage
        case "geojson", "json": self = .geojson
        case "fgb": self = .flatgeobuf
        case "shp": self = .shapefile
        case "csv": self = .csv
        default:
            throw IOError("\(path): unknown output format: end the name with .gpkg, .geojson, .fgb, .shp or .csv")
        }
    }

    var driver: String {
        switch self {
        case .geopackage: return "GPKG"
        case .geojson: return "GeoJSON"
        case .flatgeobuf: return "FlatGeobuf"
        case .shapefile: return "ESRI Shapefile"
        case .csv: return "CSV"
        }
    }

    public var holdsSeveralLayers: Bool { self == .geopackage }
}

public struct WriteOptions: Sendable {
    public enum CSVGeometry: Sendable { case wkt, xy, none }
    /// GeoPackage R-tree: SQLite builds it at roughly 100,000 rows a second,
    /// which for a city's resident points takes longer than the analysis.
    public enum SpatialIndex: Sendable {
        /// Every spatial layer except point layers of more than 50,000 features
        /// (QGIS draws those fast without one and can add it on demand).
        case automatic
        case always, never
    }
    public var spatialIndex: SpatialIndex = .automatic
    /// Text encoding of a Shapefile's .dbf (recorded in its .cpg), e.g. "GBK"
    /// for software that cannot read UTF-8.
    public var shapefileEncoding: String = "UTF-8"
    static let largePointLayer = 50_000
    /// GeoPackage layers up to this many rows are written by GDAL feature by
    /// feature; larger ones go through `GeoPackageBulkInsert` (SQLite directly).
    /// 0 by default: one write path at every size. GDAL's feature path costs
    /// several times more per row, which made a 9,000-resident community's
    /// write cost two-thirds of a 100,000-resident city's (issue #16).
    public var bulkInsertAbove = 0
    /// How CSV carries geometry: WKT text, or x/y columns for points.
    public var csvGeometry: CSVGeometry
    /// SQL run on a GeoPackage after its layers are written (e.g. QGIS styles).
    public var geopackageSQL: [String]

    public init(csvGeometry: CSVGeometry = .wkt, geopackageSQL: [String] = []) {
        self.csvGeometry = csvGeometry; self.geopackageSQL = geopackageSQL
    }
}

/// Writes layers atomically: everything goes to a hidden folder beside the
/// target and is renamed into place only once complete, so a failure leaves
/// whatever was there before untouched and no half-written file behind.
public enum VectorWriter {
    public static func write(_ layers: [OutputLayer], to path: String, options: WriteOptions = WriteOptions()) throws {
        GDALRuntime.ensure()
        let format = try OutputFormat(path: path)
        guard !layers.isEmpty else { throw IOError("\(path): nothing to write") }
        if layers.count > 1 && !format.holdsSeveralLayers {
            throw IOError("\(path): a .\((path as NSString).pathExtension) file holds one layer but \(layers.count) were asked for: write to .gpkg")
        }
        for layer in layers {
            for c in layer.columns where c.count != layer.rowCount {
                throw IOError("\(path): layer '\(layer.name)' column '\(c.name)' has \(c.count) values for \(layer.rowCount) rows")
            }
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw IOError("\(path): the folder \(dir.path) does not exist: create it first or choose another output path")
        }
        let tmp = dir.appendingPathComponent(".lifecircle-tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: false)
        } catch {
            throw IOError("\(path): cannot write in \(dir.path) (\(error.localizedDescription)): choose a folder you can write to")
        }
        // Registered so Ctrl-C removes it; a killed run's is swept by the next.
        ScratchRegistry.shared.add(tmp.path)
        defer {
            try? FileManager.default.removeItem(at: tmp)
            ScratchRegistry.shared.remove(tmp.path)
        }
        OutputStaging.sweepDeadScratch(in: dir.path)
        let tmpTarget = tmp.appendingPathComponent(url.lastPathComponent)
        try writeDataset(layers, to: tmpTarget.path, format: format, options: options, label: path)
        // Sidecars (.shx, .dbf, .prj, .cpg) move with the main file.
        let produced = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
        for name in produced.sorted() {
            // rename(2) replaces an existing file atomically (same folder, same file system).
            let from = tmp.appendingPathComponent(name).path, to = dir.appendingPathComponent(name).path
            guard rename(from, to) == 0 else {
                throw IOError("\(path): could not move the finished file into place (\(String(cString: strerror(errno)))): check permissions")
            }
        }
    }

    private static func writeDataset(
        _ layers: [OutputLayer], to path: String, format: OutputFormat,
        options: WriteOptions, label: String
    ) throws {
        guard let driver = GDALGetDriverByName(format.driver) else {
            throw IOError("\(label): GDAL has no \(format.driver) driver: install a GDAL built with it")
        }
        CPLErrorReset()
        guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw IOError("\(label): cannot create (\(GDALRuntime.lastError())): check the path and permissions")
        }
        var closed = false
        defer { if !closed { GDALClose(ds) } }
        if format == .geopackage {
            // GDAL lays out the file (tables, SRS, contents) and writes the
            // small layers itself; SQLite then takes the large ones in bulk, and
            // GDAL comes back for their R-trees and for styles.
            var targets: [GeoPackageBulkInsert.Target] = []
            if GDALDatasetStartTransaction(ds, 0) != OGRERR_NONE {
                throw IOError("\(label): could not start writing the GeoPackage (\(GDALRuntime.lastError())): check free disk space")
            }
            for layer in layers {
                let bulk = layer.rowCount > options.bulkInsertAbove
                let created = try createLayer(layer, in: ds, format: format, options: options, deferIndex: bulk, label: label)
                if !bulk {
                    try writeFeatures(layer, into: created.handle, type: created.type, label: label)
                    continue
                }
                let table = String(cString: OGR_L_GetName(created.handle))
                let column = created.type == wkbNone ? "" : String(cString: OGR_L_GetGeometryColumn(created.handle))
                let defn = OGR_L_GetLayerDefn(created.handle)
                let names = (0..<OGR_FD_GetFieldCount(defn)).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, $0))) }
                let promotion: GeoPackageBulkInsert.Promotion
                switch created.type {
                case wkbMultiPoint: promotion = .multiPoint
                case wkbMultiLineString: promotion = .multiLineString
                case wkbMultiPolygon: promotion = .multiPolygon
                default: promotion = .none
                }
                targets.append(
                    .init(
                        layer: layer, table: table, geometryColumn: column, fidColumn: String(cString: OGR_L_GetFIDColumn(created.handle)),
                        fieldNames: names, promotion: promotion))
            }
            if GDALDatasetCommitTransaction(ds) != OGRERR_NONE {
                throw IOError("\(label): could not finish writing (\(GDALRuntime.lastError())): check free disk space")
            }
            closed = true
            GDALClose(ds)
            if CPLGetLastErrorType() == CE_Failure {
                throw IOError("\(label): could not create the GeoPackage (\(GDALRuntime.lastError())): check free disk space")
            }
            // The bulk layers' R-trees (created empty by GDAL) are filled there too.
            try GeoPackageBulkInsert.insert(targets, into: path, label: label)
            if !options.geopackageSQL.isEmpty { try runSQL(options.geopackageSQL, on: path, label: label) }
            return
        }
        for layer in layers {
            let created = try createLayer(layer, in: ds, format: format, options: options, deferIndex: false, label: label)
            try writeFeatures(layer, into: created.handle, type: created.type, label: label)
        }
        closed = true
        GDALClose(ds)
        if CPLGetLastErrorType() == CE_Failure {
            throw IOError("\(label): could not finish writing (\(GDALRuntime.lastError())): check free disk space")
        }
    }

    /// Runs SQL through GDAL's SQLite dialect on a finished GeoPackage (GDAL
    /// provides the GeoPackage functions such as CreateSpatialIndex).
    static func runSQL(_ statements: [String], on path: String, label: String) throws {
        CPLErrorReset()
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_UPDATE), nil, nil, nil) else {
            throw IOError("\(label): cannot reopen the GeoPackage being written (\(GDALRuntime.lastError()))")
        }
        var closed = false
        defer { if !closed { GDALClose(ds) } }
        for sql in statements {
            CPLErrorReset()
            if let rs = GDALDatasetExecuteSQL(ds, sql, nil, "SQLITE") { GDALDatasetReleaseResultSet(ds, rs) }
            if CPLGetLastErrorType() == CE_Failure {
                throw IOError("\(label): finishing the GeoPackage failed (\(GDALRuntime.lastError()))")
            }
        }
        closed = true
        GDALClose(ds)
        if CPLGetLastErrorType() == CE_Failure {
            throw IOError("\(label): could not finish writing (\(GDALRuntime.lastError())): check free disk space")
        }
    }

    static func geometryType(_ geometries: [GeometryValue?]) -> OGRwkbGeometryType {
        var kinds = Set<String>()
        for g in geometries { if let g { kinds.insert(g.typeName) } }
        if kinds.isEmpty { return geometries.isEmpty ? wkbNone : wkbUnknown }
        if kinds.isSubset(of: ["Point"]) { return wkbPoint }
        if kinds.isSubset(of: ["Point", "MultiPoint"]) { return wkbMultiPoint }
        if kinds.isSubset(of: ["LineString"]) { return wkbLineString }
        if kinds.isSubset(of: ["LineString", "MultiLineString"]) { return wkbMultiLineString }
        if kinds.isSubset(of: ["Polygon"]) { return wkbPolygon }
        if kinds.isSubset(of: ["Polygon", "MultiPolygon"]) { return wkbMultiPolygon }
        return wkbUnknown
    }

    /// Lifts single parts to multi where the layer's type is multi (GeoPackage
    /// and FlatGeobuf readers expect one type per layer).
    static func promote(_ g: GeometryValue, to type: OGRwkbGeometryType) -> GeometryValue {
        switch (g, type) {
        case (.point(let c), wkbMultiPoint): return .multiPoint([c])
        case (.lineString(let l), wkbMultiLineString): return .multiLineString([l])
        case (.polygon(let p), wkbMultiPolygon): return .multiPolygon([p])
        default: return g
        }
    }

    /// Creates a layer and its fields. With `deferIndex` (rows written in bulk
    /// afterwards) a GeoPackage layer that wants an R-tree gets GDAL's empty
    /// one, tables and triggers, only when it has rows; the bulk insert fills it.
    static func createLayer(
        _ layer: OutputLayer, in ds: GDALDatasetH, format: OutputFormat,
        options: WriteOptions, deferIndex: Bool, label: String
    ) throws -> (handle: OGRLayerH, type: OGRwkbGeometryType, wantsIndex: Bool) {
        var gtype = geometryType(layer.geometries)
        var creation: [String] = []
        var wantsIndex = false
        var srs: OGRSpatialReferenceH? = nil
        if gtype != wkbNone, let crs = layer.crs { srs = SpatialReference.make(crs) }
        defer { if let srs { OSRRelease(srs) } }
        switch format {
        case .geojson:
            // RFC 7946: WGS 84 lon/lat; GDAL reprojects from the layer's CRS.
            if srs != nil { creation += ["RFC7946=YES", "WRITE_NAME=NO"] }
        case .shapefile:
            creation.append("ENCODING=\(options.shapefileEncoding)")  // also writes the .cpg
        case .csv:
            creation.append("WRITE_BOM=YES")  // Excel then reads Chinese text as UTF-8
            switch options.csvGeometry {
            case .wkt: if gtype != wkbNone { creation.append("GEOMETRY=AS_WKT") }
            case .xy: if gtype == wkbPoint { creation.append("GEOMETRY=AS_XY") } else if gtype != wkbNone { creation.append("GEOMETRY=AS_WKT") }
            case .none: gtype = wkbNone
            }
        case .geopackage:
            let index: Bool
            switch options.spatialIndex {
            case .always: index = true
            case .never: index = false
            case .automatic: index = !(gtype == wkbPoint && layer.geometries.count > WriteOptions.largePointLayer)
            }
            wantsIndex = index
            // An empty layer gets no R-tree when written in bulk (as before GDAL built them afterwards).
            creation.append(index && !(deferIndex && layer.rowCount == 0) ? "SPATIAL_INDEX=YES" : "SPATIAL_INDEX=NO")
        case .flatgeobuf:
            break
        }
        if format == .flatgeobuf && gtype == wkbUnknown { gtype = wkbGeometryCollection }
        let list = GDALRuntime.stringList(creation)
        defer { CSLDestroy(list) }
        CPLErrorReset()
        guard let l = GDALDatasetCreateLayer(ds, layer.name, srs, gtype, list) else {
            throw IOError("\(label): cannot create layer '\(layer.name)' (\(GDALRuntime.lastError()))")
        }
        for c in layer.columns {
            // A column that cannot be made is an error, never a silently missing column.
            guard let fd = OGR_Fld_Create(c.name, ogrType(c.type)) else {
                throw IOError("\(label): cannot create field '\(c.name)' in layer '\(layer.name)' (out of memory)")
            }
            defer { OGR_Fld_Destroy(fd) }
            guard OGR_L_CreateField(l, fd, 1) == OGRERR_NONE else {
                throw IOError("\(label): cannot create field '\(c.name)' in layer '\(layer.name)' (\(GDALRuntime.lastError()))")
            }
        }
        return (l, gtype, wantsIndex)
    }

    private static func writeFeatures(_ layer: OutputLayer, into l: OGRLayerH, type gtype: OGRwkbGeometryType, label: String) throws {
        let defn = OGR_L_GetLayerDefn(l)
        let n = layer.rowCount
        // One feature reused for every row: no allocation per row beyond OGR's own.
        guard let f = OGR_F_Create(defn) else { throw IOError("\(label): out of memory writing '\(layer.name)'") }
        defer { OGR_F_Destroy(f) }
        for row in 0..<n {
            OGR_F_SetFID(f, Int64(OGRNullFID))
            for (i, c) in layer.columns.enumerated() {
                let idx = Int32(i)
                switch c.value(at: row) {
                case .null: OGR_F_SetFieldNull(f, idx)
                case .integer(let v): OGR_F_SetFieldInteger64(f, idx, v)
                case .real(let v): if v.isFinite { OGR_F_SetFieldDouble(f, idx, v) } else { OGR_F_SetFieldNull(f, idx) }
                case .string(let s): OGR_F_SetFieldString(f, idx, s)
                }
            }
            if gtype != wkbNone, row < layer.geometries.count, let g = layer.geometries[row], !g.isEmpty {
                guard let og = OGRGeometryConversion.ogr(promote(g, to: gtype)) else {
                    throw IOError("\(label): layer '\(layer.name)' feature \(row + 1) has a geometry OGR cannot take")
                }
                OGR_F_SetGeometryDirectly(f, og)
            } else {
                OGR_F_SetGeometryDirectly(f, nil)
            }
            guard OGR_L_CreateFeature(l, f) == OGRERR_NONE else {
                throw IOError("\(label): writing feature \(row + 1) of '\(layer.name)' failed (\(GDALRuntime.lastError()))")
            }
        }
    }

    static func ogrType(_ t: FieldType) -> OGRFieldType {
        switch t {
        case .integer: return OFTInteger64
        case .real: return OFTReal
        case .string, .date, .dateTime: return OFTString
        }
    }
}
