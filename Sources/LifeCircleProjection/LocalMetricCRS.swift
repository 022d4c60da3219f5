import Foundation
import LifeCircleGeometry

/// Choosing a metric CRS in which a dataset's distances and areas are true
/// to well under 0.1 % (the data span a city, not a continent).
extension CRS {
    /// WGS 84 / UTM zone of a point: EPSG:326zz north of the equator,
    /// 327zz south, with the Norway (32V) and Svalbard (31X–37X) exceptions.
    public static func utm(forLongitude lon: Double, latitude lat: Double) -> CRS {
        let zone = utmZone(longitude: lon, latitude: lat)
        let north = lat >= 0
        let code = (north ? 32600 : 32700) + zone
        return CRS(
            kind: .proj, definition: "EPSG:\(code)",
            name: "WGS 84 / UTM zone \(zone)\(north ? "N" : "S")",
            epsg: code, isGeographic: false, isMetric: true)
    }

    /// UTM zone number 1...60 of a point.
    public static func utmZone(longitude lon: Double, latitude lat: Double) -> Int {
        // Normalise to [-180, 180) so 180°E lands in zone 1 like -180°.
        var l = (lon + 180).truncatingRemainder(dividingBy: 360)
        if l < 0 { l += 360 }
        var zone = Int((l / 6).rounded(.down)) + 1
        zone = min(max(zone, 1), 60)
        let lonN = l - 180
        if lat >= 56 && lat < 64 && lonN >= 3 && lonN < 12 { zone = 32 }  // south-west Norway
        if lat >= 72 && lat < 84 {  // Svalbard
            if lonN >= 0 && lonN < 9 {
                zone = 31
            } else if lonN >= 9 && lonN < 21 {
                zone = 33
            } else if lonN >= 21 && lonN < 33 {
                zone = 35
            } else if lonN >= 33 && lonN < 42 {
                zone = 37
            }
        }
        return zone
    }

    /// CGCS2000 / 3-degree Gauss–Krüger CM nnnE (no zone prefix in the
    /// easting): EPSG:4534 is CM 75°E and each next code is 3° further east,
    /// up to EPSG:4554 = CM 135°E (as in PROJ's database).
    public static func cgcs2000GaussKruger3(forLongitude lon: Double) throws -> CRS {
        guard lon.isFinite, lon >= 73.5, lon <= 136.5 else {
            throw ProjectionError.outsideGaussKrugerZones(longitude: lon)
        }
        let k = min(max(Int(((lon - 73.5) / 3).rounded(.down)), 0), 20)  // 0 -> CM 75E
        let cm = 75 + 3 * k
        let code = 4534 + k
        return CRS(
            kind: .proj, definition: "EPSG:\(code)",
            name: "CGCS2000 / 3-degree Gauss-Kruger CM \(cm)E",
            epsg: code, isGeographic: false, isMetric: true)
    }

    /// A metric CRS for data whose extent (longitude/latitude, WGS 84 or
    /// near enough) is `envelope`: the UTM zone of its centre, or the
    /// CGCS2000 3-degree Gauss–Krüger zone when `preferCGCS2000`.
    public static func localMetric(for envelope: Envelope, preferCGCS2000: Bool = false) throws -> CRS {
        guard !envelope.isEmpty else {
            throw ProjectionError.notGeographic("cannot choose a metric CRS for empty data: no coordinates")
        }
        guard CoordinateSanity.looksGeographic(envelope) else {
            throw ProjectionError.notGeographic(
                "cannot choose a metric CRS: extent \(envelope.minX) \(envelope.minY) \(envelope.maxX) \(envelope.maxY) is not longitude/latitude; give the data's CRS"
            )
        }
        let c = envelope.center
        return preferCGCS2000
            ? try cgcs2000GaussKruger3(forLongitude: c.x)
            : utm(forLongitude: c.x, latitude: c.y)
    }
}
