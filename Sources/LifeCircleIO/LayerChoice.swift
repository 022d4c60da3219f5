import CGDAL
import Foundation

/// The geometry an input must hold, so a multi-layer file given without a
/// layer can be read only when exactly one of its layers fits.
public enum GeometryNeed: Sendable, Equatable {
    case points, lines, polygons, pointsOrPolygons

    /// What each input option holds (the option keys of every job).
    public static func forInput(_ key: String) -> GeometryNeed? {
        switch key {
        case "network", "roads", "barriers": return .lines
        case "zones", "communities", "units", "green", "water", "buildings", "land", "study_area", "grids_layer", "residential":
            return .polygons
        case "residents", "facilities", "candidates": return .pointsOrPolygons
        default: return nil
        }
    }

    var words: String {
        switch self {
        case .points: return "points"
        case .lines: return "lines"
        case .polygons: return "polygons"
        case .pointsOrPolygons: return "points or polygons"
        }
    }

    /// Unknown or mixed geometry ("Geometry", "GeometryCollection") might hold anything.
    func accepts(_ type: OGRwkbGeometryType) -> Bool {
        let flat = OGRwkbGeometryType(rawValue: type.rawValue & 0xff) ?? type
        switch flat {
        case wkbPoint, wkbMultiPoint: return self == .points || self == .pointsOrPolygons
        case wkbLineString, wkbMultiLineString: return self == .lines
        case wkbPolygon, wkbMultiPolygon: return self == .polygons || self == .pointsOrPolygons
        case wkbNone: return false
        default: return true
        }
    }
}

/// No silent guesses: which layer of a dataset to read when none is named.
enum LayerChoice {
    /// The named layer; else the only one; else the only one holding the
    /// needed geometry (with a note saying which was taken). Anything else is
    /// an error listing the layers, naming the `{input}_layer` option.
    static func choose(_ ds: VectorDataset, _ options: ReadOptions) throws -> (layer: OGRLayerH, note: String?) {
        if let name = options.layer { return (try ds.layer(name), nil) }
        let count = GDALDatasetGetLayerCount(ds.handle)
        // The OSM driver's fixed layers (points, lines, ...) are read by OSMReader, by name.
        if count <= 1 || ds.driverName == "OSM" { return (try ds.layer(nil), nil) }
        var layers: [(handle: OGRLayerH, name: String, type: OGRwkbGeometryType)] = []
        for i in 0..<count {
            guard let l = GDALDatasetGetLayer(ds.handle, i) else { continue }
            layers.append((l, String(cString: OGR_L_GetName(l)), OGR_L_GetGeomType(l)))
        }
        let key = options.inputKey.map { "\($0)_layer" } ?? "layer"
        let isTable = ds.driverName == "CSV" || ds.driverName == "XLSX"
        let fitting: [(handle: OGRLayerH, name: String, type: OGRwkbGeometryType)]
        if isTable || options.aspatial {
            fitting = layers
        } else if let need = options.geometry {
            fitting = layers.filter { need.accepts($0.type) }
        } else {
            fitting = layers.filter { $0.type != wkbNone }
        }
        let what = isTable ? "sheets" : "layers"
        let list =
            layers.prefix(12).map { l in
                isTable || l.type == wkbNone ? "'\(l.name)'" : "'\(l.name)' (\(String(cString: OGRGeometryTypeToName(l.type))))"
            }.joined(separator: ", ") + (layers.count > 12 ? ", …" : "")
        // LifeCircle's own grids output (layers grids, units, grid_metrics) given as the existing grids.
        if options.inputKey == "grids_layer", let own = fitting.first(where: { $0.name == "grids" }) {
            return (own.handle, "\(ds.path): layer 'grids' taken (LifeCircle's grid polygons; \(layers.count - 1) other layers)")
        }
        if fitting.count == 1, !isTable, let only = fitting.first {
            let others = layers.count - 1
            let kind = options.geometry.map { "the only layer of \($0.words)" } ?? "the only layer with geometry"
            return (only.handle, "\(ds.path): layer '\(only.name)' taken, \(kind) (\(others) other \(others == 1 ? "layer" : "layers"))")
        }
        let why: String
        if fitting.isEmpty, let need = options.geometry {
            why = "none of its \(layers.count) \(what) holds \(need.words): \(list)"
        } else {
            why = "it has \(layers.count) \(what): \(list)"
        }
        throw OptionError(key: key, "\(ds.path): which layer? \(why)", fix: "name one with {option}")
    }
}
