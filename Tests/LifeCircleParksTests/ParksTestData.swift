import Foundation
import LifeCircleGeometry

/// Paths to the shared real data, relative to the package root.
enum ParksTestData {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geodata = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/geodata")
    static let beijing = geodata.appendingPathComponent("beijing_hlg/hlg.geojson")
    static var hasBeijing: Bool { FileManager.default.fileExists(atPath: beijing.path) }

    struct PlanFeature { var id: Int; var type: Int; var existence: Bool; var geometry: GeometryValue }

    /// Minimal GeoJSON reader for the plan (polygons, lines, points; local metres).
    static func beijingPlan() throws -> [PlanFeature] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: beijing)) as! [String: Any]
        return (json["features"] as! [[String: Any]]).map { f in
            let p = f["properties"] as! [String: Any]
            let g = f["geometry"] as! [String: Any]
            let c = g["coordinates"]!
            let geom: GeometryValue
            switch g["type"] as! String {
            case "Polygon":
                geom = .polygon((c as! [[[Double]]]).map { $0.map { Coordinate($0[0], $0[1]) } })
            case "LineString":
                geom = .lineString((c as! [[Double]]).map { Coordinate($0[0], $0[1]) })
            default:
                let xy = c as! [Double]
                geom = .point(Coordinate(xy[0], xy[1]))
            }
            return PlanFeature(id: p["id"] as! Int, type: p["type"] as! Int, existence: p["existence"] as! Bool, geometry: geom)
        }
    }
}

/// Shoelace area of a polygon value (holes subtract), independent of GEOS.
func shoelaceArea(_ g: GeometryValue) -> Double {
    g.polygonParts.reduce(0.0) { acc, rings in
        rings.enumerated().reduce(acc) { a, e in
            let ring = e.element
            var s = 0.0
            // Relative to the first vertex: projected coordinates are large, and
            // products of millions would lose the area's last digits.
            let o = ring[0]
            for k in 0..<(ring.count - 1) {
                let ax = ring[k].x - o.x, ay = ring[k].y - o.y, bx = ring[k + 1].x - o.x, by = ring[k + 1].y - o.y
                s += ax * by - bx * ay
            }
            return a + (e.offset == 0 ? abs(s) / 2 : -abs(s) / 2)
        }
    }
}

/// Distance from a point to the nearest ring segment, independent of GEOS.
func distanceToBoundary(_ p: Coordinate, _ g: GeometryValue) -> Double {
    var best = Double.infinity
    for ring in g.polygonParts.flatMap({ $0 }) {
        for k in 0..<(ring.count - 1) {
            let a = ring[k], b = ring[k + 1]
            let dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy
            let t = l2 > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2)) : 0
            best = min(best, Coordinate(a.x + t * dx, a.y + t * dy).distance(to: p))
        }
    }
    return best
}

/// Even-odd point in polygon, independent of GEOS.
func pointInPolygon(_ p: Coordinate, _ g: GeometryValue) -> Bool {
    var inside = false
    for ring in g.polygonParts.flatMap({ $0 }) {
        for k in 0..<(ring.count - 1) {
            let a = ring[k], b = ring[k + 1]
            if (a.y > p.y) != (b.y > p.y), p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) { inside.toggle() }
        }
    }
    return inside
}
