import Foundation
import TestSupport
import Testing

/// CGCS2000 inputs and working CRS end to end: a clinic in Shenzhen
/// (113.93° E, 22.52° N) and five homes due east of it at 100, 250, 400,
/// 700 and 1,200 m. Straight-line shares within 300 / 500 / 1,000 m are
/// therefore 2/5, 3/5 and 4/5, whichever of these CRSs the data is in.
@Suite(.requiresCLI) struct CGCS2000CommandTests {
    static let centre = (lon: 113.93, lat: 22.52)
    static let offsets = [100.0, 250, 400, 700, 1200]

    /// GeoJSON of the homes or the clinic, with a legacy `crs` member when `epsg` is given.
    static func geojson(_ points: [(Double, Double)], kind: String?, epsg: Int?) -> String {
        let crs = epsg.map { ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::\($0)\"}}" } ?? ""
        let features = points.map { p in
            let props = kind.map { "\"kind\":\"\($0)\"" } ?? "\"pop\":1"
            return "{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(p.0),\(p.1)]}}"
        }
        return "{\"type\":\"FeatureCollection\"\(crs),\"features\":[\(features.joined(separator: ","))]}"
    }

    /// Writes homes and clinic in `epsg` (nil: plain GeoJSON, WGS 84) and runs coverage.
    func run(_ dir: URL, epsg: Int?, extra: [String] = []) throws -> (status: Int32, stderr: String, summary: [String: Any]) {
        let tag = epsg.map(String.init) ?? "wgs84"
        // Metres east to degrees of longitude at this latitude (spherical; the shares have 50 m of slack).
        let perDegree = 111_320 * cos(Self.centre.lat * .pi / 180)
        let homes = Self.offsets.map { (Self.centre.lon + $0 / perDegree, Self.centre.lat) }
        let res = dir.appendingPathComponent("homes-\(tag).geojson"), fac = dir.appendingPathComponent("clinic-\(tag).geojson")
        try Self.geojson(homes, kind: nil, epsg: epsg).write(to: res, atomically: true, encoding: .utf8)
        try Self.geojson([Self.centre], kind: "clinic", epsg: epsg).write(to: fac, atomically: true, encoding: .utf8)
        let name = "\(tag)\(extra.isEmpty ? "" : "-" + extra.joined().replacingOccurrences(of: ":", with: ""))"
        let sum = dir.appendingPathComponent("s-\(name).json"), out = dir.appendingPathComponent("c-\(name).gpkg")
        let r = try CLI.run(
            [
                "coverage", "--metric", "euclidean", "--residents", res.path, "--weight", "pop", "--facilities", fac.path, "--category",
                "kind", "--tiers", "300,500,1000", "--out", out.path, "--summary", sum.path,
            ] + extra)
        let summary = (try? JSONSerialization.jsonObject(with: Data(contentsOf: sum))) as? [String: Any] ?? [:]
        return (r.status, r.stderr, summary)
    }

    func shares(_ s: [String: Any]) -> [Double] {
        let cats = s["categories"] as? [[String: Any]] ?? []
        return (cats.first?["tiers"] as? [[String: Any]] ?? []).compactMap { $0["share"] as? Double }
    }

    @Test func epsg4490InputGivesTheSameSharesAsWGS84() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wgs = try run(dir, epsg: nil), cgcs = try run(dir, epsg: 4490)
        #expect(wgs.status == 0, "\(wgs.stderr)")
        #expect(cgcs.status == 0, "\(cgcs.stderr)")
        #expect(shares(wgs.summary) == [0.4, 0.6, 0.8])
        // CGCS2000 and WGS 84 differ by centimetres: the same shares.
        #expect(shares(cgcs.summary) == [0.4, 0.6, 0.8])
        // Both pick UTM 49N (Shenzhen lies in 108-114° E) as the working CRS.
        #expect((wgs.summary["crs"] as? String ?? "").contains("32649"), "\(wgs.summary["crs"] ?? "")")
        #expect((cgcs.summary["crs"] as? String ?? "").contains("32649"), "\(cgcs.summary["crs"] ?? "")")
    }

    /// `--crs cgcs2000-gk` picks the 3-degree zone from the data's centre:
    /// 113.93° E is in the zone of CM 114° E, EPSG:4547 (the code without the
    /// zone number in the easting; EPSG:4526 is the same zone with it).
    @Test func cgcs2000GKPicksTheShenzhenZone() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(dir, epsg: 4490, extra: ["--crs", "cgcs2000-gk"])
        #expect(r.status == 0, "\(r.stderr)")
        let crs = r.summary["crs"] as? String ?? ""
        #expect(crs.contains("4547") && crs.contains("114"), "\(crs)")
        #expect(shares(r.summary) == [0.4, 0.6, 0.8])
        // The zone with its prefix works as a working CRS too, with the same result.
        let prefixed = try run(dir, epsg: nil, extra: ["--crs", "EPSG:4526"])
        #expect(prefixed.status == 0, "\(prefixed.stderr)")
        #expect((prefixed.summary["crs"] as? String ?? "").contains("4526"))
        #expect(shares(prefixed.summary) == [0.4, 0.6, 0.8])
    }
}
