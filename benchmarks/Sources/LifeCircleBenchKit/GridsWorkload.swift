import Foundation
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleIO

/// Pair `grids-*`: partition a generated unit graph (PREFIX.units.csv +
/// PREFIX.adj.csv from anchors/generate_grid_units.py) into K grids within
/// ±5%, and score the plan with the same formulas as anchors/_grids.py.
public enum GridsWorkload {
    public static func loadGraph(prefix: String) throws -> UnitGraph {
        let units = try CSVTable(path: prefix + ".units.csv")
        let adj = try CSVTable(path: prefix + ".adj.csv")
        let a = try adj.column("a"), b = try adj.column("b"), shared = try adj.column("shared")
        let edges = a.indices.map { UnitEdge(Int(a[$0]), Int(b[$0]), length: shared[$0]) }
        let cx = try units.column("cx"), cy = try units.column("cy")
        return try UnitGraph(
            unitCount: units.columns[0].count, edges: edges, weights: [try units.column("weight")],
            weightNames: ["weight"], area: try units.column("area"),
            perimeter: try units.column("perimeter"),
            centroid: cx.indices.map { Coordinate(cx[$0], cy[$0]) })
    }

    public static func partition(_ g: UnitGraph, grids k: Int, seed: UInt64 = 1) throws -> GridPlan {
        var o = GridPartitionOptions(count: .total(k), tolerance: 0.05, seed: seed)
        // Experiments only: LCB_SEARCH_CHAINS / LCB_SEARCH_STARTS override the default numbers of search chains and starts.
        let env = ProcessInfo.processInfo.environment
        if let c = env["LCB_SEARCH_CHAINS"].flatMap({ Int($0) }) { o.searchChains = c }
        if let s = env["LCB_SEARCH_STARTS"].flatMap({ Int($0) }) { o.searchStarts = s }
        if let s = env["LCB_SEARCHED_STARTS"].flatMap({ Int($0) }) { o.searchedStarts = s }
        if let s = env["LCB_CLOSING_BURSTS"].flatMap({ Int($0) }) { o.searchClosingBursts = s }
        if let p = env["LCB_SEARCH_PATIENCE"].flatMap({ Int($0) }) { o.searchPatience = p }
        if let r = env["LCB_SEARCH_ROUNDS"].flatMap({ Int($0) }) { o.searchRounds = r }
        if let c = env["LCB_COUNT_EDGES"] { o.searchCountsEdges = c == "1" }
        if let s = env["LCB_STRATEGY"] { o.strategy = s == "multilevel" ? .multilevel : s == "classic" ? .classic : .automatic }
        return try GridPartitioner.partition(graph: g, options: o)
    }

    /// - Parameter assignmentOut: where to write the plan, one grid index a line
    ///   (the start of the short-bursts anchor).
    public static func run(prefix: String, grids k: Int, seed: UInt64 = 1, assignmentOut: String? = nil) throws -> WorkloadReport {
        let g = try loadGraph(prefix: prefix)
        var watch = Stopwatch()
        let plan = try partition(g, grids: k, seed: seed)
        watch.lap("partition")
        if let assignmentOut {
            try (plan.assignment.map { String($0) }.joined(separator: "\n") + "\n").write(toFile: assignmentOut, atomically: true, encoding: .utf8)
        }
        let seconds = watch.total
        var r = WorkloadReport(pair: "grids-" + URL(fileURLWithPath: prefix).lastPathComponent, seconds: seconds)
        r.set("quality", score(g, plan.assignment, k: plan.gridCount))
        r.set("stopped_by_limit", .bool(plan.stoppedByLimit))
        r.set("issues", .int(plan.issues.count))
        if let s = plan.search {
            r.set(
                "search",
                .object([
                    ("rounds", .int(s.rounds)), ("rounds_without_improvement", .int(s.roundsWithoutImprovement)),
                    ("stopped_by", .string(s.stoppedBy)), ("chains", .int(s.chains)), ("starts", .int(s.starts)),
                    ("rounds_all_chains", .int(s.roundsAllChains)),
                    ("closing_bursts", .int(s.closingBursts ?? 0)),
                    ("closing_improvements", .int(s.closingImprovements ?? 0)),
                    ("cut_before_closing", .int(Int(s.cutBeforeClosing ?? s.cutAfter))),
                ]))
        }
        return r
    }

