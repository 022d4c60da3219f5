import CGDAL
import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// How to read a layer.
public struct ReadOptions: Sendable {
    /// Layer name; nil reads the only (or first) layer.
    public var layer: String?
    /// OGR SQL attribute filter, e.g. "type = 4".
    public var filter: String?
    /// Only features meeting this box (in the layer's own coordinates).
    public var boundingBox: Envelope?
    /// Text encoding of a Shapefile's .dbf (e.g. "GBK") when it has no .cpg.
    public var encoding: String?
    /// The CRS the user declares; overrides (and is checked like) the file's own.
    public var declaredCRS: CRS?
    /// The CRS of a layer whose file names none (e.g. a command's `--crs` for
    /// inputs without one); a file's own CRS wins over it.
    public var defaultCRS: CRS?
    /// The option (study key, e.g. `residents_crs`) that declares this input's
    /// CRS, named in error messages; the CLI spells it as a flag.
    public var crsKey: String
    /// Fields to read; nil reads all.
    public var fields: [String]?
    /// Coordinate columns of a CSV or XLSX table (nil fields: found by name).
    public var coordinates = CoordinateFields()
    /// The option that gives this input (`facilities`), for `{key}_encoding`
    /// and `{key}_x_field` in errors; nil names them `encoding`, `x_field`.
    public var inputKey: String?
    /// A CSV or XLSX read as attributes only (a census table): no coordinates needed.
    public var aspatial = false
    /// The geometry this input must hold: with no `layer`, a multi-layer file is
    /// read only when exactly one layer holds it (`LayerChoice`).
    public var geometry: GeometryNeed?

    public init(
        layer: String? = nil, filter: String? = nil, boundingBox: Envelope? = nil, encoding: String? = nil,
        declaredCRS: CRS? = nil, defaultCRS: CRS? = nil, crsKey: String = "crs", fields: [String]? = nil
    ) {
        self.layer = layer; self.filter = filter; self.boundingBox = boundingBox; self.encoding = encoding
        self.declaredCRS = declaredCRS; self.defaultCRS = defaultCRS; self.crsKey = crsKey; self.fields = fields
    }
}

/// Reads vector layers into `FeatureTable`s.
public enum LayerReader {
    public static func read(_ path: String, _ options: ReadOptions = ReadOptions()) throws -> FeatureTable {
        if RasterPopulation.isRaster(path) {
            return try RasterPopulation.read(path, declaredCRS: options.declaredCRS, defaultCRS: options.defaultCRS, crsKey: options.crsKey)
        }
        try refuseFolder(path)
        var open: [String] = []
        var notes: [String] = []
        let lower = path.lowercased()
        let prefix = options.inputKey.map { "\($0)_" } ?? ""
        let given = try options.encoding.map { try TextEncoding.parse($0, key: "\(prefix)encoding") }
        var gdalPath: String?
        let isTable = PointTable.isTable(path)
        if isTable && !lower.hasSuffix(".xlsx") {
            // GDAL reads CSV bytes as UTF-8: other encodings are recoded first, in memory.
            guard let data = FileManager.default.contents(atPath: path) else { throw IOError.missingFile(path) }
            let enc = given ?? TextEncoding.detect(data)
            if given == nil && !TextEncoding.isASCII(data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data) {
                notes.append("\(path): read as \(enc.rawValue)")
            }
            if enc != .utf8 {
                let utf8 = try enc.utf8Data(data)
                let mem = "/vsimem/lifecircle-\(UUID().uuidString)\(lower.hasSuffix(".tsv") ? ".tsv" : ".csv")"
                let copy = VSIMalloc(utf8.count).map { $0.assumingMemoryBound(to: UInt8.self) }
                guard let copy else { throw IOError("\(path): out of memory recoding \(utf8.count) bytes") }
                utf8.copyBytes(to: copy, count: utf8.count)
                VSIFCloseL(VSIFileFromMemBuffer(mem, copy, vsi_l_offset(utf8.count), 1))
                gdalPath = mem
            }
            // Text columns keep codes such as 050100 whole (GDAL would read an integer); an OGR SQL
            // filter needs GDAL's own types to compare numbers, so filtered reads keep them.
            open += [options.filter == nil ? "AUTODETECT_TYPE=NO" : "AUTODETECT_TYPE=YES", "KEEP_GEOM_COLUMNS=NO"]
        } else if lower.hasSuffix(".xlsx") {
            open.append("HEADERS=FORCE")  // planners' exports always have a header row
        } else if lower.hasSuffix(".shp") || lower.hasSuffix(".dbf") {
            if let given {
                open.append("ENCODING=\(given.iconvName)")
            } else if let chosen = DBFEncoding.choose(shapefile: path) {
                open.append("ENCODING=\(chosen.option)")
                notes.append("\(path): \(chosen.note)")
            }
        }
        defer { if let gdalPath { VSIUnlink(gdalPath) } }
        let ds = try VectorDataset(path: path, openOptions: open, gdalPath: gdalPath, asTable: isTable)
        var table = try read(ds, options)
        table.notes = notes + table.notes
        return table
    }

