import Foundation
import LifeCircleGeometry
import LifeCircleIO

/// A census table by community (7th census 常住人口 per 社区) spread over the
/// residents inside each community: by floor area when the residents are
/// buildings (footprint × levels, the building-population estimate's
/// weights), else evenly.
public struct CensusPopulation: Sendable {
    /// The census table (CSV/XLSX, any encoding LifeCircle reads).
    public var table: InputSource
    /// Its column naming the community, matching the zones' `zone_field`.
    public var key: String
    /// Its column holding the population.
    public var field: String

    public init(table: InputSource, key: String, field: String) {
        self.table = table; self.key = key; self.field = field
    }

    /// Community name → population, read from the table.
    func totals() throws -> (totals: [String: Double], notes: [String]) {
        var options = ReadOptions(encoding: table.encoding, fields: [key, field])
        options.aspatial = true
        options.inputKey = "population_table"
        let t = try LayerReader.read(table.path, options)
        let names = try t.strings(key), values = try t.doubles(field)
        var out: [String: Double] = [:]
        for (n, v) in zip(names, values) {
            guard let n = n?.trimmingCharacters(in: .whitespaces), !n.isEmpty else { continue }
            out[n, default: 0] += v ?? 0
        }
        return (out, t.notes)
    }

    /// New weights: each community's total over its residents in proportion
    /// to `shares` (floor areas, or 1 each). Residents outside every
    /// community weigh 0; both that and communities with people but no
    /// residents are reported.
    func distribute(zoneOf: [Int32], zoneNames: [String], shares: [Double], warnings: inout [String]) throws -> [Double] {
        let (totals, notes) = try totals()
        warnings += notes
        var sum = [Double](repeating: 0, count: zoneNames.count)
        var count = [Int](repeating: 0, count: zoneNames.count)
        for (i, z) in zoneOf.enumerated() where z >= 0 {
            sum[Int(z)] += shares[i]
            count[Int(z)] += 1
        }
        var weights = [Double](repeating: 0, count: zoneOf.count)
        for (i, z) in zoneOf.enumerated() where z >= 0 {
            let k = Int(z)
            let total = totals[zoneNames[k]] ?? 0
            // A community whose residents all have zero floor area is spread evenly.
            weights[i] = sum[k] > 0 ? total * shares[i] / sum[k] : total / Double(count[k])
        }
        let outside = zoneOf.filter { $0 < 0 }.count
        if outside > 0 { warnings.append("\(outside) residents lie outside every community: the census gives them no population") }
        let empty = zoneNames.indices.filter { count[$0] == 0 && (totals[zoneNames[$0]] ?? 0) > 0 }.map { zoneNames[$0] }
        if !empty.isEmpty {
            warnings.append(
                "\(empty.count) communities have census population but no residents: \(empty.prefix(10).joined(separator: ", ")); their people are not counted"
            )
        }
        let unknown = Set(totals.keys).subtracting(zoneNames).sorted()
        if !unknown.isEmpty {
            warnings.append(
                "\(unknown.count) census communities are not among the zones: \(unknown.prefix(10).joined(separator: ", ")); check \(key) against the zone field"
            )
        }
        return weights
    }
}