    /// Writes PREFIX.units.csv / PREFIX.adj.csv (generate_grid_units.py's format)
    /// for polygon units that do not touch, adjacency from their territories, as
    /// `grids partition --adjacency territory` builds it (the demo's buildings).
    public static func export(units path: String, layer: String, weight: String, to prefix: String) throws {
        let t = try LayerReader.read(path, ReadOptions(layer: layer))
        let raw = try t.doubles(weight)
        let built = try UnitGraphBuilder.build(
            UnitInput(geometries: t.geometries.map { $0 ?? .polygon([]) }, weights: [raw.map { $0 ?? 0 }], weightNames: [weight]),
            options: AdjacencyOptions(rule: .territory))
        let g = built.graph
        var units = "id,weight,area,perimeter,cx,cy\n"
        for u in 0..<g.unitCount {
            units += "\(u),\(Int(g.weights[0][u].rounded())),\(g.area[u]),\(g.perimeter[u]),\(g.centroid[u].x),\(g.centroid[u].y)\n"
        }
        var adj = "a,b,shared\n"
        for e in g.edges { adj += "\(e.a),\(e.b),\(e.length)\n" }
        try adj.write(toFile: prefix + ".adj.csv", atomically: true, encoding: .utf8)
        try units.write(toFile: prefix + ".units.csv", atomically: true, encoding: .utf8)
    }

    /// max |d_i|, cut edges, mean Polsby–Popper (A = sum of unit areas,
    /// P = sum of unit perimeters - 2 x shared boundary inside the grid),
    /// grids not in one piece — as anchors/_grids.py computes them.
    public static func score(_ g: UnitGraph, _ part: [Int32], k: Int) -> JSONValue {
        var w = [Double](repeating: 0, count: k), area = w, per = w
        let weight = g.weights[0]
        for u in 0..<g.unitCount where part[u] >= 0 {
            let p = Int(part[u]); w[p] += weight[u]; area[p] += g.area[u]; per[p] += g.perimeter[u]
        }
        var cut = 0
        // Union-find over inside edges for the pieces count.
        var parent = Array(0..<g.unitCount)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for u in 0..<g.unitCount {
            for s in g.neighbourRange(of: u) {
                let v = Int(g.neighbours[s])
                guard u < v else { continue }
                if part[u] == part[v], part[u] >= 0 {
                    per[Int(part[u])] -= 2 * g.sharedLength[s]
                    let ru = find(u), rv = find(v); if ru != rv { parent[ru] = rv }
                } else {
                    cut += 1
                }
            }
        }
        var roots = [Set<Int>](repeating: [], count: k)
        for u in 0..<g.unitCount where part[u] >= 0 { roots[Int(part[u])].insert(find(u)) }
        let ideal = weight.reduce(0, +) / Double(k)
        let maxDev = w.map { abs($0 - ideal) / ideal }.max() ?? 0
        let pp = (0..<k).map { 4 * Double.pi * area[$0] / max(per[$0] * per[$0], 1e-24) }
        func r4(_ x: Double) -> Double { (x * 1e4).rounded() / 1e4 }
        return .object([
            ("max_abs_dev", .number(r4(maxDev))),
            ("cut_edges", .int(cut)),
            ("mean_pp", .number(r4(pp.reduce(0, +) / Double(max(k, 1))))),
            ("noncontiguous", .int(roots.filter { $0.count > 1 }.count)),
            ("grids", .int(Set(part.filter { $0 >= 0 }).count)),
        ])
    }
}
