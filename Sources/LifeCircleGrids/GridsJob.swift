import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// A whole `lifecircle grids` run from files to files: read the units (and
/// barriers, study area, walking network, community polygons), build the unit
/// graph in one metric CRS, partition / evaluate / rebalance, dissolve the
/// grid polygons, write the layers and summary.json. The CLI maps its flags
/// onto this and prints; a study decodes it from its `grids` section.
public struct GridsJob: Sendable, Equatable {
    public enum Command: String, Codable, CaseIterable, Sendable { case partition, evaluate, rebalance }

    /// Which contacts make two units neighbours.
    public enum Adjacency: String, Codable, CaseIterable, Sendable {
        /// A shared boundary.
        case rook
        /// Any contact, corners included.
        case queen
        /// Units that do not touch (building footprints): neighbours share a
        /// boundary of their territories, the land nearest each unit within the
        /// study area (or the units' convex hull), so every grid is one piece on the ground.
        case territory
    }

    /// The first plan of a partition.
    public enum Initial: String, Codable, CaseIterable, Sendable {
        case metis
        /// Spanning-tree bisection.
        case tree
    }

    /// How many grids a partition makes.
    public enum Count: Sendable, Equatable {
        /// K in total, distributed over communities by weight (`grids`).
        case total(Int)
        /// A column of the units holding K for each unit's community (`grids_field`).
        case field(String)
        /// A CSV of `community,grids` lines (`grids_table`).
        case table(String)
        /// A weight band per grid on the first weight, from which K per community follows (`target`).
        case target(min: Double, max: Double)

        /// The keys that give a count; exactly one of them is given.
        public static let keys = ["grids", "grids_field", "grids_table", "target"]

        /// Parses `target` text, `MIN:MAX` with 0 < MIN ≤ MAX.
        public static func target(parsing s: String) throws -> Count {
            let p = s.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard p.count == 2, let a = p[0], let b = p[1], a > 0, b >= a else {
                throw OptionError(key: "target", "'\(s)' is not a weight band", fix: "give {option} MIN:MAX with 0 < MIN ≤ MAX, e.g. 300:500")
            }
            return .target(min: a, max: b)
        }
    }

    public var command: Command
    /// Units: polygons or points; `layer` and `filter` as given by `units_layer`, `units_filter`.
    public var units: InputSource
    /// Weight columns to balance (the first drives `target`).
    public var weights: [String]
    /// Unit identifier column for messages (nil: the row number).
    public var id: String?
    /// Nesting column: grids never cross its boundaries.
    public var nest: String?
    /// Community polygons the grid polygons are clipped to, matched on `communitiesField` (or `nest`) values.
    public var communities: InputSource?
    public var communitiesField: String?
    public var adjacency: Adjacency = .rook
    /// Gaps up to this width (metres) between units that do not touch are bridged.
    public var gap: Double = 0
    /// Barrier lines whose crossings remove adjacency.
    public var barriers: [InputSource] = []
    /// OGR SQL filter on every barrier layer (wins over a barrier's own filter).
    public var barriersFilter: String?
    /// Layer of every barrier file that names none (wins over a study input's own layer only when that has none).
    public var barriersLayer: String?
    /// Study area for point units (Voronoi cells are clipped to it).
    public var studyArea: InputSource?
    /// Walking network for point units.
    public var network: InputSource?
    /// Longest walk (m) that makes two point units adjacent through `network`.
    public var maxWalk: Double = 400
    /// Working metric CRS, also the CRS of inputs without one; nil = the units'
    /// projected CRS or their UTM zone.
    public var crs: CRS?
    /// Balance tolerance around each community's ideal weight.
    public var tolerance: Double = 0.05
    /// Partition: the number of grids.
    public var count: Count?
    public var initial: Initial = .metis
    public var seed: UInt64 = 1
    /// Time bound in seconds; nil = 120 for partition, 60 for rebalance.
    public var timeLimit: Double?
    /// Evaluate / rebalance: the units' column with each unit's grid code …
    public var assignment: String?
    /// … or grid polygons the units are assigned to by overlap, with their code column.
    public var gridsLayer: InputSource?
    public var gridsCode: String = "grid_code"
    /// Output: .gpkg (layers grids, units, grid_metrics), or a single-layer
    /// format for the grids with the units at `unitsOut` (default `<out>_units.<ext>`).
    public var out: String?
    public var unitsOut: String?
    /// summary.json path.
    public var summary: String?

