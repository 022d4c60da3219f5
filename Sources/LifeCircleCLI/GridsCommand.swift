import ArgumentParser
import Foundation
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// `lifecircle grids`: management grids (网格) — partition, evaluate, rebalance.
struct GridsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grids",
        abstract: "Management grids: balanced, contiguous, compact grids of units (partition, evaluate, rebalance).",
        discussion: """
        Units are polygons (blocks, parcels, buildings, grid cells) or points (entrances, addresses; joined through Voronoi cells clipped to --study-area). Grids never cross --nest boundaries, stay contiguous, keep every grid within ±--tolerance of its community's ideal weight, then minimise cut edges. Grid codes: community code + 3-digit sequence, numbered in rows from north to south and west to east within a row (rows one typical grid high).

        Examples:
          lifecircle grids partition --units spo_hexgrid_EPSG32723.gpkg --weight population --grids 10 \\
              --out grids.gpkg --summary summary.json
          lifecircle grids partition --units blocks.gpkg --weight households --weight workload --nest community \\
              --target 300:500 --barriers arterials.gpkg --out grids.gpkg
          lifecircle grids evaluate --units units.gpkg --units-layer units --weight population --assignment grid_code \\
              --out metrics.csv --summary summary.json
          lifecircle grids rebalance --units units.gpkg --units-layer units --weight population --assignment grid_code \\
              --out rebalanced.gpkg --summary summary.json
        """,
        subcommands: [GridsPartitionCommand.self, GridsEvaluateCommand.self, GridsRebalanceCommand.self])
}

/// Options shared by the three grid subcommands.
struct GridsUnitOptions: ParsableArguments {
    @Option(help: "Units: polygons or points. Example: --units blocks.gpkg")
    var units: String
    @Option(help: "Layer of the units file. Example: --units-layer units")
    var unitsLayer: String?
    @Option(help: "OGR SQL filter on units. Example: --units-filter \"population > 0\"")
    var unitsFilter: String?
    @Option(help: "Weight column to balance; repeat for several balanced at once. Example: --weight households --weight workload")
    var weight: [String] = []
    @Option(help: "Unit identifier column, used in messages (default: the row number). Example: --id block_id")
    var id: String?
    @Option(help: "Nesting column: grids never cross its boundaries (community, village). Example: --nest community")
    var nest: String?
    @Option(help: "Community polygons to clip grid polygons to (matched on --communities-field = --nest values). Example: --communities communities.gpkg")
    var communities: String?
    @Option(help: "Key column of --communities matching the --nest values. Example: --communities-field code")
    var communitiesField: String?
    @Option(help: "Adjacency: rook (shared boundary, default) or queen (any contact).")
    var adjacency: String = "rook"
    @Option(help: "Bridge gaps up to this width (map units, metres) between units that do not touch, e.g. building footprints. Example: --gap 5")
    var gap: Double = 0
    @Option(help: "Barrier lines (arterials, rivers, railways) whose crossings remove adjacency; repeat for several files. Example: --barriers roads.gpkg")
    var barriers: [String] = []
    @Option(help: "OGR SQL filter on the barrier layers. Example: --barriers-filter \"highway IN ('primary','trunk')\"")
    var barriersFilter: String?
    @Option(help: "Study area polygon for point units (Voronoi cells are clipped to it). Example: --study-area district.gpkg")
    var studyArea: String?
    @Option(help: "Walking network for point units (an OSM .pbf, walkable ways kept, or a line layer): units are adjacent when a short walk joins them without passing another unit. Example: --network city.osm.pbf")
    var network: String?
    @Option(help: "Longest walk (m) that makes two point units adjacent with --network.")
    var maxWalk: Double = 400
    @Option(help: "Working metric CRS (also the CRS of inputs without one): EPSG:n, utm, cgcs2000-gk or local. Default: the units' projected CRS or their UTM zone.")
    var crs: CRS?
    @Option(help: "Balance tolerance around each community's ideal weight (0.05 = ±5%).")
    var tolerance: Double = 0.05
    @Option(help: "Output: .gpkg (layers grids, units, grid_metrics), .geojson or .csv (grids; units go to --units-out). Example: --out grids.gpkg")
    var out: String
    @Option(help: "Where the units with their grid_code go for single-layer formats (default: <out>_units.<ext>).")
    var unitsOut: String?
    @Option(help: "Plan metrics as JSON. Example: --summary summary.json")
    var summary: String?

