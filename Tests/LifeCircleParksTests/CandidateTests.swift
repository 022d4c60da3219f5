import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleParks

func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> GeometryValue {
    .polygon([[Coordinate(x0, y0), Coordinate(x1, y0), Coordinate(x1, y1), Coordinate(x0, y1), Coordinate(x0, y0)]])
}

func ringLength(_ g: GeometryValue) -> Double {
    g.polygonParts.flatMap { $0 }.reduce(0.0) { acc, ring in
        (0..<(ring.count - 1)).reduce(acc) { $0 + ring[$1].distance(to: ring[$1 + 1]) }
    }
}

@Suite struct CandidateTests {
    @Test func landMinusObstaclesSplitsAndFilters() throws {
        let land = [
            rect(0, 0, 200, 100), rect(300, 0, 400, 8), rect(500, 0, 510, 10), rect(600, 0, 800, 200),
            .lineString([Coordinate(0, 0), Coordinate(1, 1)]),
        ]
        var o = CandidateOptions()
        o.buildingSetback = 5
        let r = try CandidateGenerator.generate(
            land: land, buildings: [rect(10, 10, 30, 30)],
            roads: [
                RoadLine(geometry: .lineString([Coordinate(-10, 50), Coordinate(210, 50)]), width: 10),
                RoadLine(geometry: .lineString([Coordinate(600, 100), Coordinate(800, 100)]), roadClass: "residential"),
            ],
            water: [rect(700, 150, 800, 200)], options: o)
        // Land 0 splits along the road into two halves.
        let halves = r.parts.filter { $0.sourceIndex == 0 }
        #expect(halves.count == 2)
        let top = try #require(halves.first { $0.geometry.envelope.minY > 50 })
        #expect(abs(top.area - 9_000) < 1e-6)  // 200 × 45
        #expect(abs(top.width - 45) < 0.1)  // the inscribed circle spans the 45 m depth
        #expect(top.isAccepted)
        let bottom = try #require(halves.first { $0.geometry.envelope.maxY < 50 })
        // 200 × 45 minus the building grown by 5 m: 20² + 4·20·5 plus four rounded
        // corners, which with 4 segments per quarter form a 16-gon of radius 5.
        let grown = 400 + 400 + 0.5 * 16 * 25 * sin(2 * Double.pi / 16)
        #expect(abs(bottom.area - (9_000 - grown)) < 1e-6)
        #expect(bottom.isAccepted)
        // Land 1: 100 × 8 strip, too narrow. Land 2: 100 m², too small.
        #expect(
            r.parts.first { $0.sourceIndex == 1 }?.rejection == .tooNarrow(width: 8, minimum: 10)
                || abs((r.parts.first { $0.sourceIndex == 1 }.map { $0.width } ?? 0) - 8) < 0.1)
        #expect(r.parts.first { $0.sourceIndex == 1 }?.rejection?.code == "too_narrow")
        #expect(r.parts.first { $0.sourceIndex == 2 }?.rejection == .tooSmall(area: 100, minimum: 400))
        // Land 3: 200 × 200 cut by a residential road (8 m) and water: both parts too large or accepted by area.
        let big = r.parts.filter { $0.sourceIndex == 3 }
        #expect(big.count == 2)
        #expect(big.allSatisfy { $0.rejection?.code == "too_large" })
        let south = try #require(big.first { $0.geometry.envelope.maxY < 100 })
        #expect(abs(south.area - 200 * 96) < 1e-6)
        // Land 4 is not a polygon.
        #expect(r.parts.first { $0.sourceIndex == 4 }?.rejection?.code == "invalid_geometry")
        // Independent checks on every measured part.
        for p in r.parts where p.area > 0 {
            #expect(abs(shoelaceArea(p.geometry) - p.area) < 1e-6 * max(1, p.area))
            let perim = ringLength(p.geometry)
            #expect(abs(perim - p.perimeter) < 1e-6 * perim)
            #expect(abs(p.compactness - 4 * Double.pi * p.area / (perim * perim)) < 1e-12)
            // The width circle lies inside the part and touches its boundary.
            #expect(pointInPolygon(p.widthCenter, p.geometry))
            #expect(abs(distanceToBoundary(p.widthCenter, p.geometry) - p.width / 2) < 0.1)
        }
    }

    @Test func invalidLandIsRepairedAndNoted() throws {
        // A bow-tie: invalid, repaired into two triangles of 2,500 m² each.
        let bow: GeometryValue = .polygon([[Coordinate(0, 0), Coordinate(100, 100), Coordinate(100, 0), Coordinate(0, 100), Coordinate(0, 0)]])
        let r = try CandidateGenerator.generate(land: [bow])
        #expect(r.notes.contains { $0.contains("land feature 0 was invalid") })
        #expect(r.parts.count == 2)
        #expect(r.parts.allSatisfy { abs($0.area - 2_500) < 1e-6 && $0.isAccepted })
    }

    @Test func nothingSurvivesGivesANote() throws {
        let r = try CandidateGenerator.generate(land: [rect(0, 0, 10, 10)])
        #expect(r.accepted.isEmpty)
        #expect(r.notes.last?.hasPrefix("no candidate survives the filters") == true)
        #expect(throws: ParksError.self) {
            var o = CandidateOptions(); o.minArea = 500; o.maxArea = 100
            _ = try CandidateGenerator.generate(land: [], options: o)
        }
    }

    @Test func euclideanSetsMatchDirectDistances() throws {
        var rng = SplitMix64(seed: 42)
        let residents = (0..<3000).map { _ in Coordinate(Double.random(in: 0..<2000, using: &rng), Double.random(in: 0..<2000, using: &rng)) }
        let sites: [GeometryValue] = (0..<40).map { _ in
            let x = Double.random(in: 0..<1900, using: &rng), y = Double.random(in: 0..<1900, using: &rng)
            return rect(x, y, x + Double.random(in: 20..<100, using: &rng), y + Double.random(in: 20..<100, using: &rng))
        }
        let sets = try EuclideanCoverage.sets(candidates: sites, residents: residents, radius: 250)
        for (j, s) in sites.enumerated() {
            let expected = residents.indices.filter { pointInPolygon(residents[$0], s) || distanceToBoundary(residents[$0], s) <= 250 }
            #expect(sets.demands(of: j).map(Int.init) == expected)
        }
        // GEOS agrees on the distances.
        let g = try Geometry(sites[0])
        for p in residents.prefix(200) {
            #expect(abs(try g.distance(to: Geometry(point: p)) - PolygonDistance(sites[0]).distance(to: p)) < 1e-9)
        }
    }
}
