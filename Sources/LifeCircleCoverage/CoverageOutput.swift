import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Writes a coverage result as one GeoPackage with layers `residents`
/// (point per resident: input_row (1-based row among the features read, after
/// any filter), weight, zone, snapping, `d_<category>` distance in
/// metres or null beyond the largest tier, `all_<tier>` 1 when every
/// category of the tier is reached, `share_<tier>` share of the tier's
/// categories reached, and `n_<category>_<tier>` facility counts when
/// computed), `facilities`, `service_areas` and `gaps`.
public enum CoverageOutput {
    public static func write(_ r: CoverageResult, input: CoverageInput, crs: CRS, to path: String) throws {
        try VectorWriter.write([residentsLayer(r, input: input, crs: crs)] + otherLayers(r, crs: crs), to: path)
    }

    /// The `residents` layer of `r`'s residents (a chunk of them, when streamed).
    static func residentsLayer(_ r: CoverageResult, input: CoverageInput, crs: CRS) -> OutputLayer {
        let nr = r.residentCount
        let tierLabels = r.config.tiers.map { String(format: "%g", $0) }
        var cols: [Column] = []
        if let rows = input.residentRow, rows.count == nr { cols.append(Column(name: "input_row", integers: rows.map { Int64($0) })) }
        cols.append(Column(name: "weight", finiteDoubles: input.weights))
        if let z = input.residentZone {
            cols.append(Column(name: "zone", strings: z.map { $0 >= 0 ? input.zoneNames[Int($0)] : nil }))
        }
        if !r.residentSnap.isEmpty {
            cols.append(Column(name: "snapped", integers: r.residentSnap.map { $0.isSnapped ? Int64(1) : 0 }))
            cols.append(Column(name: "access_m", finiteDoubles: r.residentSnap.map { $0.isSnapped ? $0.access : .nan }))
        }
        for (c, cat) in r.categories.enumerated() {
            cols.append(Column(name: "d_\(cat.id)", finiteDoubles: r.distances[c]))
        }
        for (t, label) in tierLabels.enumerated() {
            let cats = r.categoriesInTier(t)
            if !cats.isEmpty {
                let limit = r.config.tiers[t]
                var reached = [Int32](repeating: 0, count: nr)
                // Category by category: each distance array is read in order.
                for c in cats {
                    r.distances[c].withUnsafeBufferPointer { d in
                        for i in 0..<nr where d[i] <= limit { reached[i] += 1 }
                    }
                }
                let k = Int32(cats.count), n = Double(cats.count)
                cols.append(Column(name: "all_\(label)", integers: reached.map { $0 == k ? 1 : 0 }))
                cols.append(Column(name: "share_\(label)", finiteDoubles: reached.map { Double($0) / n }))
            } else {
                // A tier without categories: the columns are there, empty.
                cols.append(Column(name: "all_\(label)", type: .integer, values: Array(repeating: .null, count: nr)))
                cols.append(Column(name: "share_\(label)", type: .real, values: Array(repeating: .null, count: nr)))
            }
        }
        if !r.counts.isEmpty {
            for (c, cat) in r.categories.enumerated() where !r.counts[c].isEmpty {
                for (t, label) in tierLabels.enumerated() {
                    cols.append(Column(name: "n_\(cat.id)_\(label)", integers: (0..<nr).map { Int64(r.counts[c][t * nr + $0]) }))
                }
            }
        }
        return OutputLayer(name: "residents", geometries: input.residents.map { .point($0) }, columns: cols, crs: crs)
    }

    /// The layers after `residents`: facilities, service areas and gaps.
    static func otherLayers(_ r: CoverageResult, crs: CRS) -> [OutputLayer] {
        var layers: [OutputLayer] = []
        var fg: [GeometryValue?] = [], fcat: [String?] = [], fsnap: [Int?] = [], facc: [Double?] = []
        for (c, cat) in r.categories.enumerated() {
            for (i, p) in cat.facilities.enumerated() {
                fg.append(.point(p)); fcat.append(cat.id)
                if c < r.facilitySnap.count {
                    let s = r.facilitySnap[c][i]
                    fsnap.append(s.isSnapped ? 1 : 0); facc.append(s.isSnapped ? s.access : nil)
                }
            }
        }
        var fcols = [Column(name: "category", strings: fcat)]
        if !r.facilitySnap.isEmpty { fcols += [Column(name: "snapped", integers: fsnap), Column(name: "access_m", doubles: facc)] }
        layers.append(OutputLayer(name: "facilities", geometries: fg, columns: fcols, crs: crs))

        func areaLayer(_ name: String, _ fs: [AreaFeature]) -> OutputLayer {
            OutputLayer(
                name: name, geometries: fs.map { $0.geometry },
                columns: [
                    Column(name: "category", strings: fs.map { $0.category ?? "all" }),
                    Column(name: "tier_m", doubles: fs.map { $0.tierDistance }),
                    Column(name: "minutes", doubles: fs.map { r.config.minutes($0.tierDistance) }),
                    Column(name: "area_m2", doubles: fs.map { $0.area }),
                ], crs: crs)
        }
        if r.config.serviceAreas { layers.append(areaLayer("service_areas", r.serviceAreas)) }
        if r.config.gaps { layers.append(areaLayer("gaps", r.gaps)) }
        return layers
    }
}
