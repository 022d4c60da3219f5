import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// The layers of a grids job (grid polygons with metrics, units with their
/// grid code, the metrics table) and writing them.
enum GridsJobOutput {
    /// One row per grid: code, community, units, weight and deviation per
    /// weight column, then the shape and boundary metrics.
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

    /// Dissolves the grid polygons, adds their geometric metrics and makes the
    /// layers (the summary is filled in by the job).
    static func make(
        input: GridsJobInput, plan: GridPlan, clock: inout StageClock,
        summary: (GridPlan) -> GridsSummary
    ) throws -> GridsJobResult {
        var plan = plan
        let dissolved = try clock.time("dissolve") {
            let d = try GridDissolver.dissolve(
                cells: input.territories ?? input.built.cells, assignment: plan.assignment, gridCount: plan.gridCount,
                gridCommunity: plan.gridCommunity, communityPolygons: input.communityPolygons,
                clip: input.territoryClip, footprints: input.territories == nil ? nil : input.projected)
            try GridDissolver.addGeometryMetrics(&plan.metrics, polygons: d)
            return d
        }
        // Rows in code order (north-west first).
        let order = plan.metrics.grids.indices.sorted { plan.metrics.grids[$0].code < plan.metrics.grids[$1].code }
        plan.metrics.grids = order.map { plan.metrics.grids[$0] }
        let polygons = order.map { dissolved[$0] }
        // Polygons were made in the working CRS; units are written as read.
        let crs = input.frame.crs
        let grids = OutputLayer(name: "grids", geometries: polygons, columns: metricsColumns(plan.metrics), crs: crs)
        var unitsTable = input.table
        try unitsTable.setColumn(Column(name: "grid_code", strings: plan.unitCodes.map { $0.isEmpty ? nil : $0 }))
        let units = OutputLayer(unitsTable, name: "units")
        let metrics = OutputLayer(name: "grid_metrics", geometries: [], columns: metricsColumns(plan.metrics))
        return GridsJobResult(
            summary: summary(plan), plan: plan, graph: input.built.graph, grids: grids, units: units,
            metrics: metrics, crs: crs)
    }

    /// Writes the layers to `out`: all three in a GeoPackage, else the grids
    /// there and the units beside it. Returns the units' path in that case.
    /// `unitsOut` is that path (the job's staging decides it).
    static func write(_ result: GridsJobResult, to out: String, unitsOut: String?) throws {
        let format = try OutputFormat(path: out)
        if format.holdsSeveralLayers {
            try VectorWriter.write([result.grids, result.units, result.metrics], to: out)
            return
        }
        let url = URL(fileURLWithPath: out)
        let unitsPath = unitsOut ?? url.deletingPathExtension().path + "_units." + url.pathExtension
        try VectorWriter.write([result.grids], to: out)
        try VectorWriter.write([result.units], to: unitsPath)
    }
}
