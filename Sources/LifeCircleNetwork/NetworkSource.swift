import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Reading a walking network, the one way every job does it: an OSM extract
/// (walkable ways and the outlines of walkable pedestrian areas, by
/// `WalkableTagRules`) or a line layer (road centrelines).
public enum NetworkSource {
    /// Walkable polylines of `source`, in the source's own CRS. `key` is the
    /// option that gave it (`network`), named in errors.
    public static func readLines(
        _ source: InputSource, key: String = "network", rules: WalkableTagRules = .standard,
        defaultCRS: CRS? = nil
    ) throws -> (lines: [[Coordinate]], crs: CRS?) {
        if source.isOSM {
            let osm = try OSMReader.read(source.path, layers: [.lines, .multipolygons])
            var lines: [[Coordinate]] = []
            for (i, g) in osm.lines.geometries.enumerated() where rules.isWalkable(osm.lines.tags[i]) {
                lines.append(contentsOf: g.lineParts)
            }
            // Pedestrian areas: their outlines are walkable edges when tagged highway.
            for (i, g) in osm.multipolygons.geometries.enumerated() where rules.isWalkable(osm.multipolygons.tags[i]) {
                lines.append(contentsOf: g.lineParts)
            }
            if lines.isEmpty {
                throw OptionError(
                    key: key, "\(source.path): no walkable way in the OSM extract",
                    fix: "check the extract covers the study area and the walkable-tag rules")
            }
            return (lines, osm.crs)
        }
        var t = try source.read(key: key, defaultCRS: defaultCRS, fields: [])
        // One pass over the geometries, which the table gives up first: each
        // line's coordinates are then shared, not copied, and a city's
        // million lines cost no per-line allocation here.
        let geometries = t.geometries
        t.geometries = []
        var lines: [[Coordinate]] = []
        lines.reserveCapacity(geometries.count)
        var nonEmpty = 0, polygonal = 0
        for g in geometries {
            guard let g, !g.isEmpty else { continue }
            nonEmpty += 1
            switch g {
            case .lineString(let cs): lines.append(cs)
            case .multiLineString(let ls): lines.append(contentsOf: ls)
            case .polygon, .multiPolygon: polygonal += 1
            case .collection:
                if g.polygonParts.isEmpty { lines.append(contentsOf: g.lineParts) } else { polygonal += 1 }
            case .point, .multiPoint: break
            }
        }
        if nonEmpty > 0 && polygonal == nonEmpty {
            throw OptionError(
                key: key,
                "\(source.label): the network is a polygon layer (\(polygonal) polygons), and walking along outlines is not walking along streets",
                fix: "give road centrelines or an OSM extract as {option}")
        }
        // In a mixed layer the polygons are left out: their outlines are not streets either.
        if lines.isEmpty {
            throw OptionError(
                key: key, "\(source.label): the network layer has no lines",
                fix: "give a line layer (road centrelines) or an OSM extract as {option}")
        }
        return (lines, t.crs)
    }

    /// Reads `source`, projects it into `frame` and builds the walking graph.
    public static func load(
        _ source: InputSource, key: String = "network", frame: WorkingFrame, rules: WalkableTagRules = .standard,
        options: NetworkBuildOptions = NetworkBuildOptions()
    ) throws -> WalkNetwork {
        let raw = try readLines(source, key: key, rules: rules, defaultCRS: frame.crs)
        let lines = try frame.project(lines: raw.lines, from: raw.crs, label: source.label)
        return try NetworkBuilder.build(lines: lines, options: options)
    }
}