    func validateShared() throws {
        guard ["rook", "queen"].contains(adjacency) else { throw ValidationError("--adjacency takes rook or queen, not '\(adjacency)'") }
        guard tolerance >= 0 && tolerance < 1 else { throw ValidationError("--tolerance must be in [0, 1), e.g. 0.05 for ±5%") }
        guard gap >= 0 else { throw ValidationError("--gap must be ≥ 0") }
        _ = try OutputFormat(path: out)
        if out == units { throw ValidationError("--out must not be the units file (\(units)): inputs are never modified") }
    }
}

/// The units read and turned into a graph in one metric CRS.
struct GridsInput {
    var table: FeatureTable
    var projected: [GeometryValue]
    var built: BuiltUnits
    var crs: CRS?
    var communityPolygons: [GeometryValue?]?
    /// Polygon units that do not touch (footprints, with --gap): the land
    /// nearest each unit, from which grid polygons are dissolved, and the area
    /// around the units they are clipped to.
    var territories: [GeometryValue]? = nil
    var territoryClip: GeometryValue? = nil

    static func load(_ o: GridsUnitOptions) throws -> GridsInput {
        let table = try read(o.units, ReadOptions(layer: o.unitsLayer, filter: o.unitsFilter, defaultCRS: o.crs.flatMap { $0.isAuto ? nil : $0 }), o)
        guard table.count > 0 else { throw CLIError("\(o.units): no units\(o.unitsFilter.map { " match --units-filter \"\($0)\"" } ?? ""): check the file and filter") }
        guard !o.weight.isEmpty else {
            throw CLIError("\(o.units): no weight given: name the column(s) to balance with --weight (fields: \(table.fieldNames.joined(separator: ", ")))")
        }
        var weights: [[Double]] = []
        for w in o.weight {
            guard table.fieldNames.contains(w) else {
                throw CLIError("\(o.units): no weight field '\(w)' (fields: \(table.fieldNames.joined(separator: ", "))): give --weight with one of them")
            }
            weights.append(try table.doubles(w).map { $0 ?? .nan })
        }
        for (i, g) in table.geometries.enumerated() where g == nil || g!.isEmpty {
            throw CLIError("\(o.units): unit \(i + 1) has no geometry: drop it with --units-filter or fix the layer")
        }
        let work = try workingCRS(o.crs, table.crs, table.envelope)
        let projected = try project(table.geometries.map { $0! }, from: table.crs, to: work, label: o.units)
        var nest: [String]? = nil
        if let n = o.nest {
            guard table.fieldNames.contains(n) else { throw CLIError("\(o.units): no nesting field '\(n)' (fields: \(table.fieldNames.joined(separator: ", ")))") }
            nest = try table.strings(n).map { $0 ?? "" }
        }
        var ids: [String]? = nil
        if let idf = o.id {
            guard table.fieldNames.contains(idf) else { throw CLIError("\(o.units): no id field '\(idf)'") }
            ids = try table.strings(idf).enumerated().map { $1 ?? "#\($0 + 1)" }
        } else {
            ids = (1...table.count).map { "#\($0)" }
        }
        var barrierLines: [GeometryValue] = []
        for b in o.barriers {
            let bt = try read(b, ReadOptions(filter: o.barriersFilter, defaultCRS: o.crs.flatMap { $0.isAuto ? nil : $0 }), o)
            barrierLines += try project(bt.geometries.compactMap { $0 }, from: bt.crs, to: work, label: b)
        }
        var study: GeometryValue? = nil
        if let s = o.studyArea {
            let st = try read(s, ReadOptions(defaultCRS: o.crs.flatMap { $0.isAuto ? nil : $0 }), o)
            let polys = try project(st.geometries.compactMap { $0 }, from: st.crs, to: work, label: s).flatMap { $0.polygonParts }
            guard !polys.isEmpty else { throw CLIError("\(s): no polygon for --study-area") }
            study = polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
        }
        var walk: WalkNetwork? = nil
        if let np = o.network {
            let lines: [GeometryValue]
            if np.lowercased().hasSuffix(".pbf") || np.lowercased().hasSuffix(".osm") {
                let osm = try OSMReader.read(np, layers: [.lines])
                let rules = WalkableTagRules.standard
                lines = try project(zip(osm.lines.geometries, osm.lines.tags).filter { rules.isWalkable($0.1) }.map { $0.0 },
                                    from: osm.crs, to: work, label: np)
            } else {
                let nt = try read(np, ReadOptions(defaultCRS: o.crs.flatMap { $0.isAuto ? nil : $0 }), o)
                lines = try project(nt.geometries.compactMap { $0 }, from: nt.crs, to: work, label: np)
            }
            let parts = lines.flatMap { $0.lineParts }.filter { $0.count >= 2 }
            guard !parts.isEmpty else { throw CLIError("\(np): no walkable lines for --network") }
            walk = try NetworkBuilder.build(lines: parts)
        }
        let built: BuiltUnits
        do {
            built = try UnitGraphBuilder.build(UnitInput(geometries: projected, weights: weights, weightNames: o.weight, nest: nest, ids: ids),
                                               options: AdjacencyOptions(rule: o.adjacency == "queen" ? .queen : .rook, gapTolerance: o.gap),
                                               studyArea: study, barriers: barrierLines, network: walk, maxWalk: o.maxWalk)
        } catch let e as GridError { throw CLIError("\(o.units): \(e.description)") }
        var communityPolygons: [GeometryValue?]? = nil
        if let cpath = o.communities {
            guard let key = o.communitiesField ?? o.nest else { throw CLIError("--communities needs --communities-field (or --nest) to match communities") }
            let ct = try read(cpath, ReadOptions(defaultCRS: o.crs.flatMap { $0.isAuto ? nil : $0 }), o)
            guard ct.fieldNames.contains(key) else { throw CLIError("\(cpath): no field '\(key)' to match communities (fields: \(ct.fieldNames.joined(separator: ", ")))") }
            let keys = try ct.strings(key)
            let geoms = try project(ct.geometries.map { $0 ?? .polygon([]) }, from: ct.crs, to: work, label: cpath)
            var byKey: [String: GeometryValue] = [:]
            for (i, k) in keys.enumerated() { if let k { byKey[k] = geoms[i] } }
            communityPolygons = built.graph.nestKeys.map { byKey[$0] }
        }
        var input = GridsInput(table: table, projected: projected, built: built, crs: work, communityPolygons: communityPolygons)
        if o.gap > 0, projected.allSatisfy({ !$0.polygonParts.isEmpty }) {
            // Footprints leave gaps between them: grid polygons come from each
            // unit's territory instead, within --gap of a unit (or the study area).
            input.territories = try UnitTerritories.cells(of: projected, spacing: min(5, max(o.gap / 2, 0.5)))
            input.territoryClip = try study ?? Geometry.unionAll(projected.map { try Geometry($0) }).buffer(o.gap).value
        }
        return input
    }

