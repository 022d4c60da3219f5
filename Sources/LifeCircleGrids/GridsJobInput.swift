import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// A grids job's inputs read and turned into the unit graph, in one metric CRS.
struct GridsJobInput: Sendable {
    /// The units as read (own CRS), for the output units layer.
    var table: FeatureTable
    /// Unit geometries in the working frame.
    var projected: [GeometryValue]
    var built: BuiltUnits
    var frame: WorkingFrame
    /// Per community (nest key) its polygon to clip grids to.
    var communityPolygons: [GeometryValue?]?
    /// Polygon units that do not touch (footprints, with a gap): the land
    /// nearest each unit, from which grid polygons are dissolved, and the area
    /// around the units they are clipped to.
    var territories: [GeometryValue]? = nil
    var territoryClip: GeometryValue? = nil

    static func load(_ job: GridsJob, clock: inout StageClock) throws -> GridsJobInput {
        // The declared working CRS is also the CRS of files without one (or
        // whose own CRS does not fit their coordinates, e.g. GeoJSON in local metres).
        let declared = job.crs.flatMap { $0.isAuto ? nil : $0 }
        let units = job.units
        let label = units.label
        let table = try clock.time("read_units") { try units.read(key: "units", defaultCRS: declared) }
        guard table.count > 0 else {
            if let f = units.filter {
                throw OptionError(key: "units_filter", "\(label): no units match the filter \"\(f)\"", fix: "check the file and {option}")
            }
            throw OptionError(key: "units", "\(label): no units", fix: "check the file given as {option}")
        }
        let fields = table.fieldNames.joined(separator: ", ")
        guard !job.weights.isEmpty else {
            throw OptionError(key: "weight", "\(label): no weight given (fields: \(fields))", fix: "name the column(s) to balance with {option}")
        }
        var weights: [[Double]] = []
        for w in job.weights {
            guard table.fieldNames.contains(w) else {
                throw OptionError(key: "weight", "\(label): no weight field '\(w)' (fields: \(fields))", fix: "give {option} with one of them")
            }
            let raw = try table.doubles(w)
            try WeightRule.check(raw, field: w, label: label)
            weights.append(raw.map { $0 ?? .nan })
        }
        for (i, g) in table.geometries.enumerated() where g == nil || g!.isEmpty {
            throw OptionError(key: "units_filter", "\(label): unit \(i + 1) has no geometry", fix: "drop it with {option} or fix the layer")
        }
        let frame = try WorkingFrame.choose(asked: job.crs, dataCRS: table.crs, envelope: table.envelope)
        let projected = try frame.project(table.geometries.map { $0! }, from: table.crs, label: label)
        var nest: [String]? = nil
        if let n = job.nest {
            guard table.fieldNames.contains(n) else {
                throw OptionError(key: "nest", "\(label): no nesting field '\(n)' (fields: \(fields))", fix: "give {option} with one of them")
            }
            nest = try table.strings(n).map { $0 ?? "" }
        }
        let ids: [String]
        if let idf = job.id {
            guard table.fieldNames.contains(idf) else {
                throw OptionError(key: "id", "\(label): no id field '\(idf)' (fields: \(fields))", fix: "give {option} with one of them")
            }
            ids = try table.strings(idf).enumerated().map { $1 ?? "#\($0 + 1)" }
        } else {
            ids = (1...table.count).map { "#\($0)" }
        }

        var barrierLines: [GeometryValue] = []
        var study: GeometryValue? = nil
        var communityTable: FeatureTable? = nil
        try clock.time("read_inputs") {
            for b in job.barriers {
                var source = b
                if let f = job.barriersFilter { source.filter = f }
                if source.layer == nil, let l = job.barriersLayer { source.layer = l }
                let bt = try source.read(key: "barriers", defaultCRS: declared)
                barrierLines += try frame.project(bt.geometries.compactMap { $0 }, from: bt.crs, label: source.label)
            }
            if let s = job.studyArea {
                let st = try s.read(key: "study_area", defaultCRS: declared)
                let polys = try frame.project(st.geometries.compactMap { $0 }, from: st.crs, label: s.label).flatMap { $0.polygonParts }
                guard !polys.isEmpty else {
                    throw OptionError(key: "study_area", "\(s.label): no polygon for the study area", fix: "give a polygon layer as {option}")
                }
                study = polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
            }
            if let c = job.communities { communityTable = try c.read(key: "communities", defaultCRS: declared) }
        }
        let walk: WalkNetwork? = try job.network.map { n in
            try clock.time("network") { try NetworkSource.load(n, key: "network", frame: frame) }
        }

        let built: BuiltUnits = try clock.time("unit_graph") {
            do {
                return try UnitGraphBuilder.build(
                    UnitInput(geometries: projected, weights: weights, weightNames: job.weights, nest: nest, ids: ids),
                    options: AdjacencyOptions(rule: AdjacencyOptions.Rule(rawValue: job.adjacency.rawValue) ?? .rook, gapTolerance: job.gap),
                    studyArea: study, barriers: barrierLines, network: walk, maxWalk: job.maxWalk)
            } catch let e as GridError {
                throw OptionError(key: "units", "\(label): \(e.description)")
            } catch var e as OptionError {
                e.message = "\(label): \(e.message)"
                throw e
            }
        }

        var communityPolygons: [GeometryValue?]? = nil
        if let c = job.communities, let ct = communityTable {
            let fieldKey = job.communitiesField != nil ? "communities_field" : "nest"
            guard let key = job.communitiesField ?? job.nest else {
                throw OptionError(
                    key: "communities_field", "community polygons need a key column to match communities", fix: "give {option} (or nest)")
            }
            guard ct.fieldNames.contains(key) else {
                throw OptionError(
                    key: fieldKey, "\(c.label): no field '\(key)' to match communities (fields: \(ct.fieldNames.joined(separator: ", ")))",
                    fix: "give {option} naming the communities' key column")
            }
            let keys = try ct.strings(key)
            let geoms = try frame.project(ct.geometries.map { $0 ?? .polygon([]) }, from: ct.crs, label: c.label)
            var byKey: [String: GeometryValue] = [:]
            for (i, k) in keys.enumerated() { if let k { byKey[k] = geoms[i] } }
            communityPolygons = built.graph.nestKeys.map { byKey[$0] }
        }
        var input = GridsJobInput(table: table, projected: projected, built: built, frame: frame, communityPolygons: communityPolygons)
        if let clip = built.territoryClip {
            // Territory adjacency built the territories already: grids dissolve from them.
            input.territories = built.cells
            input.territoryClip = clip
        } else if job.gap > 0, projected.allSatisfy({ !$0.polygonParts.isEmpty }) {
            // Footprints leave gaps between them: grid polygons come from each
            // unit's territory instead, within the gap of a unit (or the study area).
            try clock.time("territories") {
                input.territories = try UnitTerritories.cells(of: projected, spacing: min(5, max(job.gap / 2, 0.5)))
                input.territoryClip = try study ?? Geometry.unionAll(projected.map { try Geometry($0) }).buffer(job.gap).value
            }
        }
        return input
    }
}
