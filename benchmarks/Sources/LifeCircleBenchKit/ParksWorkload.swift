import Foundation
import LifeCircleGeometry
import LifeCircleParks

/// Pair `parks`: 2,000 candidate sites x 50,000 residents
/// (anchors/generate_parks_instance.py), straight-line reach 300 m, p = 20 by default.
/// greedy_seconds = coverage sets + lazy greedy; exact_seconds = coverage
/// sets + exact MCLP (GLPK), both from the same loaded instance.
public enum ParksWorkload {
    public static let radius = 300.0

    public static func run(instance dir: String, count: Int = 20, timeLimit: Double = 600) throws -> WorkloadReport {
        let res = try CSVTable(path: dir + "/residents.csv")
        let cand = try CSVTable(path: dir + "/candidates.csv")
        let rx = try res.column("x"), ry = try res.column("y"), weights = try res.column("weight")
        let cx = try cand.column("x"), cy = try cand.column("y")
        let residents = rx.indices.map { Coordinate(rx[$0], ry[$0]) }
        let sites: [GeometryValue] = cx.indices.map { .point(Coordinate(cx[$0], cy[$0])) }
        let options = MaxCoverOptions(count: count, timeLimit: timeLimit)

        var watch = Stopwatch()
        let sets = try EuclideanCoverage.sets(candidates: sites, residents: residents, radius: radius)
        watch.lap("sets")
        let instance = MaxCoverInstance(sets: sets, weights: weights)
        let greedy = try LazyGreedyMaxCover.solve(instance, options: options)
        watch.lap("greedy")
        let exact = try ExactMaxCover.solve(instance, options: options)
        watch.lap("exact")
        let setsSeconds = watch.laps[0].1
        let greedySeconds = setsSeconds + watch.laps[1].1
        let exactSeconds = setsSeconds + watch.laps[2].1

        var r = WorkloadReport(pair: "parks", seconds: greedySeconds)
        r.set("greedy_seconds", .number(greedySeconds))
        r.set("exact_seconds", .number(exactSeconds))
        r.set(
            "quality",
            .object([
                ("greedy", .number((greedy.coveredWeight * 10).rounded() / 10)),
                ("exact", .number((exact.coveredWeight * 10).rounded() / 10)),
                ("status", .string(exact.status.rawValue)),
                ("pairs", .int(sets.nonZeroCount)),
                ("p", .int(count)),
            ]))
        r.set("stages", .stages(watch.laps))
        return r
    }
}
