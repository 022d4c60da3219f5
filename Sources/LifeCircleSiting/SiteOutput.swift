import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Layers `sites` (the exact selection in the order chosen: rank,
/// candidate, input_row, marginal_gain) and `residents` (weight,
/// `served_before` within the radius of an existing facility,
/// `newly_served` by the chosen sites).
public enum SiteOutput {
    public static func write(_ r: SiteResult, input: CoverageInput, crs: CRS, to path: String) throws {
        let sites = r.summary.exact.sites
        let siteLayer = OutputLayer(
            name: "sites", geometries: sites.map { .point(Coordinate($0.x, $0.y)) },
            columns: [
                Column(name: "rank", integers: sites.indices.map { Int64($0 + 1) }),
                Column(name: "candidate", integers: sites.map { Int64($0.candidate) }),
                Column(name: "input_row", integers: sites.map { Int64($0.inputRow ?? 0) }),
                Column(name: "marginal_gain", finiteDoubles: sites.map { $0.marginalGain ?? .nan }),
            ], crs: crs)
        let newly = r.newlyServed()
        var cols: [Column] = []
        if let rows = input.residentRow, rows.count == input.residents.count {
            cols.append(Column(name: "input_row", integers: rows.map { Int64($0) }))
        }
        cols += [
            Column(name: "weight", finiteDoubles: input.weights),
            Column(name: "served_before", integers: r.problem.instance.alreadyServed.map { $0 ? 1 : 0 }),
            Column(name: "newly_served", integers: newly.map { $0 ? 1 : 0 }),
        ]
        let residents = OutputLayer(name: "residents", geometries: input.residents.map { .point($0) }, columns: cols, crs: crs)
        try VectorWriter.write([siteLayer, residents], to: path)
    }
}
