import ArgumentParser
import Foundation
import LifeCircleGrids
import LifeCircleIO

struct GridsPartitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partition",
        abstract: "Split units into balanced, contiguous, compact grids (per community with --nest).",
        discussion: """
        Give the number of grids (--grids K in total, distributed over communities by weight; --grids-field with K per community as a column of the units; --grids-table community,k CSV) or a weight band (--target MIN:MAX on the first --weight) from which K per community is derived. The plan is seeded and bounded by --time-limit; what it reached is reported (max |d|, lower bound from the heaviest unit, feasible K range for --target).

        Example:
          lifecircle grids partition --units spo_hexgrid_EPSG32723.gpkg --weight population --grids 10 \\
              --out grids.gpkg --summary summary.json
        """)

    @OptionGroup var common: GridsUnitOptions
    @Option(help: "Number of grids in total (distributed over communities by weight). Example: --grids 10")
    var grids: Int?
    @Option(help: "Column of the units holding the number of grids of each unit's community. Example: --grids-field n_grids")
    var gridsField: String?
    @Option(help: "CSV of community,grids lines. Example: --grids-table grids.csv")
    var gridsTable: String?
    @Option(help: "Weight band MIN:MAX per grid on the first --weight. Example: --target 300:500")
    var target: String?
    @Option(help: "First plan: metis (default) or tree (spanning-tree bisection).")
    var initial: String = "metis"
    @Option(help: "Random seed; the same inputs and seed give the same plan.")
    var seed: UInt64 = 1
    @Option(help: "Time bound in seconds.")
    var timeLimit: Double = 120

    func validate() throws {
        try common.validateShared()
        let given = [grids != nil, gridsField != nil, gridsTable != nil, target != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --grids, --grids-field, --grids-table, --target") }
        if let grids, grids < 1 { throw ValidationError("--grids must be at least 1") }
        if let target, parseTarget(target) == nil { throw ValidationError("--target takes MIN:MAX with 0 < MIN ≤ MAX, e.g. 300:500 (got '\(target)')") }
        guard ["metis", "tree"].contains(initial) else { throw ValidationError("--initial takes metis or tree") }
        if (gridsField != nil || gridsTable != nil) && common.nest == nil {
            throw ValidationError("--grids-field and --grids-table give K per community: add --nest FIELD")
        }
    }

    func parseTarget(_ s: String) -> (Double, Double)? {
        let p = s.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard p.count == 2, let a = p[0], let b = p[1], a > 0, b >= a else { return nil }
        return (a, b)
    }

    func run() throws {
        let input = try GridsInput.load(common)
        let g = input.built.graph
        let count: GridCount
        if let grids { count = .total(grids) }
        else if let target, let (a, b) = parseTarget(target) { count = .target(min: a, max: b) }
        else if let f = gridsField {
            guard input.table.fieldNames.contains(f) else { throw CLIError("\(common.units): no field '\(f)' for --grids-field") }
            let ks = try input.table.doubles(f)
            var table: [String: Int] = [:]
            for u in 0..<g.unitCount {
                if let k = ks[u], k >= 1 { table[g.nestKeys[Int(g.nest[u])]] = table[g.nestKeys[Int(g.nest[u])]] ?? Int(k.rounded()) }
            }
            count = .perCommunity(table)
        } else {
            let path = gridsTable!
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("\(path): cannot read the --grids-table CSV") }
            var table: [String: Int] = [:]
            for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let f = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\u{FEFF}")) }
                guard f.count >= 2 else { continue }
                guard let k = Int(f[1]) else {
                    if i == 0 { continue }  // header
                    throw CLIError("\(path): line \(i + 1): '\(f[1])' is not a whole number of grids")
                }
                table[f[0]] = k
            }
            count = .perCommunity(table)
        }
        var plan: GridPlan
        do {
            plan = try GridPartitioner.partition(graph: g, options: GridPartitionOptions(
                count: count, tolerance: common.tolerance, seed: seed, timeLimit: timeLimit,
                initial: initial == "tree" ? .treeBisection : .metis))
        } catch let e as GridError { throw CLIError("\(common.units): \(e.description)") }
        let extra = input.built.issues
        try GridsOutput.write(common, input: input, plan: &plan) { p in
            GridsSummary(command: "partition", plan: p, graph: g, tolerance: common.tolerance, crs: input.crs, issues: extra)
        }
    }
}