    /// Reads a layer; when its own CRS is missing or does not fit its
    /// coordinates (e.g. GeoJSON in local metres), a given --crs is taken as its CRS.
    static func read(_ path: String, _ options: ReadOptions, _ o: GridsUnitOptions) throws -> FeatureTable {
        do { return try LayerReader.read(path, options) } catch {
            guard let crs = o.crs, !crs.isAuto else { throw error }
            var declared = options
            declared.declaredCRS = crs
            return try LayerReader.read(path, declared)
        }
    }

    static func workingCRS(_ asked: CRS?, _ first: CRS?, _ envelope: Envelope) throws -> CRS? {
        func lonLat() throws -> Envelope {
            guard let first, first.isGeoreferenced else {
                throw CLIError("cannot choose a metric CRS for units without georeference: give --crs EPSG:n, or --crs local for local metres")
            }
            return first == .wgs84 ? envelope : try CoordinateTransformer(from: first, to: .wgs84).transform(envelope)
        }
        if let asked { return asked.isAuto ? try asked.resolveAuto(center: try lonLat().center) : asked }
        guard let first else { return nil }
        if first.kind == .local { return first }
        if first.isMetric && !first.isGeographic && first.kind == .proj { return first }
        return try CRS.localMetric(for: try lonLat())
    }

    static func project(_ g: [GeometryValue], from: CRS?, to: CRS?, label: String) throws -> [GeometryValue] {
        guard let to, let src = from, src != to else { return g }
        do {
            let t = try CoordinateTransformer(from: src, to: to)
            return try g.map { try t.transform($0) }
        } catch {
            throw CLIError("\(label): cannot bring it from \(src) into \(to) (\(error)); give the inputs a CRS or declare --crs")
        }
    }
}