    public init(command: Command = .partition, units: InputSource, weights: [String], count: Count? = nil) {
        self.command = command; self.units = units; self.weights = weights; self.count = count
    }

    /// The time bound in effect.
    public var effectiveTimeLimit: Double { timeLimit ?? (command == .rebalance ? 60 : 120) }

    /// The checks on option values that need no data; the CLI's `validate()`
    /// and a study both call it.
    public func validate() throws {
        guard tolerance >= 0 && tolerance < 1 else {
            throw OptionError(key: "tolerance", "tolerance \(tolerance) is outside [0, 1)", fix: "give {option} in [0, 1), e.g. 0.05 for ±5%")
        }
        guard gap >= 0 else { throw OptionError(key: "gap", "gap \(gap) is negative", fix: "give {option} ≥ 0 (metres)") }
        if let out {
            do { _ = try OutputFormat(path: out) } catch {
                throw OptionError(key: "out", "\(out): unknown output format", fix: "end {option} with .gpkg, .geojson, .fgb, .shp or .csv")
            }
        }
        try OutputStaging.check(outputTargets, inputs: inputFiles)
        if communities != nil && communitiesField == nil && nest == nil {
            throw OptionError(
                key: "communities_field", "community polygons need a key column to match communities",
                fix: "give {option} (or nest)")
        }
        switch command {
        case .partition:
            guard let count else {
                throw OptionError(key: "grids", "no number of grids given", fix: "give {option} K (or one of grids_field, grids_table, target)")
            }
            switch count {
            case .total(let k):
                if k < 1 { throw OptionError(key: "grids", "\(k) grids", fix: "give {option} at least 1") }
            case .target(let a, let b):
                if !(a > 0 && b >= a) {
                    throw OptionError(key: "target", "\(a):\(b) is not a weight band", fix: "give {option} MIN:MAX with 0 < MIN ≤ MAX, e.g. 300:500")
                }
            case .field, .table:
                if nest == nil {
                    throw OptionError(
                        key: "nest", "a number of grids per community needs the communities",
                        fix: "add {option} FIELD naming the units' community column")
                }
            }
        case .evaluate, .rebalance:
            if (assignment == nil) == (gridsLayer == nil) {
                throw OptionError(
                    key: "assignment", "the existing plan must be given once",
                    fix: "give {option} FIELD (the units' grid code column) or grids_layer PATH (grid polygons), not both")
            }
        }
    }

    /// Runs the job; `progress` is called with a stage name as each starts.
    public func run(progress: (@Sendable (String) -> Void)? = nil) throws -> GridsJobResult {
        try validate()
        // Outputs are checked and staged before any input is read.
        let staging = try OutputStaging(outputTargets, inputs: inputFiles)
        var clock = StageClock(progress: progress)
        // GEOS failures name the invalid feature of the layer it came from.
        let polygonInputs: [(key: String, source: InputSource?)] = [("units", units), ("communities", communities)]
        let input = try GeometryDiagnosis.attributing(polygonInputs) { try GridsJobInput.load(self, clock: &clock) }
        let g = input.built.graph
        var plan: GridPlan
        var issues = input.built.issues
        var rebalance: RebalanceResult? = nil
        switch command {
        case .partition:
            let k = try clock.time("grid_count") { try gridCount(input) }
            plan = try clock.time("partition") {
                try wrapped {
                    try GridPartitioner.partition(
                        graph: g,
                        options: GridPartitionOptions(
                            count: k, tolerance: tolerance, seed: seed, timeLimit: effectiveTimeLimit,
                            initial: initial == .tree ? .treeBisection : .metis))
                }
            }
        case .evaluate:
            let codes = try clock.time("assignment") { try GridAssignmentByOverlap.codes(self, input: input) }
            plan = clock.time("evaluate") { Self.evaluatedPlan(graph: g, codes: codes, issues: &issues) }
        case .rebalance:
            let codes = try clock.time("assignment") { try GridAssignmentByOverlap.codes(self, input: input) }
            let r = try clock.time("rebalance") {
                try wrapped {
                    try GridRebalancer.rebalance(
                        graph: g, gridCodes: codes.map { $0 ?? "" },
                        options: RebalanceOptions(tolerance: tolerance, timeLimit: effectiveTimeLimit))
                }
            }
            rebalance = r
            plan = r.plan
        }
        var result = try GeometryDiagnosis.attributing(polygonInputs) {
            try GridsJobOutput.make(input: input, plan: plan, clock: &clock) { p in
                GridsSummary(
                    command: command.rawValue, plan: p, graph: g, tolerance: tolerance, crs: input.frame.crs,
                    issues: issues, moves: rebalance?.moves, changed: rebalance?.changedGrids, before: rebalance?.metricsBefore)
            }
        }
        result.warnings = input.built.issues + plan.issues
        result.rebalance = rebalance
        if let out = staging.path(for: "out") {
            try clock.time("write") {
                try GridsJobOutput.write(result, to: out, unitsOut: staging.path(for: "units_out"))
                result.unitsPath = outputTargets.first { $0.key == "units_out" }?.path
            }
        }
        result.summary.timingsS = clock.timings
        result.summary.elapsedS = clock.elapsed
        if let summary = staging.path(for: "summary") {
            try AtomicFile.write(try result.summary.jsonData(), to: summary)
        }
        try staging.commit()
        return result
    }

