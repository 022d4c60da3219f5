import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

@testable import LifeCircleParks

/// Candidate generation on the embedded central-Helsinki OSM extract, in UTM 35N:
/// land = land-use polygons (residential, commercial, retail, civil, grass,
/// construction) minus buildings (2 m setback), roads (class widths), water
/// and existing parks. Every reported measure is re-checked here without GEOS.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: TestData.helsinkiPBF), "geodata/Helsinki.osm.pbf absent: skipping"))
struct HelsinkiCandidateTests {
    struct Inputs {
        var land: [GeometryValue] = [], buildings: [GeometryValue] = [], water: [GeometryValue] = [], parks: [GeometryValue] = []
        var roads: [RoadLine] = []
    }

    static func inputs() throws -> Inputs {
        let osm = try OSMReader.read(TestData.helsinkiPBF, layers: [.lines, .multipolygons])
        var env = Envelope.empty
        for g in osm.lines.geometries { env.expand(toInclude: g.envelope) }
        let utm = CRS.utm(forLongitude: env.center.x, latitude: env.center.y)
        let t = try CoordinateTransformer(from: .wgs84, to: utm)
        var out = Inputs()
        let landUses: Set<String> = ["residential", "commercial", "retail", "civil", "grass", "construction"]
        for (g, tags) in zip(osm.multipolygons.geometries, osm.multipolygons.tags) {
            let m = try t.transform(g)
            if tags["building"] != nil {
                out.buildings.append(m)
            } else if tags["natural"] == "water" || tags["water"] != nil || tags["landuse"] == "basin" || tags["landuse"] == "pond" {
                out.water.append(m)
            } else if let l = tags["leisure"], ["park", "garden", "playground", "pitch"].contains(l) {
                out.parks.append(m)
            } else if let l = tags["landuse"], landUses.contains(l) {
                out.land.append(m)
            }
        }
        for (g, tags) in zip(osm.lines.geometries, osm.lines.tags) {
            guard let h = tags["highway"] else { continue }
            out.roads.append(RoadLine(geometry: try t.transform(g), width: tags["width"].flatMap(Double.init), roadClass: h))
        }
        return out
    }

    /// Largest distance to the boundary over a lattice of interior points: the
    /// inscribed-circle radius to within half the lattice diagonal.
    static func latticeMaxClearance(_ g: GeometryValue, step: Double) -> Double {
        let e = g.envelope
        var best = 0.0
        var y = e.minY + step / 2
        while y < e.maxY {
            var x = e.minX + step / 2
            while x < e.maxX {
                let p = Coordinate(x, y)
                if pointInPolygon(p, g) { best = max(best, distanceToBoundary(p, g)) }
                x += step
            }
            y += step
        }
        return best
    }

    static func distanceToLine(_ p: Coordinate, _ line: [Coordinate]) -> Double {
        var best = Double.infinity
        for k in 0..<(line.count - 1) {
            let a = line[k], b = line[k + 1]
            let dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy
            let t = l2 > 0 ? max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2)) : 0
            best = min(best, Coordinate(a.x + t * dx, a.y + t * dy).distance(to: p))
        }
        return best
    }

    @Test func candidatesFromLandPassIndependentChecks() throws {
        let input = try Self.inputs()
        #expect(input.land.count > 100)
        #expect(input.buildings.count == 494)
        var o = CandidateOptions()
        o.buildingSetback = 2
        let r = try CandidateGenerator.generate(
            land: input.land, buildings: input.buildings, roads: input.roads,
            water: input.water, parks: input.parks, options: o)
        let accepted = r.accepted
        print(
            "Helsinki: \(r.parts.count) parts, \(accepted.count) candidates; rejections:",
            Dictionary(grouping: r.rejected, by: { $0.rejection!.code }).mapValues(\.count))
        #expect(accepted.count >= 5)
        let step = 0.5
        for c in accepted {
            // Area by shoelace, inside the band.
            let a = shoelaceArea(c.geometry)
            #expect(abs(a - c.area) < 1e-6 * a)
            #expect(a >= 400 && a <= 10_000)
            // Width: the reported circle centre is inside and clear of the boundary by width/2 ...
            #expect(pointInPolygon(c.widthCenter, c.geometry))
            #expect(abs(distanceToBoundary(c.widthCenter, c.geometry) - c.width / 2) < 0.06)
            #expect(c.width >= 10)
            // ... and no interior lattice point is clearer than that (it is the maximum).
            #expect(Self.latticeMaxClearance(c.geometry, step: step) <= c.width / 2 + 0.06)
            // Obstacles: the circle centre is outside every building (with setback) and clear of road bodies.
            for b in input.buildings where b.envelope.expanded(by: 2).contains(c.widthCenter) {
                #expect(!pointInPolygon(c.widthCenter, b) && distanceToBoundary(c.widthCenter, b) >= 2 - 0.01)
            }
            for road in input.roads {
                let half = o.fullWidth(of: road) / 2
                for line in road.geometry.lineParts where line.count >= 2 {
                    #expect(Self.distanceToLine(c.widthCenter, line) >= half - 0.01)
                }
            }
            // Compactness by own perimeter.
            let perim = ringLength(c.geometry)
            #expect(abs(c.compactness - 4 * Double.pi * a / (perim * perim)) < 1e-6 * c.compactness)
        }
        // Narrow rejections really are narrow.
        for c in r.rejected where c.rejection?.code == "too_narrow" && c.area >= 400 && c.area <= 10_000 {
            #expect(c.width < 10)
            #expect(Self.latticeMaxClearance(c.geometry, step: step) <= c.width / 2 + 0.06)
        }
        // Small rejections really are small.
        for c in r.rejected where c.rejection?.code == "too_small" {
            #expect(shoelaceArea(c.geometry) < 400 + 1e-6)
        }
    }
}
