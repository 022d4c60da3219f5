import Foundation
import TestSupport
import Testing

@Suite(.requiresCLI) struct GridsNestingCommandTests {
    static func square(_ x: Double, _ y: Double, _ s: Double) -> String {
        "[[[\(x),\(y)],[\(x + s),\(y)],[\(x + s),\(y + s)],[\(x),\(y + s)],[\(x),\(y)]]]"
    }

    static func pop(_ c: Int, _ r: Int) -> Int { 100 + (c * 7 + r * 3) % 11 }

    /// Two communities of 6 × 6 squares (100 m) side by side in local metres;
    /// K per community from a table; grids clipped to the community polygons.
    @Test func nestedCommunitiesWithATableAndClipping() throws {
        let dir = try TestData.temporaryFolder()
        var features: [String] = []
        for c in 0..<12 {
            for r in 0..<6 {
                let comm = c < 6 ? "A" : "B"
                features.append(
                    "{\"type\":\"Feature\",\"properties\":{\"community\":\"\(comm)\",\"pop\":\(Self.pop(c, r))},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(Self.square(Double(c) * 100, Double(r) * 100, 100))}}"
                )
            }
        }
        let units = dir.appendingPathComponent("units.geojson")
        try "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}".write(to: units, atomically: true, encoding: .utf8)
        let comms = dir.appendingPathComponent("communities.geojson")
        // Community A's polygon is 10 m short of its units on two sides: its grids are clipped to it.
        let a = "{\"type\":\"Feature\",\"properties\":{\"code\":\"A\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(Self.square(0, 0, 590))}}"
        let b =
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"B\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(Self.square(600, 0, 600))}}"
        try "{\"type\":\"FeatureCollection\",\"features\":[\(a),\(b)]}".write(to: comms, atomically: true, encoding: .utf8)
        let table = dir.appendingPathComponent("k.csv")
        try "community,grids\nA,3\nB,2\n".write(to: table, atomically: true, encoding: .utf8)
        let summary = dir.appendingPathComponent("s.json").path
        let r = try CLI.run([
            "grids", "partition", "--units", units.path, "--crs", "local", "--weight", "pop", "--nest", "community",
            "--grids-table", table.path, "--communities", comms.path, "--communities-field", "code",
            "--out", dir.appendingPathComponent("g.gpkg").path, "--summary", summary,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        let grids = s["grids"] as! [[String: Any]]
        #expect(grids.map { $0["grid_code"] as! String } == ["A001", "A002", "A003", "B001", "B002"])
        #expect(s["nesting_violations"] as? Int == 0)
        #expect((s["max_abs_deviation"] as! Double) <= 0.05)
        #expect(s["noncontiguous_grids"] as? Int == 0)
        // Independent sums from the inputs: community totals split into 3 and 2 grids.
        var totalA = 0.0, totalB = 0.0
        for c in 0..<12 { for r in 0..<6 { if c < 6 { totalA += Double(Self.pop(c, r)) } else { totalB += Double(Self.pop(c, r)) } } }
        for g in grids {
            let w = (g["weight"] as! [String: Double])["pop"]!
            let ideal = (g["grid_code"] as! String).hasPrefix("A") ? totalA / 3 : totalB / 2
            #expect(abs(w - ideal) / ideal <= 0.05)
        }
        // Geometric metrics come from the dissolved (and clipped) polygons.
        #expect(grids.allSatisfy { ($0["dissolved_pieces"] as? Int) == 1 && ($0["reock"] as! Double) > 0.3 })
    }
}
