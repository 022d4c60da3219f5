// Runs one named workload once and prints its work time (and what it
// computed) as one JSON line; benchmarks/anchors/run.sh calls it.
// usage: lifecircle-bench WORKLOAD [options]
import Foundation
import LifeCircleBenchKit

let args = Array(CommandLine.arguments.dropFirst())
let workloads: [(String, String)] = [
    ("wuhan-read-project", "read the Wuhan streets (GeoPackage) and project them to WGS 84"),
    ("grids", "--units PREFIX --grids K [--seed S] [--assignment-out PATH]: partition a generated unit graph (generate_grid_units.py)"),
    ("grids-export", "--units GPKG --layer L --weight W --out PREFIX: territory unit graph of footprints, as generate_grid_units.py writes"),
    ("parks", "--instance DIR [--p 20] [--time-limit 600]: coverage sets + greedy, and exact MCLP"),
    ("coverage-search", "--inputs DIR: per-category bounded search on Wuhan (inputs from generate_coverage_inputs.py)"),
]

func usage() -> String {
    "usage: lifecircle-bench WORKLOAD [options]\nworkloads:\n"
        + workloads.map { "  \($0.0.padding(toLength: 22, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n")
}

guard let name = args.first, name != "--help", name != "-h" else {
    print(usage())
    exit(args.isEmpty ? 2 : 0)
}

func option(_ flag: String) throws -> String {
    guard let i = args.firstIndex(of: flag), i + 1 < args.count else {
        throw BenchError("missing \(flag) VALUE (see lifecircle-bench --help)")
    }
    return args[i + 1]
}

do {
    let report: WorkloadReport
    switch name {
    case "wuhan-read-project":
        report = try WuhanReadProject.run()
    case "coverage-search":
        report = try CoverageSearch.run(inputs: option("--inputs"))
    case "grids":
        guard let k = Int(try option("--grids")), k > 0 else { throw BenchError("--grids needs a positive integer") }
        guard let seed = args.contains("--seed") ? UInt64(try option("--seed")) : 1 else { throw BenchError("--seed needs a non-negative integer") }
        report = try GridsWorkload.run(
            prefix: option("--units"), grids: k, seed: seed,
            assignmentOut: args.contains("--assignment-out") ? option("--assignment-out") : nil)
    case "grids-export":
        try GridsWorkload.export(units: option("--units"), layer: option("--layer"), weight: option("--weight"), to: option("--out"))
        exit(0)
    case "parks":
        let p = args.contains("--p") ? Int(try option("--p")) : 20
        let limit = args.contains("--time-limit") ? Double(try option("--time-limit")) : 600
        guard let p, p > 0, let limit, limit > 0 else { throw BenchError("--p and --time-limit need positive numbers") }
        report = try ParksWorkload.run(instance: option("--instance"), count: p, timeLimit: limit)
    default:
        FileHandle.standardError.write(Data("lifecircle-bench: unknown workload '\(name)'\n\(usage())\n".utf8))
        exit(2)
    }
    print(report.json)
} catch {
    FileHandle.standardError.write(Data("lifecircle-bench \(name): \(error)\n".utf8))
    exit(1)
}
