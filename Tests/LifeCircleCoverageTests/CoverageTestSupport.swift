import Foundation
import LifeCircleGeometry

/// ../shared/geodata relative to the package root.
let geodataRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/geodata").path
}()
func geodata(_ rel: String) -> String { geodataRoot + "/" + rel }
func hasGeodata(_ rel: String) -> Bool { FileManager.default.fileExists(atPath: geodata(rel)) }

/// Shoelace centroid of a polygon's shell, computed without GEOS.
func shellCentroid(_ ring: [Coordinate]) -> Coordinate {
    // Relative to the first vertex: UTM northings (~7e6 m) would otherwise
    // cancel catastrophically in the cross products.
    let o = ring[0]
    var a = 0.0, cx = 0.0, cy = 0.0
    for i in 0..<(ring.count - 1) {
        let p = Coordinate(ring[i].x - o.x, ring[i].y - o.y), q = Coordinate(ring[i + 1].x - o.x, ring[i + 1].y - o.y)
        let c = p.x * q.y - q.x * p.y
        a += c; cx += (p.x + q.x) * c; cy += (p.y + q.y) * c
    }
    a /= 2
    return Coordinate(o.x + cx / (6 * a), o.y + cy / (6 * a))
}