    public static func read(_ ds: VectorDataset, _ options: ReadOptions) throws -> FeatureTable {
        let path = ds.path
        let (l, choiceNote) = try LayerChoice.choose(ds, options)
        let layerName = String(cString: OGR_L_GetName(l))
        let filterKey = options.inputKey.map { "\($0)_filter" } ?? "filter"
        if let filter = options.filter {
            CPLErrorReset()
            guard OGR_L_SetAttributeFilter(l, filter) == OGRERR_NONE else {
                throw filterError(path, layerName, filter, GDALRuntime.lastError(), fieldNames(l), key: filterKey)
            }
        }
        if let b = options.boundingBox { OGR_L_SetSpatialFilterRect(l, b.minX, b.minY, b.maxX, b.maxY) }
        defer {
            OGR_L_SetAttributeFilter(l, nil)
            OGR_L_SetSpatialFilter(l, nil)
        }

        let defn = OGR_L_GetLayerDefn(l)
        let nFields = Int(OGR_FD_GetFieldCount(defn))
        var names: [String] = []
        var types: [FieldType] = []
        for i in 0..<nFields {
            let f = OGR_FD_GetFieldDefn(defn, Int32(i))
            names.append(String(cString: OGR_Fld_GetNameRef(f)))
            types.append(fieldType(OGR_Fld_GetType(f)))
        }
        var wanted = Array(0..<nFields)
        // A table's coordinate columns are needed whatever fields are asked for.
        let isTable = ds.driverName == "CSV" || ds.driverName == "XLSX"
        if let fields = options.fields, !isTable {
            wanted = try fields.map { f in
                if let i = names.firstIndex(of: f) ?? names.firstIndex(where: { $0.lowercased() == f.lowercased() }) { return i }
                throw IOError.unknownField(path, layerName, f, names)
            }
        }

        var geometries: [GeometryValue?] = []
        var values = [[FieldValue]](repeating: [], count: wanted.count)
        let expected = max(0, Int(OGR_L_GetFeatureCount(l, 0)))

        if options.filter == nil, options.boundingBox == nil, ds.driverName == "GPKG",
            let rows = GeoPackageTableScan.read(path: path, layer: l, fields: wanted.map { (names[$0], types[$0]) }, expected: expected)
        {
            geometries = rows.geometries
            values = rows.values
        } else {
            geometries.reserveCapacity(expected)
            for k in values.indices { values[k].reserveCapacity(expected) }
            do {
                try readThroughOGR(l, wanted: wanted, types: types, geometries: &geometries, values: &values, label: "\(path) layer '\(layerName)'")
            } catch let e as ReadFailure {
                // GeoPackage filters run in SQLite, which finds an unknown column only while reading.
                if let filter = options.filter { throw filterError(path, layerName, filter, e.detail, names, key: filterKey) }
                throw IOError("\(path) layer '\(layerName)': reading failed (\(e.detail)): check that the file is complete and not corrupt")
            }
        }

        let columns = wanted.enumerated().map { k, i in Column(name: names[i], type: types[i], values: values[k]) }
        var fileCRS = try fileCRSOf(l, path: path, layerName: layerName, options)
        var table = FeatureTable(name: layerName, source: path, geometries: geometries, columns: columns, crs: nil)
        if let choiceNote { table.notes.append(choiceNote) }
        if isTable {
            if ds.driverName == "CSV" { PointTable.typeColumns(&table) }
            if !options.aspatial && geometries.allSatisfy({ $0 == nil }) {
                let implied = try PointTable.attachPoints(&table, options.coordinates, prefix: options.inputKey.map { "\($0)_" } ?? "")
                fileCRS = fileCRS ?? implied
            }
            if let fields = options.fields {
                table.columns = try fields.map { f in
                    if let c = table.columns.first(where: { $0.name == f }) ?? table.columns.first(where: { $0.name.lowercased() == f.lowercased() })
                    {
                        return c
                    }
                    throw IOError.unknownField(path, layerName, f, names)
                }
            }
            if options.aspatial { return table }
        }
        if OGR_L_GetGeomType(l) == wkbNone && table.geometries.allSatisfy({ $0 == nil }) { return table }
        // A file that claims degrees for coordinates that cannot be degrees (GDAL
        // reads every GeoJSON as WGS 84) has no usable CRS: the default applies.
        var file = fileCRS
        if let f = file, f.isGeographic, options.defaultCRS != nil, !CoordinateSanity.looksGeographic(table.envelope) { file = nil }
        table.crs = try CoordinateCheck.effectiveCRS(
            declared: options.declaredCRS, file: file ?? options.defaultCRS,
            envelope: table.envelope, label: "\(path) layer '\(layerName)'",
            key: options.crsKey)
        return table
    }

