import CSQLite
import Foundation
import LifeCircleGeometry

/// Inserts the rows of layers into a GeoPackage whose tables GDAL has already
/// created (schema, SRS, contents and metadata tables are GDAL's). Prepared
/// multi-row statements take about a tenth of the time of OGR's
/// feature-by-feature path, which for a city's 100,000 resident rows was
/// most of a coverage run. A large layer is written in two halves at once,
/// the second into a scratch database beside the file, and then copied over
/// in one `INSERT … SELECT` (SQLite copies whole records without decoding
/// them when the two tables have the same definition).
enum GeoPackageBulkInsert {
    /// How single parts are lifted to the layer's multi type.
    enum Promotion: Sendable { case none, multiPoint, multiLineString, multiPolygon }

    /// One table to fill: its name and columns as GDAL created them.
    struct Target: Sendable {
        var layer: OutputLayer
        var table: String
        /// Empty for an attribute-only table.
        var geometryColumn: String
        /// The integer primary key; rows get 1, 2, … in layer order.
        var fidColumn: String
        var fieldNames: [String]
        var promotion: Promotion
    }

    /// Layers of at least this many rows are written in two halves at once.
    static let parallelRows = 20_000

    static func insert(_ targets: [Target], into path: String, label: String) throws {
        try insert(targets, into: SQLiteConnection(path: path, create: false, label: label), path: path, label: label)
    }

    /// As above, on an open connection to `path`.
    static func insert(_ targets: [Target], into db: SQLiteConnection, path: String, label: String) throws {
        for t in targets where t.layer.rowCount > 0 {
            try fill(t, db: db, path: path, label: label)
        }
    }

