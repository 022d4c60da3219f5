import CGDAL
import CSQLite
import Foundation
import LifeCircleGeometry

/// Reads a whole GeoPackage layer's rows straight from SQLite: one table scan,
/// geometry blobs decoded in place. GDAL still opens the layer and supplies
/// its name, fields, types and CRS; only the row loop is bypassed, which for
/// a city's street network is three quarters of the reading time. Any case it
/// does not cover exactly as OGR would (filters, dates, curves) returns nil
/// and the caller reads through OGR.
enum GeoPackageTableScan {
    struct Rows {
        var geometries: [GeometryValue?]
        var values: [[FieldValue]]
    }

    static func read(path: String, layer l: OGRLayerH, fields: [(name: String, type: FieldType)], expected: Int) -> Rows? {
        guard fields.allSatisfy({ $0.type == .integer || $0.type == .real || $0.type == .string }) else { return nil }
        let table = String(cString: OGR_L_GetName(l))
        let geometryColumn = OGR_L_GetGeomType(l) == wkbNone ? "" : String(cString: OGR_L_GetGeometryColumn(l))
        let fid = String(cString: OGR_L_GetFIDColumn(l))
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            sqlite3_close(db)
            return nil
        }
        defer { sqlite3_close(db) }
        // Only plain feature tables (not views or tables GDAL treats specially).
        var isTable: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &isTable, nil) == SQLITE_OK, let isTable
        else { return nil }
        sqlite3_bind_text(isTable, 1, table, -1, sqliteTransient)
        let exists = sqlite3_step(isTable) == SQLITE_ROW
        sqlite3_finalize(isTable)
        guard exists else { return nil }

        var selected = fields.map { quoted($0.name) }
        if !geometryColumn.isEmpty { selected.insert(quoted(geometryColumn), at: 0) }
        if selected.isEmpty { selected = ["1"] }
        let select = "SELECT \(selected.joined(separator: ", ")) FROM \(quoted(table))"
        let hasGeometry = !geometryColumn.isEmpty
        guard !fid.isEmpty else { return scan(db, sql: select, fields: fields, hasGeometry: hasGeometry, expected: expected) }
        let order = " ORDER BY \(quoted(fid))"
        // A large layer is read in two fid ranges at once, the second on its
        // own connection: decoding the blobs is most of the time, and a
        // city's network is then read in a little over half of it.
        guard expected >= parallelRows, ProcessInfo.processInfo.activeProcessorCount > 1,
            let split = middleFID(db, table: table, fid: fid)
        else { return scan(db, sql: select + order, fields: fields, hasGeometry: hasGeometry, expected: expected) }
        let second = ParallelSlots<Rows?>(count: 1, initial: nil)
        let done = DispatchSemaphore(value: 0)
        // A thread of its own: the caller is often itself on a Dispatch worker
        // (the network is read beside the residents), and a block queued
        // behind it can wait for the pool to grow.
        let reader = Thread {
            defer { done.signal() }
            var other: OpaquePointer?
            guard sqlite3_open_v2(path, &other, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let other else {
                sqlite3_close(other)
                return
            }
            defer { sqlite3_close(other) }
            second.set(
                0,
                scan(
                    other, sql: select + " WHERE \(quoted(fid)) > \(split)" + order, fields: fields, hasGeometry: hasGeometry, expected: expected / 2)
            )
        }
        reader.stackSize = 8 << 20
        reader.start()
        let firstRows = scan(
            db, sql: select + " WHERE \(quoted(fid)) <= \(split)" + order, fields: fields, hasGeometry: hasGeometry, expected: expected / 2 + 1)
        done.wait()
        guard var rows = firstRows, let rest = second.values[0] else { return nil }
        rows.geometries.append(contentsOf: rest.geometries)
        for k in rows.values.indices { rows.values[k].append(contentsOf: rest.values[k]) }
        return rows
    }

    /// Layers of at least this many rows are read in two halves at once.
    static let parallelRows = 40_000

    /// The fid halfway between the table's smallest and largest (nil for an empty table).
    private static func middleFID(_ db: OpaquePointer, table: String, fid: String) -> Int64? {
        var st: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT min(\(quoted(fid))), max(\(quoted(fid))) FROM \(quoted(table))", -1, &st, nil) == SQLITE_OK, let st
        else { return nil }
        defer { sqlite3_finalize(st) }
        guard sqlite3_step(st) == SQLITE_ROW, sqlite3_column_type(st, 0) == SQLITE_INTEGER, sqlite3_column_type(st, 1) == SQLITE_INTEGER
        else { return nil }
        let lo = sqlite3_column_int64(st, 0), hi = sqlite3_column_int64(st, 1)
        return lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2
    }

    /// Runs `sql` (the geometry column first when `hasGeometry`, then `fields`) and decodes every row.
    private static func scan(
        _ db: OpaquePointer, sql: String, fields: [(name: String, type: FieldType)], hasGeometry: Bool, expected: Int
    ) -> Rows? {
        var st: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &st, nil) == SQLITE_OK, let st else { return nil }
        defer { sqlite3_finalize(st) }

        var rows = Rows(geometries: [], values: Array(repeating: [], count: fields.count))
        rows.geometries.reserveCapacity(expected)
        for k in rows.values.indices { rows.values[k].reserveCapacity(expected) }
        let first: Int32 = hasGeometry ? 1 : 0
        while true {
            let rc = sqlite3_step(st)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { return nil }
            if hasGeometry {
                if sqlite3_column_type(st, 0) == SQLITE_NULL {
                    rows.geometries.append(nil)
                } else {
                    let n = Int(sqlite3_column_bytes(st, 0))
                    // A zero-length blob is not SQL NULL, but SQLite returns no
                    // pointer for it: no geometry, and the row's attributes are
                    // still read below (skipping them would shift every column).
                    if let p = sqlite3_column_blob(st, 0), n > 0 {
                        switch GeoPackageGeometryDecoder.decode(UnsafeRawBufferPointer(start: p, count: n)) {
                        case .geometry(let g): rows.geometries.append(g)
                        case .unsupported: return nil
                        }
                    } else {
                        rows.geometries.append(nil)
                    }
                }
            } else {
                rows.geometries.append(nil)
            }
            for (k, f) in fields.enumerated() {
                let c = first + Int32(k)
                if sqlite3_column_type(st, c) == SQLITE_NULL { rows.values[k].append(.null); continue }
                switch f.type {
                case .integer: rows.values[k].append(.integer(sqlite3_column_int64(st, c)))
                case .real: rows.values[k].append(.real(sqlite3_column_double(st, c)))
                default: rows.values[k].append(.string(sqlite3_column_text(st, c).map { String(cString: $0) } ?? ""))
                }
            }
        }
        return rows
    }

    private static func quoted(_ name: String) -> String { GeoPackageBulkInsert.quoted(name) }
}