    /// A folder is not a layer: GDAL would open a folder of Shapefiles as a
    /// dataset and hand back its first. A File Geodatabase (`.gdb`) is a folder that is one dataset.
    static func refuseFolder(_ path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue, !path.lowercased().hasSuffix(".gdb") else { return }
        let shps = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.lowercased().hasSuffix(".shp") }.sorted()
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let first = shps.first else {
            throw IOError("\(path) is a folder, where a file is expected: give one file in it (a GeoPackage, Shapefile, GeoJSON, CSV ...)")
        }
        let list = shps.prefix(8).joined(separator: ", ") + (shps.count > 8 ? ", …" : "")
        throw IOError(
            "\(path) is a folder of \(shps.count) Shapefile\(shps.count == 1 ? "" : "s") (\(list)), not a layer: give one, e.g. \(base)/\(first)")
    }

    /// Feature by feature through OGR: every format, filters included.
    private static func readThroughOGR(
        _ l: OGRLayerH, wanted: [Int], types: [FieldType], geometries: inout [GeometryValue?],
        values: inout [[FieldValue]], label: String
    ) throws {
        OGR_L_ResetReading(l)
        CPLErrorReset()
        while let f = OGR_L_GetNextFeature(l) {
            defer { OGR_F_Destroy(f) }
            geometries.append(OGR_F_GetGeometryRef(f).flatMap(OGRGeometryConversion.value))
            for (k, i) in wanted.enumerated() {
                let idx = Int32(i)
                guard OGR_F_IsFieldSetAndNotNull(f, idx) != 0 else { values[k].append(.null); continue }
                switch types[i] {
                case .integer: values[k].append(.integer(OGR_F_GetFieldAsInteger64(f, idx)))
                case .real: values[k].append(.real(OGR_F_GetFieldAsDouble(f, idx)))
                default: values[k].append(.string(String(cString: OGR_F_GetFieldAsString(f, idx))))
                }
            }
        }
        if CPLGetLastErrorType() == CE_Failure { throw ReadFailure(detail: GDALRuntime.lastError()) }
    }

    struct ReadFailure: Error { var detail: String }

    static func fieldNames(_ l: OGRLayerH) -> [String] {
        let defn = OGR_L_GetLayerDefn(l)
        return (0..<OGR_FD_GetFieldCount(defn)).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, $0))) }
    }

    /// The first column a filter names that the layer lacks: identifiers outside
    /// quotes that are not SQL words, numbers or function names ("kindd" in
    /// "kindd = 'school'"); GDAL's own messages do not always say which.
    static func unknownColumn(in filter: String, _ names: [String]) -> String? {
        let known = Set(names.map { $0.lowercased() })
        let words: Set<String> = [
            "and", "or", "not", "in", "is", "null", "like", "ilike", "between", "escape", "true", "false", "case", "when", "then",
            "else", "end", "cast", "as", "integer", "real", "text", "glob", "regexp", "collate", "nocase", "fid", "ogr_geometry",
            "ogr_geom_area", "ogr_geom_wkt", "ogr_style",
        ]
        let chars = Array(filter)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {  // a string literal ('' inside is a quote)
                i += 1
                while i < chars.count { if chars[i] == "'" { if i + 1 < chars.count && chars[i + 1] == "'" { i += 2; continue }; break }; i += 1 }
                i += 1
                continue
            }
            if c == "\"" {  // a quoted identifier
                var j = i + 1
                while j < chars.count && chars[j] != "\"" { j += 1 }
                let name = String(chars[(i + 1)..<min(j, chars.count)])
                if !known.contains(name.lowercased()) { return name }
                i = j + 1
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
                let word = String(chars[i..<j])
                var k = j
                while k < chars.count && chars[k] == " " { k += 1 }
                let isCall = k < chars.count && chars[k] == "("
                if !isCall && !words.contains(word.lowercased()) && !known.contains(word.lowercased()) { return word }
                i = j
                continue
            }
            if c.isNumber {  // 12, 1.5e3
                while i < chars.count && (chars[i].isNumber || chars[i].isLetter || chars[i] == ".") { i += 1 }
                continue
            }
            i += 1
        }
        return nil
    }

    /// A filter that fails names the unknown column and the layer's columns, not file corruption.
    static func filterError(_ path: String, _ layer: String, _ filter: String, _ detail: String, _ names: [String], key: String) -> OptionError {
        let columns = names.isEmpty ? "the layer has no attribute columns" : "its columns are " + names.prefix(30).joined(separator: ", ")
        let unknown = unknownColumn(in: filter, names)
        if let unknown {
            return OptionError(
                key: key, "\(path) layer '\(layer)': the filter '\(filter)' names an unknown column '\(unknown)'; \(columns)",
                fix: "correct {option}")
        }
        return OptionError(
            key: key, "\(path) layer '\(layer)': the filter '\(filter)' cannot be used (\(detail)); \(columns)",
            fix: "write {option} in OGR SQL, e.g. \"type = 4\"")
    }

    /// The layer's own CRS; nil when it has none, or when it cannot be understood
    /// but the input declares or defaults one. An unreadable file CRS is not "no
    /// CRS": without a declared one it is an error naming the option.
    static func fileCRSOf(_ l: OGRLayerH, path: String, layerName: String, _ options: ReadOptions) throws -> CRS? {
        do { return try SpatialReference.crs(OGR_L_GetSpatialRef(l)) } catch {
            guard options.declaredCRS != nil || options.defaultCRS != nil else {
                throw OptionError(
                    key: options.crsKey, "\(path) layer '\(layerName)': its CRS cannot be understood (\(error))",
                    fix: "declare it with {option}, e.g. {option} EPSG:4547")
            }
            return nil
        }
    }

    static func fieldType(_ t: OGRFieldType) -> FieldType {
        switch t {
        case OFTInteger, OFTInteger64: return .integer
        case OFTReal: return .real
        case OFTDate: return .date
        case OFTDateTime: return .dateTime
        default: return .string
        }
    }
}

/// "Coordinates that lie": metres read as degrees give plausible-looking
/// nonsense, so a layer whose CRS is geographic (or missing) must have
/// coordinates inside longitude/latitude range.
public enum CoordinateCheck {
    public static func effectiveCRS(declared: CRS?, file: CRS?, envelope: Envelope, label: String, key: String) throws -> CRS? {
        let crs = declared ?? file
        guard !envelope.isEmpty else { return crs }
        let geographic = CoordinateSanity.looksGeographic(envelope)
        let corner = String(format: "(%.1f, %.1f)", envelope.maxX, envelope.maxY)
        guard let crs else {
            if geographic { return .wgs84 }  // GeoJSON and CSV lon/lat without a declared CRS
            throw OptionError(
                key: key, "\(label): no CRS and coordinates up to \(corner) are not longitude/latitude",
                fix: "declare the CRS with {option} EPSG:n (e.g. {option} EPSG:32650), or {option} local for local metres without georeference")
        }
        if crs.isGeographic && !geographic {
            throw OptionError(
                key: key, "\(label): CRS \(crs) is in degrees but coordinates reach \(corner), which is not longitude/latitude",
                fix: "declare the real CRS with {option} EPSG:n, or {option} local for local metres without georeference")
        }
        return crs
    }
}
