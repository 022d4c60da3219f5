import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// The one metric CRS a job works in, and the projection of every input into
/// it. Distances, tiers, radii and areas are in metres, so the working CRS is
/// never geographic.
public struct WorkingFrame: Sendable {
    public let crs: CRS

    public init(crs: CRS) { self.crs = crs }

    /// Chooses the working CRS: the one asked for (`utm` / `cgcs2000-gk`
    /// resolved from the data's centre), else the data's own when it is
    /// projected metres or local, else the UTM zone of the data's centre.
    /// `dataCRS` and `envelope` describe the input that fixes the frame.
    public static func choose(asked: CRS?, dataCRS: CRS?, envelope: Envelope) throws -> WorkingFrame {
        if let asked {
            if asked.isGeographic {
                throw OptionError(
                    key: "crs", "working CRS \(asked) is in degrees, but distances, tiers and areas are in metres",
                    fix: "give a projected CRS ({option} utm, {option} cgcs2000-gk or {option} EPSG:n), or leave {option} out for the local UTM zone")
            }
            if !asked.isAuto { return WorkingFrame(crs: asked) }
            return WorkingFrame(crs: try asked.resolveAuto(center: try lonLat(envelope, dataCRS).center))
        }
        guard let dataCRS else { return WorkingFrame(crs: .local) }
        if dataCRS.kind == .local { return WorkingFrame(crs: .local) }
        if dataCRS.isMetric && !dataCRS.isGeographic && dataCRS.kind == .proj { return WorkingFrame(crs: dataCRS) }
        return WorkingFrame(crs: try CRS.localMetric(for: lonLat(envelope, dataCRS)))
    }

    /// The envelope in WGS 84 longitude/latitude, to pick a zone from.
    static func lonLat(_ e: Envelope, _ crs: CRS?) throws -> Envelope {
        guard let crs, crs.isGeoreferenced else {
            throw OptionError(
                key: "crs", "cannot choose a metric CRS for data without georeference",
                fix: "give {option} EPSG:n, or {option} local for local metres")
        }
        return crs == .wgs84 ? e : try CoordinateTransformer(from: crs, to: .wgs84).transform(e)
    }

    /// Same CRS, also when one is spelt as WKT and the other as its EPSG code
    /// (a no-op transformation through PROJ would still move points by millimetres).
    public static func same(_ a: CRS, _ b: CRS) -> Bool { a == b || (a.epsg != nil && a.epsg == b.epsg) }

    private func transformer(from: CRS?, label: String) throws -> CoordinateTransformer? {
        let src = from ?? crs
        if Self.same(src, crs) { return nil }
        do { return try CoordinateTransformer(from: src, to: crs) } catch { throw projectionError(src, label, error) }
    }

    private func projectionError(_ src: CRS, _ label: String, _ error: Error) -> OptionError {
        OptionError(
            key: "crs", "\(label): cannot bring it from \(src) into \(crs) (\(error))",
            fix: "give all inputs in one CRS, or declare the working CRS with {option}")
    }

    /// Geometries of an input in CRS `from` (nil: already in the frame).
    public func project(_ geoms: [GeometryValue?], from: CRS?, label: String) throws -> [GeometryValue?] {
        guard let t = try transformer(from: from, label: label) else { return geoms }
        do { return try t.transform(geoms) } catch { throw projectionError(from ?? crs, label, error) }
    }

    public func project(_ geoms: [GeometryValue], from: CRS?, label: String) throws -> [GeometryValue] {
        guard !geoms.isEmpty, let t = try transformer(from: from, label: label) else { return geoms }
        do { return try geoms.map { try t.transform($0) } } catch { throw projectionError(from ?? crs, label, error) }
    }

    /// Polylines, transformed in one flat buffer (a single PROJ call).
    public func project(lines: [[Coordinate]], from: CRS?, label: String) throws -> [[Coordinate]] {
        guard let t = try transformer(from: from, label: label) else { return lines }
        do {
            var flat = lines.flatMap { $0 }
            try t.transform(&flat)
            var out: [[Coordinate]] = []
            out.reserveCapacity(lines.count)
            var k = 0
            for l in lines {
                out.append(Array(flat[k..<(k + l.count)]))
                k += l.count
            }
            return out
        } catch { throw projectionError(from ?? crs, label, error) }
    }

    /// A whole table's geometries, its CRS set to the frame's.
    public func project(_ table: inout FeatureTable, label: String) throws {
        table.geometries = try project(table.geometries, from: table.crs, label: label)
        table.crs = crs
    }
}
