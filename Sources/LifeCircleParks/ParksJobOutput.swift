import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// The five GeoPackage layers of a parks job.
enum ParksJobOutput {
    /// - candidates: every part (accepted or rejected, with the reason), its
    ///   measures, served weight alone, rank and selection order;
    /// - selected_sites: the chosen parts, most useful first;
    /// - service_areas: the radius around each chosen site;
    /// - residents: demand points with weight and served before/after;
    /// - coverage: served shares overall and per zone (no geometry).
    static func layers(_ r: ParkSitingResult, _ config: ParkSitingConfig, crs work: CRS, pointFeature: [Int]) -> [OutputLayer] {
        let crs: CRS? = work
        var candIndex = [Int?](repeating: nil, count: r.parts.count)
        for (j, p) in r.candidateParts.enumerated() { candIndex[p] = j }
        var orderOf = [Int: Int]()
        for (k, p) in r.selectedParts.enumerated() { orderOf[p] = k + 1 }
        let parts = r.parts
        let cands = OutputLayer(
            name: "candidates", geometries: parts.map { Optional($0.geometry) },
            columns: [
                Column(name: "part", integers: parts.indices.map { $0 }),
                Column(name: "source_index", integers: parts.map { $0.sourceIndex }),
                Column(name: "status", strings: parts.map { $0.isAccepted ? "candidate" : "rejected" }),
                Column(name: "area_m2", doubles: parts.map { $0.area }),
                Column(name: "width_m", doubles: parts.map { $0.width }),
                Column(name: "compactness", doubles: parts.map { $0.compactness }),
                Column(name: "served_alone", doubles: parts.indices.map { i in candIndex[i].map { r.servedWeightAlone[$0] } }),
                Column(name: "rank", integers: parts.indices.map { i in candIndex[i].map { r.rankAlone[$0] } }),
                Column(name: "selected", integers: parts.indices.map { orderOf[$0] != nil ? 1 : 0 }),
                Column(name: "order", integers: parts.indices.map { orderOf[$0] }),
                Column(name: "reason_code", strings: parts.map { $0.rejection?.code }),
                Column(name: "reason", strings: parts.map { $0.rejection?.description }),
            ], crs: crs)
        let sel = r.selectedParts
        let selected = OutputLayer(
            name: "selected_sites", geometries: sel.map { Optional(parts[$0].geometry) },
            columns: [
                Column(name: "order", integers: sel.indices.map { $0 + 1 }),
                Column(name: "part", integers: sel),
                Column(name: "marginal_gain", doubles: r.chosen.marginalGains),
                Column(name: "served_alone", doubles: r.chosen.selected.map { r.servedWeightAlone[$0] }),
                Column(name: "area_m2", doubles: sel.map { parts[$0].area }),
                Column(name: "width_m", doubles: sel.map { parts[$0].width }),
            ], crs: crs)
        let areas = OutputLayer(
            name: "service_areas", geometries: r.serviceAreas.map { Optional($0) },
            columns: [
                Column(name: "order", integers: sel.indices.map { $0 + 1 }),
                Column(name: "part", integers: sel),
                Column(name: "radius_m", doubles: sel.map { _ in config.radius }),
            ], crs: crs)
        var residentCols = [
            Column(name: "feature", integers: pointFeature),
            Column(name: "weight", doubles: config.weights),
            Column(name: "served_before", integers: r.servedMaskBefore.map { $0 ? 1 : 0 }),
            Column(name: "served_after", integers: r.servedMaskAfter.map { $0 ? 1 : 0 }),
        ]
        if let z = config.zones { residentCols.append(Column(name: "zone", strings: z)) }
        let residents = OutputLayer(name: "residents", geometries: config.residents.map { Optional(.point($0)) }, columns: residentCols, crs: crs)
        let shares = [r.served] + r.servedByZone
        let coverage = OutputLayer(
            name: "coverage",
            columns: [
                Column(name: "zone", strings: shares.map { $0.zone ?? "(all)" }),
                Column(name: "total_weight", doubles: shares.map { $0.totalWeight }),
                Column(name: "served_weight_before", doubles: shares.map { $0.servedBefore }),
                Column(name: "served_weight_after", doubles: shares.map { $0.servedAfter }),
                Column(name: "served_share_before", doubles: shares.map { $0.shareBefore }),
                Column(name: "served_share_after", doubles: shares.map { $0.shareAfter }),
            ])
        return [cands, selected, areas, residents, coverage]
    }
}
