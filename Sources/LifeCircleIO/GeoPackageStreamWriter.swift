import CGDAL
import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// A GeoPackage whose one large layer arrives a chunk of rows at a time
/// (a megacity's residents), beside layers written whole. The layers are
/// created in the order given, as `VectorWriter.write` creates them; the
/// streamed layer's rows are appended in order, so its fids, rows, feature
/// count and extent are what a whole-layer write gives. Writes `path`
/// directly: the caller stages it (`OutputStaging`). Used by one thread at a time.
public final class GeoPackageStreamWriter: @unchecked Sendable {
    private let path: String
    private let options: WriteOptions
    private let db: SQLiteConnection
    private let table: String
    private let geometryColumn: String
    private let fieldNames: [String]
    private let promotion: GeoPackageBulkInsert.Promotion
    private let srsID: Int32
    private let triggers: [[String]]
    private var extent = Envelope.empty
    private let streamedName: String

    /// `streamed` gives the streamed layer's name, columns (their values
    /// unused), CRS and one geometry of its type; `rows` is how many rows
    /// will be appended (it decides the spatial index, as for a whole layer);
    /// it goes at `position` among `layers`. With `insertingLayers` false
    /// the other layers are only created (from their columns, geometries
    /// and row counts) and `insertLayers` fills them later, so the file can
    /// be made before their values are known.
    public init(
        path: String, layers: [OutputLayer], streamed: OutputLayer, at position: Int, rows: Int, options: WriteOptions = WriteOptions(),
        insertingLayers: Bool = true
    ) throws {
        GDALRuntime.ensure()
        self.path = path
        self.options = options
        streamedName = streamed.name
        guard try OutputFormat(path: path) == .geopackage else { throw IOError("\(path): only a GeoPackage is written in chunks") }
        guard let driver = GDALGetDriverByName("GPKG") else { throw IOError("\(path): GDAL has no GPKG driver: install a GDAL built with it") }
        CPLErrorReset()
        guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw IOError("\(path): cannot create (\(GDALRuntime.lastError())): check the path and permissions")
        }
        var closed = false
        defer { if !closed { GDALClose(ds) } }
        if GDALDatasetStartTransaction(ds, 0) != OGRERR_NONE {
            throw IOError("\(path): could not start writing the GeoPackage (\(GDALRuntime.lastError())): check free disk space")
        }
        var all = layers
        all.insert(streamed, at: min(max(0, position), layers.count))
        var targets: [GeoPackageBulkInsert.Target] = []
        var mine: (table: String, column: String, names: [String], type: OGRwkbGeometryType)?
        // The streamed layer's R-tree follows the rule of a whole layer of `rows`
        // rows (its template holds one): made empty now, filled as chunks arrive.
        var streamedOptions = options
        let streamedType = VectorWriter.geometryType(streamed.geometries)
        switch options.spatialIndex {
        case .always: streamedOptions.spatialIndex = rows > 0 ? .always : .never
        case .never: break
        case .automatic:
            streamedOptions.spatialIndex = rows > 0 && !(streamedType == wkbPoint && rows > WriteOptions.largePointLayer) ? .always : .never
        }
        for (k, layer) in all.enumerated() {
            let isStreamed = k == min(max(0, position), layers.count)
            let created = try VectorWriter.createLayer(
                layer, in: ds, format: .geopackage, options: isStreamed ? streamedOptions : options, deferIndex: !isStreamed, label: path)
            let table = String(cString: OGR_L_GetName(created.handle))
            let column = created.type == wkbNone ? "" : String(cString: OGR_L_GetGeometryColumn(created.handle))
            let defn = OGR_L_GetLayerDefn(created.handle)
            let names = (0..<OGR_FD_GetFieldCount(defn)).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, $0))) }
            if isStreamed {
                mine = (table, column, names, created.type)
                continue
            }
            // Their R-trees, when wanted, were created with them and are filled by the bulk insert.
            targets.append(
                .init(
                    layer: layer, table: table, geometryColumn: column, fidColumn: String(cString: OGR_L_GetFIDColumn(created.handle)),
                    fieldNames: names, promotion: Self.promotion(created.type)))
        }
        if GDALDatasetCommitTransaction(ds) != OGRERR_NONE {
            throw IOError("\(path): could not finish writing (\(GDALRuntime.lastError())): check free disk space")
        }
        closed = true
        GDALClose(ds)
        if CPLGetLastErrorType() == CE_Failure {
            throw IOError("\(path): could not create the GeoPackage (\(GDALRuntime.lastError())): check free disk space")
        }
        if insertingLayers {
            try GeoPackageBulkInsert.insert(targets, into: path, label: path)
        } else {
            pending = targets
        }
        guard let mine else { throw IOError("\(path): the streamed layer was not created") }
        table = mine.table
        geometryColumn = mine.column
        fieldNames = mine.names
        promotion = Self.promotion(mine.type)
        db = try SQLiteConnection(path: path, create: false, label: path)
        let rtree = "rtree_\(mine.table)_\(mine.column)"
        let hasRTree = try !mine.column.isEmpty && !db.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", [rtree]).isEmpty
        rtreeTable = hasRTree ? rtree : nil
        // As in the whole-layer insert: GDAL's per-row count triggers are set
        // aside while rows go in, and the count is written once at the end.
        triggers = try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1", [mine.table])
        for tr in triggers { try db.exec("DROP TRIGGER \(GeoPackageBulkInsert.quoted(tr[0]))") }
        srsID =
            mine.column.isEmpty
            ? 0
            : Int32(try db.rows("SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?1)", [mine.table]).first?.first ?? "") ?? 0
    }

    /// The streamed layer's R-tree (GDAL's, empty at creation), or nil when it has none.
    private let rtreeTable: String?
    /// Rows appended so far: the next chunk's first fid is this + 1.
    private var appended = 0
    /// Rows whose R-tree entries are written (`indexAhead` runs ahead of `append`).
    private var indexed = 0
    /// The other layers, created and waiting for `insertLayers`.
    private var pending: [GeoPackageBulkInsert.Target]?

    /// Fills the other layers created with `insertingLayers: false`: `layers`
    /// are those given at creation, in the same order, now with their values
    /// (the same rows, geometries and columns).
    public func insertLayers(_ layers: [OutputLayer]) throws {
        guard var targets = pending else { throw IOError("\(path): the other layers were inserted already") }
        guard targets.count == layers.count, zip(targets, layers).allSatisfy({ $0.layer.name == $1.name && $0.layer.rowCount == $1.rowCount }) else {
            throw IOError("\(path): the layers to insert are not those created")
        }
        for k in targets.indices { targets[k].layer = layers[k] }
        pending = nil
        try GeoPackageBulkInsert.insert(targets, into: db, path: path, label: path)
    }

    /// Writes the streamed layer's R-tree entries for the next rows to be
    /// appended (their geometries, in order) before their attributes are
    /// known: the entries depend only on fid and geometry, and go in the
    /// same order as `append` would put them, so the index is the same.
    public func indexAhead(_ geometries: [GeometryValue?]) throws {
        guard let rtreeTable, !geometries.isEmpty else {
            indexed += geometries.count
            return
        }
        try db.exec("BEGIN")
        try GeoPackageBulkInsert.fillSpatialIndex(
            rtree: rtreeTable, geometries: geometries, firstFID: Int64(indexed) + 1, layerName: streamedName, db: db)
        try db.exec("COMMIT")
        indexed += geometries.count
    }

    private static func promotion(_ type: OGRwkbGeometryType) -> GeoPackageBulkInsert.Promotion {
        switch type {
        case wkbMultiPoint: return .multiPoint
        case wkbMultiLineString: return .multiLineString
        case wkbMultiPolygon: return .multiPolygon
        default: return .none
        }
    }

    /// Appends the rows of `chunk` (the streamed layer's columns, in order),
    /// in one transaction.
    public func append(_ chunk: OutputLayer) throws {
        guard chunk.rowCount > 0 else { return }
        for c in chunk.columns where c.count != chunk.rowCount {
            throw IOError("\(path): layer '\(streamedName)' column '\(c.name)' has \(c.count) values for \(chunk.rowCount) rows")
        }
        try db.exec("BEGIN")
        let e = try GeoPackageBulkInsert.append(
            chunk, table: table, geometryColumn: geometryColumn, fieldNames: fieldNames, promotion: promotion, srsID: srsID, db: db)
        // Rows indexed ahead keep their entries; the rest are indexed now.
        let ahead = min(chunk.geometries.count, max(0, indexed - appended))
        if let rtreeTable, ahead < chunk.geometries.count {
            try GeoPackageBulkInsert.fillSpatialIndex(
                rtree: rtreeTable, geometries: Array(chunk.geometries[ahead...]), firstFID: Int64(appended + ahead) + 1, layerName: streamedName,
                db: db)
        }
        try db.exec("COMMIT")
        appended += chunk.rowCount
        indexed = max(indexed, appended)
        extent.expand(toInclude: e)
    }

    /// Restores the triggers, writes the feature count and extent and runs
    /// `options.geopackageSQL` (the R-trees are filled already).
    public func finish() throws {
        let q = GeoPackageBulkInsert.quoted, lit = GeoPackageBulkInsert.literal
        try db.exec("BEGIN")
        for tr in triggers where !tr[1].isEmpty { try db.exec(tr[1]) }
        if try !db.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'", []).isEmpty {
            try db.exec(
                "UPDATE gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM \(q(table))) WHERE lower(table_name) = lower(\(lit(table)))")
        }
        if !geometryColumn.isEmpty && !extent.isEmpty {
            try db.exec(
                "UPDATE gpkg_contents SET min_x = \(extent.minX), min_y = \(extent.minY), max_x = \(extent.maxX), max_y = \(extent.maxY) WHERE lower(table_name) = lower(\(lit(table)))"
            )
        }
        try db.exec("COMMIT")
        if !options.geopackageSQL.isEmpty { try VectorWriter.runSQL(options.geopackageSQL, on: path, label: path) }
    }
}
