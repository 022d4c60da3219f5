import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Layers `sites` (the exact selection in the order chosen: rank,
/// candidate, input_row, marginal_gain) and `residents` (weight,
/// `served_before` within the radius of an existing facility,
/// `newly_served` by the chosen sites). With a capacity, sites also carry
/// `assigned_weight` and `served_weight`, residents `site_rank` (their
/// nearest chosen site) and `served_weight`.
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
            ]
                + (r.exactAssignment == nil
                    ? []
                    : [
                        Column(name: "assigned_weight", finiteDoubles: sites.map { $0.assignedWeight ?? .nan }),
                        Column(name: "served_weight", finiteDoubles: sites.map { $0.servedWeight ?? .nan }),
                    ]),
            crs: crs)
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
        if let a = r.exactAssignment {
            // Rank of the resident's nearest chosen site (0: none) and the weight it serves of the resident.
            var rank = [Int64](repeating: 0, count: r.problem.instance.candidateCount)
            for (k, s) in sites.enumerated() { rank[s.candidate] = Int64(k + 1) }
            cols.append(Column(name: "site_rank", integers: a.site.map { $0 < 0 ? 0 : rank[Int($0)] }))
            cols.append(Column(name: "served_weight", finiteDoubles: a.served))
        }
        let residents = OutputLayer(name: "residents", geometries: input.residents.map { .point($0) }, columns: cols, crs: crs)
        try VectorWriter.write([siteLayer, residents], to: path)
    }
}
