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
        let order = fid.isEmpty ? "" : " ORDER BY \(quoted(fid))"
        var st: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT \(selected.joined(separator: ", ")) FROM \(quoted(table))\(order)", -1, &st, nil) == SQLITE_OK, let st
        else { return nil }
        defer { sqlite3_finalize(st) }

        var rows = Rows(geometries: [], values: Array(repeating: [], count: fields.count))
        rows.geometries.reserveCapacity(expected)
        for k in rows.values.indices { rows.values[k].reserveCapacity(expected) }
        let first: Int32 = geometryColumn.isEmpty ? 0 : 1
        while true {
            let rc = sqlite3_step(st)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { return nil }
            if !geometryColumn.isEmpty {
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
