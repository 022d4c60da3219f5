import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import Testing

@testable import LifeCircleCoverage

/// Issue 16 requirement 2: residents streamed a chunk at a time give the
/// rows and summary of the whole-set path, value for value. Each case runs
/// one job twice: `streamChunkRows = 0` (residents held whole, as before)
/// and a small odd chunk (so chunks end mid-edge and mid-category), and
/// compares the two GeoPackages row by row and the summaries (without
/// timings) as values and as JSON bytes.
@Suite struct CoverageStreamTests {
    /// A lattice of `n` × `n` streets 100 m apart (EPSG:32650), with two
    /// separate short streets off to the side (a minor component).
    static func writeLattice(_ path: String, n: Int) throws {
        var lines: [GeometryValue?] = []
        let o = Coordinate(500_000, 3_400_000)
        for i in 0..<n {
            let a = Double(i) * 100
            lines.append(.lineString([Coordinate(o.x, o.y + a), Coordinate(o.x + Double(n - 1) * 100, o.y + a)]))
            lines.append(.lineString([Coordinate(o.x + a, o.y), Coordinate(o.x + a, o.y + Double(n - 1) * 100)]))
        }
        lines.append(.lineString([Coordinate(o.x - 3000, o.y), Coordinate(o.x - 2900, o.y)]))
        try VectorWriter.write([OutputLayer(name: "streets", geometries: lines, crs: try CRS.epsg(32650))], to: path)
    }

    /// Residents near the network's vertices `around` (seeded jitter), with
    /// some far off the network, some without geometry and some without
    /// weight; facilities of three categories on a sparser subset. The first
    /// `leadingWithoutGeometry` residents have no geometry.
    static func writePeople(_ dir: String, around: [Coordinate], residents: Int, seed: UInt64, leadingWithoutGeometry: Int = 0) throws {
        var rng = SplitMix64(seed: seed)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let crs = try CRS.epsg(32650)
        var geoms: [GeometryValue?] = [], weights: [Double?] = []
        for i in 0..<residents {
            let p = around[Int(rng.next() % UInt64(around.count))]
            switch i < leadingWithoutGeometry ? 13 : i % 97 {
            case 13: geoms.append(nil)  // no geometry: left out, counted in a warning
            case 29: geoms.append(.point(Coordinate(p.x + 5_000, p.y + 5_000)))  // beyond max snap
            default: geoms.append(.point(Coordinate(p.x + (unit() - 0.5) * 60, p.y + (unit() - 0.5) * 60)))
            }
            weights.append(i % 89 == 7 ? nil : Double(1 + rng.next() % 5))
        }
        try VectorWriter.write(
            [OutputLayer(name: "residents", geometries: geoms, columns: [Column(name: "weight", doubles: weights)], crs: crs)],
            to: dir + "/residents.gpkg")
        var fg: [GeometryValue?] = [], fc: [String?] = []
        for (k, cat) in ["clinic", "school", "market"].enumerated() {
            for _ in 0..<(4 + 3 * k) {
                let p = around[Int(rng.next() % UInt64(around.count))]
                fg.append(.point(Coordinate(p.x + (unit() - 0.5) * 20, p.y + (unit() - 0.5) * 20))); fc.append(cat)
            }
        }
        try VectorWriter.write(
            [OutputLayer(name: "facilities", geometries: fg, columns: [Column(name: "category", strings: fc)], crs: crs)],
            to: dir + "/facilities.gpkg")
    }

