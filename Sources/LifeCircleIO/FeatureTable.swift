import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// The kind of values an attribute column holds.
public enum FieldType: String, Sendable, Codable {
    case integer, real, string, date, dateTime
}

/// One attribute value.
public enum FieldValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case string(String)

    public var doubleValue: Double? {
        switch self {
        case .null: return nil
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces))
        }
    }

    public var stringValue: String? {
        switch self {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .string(let s): return s
        }
    }
}

/// A named attribute column.
public struct Column: Sendable {
    public var name: String
    public var type: FieldType
    /// Numbers computed by an analysis stay unboxed until someone asks for
    /// `values`: a result table of 100,000 rows × 20 columns then goes to the
    /// writer without 2 million boxed values in between.
    enum Storage: Sendable {
        case boxed([FieldValue])
        /// Non-finite values (a distance beyond the cut-off) are null.
        case reals([Double])
        case integers([Int64])
    }
    var storage: Storage

    public var values: [FieldValue] {
        get {
            switch storage {
            case .boxed(let v): return v
            case .reals(let d): return d.map { $0.isFinite ? .real($0) : .null }
            case .integers(let i): return i.map { .integer($0) }
            }
        }
        set { storage = .boxed(newValue) }
    }

    /// One row's value in O(1), whatever the storage (`values` re-boxes the
    /// whole column, so row loops must use this).
    @inline(__always) public func value(at row: Int) -> FieldValue {
        switch storage {
        case .boxed(let v): return v[row]
        case .reals(let d): return d[row].isFinite ? .real(d[row]) : .null
        case .integers(let i): return .integer(i[row])
        }
    }

    /// Number of rows.
    public var count: Int {
        switch storage {
        case .boxed(let v): return v.count
        case .reals(let d): return d.count
        case .integers(let i): return i.count
        }
    }

    public init(name: String, type: FieldType, values: [FieldValue]) {
        self.name = name; self.type = type; self.storage = .boxed(values)
    }

    public init(name: String, doubles: [Double?]) {
        self.init(name: name, type: .real, values: doubles.map { $0.map(FieldValue.real) ?? .null })
    }
    /// Real values with every non-finite one (a distance beyond the cut-off) as null.
    public init(name: String, finiteDoubles: [Double]) {
        self.name = name; self.type = .real; self.storage = .reals(finiteDoubles)
    }
    /// Integer values, none null.
    public init(name: String, integers: [Int64]) {
        self.name = name; self.type = .integer; self.storage = .integers(integers)
    }
    public init(name: String, integers: [Int?]) {
        self.init(name: name, type: .integer, values: integers.map { $0.map { .integer(Int64($0)) } ?? .null })
    }
    public init(name: String, strings: [String?]) {
        self.init(name: name, type: .string, values: strings.map { $0.map(FieldValue.string) ?? .null })
    }
}

/// A layer read into columns: geometry plus typed attributes, all Sendable.
public struct FeatureTable: Sendable {
    public var name: String
    /// Where the layer came from, for error messages ("file.gpkg layer 'x'").
    public var source: String
    public var geometries: [GeometryValue?]
    public var columns: [Column]
    /// The CRS the coordinates are in (declared or read); nil for aspatial tables.
    public var crs: CRS?
    /// What reading decided or skipped ("read as GBK", rows without
    /// coordinates), for a job's warnings.
    public var notes: [String] = []

    public init(name: String, source: String = "", geometries: [GeometryValue?], columns: [Column] = [], crs: CRS?) {
        self.name = name; self.source = source; self.geometries = geometries; self.columns = columns; self.crs = crs
    }

    public var count: Int { geometries.count }
    public var fieldNames: [String] { columns.map(\.name) }

    private var label: String { source.isEmpty ? "layer '\(name)'" : "\(source) layer '\(name)'" }

    public func column(_ field: String) throws -> Column {
        if let c = columns.first(where: { $0.name == field }) { return c }
        // Be forgiving about case, as planners type field names by hand.
        if let c = columns.first(where: { $0.name.lowercased() == field.lowercased() }) { return c }
        throw IOError.unknownField(source.isEmpty ? name : source, name, field, fieldNames)
    }

    /// A numeric column; text that is not a number is an error naming the row.
    public func doubles(_ field: String) throws -> [Double?] {
        let c = try column(field)
        return try c.values.enumerated().map { i, v in
            if case .string(let s) = v, !s.trimmingCharacters(in: .whitespaces).isEmpty, v.doubleValue == nil {
                throw IOError("\(label): field '\(c.name)' is not numeric (feature \(i + 1) has '\(s)'): choose a numeric field")
            }
            return v.doubleValue
        }
    }

    public func strings(_ field: String) throws -> [String?] {
        try column(field).values.map(\.stringValue)
    }

    /// Appends or replaces a column.
    public mutating func setColumn(_ column: Column) throws {
        guard column.count == count else {
            throw IOError("\(source): column '\(column.name)' has \(column.count) values for \(count) features")
        }
        if let i = columns.firstIndex(where: { $0.name == column.name }) { columns[i] = column } else { columns.append(column) }
    }

    /// The rows whose index is in `keep`, in that order.
    public func subset(_ keep: [Int]) -> FeatureTable {
        var t = self
        t.geometries = keep.map { geometries[$0] }
        t.columns = columns.map { c in Column(name: c.name, type: c.type, values: keep.map { c.value(at: $0) }) }
        return t
    }

    /// The envelope of every geometry.
    public var envelope: Envelope {
        var e = Envelope.empty
        for g in geometries { if let g { e.expand(toInclude: g.envelope) } }
        return e
    }
}
