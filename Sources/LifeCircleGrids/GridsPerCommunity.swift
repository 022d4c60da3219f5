import Foundation
import LifeCircleIO

/// The number of grids a partition makes, from the job's `Count`: K in total
/// or a weight band as given, or K per community from a column of the units
/// or a `community,grids` CSV.
extension GridsJob {
    func gridCount(_ input: GridsJobInput) throws -> GridCount {
        let g = input.built.graph
        switch count {
        case nil:
            throw OptionError(key: "grids", "no number of grids given", fix: "give {option} K (or one of grids_field, grids_table, target)")
        case .total(let k)?:
            return .total(k)
        case .target(let a, let b)?:
            return .target(min: a, max: b)
        case .field(let f)?:
            guard input.table.fieldNames.contains(f) else {
                throw OptionError(
                    key: "grids_field",
                    "\(units.label): no field '\(f)' with the number of grids (fields: \(input.table.fieldNames.joined(separator: ", ")))",
                    fix: "give {option} with one of them")
            }
            let ks = try input.table.doubles(f)
            var table: [String: Int] = [:]
            for u in 0..<g.unitCount {
                let key = g.nestKeys[Int(g.nest[u])]
                // A count beyond 10 million (or 1e308) would trap as an Int.
                if let k = ks[u], k >= 1, k < 1e7 { table[key] = table[key] ?? Int(k.rounded()) }
            }
            return .perCommunity(table)
        case .table(let path)?:
            return .perCommunity(try Self.readGridsTable(path))
        }
    }

    /// `community,grids` lines (a header line is skipped).
    static func readGridsTable(_ path: String) throws -> [String: Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw OptionError(key: "grids_table", "\(path): cannot read the CSV of grids per community", fix: "check the path given as {option}")
        }
        var table: [String: Int] = [:]
        for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\u{FEFF}")) }
            guard f.count >= 2 else { continue }
            guard let k = Int(f[1]) else {
                if i == 0 { continue }  // header
                throw OptionError(
                    key: "grids_table", "\(path): line \(i + 1): '\(f[1])' is not a whole number of grids",
                    fix: "give community,grids lines in {option}")
            }
            table[f[0]] = k
        }
        return table
    }
}
