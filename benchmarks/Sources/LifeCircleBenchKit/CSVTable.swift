import Foundation

/// A numeric CSV with a header line, as the anchors' generators write it.
struct CSVTable {
    var header: [String]
    var columns: [[Double]]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError("\(path): cannot read (run the generator first)")
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { throw BenchError("\(path): empty file") }
        header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        columns = Array(repeating: [], count: header.count)
        for c in columns.indices { columns[c].reserveCapacity(lines.count) }
        for (i, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else { throw BenchError("\(path): line \(i + 2) has \(cells.count) cells, expected \(header.count)") }
            for (c, cell) in cells.enumerated() {
                guard let v = Double(cell.trimmingCharacters(in: .whitespaces)) else {
                    throw BenchError("\(path): line \(i + 2) field \(header[c]) is not a number")
                }
                columns[c].append(v)
            }
        }
    }

    func column(_ name: String) throws -> [Double] {
        guard let i = header.firstIndex(of: name) else { throw BenchError("missing column \(name)") }
        return columns[i]
    }
}