    private static func fill(_ t: Target, db: SQLiteConnection, path: String, label: String) throws {
        let n = t.layer.rowCount
        // GDAL keeps gpkg_ogr_contents.feature_count with per-row triggers;
        // set aside while inserting, the count is written once afterwards.
        let triggers = try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1", [t.table])
        for tr in triggers { try db.exec("DROP TRIGGER \(quoted(tr[0]))") }

        let srsID =
            t.geometryColumn.isEmpty
            ? 0
            : Int32(try db.rows("SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?1)", [t.table]).first?.first ?? "") ?? 0
        let rows = RowSource(t, srsID: srsID)
        let batch = rows.batch
        let split =
            n >= parallelRows && ProcessInfo.processInfo.activeProcessorCount > 1 && !t.fidColumn.isEmpty
            ? (n / 2) / batch * batch : n
        var extent = Envelope.empty
        if split < n {
            let partPath = path + ".part"
            defer { try? FileManager.default.removeItem(atPath: partPath) }
            guard let create = try db.rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1", [t.table]).first?.first else {
                throw IOError("\(label): table '\(t.table)' vanished while writing")
            }
            let second = ParallelSlots<Result<Envelope, Error>?>(count: 1, initial: nil)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                second.set(
                    0,
                    Result {
                        let part = try SQLiteConnection(path: partPath, create: true, label: label)
                        try part.exec("PRAGMA page_size=65536")
                        try part.exec(create)
                        try part.exec("BEGIN")
                        let e = try rows.write(split..<n, into: part)
                        try part.exec("COMMIT")
                        return e
                    })
            }
            let first = Result {
                try db.exec("BEGIN")
                let e = try rows.write(0..<split, into: db)
                try db.exec("COMMIT")
                return e
            }
            group.wait()
            extent = try first.get()
            if let e = try second[0]?.get() { extent.expand(toInclude: e) }
            try db.exec("ATTACH DATABASE \(literal(partPath)) AS lifecircle_part")
            try db.exec("INSERT INTO main.\(quoted(t.table)) SELECT * FROM lifecircle_part.\(quoted(t.table))")
            try db.exec("DETACH DATABASE lifecircle_part")
        } else {
            try db.exec("BEGIN")
            extent = try rows.write(0..<n, into: db)
            try db.exec("COMMIT")
        }

        try db.exec("BEGIN")
        try fillSpatialIndex(t, db: db)
        for tr in triggers where !tr[1].isEmpty { try db.exec(tr[1]) }
        if try !db.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'", []).isEmpty {
            try db.exec(
                "UPDATE gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM \(quoted(t.table))) WHERE lower(table_name) = lower(\(literal(t.table)))"
            )
        }
        if !t.geometryColumn.isEmpty && !extent.isEmpty {
            try db.exec(
                "UPDATE gpkg_contents SET min_x = \(extent.minX), min_y = \(extent.minY), max_x = \(extent.maxX), max_y = \(extent.maxY) WHERE lower(table_name) = lower(\(literal(t.table)))"
            )
        }
        try db.exec("COMMIT")
    }

    /// Fills the layer's R-tree, when GDAL created one (empty) with the table,
    /// with what its insert trigger would have added: each non-empty
    /// geometry's fid and bounds, in fid order. Reopening the file through
    /// GDAL to build it afterwards cost a community-sized run more than its
    /// rows did.
    private static func fillSpatialIndex(_ t: Target, db: SQLiteConnection) throws {
        guard !t.geometryColumn.isEmpty else { return }
        let rtree = "rtree_\(t.table)_\(t.geometryColumn)"
        guard try !db.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", [rtree]).isEmpty else { return }
        try fillSpatialIndex(rtree: rtree, geometries: t.layer.geometries, firstFID: 1, layerName: t.layer.name, db: db)
    }

    /// Adds `geometries` (fids `firstFID`, `firstFID` + 1, …) to the R-tree `rtree`, skipping empty ones.
    static func fillSpatialIndex(rtree: String, geometries: [GeometryValue?], firstFID: Int64, layerName: String, db: SQLiteConnection) throws {
        let st = try db.prepare("INSERT INTO \(quoted(rtree)) VALUES (?1, ?2, ?3, ?4, ?5)")
        defer { sqlite3_finalize(st) }
        for (i, g) in geometries.enumerated() {
            guard let g, !g.isEmpty else { continue }
            var e = Envelope.empty
            if case .point(let c) = g { e.expand(toInclude: c) } else { g.forEachCoordinate { e.expand(toInclude: $0) } }
            sqlite3_bind_int64(st, 1, firstFID + Int64(i))
            sqlite3_bind_double(st, 2, e.minX); sqlite3_bind_double(st, 3, e.maxX)
            sqlite3_bind_double(st, 4, e.minY); sqlite3_bind_double(st, 5, e.maxY)
            guard sqlite3_step(st) == SQLITE_DONE, sqlite3_reset(st) == SQLITE_OK else {
                throw IOError("\(db.label): writing the spatial index of '\(layerName)' failed (\(db.message)): check free disk space")
            }
        }
    }

    /// A layer's values laid out for binding, a chunk of rows at a time:
    /// column by column in one flat buffer, typed columns copied (reals keep
    /// non-finite as null), boxed ones unpacked, so the insert loop touches no
    /// reference counts (strings excepted). Chunks, not the whole layer: a
    /// copy of every column of ten million rows would double the peak memory
    /// of a megacity run for no gain in speed.
    private struct RowSource: Sendable {
        let target: Target
        let srsID: Int32
        let columnCount: Int
        let perRow: Int
        let batch: Int
        /// Rows unpacked at a time (a multiple of `batch`).
        let chunkRows: Int
        /// Per column: 1 integers, 2 reals (non-finite = null), 0 boxed.
        let columnKind: [UInt8]

        init(_ t: Target, srsID: Int32) {
            target = t
            self.srsID = srsID
            let nc = t.layer.columns.count
            columnCount = nc
            perRow = nc + (t.geometryColumn.isEmpty ? 0 : 1) + (t.fidColumn.isEmpty ? 0 : 1)
            // Many rows per statement: SQLite's per-statement work is then
            // paid once per batch (at most 32,766 parameters a statement).
            batch = max(1, min(100, 32_000 / max(1, perRow)))
            // About 8 MB of unpacked values per chunk, whatever the width.
            chunkRows = max(1, (1 << 20) / max(1, nc) / batch) * batch
            columnKind = t.layer.columns.map { column in
                switch column.storage {
                case .reals: return 2
                case .integers: return 1
                case .boxed: return 0
                }
            }
        }

        /// Unpacks rows `r0 ..< r0 + m` into `bits` (column c, row i at
        /// c × m + i − r0) and, for boxed columns, `kind` (0 null, 1 integer,
        /// 2 real, 3 string).
        private func unpack(_ r0: Int, _ m: Int, bits: UnsafeMutablePointer<UInt64>, kind: UnsafeMutablePointer<UInt8>) {
            for (c, column) in target.layer.columns.enumerated() {
                let base = bits + c * m
                switch column.storage {
                case .reals(let d):
                    d.withUnsafeBytes { UnsafeMutableRawPointer(base).copyMemory(from: $0.baseAddress! + r0 * 8, byteCount: m * 8) }
                case .integers(let ints):
                    ints.withUnsafeBytes { UnsafeMutableRawPointer(base).copyMemory(from: $0.baseAddress! + r0 * 8, byteCount: m * 8) }
                case .boxed(let values):
                    let k = kind + c * m
                    for row in 0..<m {
                        switch values[r0 + row] {
                        case .null: k[row] = 0
                        case .integer(let i): k[row] = 1; base[row] = UInt64(bitPattern: i)
                        case .real(let d): k[row] = d.isFinite ? 2 : 0; base[row] = d.bitPattern
                        case .string: k[row] = 3
                        }
                    }
                }
            }
        }

        /// Inserts rows `range` into the target's table on `db` (inside the
        /// caller's transaction); returns their envelope.
        func write(_ range: Range<Int>, into db: SQLiteConnection) throws -> Envelope {
            let t = target, layer = t.layer, nc = columnCount
            let hasGeometry = !t.geometryColumn.isEmpty, hasFID = !t.fidColumn.isEmpty
            var names = t.fieldNames.map(quoted)
            if hasGeometry { names.insert(quoted(t.geometryColumn), at: 0) }
            if hasFID { names.insert(quoted(t.fidColumn), at: 0) }
            let head = "INSERT INTO \(quoted(t.table)) (\(names.joined(separator: ", "))) VALUES "
            func prepare(_ rows: Int) throws -> OpaquePointer {
                let tuple = "(" + Array(repeating: "?", count: perRow).joined(separator: ",") + ")"
                return try db.prepare(head + Array(repeating: tuple, count: rows).joined(separator: ","))
            }
            let full = try prepare(min(batch, range.count))
            defer { sqlite3_finalize(full) }
            var encoder = GeoPackageGeometryEncoder(srsID: srsID)
            var extent = Envelope.empty
            let columns = layer.columns
            let capacity = min(chunkRows, range.count)
            let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, capacity * nc))
            let kind = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, capacity * nc))
            defer { bits.deallocate(); kind.deallocate() }
            var chunkStart = range.lowerBound
            while chunkStart < range.upperBound {
                let m = min(chunkRows, range.upperBound - chunkStart)
                unpack(chunkStart, m, bits: bits, kind: kind)
                var row = chunkStart
                while row < chunkStart + m {
                    let rows = min(batch, chunkStart + m - row)
                    let st = rows == min(batch, range.count) ? full : try prepare(rows)
                    defer { if st != full { sqlite3_finalize(st) } }
                    var p: Int32 = 1
                    // A failed bind (a blob too big, no memory) would leave NULL in the row: an error instead.
                    var bindError = SQLITE_OK
                    func ok(_ rc: Int32) { if rc != SQLITE_OK && bindError == SQLITE_OK { bindError = rc } }
                    for i in row..<(row + rows) {
                        if hasFID { ok(sqlite3_bind_int64(st, p, Int64(i + 1))); p += 1 }
                        if hasGeometry {
                            if i < layer.geometries.count, let g = layer.geometries[i], !g.isEmpty {
                                let value = promote(g, t.promotion)
                                encoder.encode(value)
                                if case .point(let c) = value {
                                    extent.expand(toInclude: c)
                                } else {
                                    value.forEachCoordinate { extent.expand(toInclude: $0) }
                                }
                                // SQLITE_TRANSIENT: SQLite copies the blob, so the buffer is reused.
                                ok(encoder.bytes.withUnsafeBytes { sqlite3_bind_blob(st, p, $0.baseAddress, Int32($0.count), sqliteTransient) })
                            } else {
                                ok(sqlite3_bind_null(st, p))
                            }
                            p += 1
                        }
                        let local = i - chunkStart
                        for c in 0..<nc {
                            let v = bits[c * m + local]
                            switch columnKind[c] {
                            case 1: ok(sqlite3_bind_int64(st, p, Int64(bitPattern: v))); p += 1; continue
                            case 2:
                                let d = Double(bitPattern: v)
                                ok(d.isFinite ? sqlite3_bind_double(st, p, d) : sqlite3_bind_null(st, p))
                                p += 1; continue
                            default: break
                            }
                            switch kind[c * m + local] {
                            case 1: ok(sqlite3_bind_int64(st, p, Int64(bitPattern: v)))
                            case 2: ok(sqlite3_bind_double(st, p, Double(bitPattern: v)))
                            case 3:
                                if case .boxed(let values) = columns[c].storage, case .string(let s) = values[i] {
                                    ok(sqlite3_bind_text(st, p, s, -1, sqliteTransient))
                                } else {
                                    // Bindings outlive sqlite3_reset: unbound, the previous row's value would stay.
                                    ok(sqlite3_bind_null(st, p))
                                }
                            default: ok(sqlite3_bind_null(st, p))
                            }
                            p += 1
                        }
                    }
                    guard bindError == SQLITE_OK else {
                        throw IOError(
                            "\(db.label): features \(row + 1)–\(row + rows) of '\(layer.name)' could not be prepared (\(String(cString: sqlite3_errstr(bindError)))): a value may be too large"
                        )
                    }
                    guard sqlite3_step(st) == SQLITE_DONE else {
                        throw IOError(
                            "\(db.label): writing features \(row + 1)–\(row + rows) of '\(layer.name)' failed (\(db.message)): check free disk space"
                        )
                    }
                    guard sqlite3_reset(st) == SQLITE_OK else {
                        throw IOError("\(db.label): writing '\(layer.name)' failed (\(db.message)): check free disk space")
                    }
                    row += rows
                }
                chunkStart += m
            }
            return extent
        }

        private func promote(_ g: GeometryValue, _ p: Promotion) -> GeometryValue {
            switch (g, p) {
            case (.point(let c), .multiPoint): return .multiPoint([c])
            case (.lineString(let l), .multiLineString): return .multiLineString([l])
            case (.polygon(let r), .multiPolygon): return .multiPolygon([r])
            default: return g
            }
        }
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
}