/// Plan metrics as written to summary.json (snake_case keys).
struct GridsSummary: Encodable {
    struct Grid: Encodable {
        var grid_code: String, community: String, units: Int
        var weight: [String: Double], deviation: [String: Double]
        var pieces: Int, dissolved_pieces: Int?
        var area: Double, perimeter: Double
        var polsby_popper: Double?, reock: Double?, convex_hull_ratio: Double?
        var cut_edges: Int, barrier_crossings: Int, nesting_violations: Int
    }
    struct Issue: Encodable { var kind: String, community: String?, message: String, units: [String] }
    struct Community: Encodable {
        var community: String, units: Int, grids: Int, total_weight: [String: Double], ideal_weight: [String: Double]
        var band_min: Double, band_max: Double, feasible_grids_min: Int?, feasible_grids_max: Int?, deviation_lower_bound: Double
    }
    struct Move: Encodable { var unit: String, from_grid: String, to_grid: String, weight: [String: Double] }
    struct Barrier: Encodable { var unit_a: String, unit_b: String, x: Double, y: Double, community: String }
    var command: String
    var units: Int
    var grid_count: Int
    var weights: [String]
    var tolerance: Double
    var max_abs_deviation: Double
    var range: Double
    var cut_edges: Int
    var cut_length: Double
    var mean_polsby_popper: Double?
    var mean_reock: Double?
    var mean_convex_hull_ratio: Double?
    var noncontiguous_grids: Int
    var barrier_crossings: Int
    var nesting_violations: Int
    var total_weight: [String: Double]
    var crs: String?
    var seconds: Double
    var stopped_by_limit: Bool
    var communities: [Community]
    var relaxed_barriers: [Barrier]
    var issues: [Issue]
    var moves: [Move]?
    var changed_grids: [String]?
    var before: Before?
    var grids: [Grid]

    struct Before: Encodable { var max_abs_deviation: Double, range: Double, cut_edges: Int, noncontiguous_grids: Int }

    init(command: String, plan: GridPlan, graph: UnitGraph, tolerance: Double, crs: CRS?, issues extra: [GridIssue],
         moves: [UnitMove]? = nil, changed: [String]? = nil, before: PlanMetrics? = nil) {
        let m = plan.metrics
        let names = graph.weightNames
        func dict(_ v: [Double]) -> [String: Double] { Dictionary(uniqueKeysWithValues: zip(names, v)) }
        self.command = command
        units = graph.unitCount
        grid_count = plan.gridCount
        weights = names
        self.tolerance = tolerance
        max_abs_deviation = m.maxAbsDeviation
        range = m.range
        cut_edges = m.cutEdges
        cut_length = m.cutLength
        mean_polsby_popper = m.meanPolsbyPopper
        mean_reock = m.meanReock
        mean_convex_hull_ratio = m.meanConvexHullRatio
        noncontiguous_grids = m.noncontiguousGrids
        barrier_crossings = m.barrierCrossings
        nesting_violations = m.nestingViolations
        total_weight = dict(m.totalWeight)
        self.crs = crs?.description
        seconds = plan.elapsedSeconds
        stopped_by_limit = plan.stoppedByLimit
        communities = plan.communities.filter { $0.unitCount > 0 }.map {
            Community(community: $0.key, units: $0.unitCount, grids: $0.grids, total_weight: dict($0.totalWeight),
                      ideal_weight: dict($0.idealWeight), band_min: $0.bandMin, band_max: $0.bandMax,
                      feasible_grids_min: $0.feasibleGridsMin, feasible_grids_max: $0.feasibleGridsMax,
                      deviation_lower_bound: $0.deviationLowerBound)
        }
        relaxed_barriers = plan.relaxedBarriers.map {
            Barrier(unit_a: graph.unitName($0.unitA), unit_b: graph.unitName($0.unitB), x: $0.x, y: $0.y, community: $0.community)
        }
        self.issues = (extra + plan.issues).map {
            Issue(kind: $0.kind.rawValue, community: $0.community, message: $0.message, units: $0.units.prefix(100).map { graph.unitName($0) })
        }
        self.moves = moves?.map { Move(unit: graph.unitName($0.unit), from_grid: $0.fromGrid, to_grid: $0.toGrid, weight: dict($0.weight)) }
        changed_grids = changed
        self.before = before.map { Before(max_abs_deviation: $0.maxAbsDeviation, range: $0.range, cut_edges: $0.cutEdges, noncontiguous_grids: $0.noncontiguousGrids) }
        grids = m.grids.map {
            Grid(grid_code: $0.code, community: $0.community, units: $0.units, weight: dict($0.weight), deviation: dict($0.deviation),
                 pieces: $0.pieces, dissolved_pieces: $0.dissolvedPieces, area: $0.area, perimeter: $0.perimeter,
                 polsby_popper: $0.polsbyPopper, reock: $0.reock, convex_hull_ratio: $0.convexHullRatio,
                 cut_edges: $0.cutEdges, barrier_crossings: $0.barrierCrossings, nesting_violations: $0.nestingViolations)
        }
    }
}

