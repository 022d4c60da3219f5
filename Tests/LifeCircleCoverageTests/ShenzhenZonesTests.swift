import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import Testing

@testable import LifeCircleCoverage

/// Zone breakdown with zones in GCJ-02 (the Shenzhen district outlines come
/// from a Chinese web map): residents = the walking-network nodes,
/// facilities = every tenth node, zones = districts (field qh).
@Suite struct ShenzhenZonesTests {
    static let net = "shenzhen_nanshan/nanshan_walk.gpkg", districts = "shenzhen_nanshan/shenzhen_districts.geojson"

    @Test(.enabled(if: hasGeodata(net) && hasGeodata(districts), "../shared/geodata/shenzhen_nanshan absent: skipping"))
    func zonesBreakDownTheSharesPerDistrict() throws {
        var job = CoverageJob(
            network: .init(path: geodata(Self.net), layer: "edges"),
            residents: .init(path: geodata(Self.net), layer: "nodes"),
            facilities: [.init(path: geodata(Self.net), layer: "nodes", filter: "osmid LIKE '%0'")])
        job.categoryName = "every_tenth_node"
        job.zones = .init(path: geodata(Self.districts), crs: .gcj02)
        job.zoneField = "qh"
        let r = try job.run()
        let s = r.summary
        #expect(s.totals.residents == 1751)
        #expect(s.crs.contains("32649") || s.crs.contains("32650"))
        #expect(s.zones.count == 10)
        // (The extract's nodes lie in Futian, east of Nanshan proper.)
        #expect(s.zones.map(\.residents).max()! > 1000)
        // Independent: districts converted from GCJ-02 here, points tested one by one.
        let zt = try LayerReader.read(geodata(Self.districts))
        let names = try zt.strings("qh")
        let toWork = try CoordinateTransformer(from: .gcj02, to: try CRS.parse(String(s.crs.prefix { $0 != " " })))
        let zones = try zt.geometries.map { try Geometry(try toWork.transform($0!)).prepared() }
        let nodes = try LayerReader.read(geodata(Self.net), ReadOptions(layer: "nodes"))
        let pts = try CoordinateTransformer(from: nodes.crs!, to: try CRS.parse(String(s.crs.prefix { $0 != " " }))).transform(nodes.geometries).map {
            $0!.pointParts[0]
        }
        var members = [String: [Int]]()
        for (i, p) in pts.enumerated() {
            if let z = try zones.indices.first(where: { try zones[$0].contains(p) }) { members[names[z]!, default: []].append(i) }
        }
        for zone in s.zones {
            let m = members[zone.zone] ?? []
            #expect(zone.residents == m.count)
            for (t, limit) in s.tiersM.enumerated() where !m.isEmpty {
                let covered = m.filter { r.distances[0][$0] <= limit }.count
                #expect(abs(zone.tiers[t].allCategoriesShare - Double(covered) / Double(m.count)) < 1e-12)
            }
        }
        #expect(s.warnings.contains { $0.contains("outside every zone") } == (members.values.reduce(0) { $0 + $1.count } < 1751))
    }
}