/// SQLITE_TRANSIENT: SQLite copies the value before the call returns.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection, used by one thread, closed on deinit. The files it
/// writes sit in a private temporary folder until complete and renamed into
/// place, so a rollback journal and fsyncs buy nothing.
final class SQLiteConnection: @unchecked Sendable {
    let handle: OpaquePointer
    let label: String

    init(path: String, create: Bool, label: String) throws {
        self.label = label
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0)
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw IOError("\(label): cannot open the GeoPackage being written (\(msg)): check free disk space")
        }
        handle = db
        try exec("PRAGMA synchronous=OFF; PRAGMA journal_mode=OFF; PRAGMA cache_size=-65536")
    }

    deinit { sqlite3_close(handle) }

    var message: String { String(cString: sqlite3_errmsg(handle)) }

    func exec(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &err) != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? message
            sqlite3_free(err)
            throw IOError("\(label): writing failed (\(msg)): check free disk space")
        }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var st: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &st, nil) == SQLITE_OK, let st else {
            throw IOError("\(label): cannot write (\(message))")
        }
        return st
    }

    /// Runs a query and returns its rows as text.
    func rows(_ sql: String, _ args: [String]) throws -> [[String]] {
        let st = try prepare(sql)
        defer { sqlite3_finalize(st) }
        for (i, a) in args.enumerated() { sqlite3_bind_text(st, Int32(i + 1), a, -1, sqliteTransient) }
        var out: [[String]] = []
        while sqlite3_step(st) == SQLITE_ROW {
            out.append(
                (0..<sqlite3_column_count(st)).map { c in
                    sqlite3_column_text(st, c).map { String(cString: $0) } ?? ""
                })
        }
        return out
    }
}

extension GeoPackageBulkInsert {
    /// Appends `layer`'s rows to the end of `table` on `db` (inside the
    /// caller's transaction) and returns their envelope. No fid is bound:
    /// SQLite gives each row the last rowid + 1, so chunks appended in order
    /// get 1, 2, … as a whole-layer insert does.
    static func append(
        _ layer: OutputLayer, table: String, geometryColumn: String, fieldNames: [String], promotion: Promotion, srsID: Int32, db: SQLiteConnection
    )
        throws -> Envelope
    {
        let t = Target(layer: layer, table: table, geometryColumn: geometryColumn, fidColumn: "", fieldNames: fieldNames, promotion: promotion)
        return try RowSource(t, srsID: srsID).write(0..<layer.rowCount, into: db)
    }
}
