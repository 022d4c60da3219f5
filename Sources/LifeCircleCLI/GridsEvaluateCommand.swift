import ArgumentParser
import Foundation
import LifeCircleGeometry
import LifeCircleGrids
import LifeCircleIO

struct GridsEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Metrics of an existing plan: weight, deviation, contiguity, Polsby–Popper, Reock, hull ratio, cut edges, barrier crossings, nesting.",
        discussion: """
        The plan is a column of grid codes on the units (--assignment), or grid polygons (--grids-layer PATH with --grids-code FIELD) to which units are assigned by largest overlap (points: the polygon containing them).

        Example:
          lifecircle grids evaluate --units units.gpkg --units-layer units --weight population \\
              --assignment grid_code --out metrics.csv --summary summary.json
        """)

    @OptionGroup var common: GridsUnitOptions
    @OptionGroup var existing: GridsPlanOptions

    func validate() throws {
        try common.validateShared()
        try existing.validate()
    }

    func run() throws {
        let input = try GridsInput.load(common)
        let g = input.built.graph
        let codes = try GridsAssignment.codes(common: common, input: input, assignment: existing.assignment, gridsLayer: existing.gridsLayer, gridsCode: existing.gridsCode)
        var order: [String] = []
        var index: [String: Int32] = [:]
        let a: [Int32] = codes.map { c in
            guard let c, !c.isEmpty else { return -1 }
            if let i = index[c] { return i }
            index[c] = Int32(order.count); order.append(c); return Int32(order.count - 1)
        }
        let metrics = GridEvaluator.evaluate(graph: g, assignment: a, gridCodes: order)
        var issues = input.built.issues
        let missing = (0..<g.unitCount).filter { a[$0] < 0 }
        if !missing.isEmpty {
            issues.append(GridIssue(.other, "\(missing.count) unit(s) have no grid code: \(missing.prefix(8).map { g.unitName($0) }.joined(separator: ", "))", units: missing))
        }
        var plan = GridPlan(assignment: a, gridCodes: order, gridCommunity: metrics.grids.map { m in Int32(g.nestKeys.firstIndex(of: m.community) ?? 0) },
                            communities: [], relaxedBarriers: [], bridges: [], issues: [], metrics: metrics, passes: 0, moves: 0,
                            elapsedSeconds: 0, stoppedByLimit: false)
        try GridsOutput.write(common, input: input, plan: &plan) { p in
            GridsSummary(command: "evaluate", plan: p, graph: g, tolerance: common.tolerance, crs: input.crs, issues: issues)
        }
    }
}

/// A grid code per unit, from a column or from grid polygons by overlap.
enum GridsAssignment {
    static func codes(common: GridsUnitOptions, input: GridsInput, assignment: String?, gridsLayer: String?, gridsCode: String) throws -> [String?] {
        if let field = assignment {
            guard input.table.fieldNames.contains(field) else {
                throw CLIError("\(common.units): no assignment field '\(field)' (fields: \(input.table.fieldNames.joined(separator: ", ")))")
            }
            return try input.table.strings(field)
        }
        let path = gridsLayer!
        let gt = try GridsInput.read(path, ReadOptions(defaultCRS: common.crs.flatMap { $0.isAuto ? nil : $0 }), common)
        guard gt.fieldNames.contains(gridsCode) else { throw CLIError("\(path): no grid code field '\(gridsCode)': give --grids-code") }
        let names = try gt.strings(gridsCode)
        let polys = try GridsInput.project(gt.geometries.map { $0 ?? .polygon([]) }, from: gt.crs, to: input.crs, label: path)
        let geoms = try polys.map { try Geometry($0) }
        let tree = try STRtree(geoms)
        var out = [String?](repeating: nil, count: input.built.cells.count)
        for (u, cell) in input.projected.enumerated() {
            let ug = try Geometry(cell)
            var best = -1, bestArea = 0.0
            for j in try tree.query(ug, predicate: .intersects) {
                let ar = cell.polygonParts.isEmpty ? 1 : try ug.intersection(geoms[j]).area
                if ar > bestArea { bestArea = ar; best = j }
            }
            if best >= 0 { out[u] = names[best] }
        }
        return out
    }
}