/// Writing the outputs common to the three subcommands.
enum GridsOutput {
    static func metricsColumns(_ m: PlanMetrics) -> [Column] {
        let names = m.weightNames
        var cols: [Column] = [
            Column(name: "grid_code", strings: m.grids.map(\.code)),
            Column(name: "community", strings: m.grids.map(\.community)),
            Column(name: "units", integers: m.grids.map(\.units)),
        ]
        for (c, n) in names.enumerated() {
            cols.append(Column(name: n, doubles: m.grids.map { $0.weight[c] }))
            cols.append(Column(name: "dev_\(n)", doubles: m.grids.map { $0.deviation[c] }))
        }
        cols += [
            Column(name: "pieces", integers: m.grids.map(\.pieces)),
            Column(name: "area", doubles: m.grids.map(\.area)),
            Column(name: "perimeter", doubles: m.grids.map(\.perimeter)),
            Column(name: "polsby_popper", doubles: m.grids.map(\.polsbyPopper)),
            Column(name: "reock", doubles: m.grids.map(\.reock)),
            Column(name: "convex_hull_ratio", doubles: m.grids.map(\.convexHullRatio)),
            Column(name: "cut_edges", integers: m.grids.map(\.cutEdges)),
            Column(name: "barrier_crossings", integers: m.grids.map(\.barrierCrossings)),
            Column(name: "nesting_violations", integers: m.grids.map(\.nestingViolations)),
        ]
        return cols
    }

    /// Dissolves, adds geometric metrics, writes layers and the summary.
    static func write(_ o: GridsUnitOptions, input: GridsInput, plan: inout GridPlan, summary: (GridPlan) -> GridsSummary) throws {
        let dissolved = try GridDissolver.dissolve(cells: input.territories ?? input.built.cells, assignment: plan.assignment, gridCount: plan.gridCount,
                                                  gridCommunity: plan.gridCommunity, communityPolygons: input.communityPolygons,
                                                  clip: input.territoryClip, footprints: input.territories == nil ? nil : input.projected)
        try GridDissolver.addGeometryMetrics(&plan.metrics, polygons: dissolved)
        // Rows in code order (north-west first).
        let order = plan.metrics.grids.indices.sorted { plan.metrics.grids[$0].code < plan.metrics.grids[$1].code }
        plan.metrics.grids = order.map { plan.metrics.grids[$0] }
        let polygons = order.map { dissolved[$0] }
        // Polygons were made in the working CRS; units are written as read.
        let grids = OutputLayer(name: "grids", geometries: polygons, columns: metricsColumns(plan.metrics), crs: input.crs)
        var unitsTable = input.table
        unitsTable.setColumn(Column(name: "grid_code", strings: plan.unitCodes.map { $0.isEmpty ? nil : $0 }))
        let unitsLayer = OutputLayer(unitsTable, name: "units")
        let format = try OutputFormat(path: o.out)
        if format.holdsSeveralLayers {
            let table = OutputLayer(name: "grid_metrics", geometries: [], columns: metricsColumns(plan.metrics))
            try VectorWriter.write([grids, unitsLayer, table], to: o.out)
        } else {
            let url = URL(fileURLWithPath: o.out)
            let unitsPath = o.unitsOut ?? url.deletingPathExtension().path + "_units." + url.pathExtension
            try VectorWriter.write([grids], to: o.out)
            try VectorWriter.write([unitsLayer], to: unitsPath)
            Console.note("wrote units with grid_code to \(unitsPath)")
        }
        if let s = o.summary { try JSONOutput.write(summary(plan), to: s) }
        let m = plan.metrics
        Console.note(String(format: "%d grids over %d units: max |d| %.2f%%, range %.2f%%, cut edges %d, mean Polsby–Popper %.3f, non-contiguous %d",
                            plan.gridCount, input.built.graph.unitCount, m.maxAbsDeviation * 100, m.range * 100, m.cutEdges,
                            m.meanPolsbyPopper ?? 0, m.noncontiguousGrids))
        for c in plan.communities where c.unitCount > 0 && (plan.communities.count > 1 || c.feasibleGridsMin != nil) {
            let range = c.feasibleGridsMin.map { "; feasible \($0)–\(c.feasibleGridsMax ?? $0)" } ?? ""
            Console.note("community \(c.key.isEmpty ? "(all)" : c.key): \(c.grids) grid(s) of ideal \(String(format: "%.1f", c.idealWeight.first ?? 0))\(range)")
        }
        for issue in input.built.issues + plan.issues { Console.warn(issue.description) }
        Console.note("wrote \(o.out)")
    }
}