    /// The files this job writes, by option key: a GeoPackage holds every
    /// layer, other formats put the units beside the grids.
    public var outputTargets: [OutputTarget] {
        guard let out else { return summary.map { [OutputTarget(key: "summary", path: $0)] } ?? [] }
        var t = [OutputTarget(key: "out", path: out)]
        if (try? OutputFormat(path: out))?.holdsSeveralLayers == false {
            let url = URL(fileURLWithPath: out)
            t.append(OutputTarget(key: "units_out", path: unitsOut ?? url.deletingPathExtension().path + "_units." + url.pathExtension))
        }
        if let summary { t.append(OutputTarget(key: "summary", path: summary)) }
        return t
    }

    /// Every file this job reads, which no output may touch.
    public var inputFiles: [InputFile] {
        var files = [InputFile(units, role: "units")]
        if let communities { files.append(InputFile(communities, role: "communities")) }
        files += barriers.map { InputFile($0, role: "barriers") }
        if let studyArea { files.append(InputFile(studyArea, role: "study area")) }
        if let network { files.append(InputFile(network, role: "network")) }
        if let gridsLayer { files.append(InputFile(gridsLayer, role: "grids layer")) }
        if case .table(let path)? = count { files.append(InputFile(role: "grids table", path: path)) }
        return files
    }

    /// Grid-computation failures name the units file they concern.
    func wrapped<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as GridError { throw OptionError(key: "units", "\(units.label): \(e.description)") }
    }

    /// The plan given by a grid code per unit (evaluate).
    static func evaluatedPlan(graph g: UnitGraph, codes: [String?], issues: inout [GridIssue]) -> GridPlan {
        var order: [String] = []
        var index: [String: Int32] = [:]
        let a: [Int32] = codes.map { c in
            guard let c, !c.isEmpty else { return -1 }
            if let i = index[c] { return i }
            index[c] = Int32(order.count); order.append(c); return Int32(order.count - 1)
        }
        let metrics = GridEvaluator.evaluate(graph: g, assignment: a, gridCodes: order)
        let missing = (0..<g.unitCount).filter { a[$0] < 0 }
        if !missing.isEmpty {
            issues.append(
                GridIssue(
                    .other, "\(missing.count) unit(s) have no grid code: \(missing.prefix(8).map { g.unitName($0) }.joined(separator: ", "))",
                    units: missing))
        }
        return GridPlan(
            assignment: a, gridCodes: order, gridCommunity: metrics.grids.map { m in Int32(g.nestKeys.firstIndex(of: m.community) ?? 0) },
            communities: [], relaxedBarriers: [], bridges: [], issues: [], metrics: metrics, passes: 0, moves: 0,
            elapsedSeconds: 0, stoppedByLimit: false)
    }
}

/// What a grids job produced: the summary, the plan and the layers (also when
/// nothing was written).
public struct GridsJobResult: Sendable {
    /// summary.json's content.
    public var summary: GridsSummary
    /// The plan, its metrics (with dissolved geometry) in grid-code order.
    public var plan: GridPlan
    /// The unit graph the plan is on.
    public var graph: UnitGraph
    /// Grid polygons with their metrics, in the working CRS, in code order.
    public var grids: OutputLayer
    /// The units as read, with a `grid_code` column.
    public var units: OutputLayer
    /// The metrics table (no geometry), as the GeoPackage's `grid_metrics`.
    public var metrics: OutputLayer
    /// The working CRS.
    public var crs: CRS
    /// Problems that did not stop the plan (unit-graph and plan issues).
    public var warnings: [GridIssue] = []
    /// Rebalance: the moves, changed grids and the metrics before.
    public var rebalance: RebalanceResult?
    /// Where the units went when `out` holds one layer only.
    public var unitsPath: String?
}