    /// Runs the job whole and in chunks of `chunk` and compares everything.
    static func compareBothPaths(network: String, dir: String, chunk: Int) throws {
        func job(_ rows: Int, _ tag: String) -> CoverageJob {
            var j = CoverageJob(
                network: .init(path: network), residents: .init(path: dir + "/residents.gpkg"),
                facilities: [.init(path: dir + "/facilities.gpkg")])
            j.weightField = "weight"
            j.categoryField = "category"
            j.tiers = [300, 500, 1000]
            j.out = "\(dir)/\(tag).gpkg"
            j.summary = "\(dir)/\(tag).json"
            j.streamChunkRows = rows
            j.residentResults = false
            return j
        }
        let whole = try job(0, "whole").run(), streamed = try job(chunk, "streamed").run()
        // The streamed run did stream: its stages say so.
        #expect(streamed.summary.timingsS.contains { $0.stage == "lookup" })
        #expect(!whole.summary.timingsS.contains { $0.stage == "lookup" })
        var a = whole.summary, b = streamed.summary
        a.timingsS = []; b.timingsS = []; a.elapsedS = nil; b.elapsedS = nil
        #expect(a == b)
        #expect(try a.jsonData() == b.jsonData())
        #expect(a.totals.residentsUnsnapped > 0 && a.warnings.contains { $0.contains("no geometry") })
        #expect(a.warnings.contains { $0.contains("have no value in 'weight'") })

        for layer in ["residents", "facilities"] {
            let x = try LayerReader.read("\(dir)/whole.gpkg", ReadOptions(layer: layer))
            let y = try LayerReader.read("\(dir)/streamed.gpkg", ReadOptions(layer: layer))
            #expect(x.count == y.count && x.count > 0)
            #expect(x.geometries == y.geometries)
            #expect(x.columns.map(\.name) == y.columns.map(\.name))
            for (cx, cy) in zip(x.columns, y.columns) {
                #expect(cx.type == cy.type)
                let same = (0..<x.count).allSatisfy { cx.value(at: $0) == cy.value(at: $0) }
                #expect(same, "layer \(layer) column \(cx.name) differs")
            }
            #expect(x.envelope == y.envelope)
        }
        // The same R-trees (filled as chunks arrive, or by the whole-layer insert) and triggers.
        let rtrees = try VectorDataset(path: "\(dir)/whole.gpkg").query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rtree_%' AND name NOT LIKE '%\\_node' ESCAPE '\\' "
                + "AND name NOT LIKE '%\\_parent' ESCAPE '\\' AND name NOT LIKE '%\\_rowid' ESCAPE '\\' ORDER BY name")
        #expect(rtrees.compactMap { $0["name"] ?? nil } == ["rtree_facilities_geom", "rtree_residents_geom"])
        for name in rtrees.compactMap({ $0["name"] ?? nil }) {
            let sql = "SELECT count(*) AS n, sum(id) AS ids, sum(minx) AS x0, sum(maxx) AS x1, sum(miny) AS y0, sum(maxy) AS y1 FROM \(name)"
            let x = try VectorDataset(path: "\(dir)/whole.gpkg").query(sql), y = try VectorDataset(path: "\(dir)/streamed.gpkg").query(sql)
            #expect(x == y && (Int(x.first?["n"].flatMap { $0 } ?? "") ?? 0) > 0, "\(name) differs")
        }
        let triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        #expect(try VectorDataset(path: "\(dir)/whole.gpkg").query(triggers) == VectorDataset(path: "\(dir)/streamed.gpkg").query(triggers))
    }

    @Test func latticeStreamedInChunksMatchesTheWholeSet() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-stream-\(getpid())-lattice").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeLattice(dir + "/streets.gpkg", n: 30)
        let vertices =
            (0..<900).map { Coordinate(500_000 + Double($0 % 30) * 100, 3_400_000 + Double($0 / 30) * 100) }
            + [Coordinate(497_000, 3_400_000)]
        try Self.writePeople(dir, around: vertices, residents: 3_000, seed: 16)
        try Self.compareBothPaths(network: dir + "/streets.gpkg", dir: dir, chunk: 257)
        // A first chunk with no geometry at all: the output file is made at the
        // second, not ahead of the network (`CoverageStream.Head` has no rows).
        try Self.writePeople(dir, around: vertices, residents: 3_000, seed: 17, leadingWithoutGeometry: 300)
        try Self.compareBothPaths(network: dir + "/streets.gpkg", dir: dir, chunk: 300)
    }

    static let wuhan = "wuhan/wuhan_streets.gpkg"

    @Test(.enabled(if: hasGeodata(wuhan), "../shared/geodata/wuhan absent: skipping"))
    func wuhanStreamedInChunksMatchesTheWholeSet() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-stream-\(getpid())-wuhan").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Residents around the first vertex of every 20th street.
        let streets = try LayerReader.read(geodata(Self.wuhan), ReadOptions(fields: []))
        let vertices = stride(from: 0, to: streets.count, by: 20).compactMap { streets.geometries[$0]?.lineParts.first?.first }
        try Self.writePeople(dir, around: vertices, residents: 5_000, seed: 2026)
        try Self.compareBothPaths(network: geodata(Self.wuhan), dir: dir, chunk: 1_009)
        // One chunk of every resident: its lookup is split over the cores.
        try Self.compareBothPaths(network: geodata(Self.wuhan), dir: dir, chunk: 5_000)
    }
}
