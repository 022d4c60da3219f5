import Foundation
import LifeCircleProjection

/// One input of a job: a file, optionally one layer of it, an OGR SQL filter,
/// the CRS its coordinates are in when the file has none or a wrong one, and
/// the text encoding of its attributes. `role` names it in messages
/// ("residents") and `key` is the option that gives it (`residents`), so an
/// error can point at `{key}_crs` or `{key}_filter`.
public struct InputSource: Sendable, Equatable, Codable {
    public var path: String
    public var layer: String?
    public var filter: String?
    public var crs: CRS?
    public var encoding: String?
    /// Coordinate columns of a CSV or XLSX table; nil = found by name.
    public var xField: String?
    public var yField: String?
    /// One "lng,lat" column (Amap's `location`).
    public var locationField: String?

    public init(
        path: String, layer: String? = nil, filter: String? = nil, crs: CRS? = nil, encoding: String? = nil,
        xField: String? = nil, yField: String? = nil, locationField: String? = nil
    ) {
        self.path = path; self.layer = layer; self.filter = filter; self.crs = crs; self.encoding = encoding
        self.xField = xField; self.yField = yField; self.locationField = locationField
    }

    /// The coordinate columns as `ReadOptions` takes them.
    public var coordinates: CoordinateFields { CoordinateFields(x: xField, y: yField, location: locationField) }

    /// An OpenStreetMap extract (read through GDAL's OSM driver, tags kept).
    public var isOSM: Bool { InputSource.isOSM(path) }

    public static func isOSM(_ path: String) -> Bool {
        let l = path.lowercased()
        return l.hasSuffix(".pbf") || l.hasSuffix(".osm")
    }

    /// The file and layer, as messages name them.
    public var label: String { layer.map { "\(path) layer '\($0)'" } ?? path }

    /// Reads the layer. `key` is the option that gave this input (for the CRS
    /// key named in errors); `defaultCRS` is the job's working CRS for files
    /// without one.
    public func read(key: String, defaultCRS: CRS? = nil, fields: [String]? = nil) throws -> FeatureTable {
        var options = ReadOptions(
            layer: layer, filter: filter, encoding: encoding, declaredCRS: crs, defaultCRS: defaultCRS,
            crsKey: crs == nil ? "crs" : "\(key)_crs", fields: fields)
        options.coordinates = coordinates
        options.inputKey = key
        options.geometry = GeometryNeed.forInput(key)
        let table = try LayerReader.read(path, options)
        // An empty input is a mistake, said as such before any analysis counts it.
        if table.count == 0 {
            let where_ = "\(path) layer '\(table.name)'"
            if let filter {
                throw OptionError(
                    key: "\(key)_filter", "\(where_): no feature matches the filter '\(filter)'", fix: "check the filter given as {option}")
            }
            throw OptionError(key: key, "\(where_) is empty", fix: "give a layer with features as {option}")
        }
        return table
    }
}

extension CRS: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try CRS.parse(text) } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown CRS '\(text)': give EPSG:n, wgs84, gcj02, bd09, utm, cgcs2000-gk or local"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(identifier)
    }
}
