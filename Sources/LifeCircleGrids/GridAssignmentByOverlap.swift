import Foundation
import LifeCircleGeometry
import LifeCircleIO

/// The existing plan of `evaluate` and `rebalance`: a grid code per unit, from
/// a column of the units or from grid polygons by largest overlap (points: the
/// polygon containing them).
enum GridAssignmentByOverlap {
    static func codes(_ job: GridsJob, input: GridsJobInput) throws -> [String?] {
        if let field = job.assignment {
            guard input.table.fieldNames.contains(field) else {
                throw OptionError(
                    key: "assignment",
                    "\(job.units.label): no assignment field '\(field)' (fields: \(input.table.fieldNames.joined(separator: ", ")))",
                    fix: "give {option} with one of them")
            }
            return try nonEmpty(input.table.strings(field), job, key: "assignment", "field '\(field)'")
        }
        guard let source = job.gridsLayer else { return [String?](repeating: nil, count: input.projected.count) }
        let declared = job.crs.flatMap { $0.isAuto ? nil : $0 }
        let gt = try source.read(key: "grids_layer", defaultCRS: declared)
        guard gt.fieldNames.contains(job.gridsCode) else {
            throw OptionError(
                key: "grids_code", "\(source.label): no grid code field '\(job.gridsCode)' (fields: \(gt.fieldNames.joined(separator: ", ")))",
                fix: "give {option} naming the grid code column")
        }
        let names = try gt.strings(job.gridsCode)
        let polys = try input.frame.project(gt.geometries.map { $0 ?? .polygon([]) }, from: gt.crs, label: source.label)
        return try nonEmpty(assign(units: input.projected, to: polys, codes: names), job, key: "grids_layer", "\(source.label)")
    }

    /// A plan with no code at all is no plan: "0 grids, max |d| 0%" would mislead.
    static func nonEmpty(_ codes: [String?], _ job: GridsJob, key: String, _ what: String) throws -> [String?] {
        guard codes.contains(where: { !($0 ?? "").isEmpty }) else {
            throw OptionError(
                key: key, "\(job.units.label): no unit has a grid code from \(what) (every one is empty)",
                fix: "check {option}: it should give each unit its grid's code")
        }
        return codes
    }

    /// For each unit the code of the polygon it overlaps most (points: any polygon containing it).
    static func assign(units: [GeometryValue], to polygons: [GeometryValue], codes: [String?]) throws -> [String?] {
        let geoms = try polygons.map { try Geometry($0) }
        let tree = try STRtree(geoms)
        var out = [String?](repeating: nil, count: units.count)
        for (u, cell) in units.enumerated() {
            let ug = try Geometry(cell)
            var best = -1, bestArea = 0.0
            for j in try tree.query(ug, predicate: .intersects) {
                let ar = cell.polygonParts.isEmpty ? 1 : try ug.intersection(geoms[j]).area
                if ar > bestArea { bestArea = ar; best = j }
            }
            if best >= 0 { out[u] = codes[best] }
        }
        return out
    }
}
