import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork

/// Pair `coverage-search-per-category`: the Wuhan graph with the generated
/// residents and facilities (anchors/generate_coverage_inputs.py) snapped on
/// it; times one bounded multi-source search per category on one core, the
/// same unit of work as one `scipy.sparse.csgraph.dijkstra(min_only=True,
/// limit=1000)` call. Also checks the resulting shares against the anchor's.
public enum CoverageSearch {
    public static let tiers: [Double] = [300, 500, 1000]

    public static func run(inputs: String) throws -> WorkloadReport {
        let streets = try LayerReader.read(try Geodata.path("wuhan/wuhan_streets.gpkg"), ReadOptions(layer: "streets"))
        let residents = try LayerReader.read("\(inputs)/residents.gpkg")
        let facilities = try LayerReader.read("\(inputs)/facilities.gpkg")
        let network = try NetworkBuilder.build(lines: NetworkBuilder.lineParts(of: streets.geometries).lines)
        let index = EdgeIndex(network: network)
        func points(_ t: FeatureTable) -> [Coordinate] {
            t.geometries.map { $0?.pointParts.first ?? Coordinate(.nan, .nan) }
        }
        let targets = index.snapAll(points(residents)).points
        let facilityPoints = index.snapAll(points(facilities)).points
        let categoryOf = try facilities.strings("category")
        let names = Array(Set(categoryOf.compactMap { $0 })).sorted()
        let categories = names.map { name in facilityPoints.indices.filter { categoryOf[$0] == name }.map { facilityPoints[$0] } }
        let weight = try residents.doubles("weight").map { $0 ?? 0 }
        let cutoff = tiers.max()!

        // One search per category, one core, search state reused: time the search alone.
        let search = MultiSourceDijkstra(network: network)
        var searchSeconds: [Double] = []
        var sharesAtCutoff: [Double] = []
        var reached = [Int](repeating: 0, count: targets.count)
        let totalWeight = weight.reduce(0, +)
        for sources in categories {
            let t0 = ContinuousClock.now
            search.run(sources: sources, cutoff: cutoff)
            searchSeconds.append(Stopwatch.seconds(ContinuousClock.now - t0))
            let byEdge = SourcesByEdge(sources)
            var covered = 0.0
            for (i, t) in targets.enumerated() {
                let d = search.distance(to: t, sameEdge: byEdge.on(edge: t.edge))
                if d <= cutoff { covered += weight[i]; reached[i] += 1 }
            }
            sharesAtCutoff.append(covered / totalWeight)
        }
        var meanShare = 0.0
        for i in targets.indices { meanShare += weight[i] * Double(reached[i]) / Double(categories.count) }
        meanShare /= totalWeight

        // All categories through the library's parallel entry point, for the record.
        let t1 = ContinuousClock.now
        _ = CategorySearch.nearestDistances(network: network, categories: categories, targets: targets, cutoff: cutoff)
        let parallelSeconds = Stopwatch.seconds(ContinuousClock.now - t1)

        let perCategory = searchSeconds.reduce(0, +) / Double(max(1, searchSeconds.count))
        var r = WorkloadReport(pair: "coverage-search-per-category", seconds: perCategory)
        r.set("per_category_seconds", .number(perCategory))
        r.set("all_categories_parallel_seconds", .number(parallelSeconds))
        r.set("nodes", .int(network.nodeCount))
        r.set("edges", .int(network.edgeCount))
        r.set("share_1000_cat01", .number(sharesAtCutoff.first ?? .nan))
        r.set("mean_category_share_1000", .number(meanShare))
        return r
    }
}
