import CSQLite
import Foundation
import LifeCircleGeometry

/// Inserts the rows of layers into a GeoPackage whose tables GDAL has already
/// created (schema, SRS, contents and metadata tables are GDAL's). One
/// prepared statement per layer inside one transaction takes about a tenth of
/// the time of OGR's feature-by-feature path, which for a city's 100,000
/// resident rows was most of a coverage run.
enum GeoPackageBulkInsert {
    /// One table to fill: its name and columns as GDAL created them.
    struct Target {
        var layer: OutputLayer
        var table: String
        /// Empty for an attribute-only table.
        var geometryColumn: String
        var fieldNames: [String]
        /// The geometry type the layer was declared with (single parts are
        /// promoted to multi where it is multi).
        var promote: (GeometryValue) -> GeometryValue
    }

    static func insert(_ targets: [Target], into path: String, label: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw IOError("\(label): cannot reopen the GeoPackage being written (\(msg)): check free disk space")
        }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) throws {
            var err: UnsafeMutablePointer<CChar>?
            if sqlite3_exec(db, sql, nil, nil, &err) != SQLITE_OK {
                let msg = err.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
                sqlite3_free(err)
                throw IOError("\(label): writing failed (\(msg)): check free disk space")
            }
        }
        // The file sits in a private temporary folder until it is complete and
        // renamed into place, so a rollback journal and fsyncs buy nothing.
        try exec("PRAGMA synchronous=OFF; PRAGMA journal_mode=OFF; PRAGMA cache_size=-65536")
        try exec("BEGIN")
        for t in targets where t.layer.rowCount > 0 {
            try fill(t, db: db, exec: exec, label: label)
        }
        try exec("COMMIT")
    }

    private static func fill(_ t: Target, db: OpaquePointer, exec: (String) throws -> Void, label: String) throws {
        let layer = t.layer
        let n = layer.rowCount
        // GDAL keeps gpkg_ogr_contents.feature_count with per-row triggers;
        // set aside while inserting, the count is written once afterwards.
        let triggers = try rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1", [t.table], label: label)
        for tr in triggers { try exec("DROP TRIGGER \(quoted(tr[0]))") }

        let hasGeometry = !t.geometryColumn.isEmpty
        var names = t.fieldNames.map(quoted)
        if hasGeometry { names.insert(quoted(t.geometryColumn), at: 0) }
        let perRow = max(1, names.count)
        // Many rows per statement: SQLite's per-statement work (AUTOINCREMENT
        // bookkeeping among it) is then paid once per batch, not per row.
        let batch = max(1, min(100, 32_000 / perRow))
        func prepare(_ rows: Int) throws -> OpaquePointer {
            var values: [String] = []
            values.reserveCapacity(rows)
            for r in 0..<rows {
                values.append("(" + (0..<perRow).map { "?\(r * perRow + $0 + 1)" }.joined(separator: ",") + ")")
            }
            let sql = "INSERT INTO \(quoted(t.table)) (\(names.joined(separator: ", "))) VALUES \(values.joined(separator: ","))"
            var st: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &st, nil) == SQLITE_OK, let st else {
                throw IOError("\(label): cannot write layer '\(layer.name)' (\(String(cString: sqlite3_errmsg(db))))")
            }
            return st
        }
        let full = try prepare(min(batch, n))
        defer { sqlite3_finalize(full) }

        // Values laid out row by row in flat arrays, so the insert loop reads
        // memory in order and touches no reference counts (strings excepted).
        let columns = layer.columns
        let nc = columns.count
        var kind = [UInt8](repeating: 0, count: n * nc)  // 0 null, 1 integer, 2 real, 3 string
        var bits = [UInt64](repeating: 0, count: n * nc)
        for (c, column) in columns.enumerated() {
            switch column.storage {
            case .reals(let d):
                for (row, v) in d.enumerated() where v.isFinite { kind[row * nc + c] = 2; bits[row * nc + c] = v.bitPattern }
            case .integers(let ints):
                for (row, v) in ints.enumerated() { kind[row * nc + c] = 1; bits[row * nc + c] = UInt64(bitPattern: v) }
            case .boxed(let values):
                for (row, v) in values.enumerated() {
                    switch v {
                    case .null: break
                    case .integer(let i): kind[row * nc + c] = 1; bits[row * nc + c] = UInt64(bitPattern: i)
                    case .real(let d): if d.isFinite { kind[row * nc + c] = 2; bits[row * nc + c] = d.bitPattern }
                    case .string: kind[row * nc + c] = 3
                    }
                }
            }
        }

        let srsID = hasGeometry ? try srsIdentifier(db, table: t.table, label: label) : 0
        var encoder = GeoPackageGeometryEncoder(srsID: srsID)
        var extent = Envelope.empty
        var row = 0
        while row < n {
            let rows = min(batch, n - row)
            let st = rows == batch || rows == min(batch, n) ? full : try prepare(rows)
            defer { if st != full { sqlite3_finalize(st) } }
            for r in 0..<rows {
                let i = row + r
                var p = Int32(r * perRow + 1)
                if hasGeometry {
                    if i < layer.geometries.count, let g = layer.geometries[i], !g.isEmpty {
                        let value = t.promote(g)
                        encoder.encode(value)
                        if case .point(let c) = value { extent.expand(toInclude: c) } else { value.forEachCoordinate { extent.expand(toInclude: $0) } }
                        // SQLITE_TRANSIENT: SQLite copies the blob, so the buffer is reused.
                        _ = encoder.bytes.withUnsafeBytes { sqlite3_bind_blob(st, p, $0.baseAddress, Int32($0.count), sqliteTransient) }
                    } else {
                        sqlite3_bind_null(st, p)
                    }
                    p += 1
                }
                let base = i * nc
                for c in 0..<nc {
                    switch kind[base + c] {
                    case 1: sqlite3_bind_int64(st, p, Int64(bitPattern: bits[base + c]))
                    case 2: sqlite3_bind_double(st, p, Double(bitPattern: bits[base + c]))
                    case 3:
                        if case .boxed(let values) = columns[c].storage, case .string(let s) = values[i] { sqlite3_bind_text(st, p, s, -1, sqliteTransient) }
                    default: sqlite3_bind_null(st, p)
                    }
                    p += 1
                }
            }
            guard sqlite3_step(st) == SQLITE_DONE else {
                throw IOError("\(label): writing features \(row + 1)–\(row + rows) of '\(layer.name)' failed (\(String(cString: sqlite3_errmsg(db)))): check free disk space")
            }
            sqlite3_reset(st)
            row += rows
        }

        for tr in triggers where !tr[1].isEmpty { try exec(tr[1]) }
        if try !rows(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'", [], label: label).isEmpty {
            try exec("UPDATE gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM \(quoted(t.table))) WHERE lower(table_name) = lower(\(literal(t.table)))")
        }
        if hasGeometry && !extent.isEmpty {
            try exec("UPDATE gpkg_contents SET min_x = \(extent.minX), min_y = \(extent.minY), max_x = \(extent.maxX), max_y = \(extent.maxY) WHERE lower(table_name) = lower(\(literal(t.table)))")
        }
    }

    private static func srsIdentifier(_ db: OpaquePointer, table: String, label: String) throws -> Int32 {
        let r = try rows(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?1)", [table], label: label)
        return Int32(r.first?.first ?? "") ?? 0
    }

    /// Runs a query and returns its rows as text.
    private static func rows(_ db: OpaquePointer, _ sql: String, _ args: [String], label: String) throws -> [[String]] {
        var st: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &st, nil) == SQLITE_OK, let st else {
            throw IOError("\(label): cannot read the GeoPackage being written (\(String(cString: sqlite3_errmsg(db))))")
        }
        defer { sqlite3_finalize(st) }
        for (i, a) in args.enumerated() { sqlite3_bind_text(st, Int32(i + 1), a, -1, sqliteTransient) }
        var out: [[String]] = []
        while sqlite3_step(st) == SQLITE_ROW {
            out.append((0..<sqlite3_column_count(st)).map { c in
                sqlite3_column_text(st, c).map { String(cString: $0) } ?? ""
            })
        }
        return out
    }

    private static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    private static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// SQLITE_TRANSIENT: SQLite copies the text before the call returns.
    private static let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
