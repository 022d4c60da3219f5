import CGDAL
import CSQLite
import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// A GeoPackage layer read a chunk of rows at a time, in fid order, straight
/// from SQLite (as `GeoPackageTableScan` reads a whole layer), so that ten
/// million residents need not be held at once. Opening scans the geometry
/// column once for the row count and envelope, which the CRS check needs
/// before any row is used. `open` returns nil for anything a whole-layer read
/// would handle differently (other formats, filters, views, curves), and the
/// caller then reads the layer whole.
public final class FeatureStream: @unchecked Sendable {
    public let name: String
    public let source: String
    public let crs: CRS?
    /// Rows of the layer, with or without geometry.
    public let count: Int
    /// Rows with a geometry that is not empty.
    public let withGeometry: Int
    /// The envelope of every geometry (as `FeatureTable.envelope`).
    public let envelope: Envelope
    public let notes: [String]
    private let fields: [(name: String, type: FieldType)]
    private let db: OpaquePointer
    private let statement: OpaquePointer
    /// Rows handed out so far.
    public private(set) var position = 0

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close(db)
    }

    private init(
        name: String, source: String, crs: CRS?, count: Int, withGeometry: Int, envelope: Envelope, notes: [String],
        fields: [(name: String, type: FieldType)], db: OpaquePointer, statement: OpaquePointer
    ) {
        self.name = name; self.source = source; self.crs = crs; self.count = count; self.withGeometry = withGeometry; self.envelope = envelope
        self.notes = notes; self.fields = fields; self.db = db; self.statement = statement
    }

    /// Opens `path` for streaming with the options a `LayerReader.read` would
    /// take; nil when it must be read whole instead.
    public static func open(_ path: String, _ options: ReadOptions) throws -> FeatureStream? {
        guard options.filter == nil, options.boundingBox == nil, path.lowercased().hasSuffix(".gpkg"),
            !RasterPopulation.isRaster(path)
        else { return nil }
        try LayerReader.refuseFolder(path)
        let ds = try VectorDataset(path: path)
        guard ds.driverName == "GPKG" else { return nil }
        let (l, choiceNote) = try LayerChoice.choose(ds, options)
        let layerName = String(cString: OGR_L_GetName(l))
        let defn = OGR_L_GetLayerDefn(l)
        var names: [String] = [], types: [FieldType] = []
        for i in 0..<Int(OGR_FD_GetFieldCount(defn)) {
            let f = OGR_FD_GetFieldDefn(defn, Int32(i))
            names.append(String(cString: OGR_Fld_GetNameRef(f)))
            types.append(LayerReader.fieldType(OGR_Fld_GetType(f)))
        }
        var wanted = Array(names.indices)
        if let asked = options.fields {
            wanted = try asked.map { f in
                if let i = names.firstIndex(of: f) ?? names.firstIndex(where: { $0.lowercased() == f.lowercased() }) { return i }
                throw IOError.unknownField(path, layerName, f, names)
            }
        }
        let fields = wanted.map { (name: names[$0], type: types[$0]) }
        guard fields.allSatisfy({ $0.type == .integer || $0.type == .real || $0.type == .string }),
            OGR_L_GetGeomType(l) != wkbNone
        else { return nil }
        let geometryColumn = String(cString: OGR_L_GetGeometryColumn(l))
        let fid = String(cString: OGR_L_GetFIDColumn(l))
        guard !geometryColumn.isEmpty, !fid.isEmpty else { return nil }
        let fileCRS = try LayerReader.fileCRSOf(l, path: path, layerName: layerName, options)

        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db = handle else {
            sqlite3_close(handle)
            return nil
        }
        var keep = false
        defer { if !keep { sqlite3_close(db) } }
        func prepare(_ sql: String) -> OpaquePointer? {
            var st: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &st, nil) == SQLITE_OK else { sqlite3_finalize(st); return nil }
            return st
        }
        guard let isTable = prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1") else { return nil }
        sqlite3_bind_text(isTable, 1, layerName, -1, sqliteTransient)
        let exists = sqlite3_step(isTable) == SQLITE_ROW
        sqlite3_finalize(isTable)
        guard exists else { return nil }
        let q = GeoPackageBulkInsert.quoted
        let from = " FROM \(q(layerName)) ORDER BY \(q(fid))"
        // The pre-pass: row count, envelope, and whether every blob decodes.
        guard let scan = prepare("SELECT \(q(geometryColumn))" + from) else { return nil }
        defer { sqlite3_finalize(scan) }
        var count = 0, withGeometry = 0
        var envelope = Envelope.empty
        while true {
            let rc = sqlite3_step(scan)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { return nil }
            count += 1
            switch decodeGeometry(scan, 0) {
            case .some(.some(let g)):
                envelope.expand(toInclude: g.envelope)
                if !g.isEmpty { withGeometry += 1 }
            case .some(.none): break
            case .none: return nil
            }
        }
        let columns = ([geometryColumn] + fields.map(\.name)).map(q).joined(separator: ", ")
        guard let rows = prepare("SELECT \(columns)" + from) else { return nil }

        var file = fileCRS
        if let f = file, f.isGeographic, options.defaultCRS != nil, !CoordinateSanity.looksGeographic(envelope) { file = nil }
        let crs: CRS?
        do {
            crs = try CoordinateCheck.effectiveCRS(
                declared: options.declaredCRS, file: file ?? options.defaultCRS, envelope: envelope,
                label: "\(path) layer '\(layerName)'", key: options.crsKey)
        } catch {
            sqlite3_finalize(rows)
            throw error
        }
        keep = true
        return FeatureStream(
            name: layerName, source: path, crs: crs, count: count, withGeometry: withGeometry, envelope: envelope,
            notes: choiceNote.map { [$0] } ?? [],
            fields: fields, db: db, statement: rows)
    }

    /// The next rows (at most `maxRows`) as a table in the layer's own CRS;
    /// nil once every row has been handed out.
    public func next(maxRows: Int) throws -> FeatureTable? {
        guard position < count else { return nil }
        let m = min(max(1, maxRows), count - position)
        var geometries: [GeometryValue?] = []
        geometries.reserveCapacity(m)
        var values = [[FieldValue]](repeating: [], count: fields.count)
        for k in values.indices { values[k].reserveCapacity(m) }
        let st = statement
        for _ in 0..<m {
            guard sqlite3_step(st) == SQLITE_ROW, let g = Self.decodeGeometry(st, 0) else {
                throw IOError(
                    "\(source) layer '\(name)': reading failed at feature \(position + geometries.count + 1): check that the file is complete and not changed while running"
                )
            }
            geometries.append(g)
            for (k, f) in fields.enumerated() {
                let c = Int32(k + 1)
                if sqlite3_column_type(st, c) == SQLITE_NULL { values[k].append(.null); continue }
                switch f.type {
                case .integer: values[k].append(.integer(sqlite3_column_int64(st, c)))
                case .real: values[k].append(.real(sqlite3_column_double(st, c)))
                default: values[k].append(.string(sqlite3_column_text(st, c).map { String(cString: $0) } ?? ""))
                }
            }
        }
        position += m
        let columns = fields.enumerated().map { k, f in Column(name: f.name, type: f.type, values: values[k]) }
        return FeatureTable(name: name, source: source, geometries: geometries, columns: columns, crs: crs)
    }

    /// Column `c`'s geometry: .some(nil) for none (SQL NULL or an empty blob,
    /// as `GeoPackageTableScan`), nil when it cannot be decoded here.
    private static func decodeGeometry(_ st: OpaquePointer, _ c: Int32) -> GeometryValue?? {
        if sqlite3_column_type(st, c) == SQLITE_NULL { return .some(nil) }
        let n = Int(sqlite3_column_bytes(st, c))
        guard let p = sqlite3_column_blob(st, c), n > 0 else { return .some(nil) }
        switch GeoPackageGeometryDecoder.decode(UnsafeRawBufferPointer(start: p, count: n)) {
        case .geometry(let g): return .some(g)
        case .unsupported: return nil
        }
    }
}

extension InputSource {
    /// This input opened for reading in chunks (as `read(key:…)` would read
    /// it whole); nil when it must be read whole.
    public func stream(key: String, defaultCRS: CRS? = nil, fields: [String]? = nil) throws -> FeatureStream? {
        guard xField == nil, yField == nil, locationField == nil else { return nil }
        var options = ReadOptions(
            layer: layer, filter: filter, encoding: encoding, declaredCRS: crs, defaultCRS: defaultCRS,
            crsKey: crs == nil ? "crs" : "\(key)_crs", fields: fields)
        options.inputKey = key
        options.geometry = GeometryNeed.forInput(key)
        guard let s = try FeatureStream.open(path, options) else { return nil }
        if s.count == 0 {
            throw OptionError(key: key, "\(path) layer '\(s.name)' is empty", fix: "give a layer with features as {option}")
        }
        return s
    }
}
