import CGDAL
import Foundation
import LifeCircleGeometry

/// A GEOS failure (TopologyException and the like) during an overlay, union or
/// buffer of a user's layer, restated so a planner can act: which file and
/// feature (its fid) is invalid, GEOS's reason, and how to repair it. GEOS
/// itself only says "Input geom 1 is invalid" about an intermediate result.
public enum GeometryDiagnosis {
    /// `error` unchanged unless it is a GEOS failure; then an `OptionError`
    /// naming the first invalid feature among `inputs` (option key, source),
    /// or, when every feature is valid, the layers the operation worked on.
    public static func explain(_ error: Error, inputs: [(key: String, source: InputSource?)]) -> Error {
        guard let e = error as? GeometryError else { return error }
        let given = inputs.compactMap { i in i.source.map { (key: i.key, source: $0) } }.filter { !$0.source.isOSM }
        for (key, source) in given {
            guard let bad = firstInvalid(source) else { continue }
            return OptionError(
                key: key, "\(source.label) feature fid \(bad.fid) is not a valid polygon (\(bad.reason)), so \(e.message)",
                fix: "repair it (lifecircle convert \(source.path) fixed.gpkg --make-valid, or QGIS Fix geometries) and give the result as {option}")
        }
        let names = given.map(\.source.label).joined(separator: ", ")
        return OptionError(
            key: given.first?.key ?? "input", "\(e.message) (while working on \(names.isEmpty ? "the inputs" : names))",
            fix: "check the layers with QGIS Check validity and repair them (QGIS Fix geometries, or lifecircle convert --make-valid)")
    }

    /// Runs `body`, restating a GEOS failure with `explain`.
    public static func attributing<T>(_ inputs: [(key: String, source: InputSource?)], _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw explain(error, inputs: inputs) }
    }

    /// The first polygon feature GEOS finds invalid (or cannot build), with
    /// its fid and GEOS's reason; nil when every one is valid or the file
    /// cannot be opened (the original error is then reported).
    static func firstInvalid(_ source: InputSource) -> (fid: Int64, reason: String)? {
        guard let ds = try? VectorDataset(path: source.path) else { return nil }
        var options = ReadOptions(layer: source.layer)
        options.inputKey = "input"
        guard let (l, _) = try? LayerChoice.choose(ds, options) else { return nil }
        if let f = source.filter { _ = OGR_L_SetAttributeFilter(l, f) }
        defer { OGR_L_SetAttributeFilter(l, nil) }
        OGR_L_ResetReading(l)
        while let f = OGR_L_GetNextFeature(l) {
            defer { OGR_F_Destroy(f) }
            guard let v = OGR_F_GetGeometryRef(f).flatMap(OGRGeometryConversion.value), !v.polygonParts.isEmpty else { continue }
            do {
                let g = try Geometry(v)
                if try !g.isValid { return (OGR_F_GetFID(f), try g.validityReason) }
            } catch {
                return (OGR_F_GetFID(f), "\(error)")
            }
        }
        return nil
    }
}
