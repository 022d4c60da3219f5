import Foundation
import LifeCircleGeometry

@testable import LifeCircleGrids

/// Independent checks, written without the code under test.
enum Check {
    /// Pieces of each grid by BFS over the given undirected edges.
    static func pieces(unitCount n: Int, edges: [(Int, Int)], assignment: [Int32]) -> [Int32: Int] {
        var adj = [[Int]](repeating: [], count: n)
        for (a, b) in edges { adj[a].append(b); adj[b].append(a) }
        var seen = [Bool](repeating: false, count: n)
        var out: [Int32: Int] = [:]
        for s in 0..<n where !seen[s] {
            out[assignment[s], default: 0] += 1
            var stack = [s]; seen[s] = true
            while let v = stack.popLast() {
                for x in adj[v] where !seen[x] && assignment[x] == assignment[s] { seen[x] = true; stack.append(x) }
            }
        }
        return out
    }

    /// Weight per grid, by plain summation.
    static func sums(_ weights: [Double], _ assignment: [Int32]) -> [Int32: Double] {
        var out: [Int32: Double] = [:]
        for (u, a) in assignment.enumerated() { out[a, default: 0] += weights[u] }
        return out
    }
}

enum SaoPaulo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/geodata/sao_paulo")
    static let csv = root.appendingPathComponent("spo_hexgrid.csv")
    static let gpkg = root.appendingPathComponent("spo_hexgrid_EPSG32723.gpkg")
    static var present: Bool { FileManager.default.fileExists(atPath: csv.path) }

    struct Cells {
        var ids: [String]
        var x: [Double]  // local metres (equirectangular around the mean)
        var y: [Double]
        var population: [Double]
    }

    static func cells() throws -> Cells {
        let text = try String(contentsOf: csv, encoding: .utf8)
        var ids: [String] = [], lon: [Double] = [], lat: [Double] = [], pop: [Double] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            ids.append(f[0]); lon.append(Double(f[1])!); lat.append(Double(f[2])!); pop.append(Double(f[3])!)
        }
        let lat0 = lat.reduce(0, +) / Double(lat.count), lon0 = lon.reduce(0, +) / Double(lon.count)
        let r = 6_371_008.8
        let x = lon.map { ($0 - lon0) * .pi / 180 * r * cos(lat0 * .pi / 180) }
        let y = lat.map { ($0 - lat0) * .pi / 180 * r }
        return Cells(ids: ids, x: x, y: y, population: pop)
    }

    /// Hex adjacency from centroid spacing: neighbours sit at the nearest-centroid
    /// distance d; the next ring is at √3·d, so 1.3·d separates them.
    static func hexEdges(_ c: Cells) -> (edges: [(Int, Int)], spacing: Double) {
        let n = c.x.count
        var nearest = Double.infinity
        for i in 0..<n { for j in (i + 1)..<n { nearest = min(nearest, hypot(c.x[i] - c.x[j], c.y[i] - c.y[j])) } }
        var e: [(Int, Int)] = []
        for i in 0..<n { for j in (i + 1)..<n where hypot(c.x[i] - c.x[j], c.y[i] - c.y[j]) < 1.3 * nearest { e.append((i, j)) } }
        return (e, nearest)
    }

    /// A UnitGraph of regular hexagons (side s = spacing / √3).
    static func graph() throws -> (UnitGraph, Cells, [(Int, Int)]) {
        let c = try cells()
        let (e, d) = hexEdges(c)
        let s = d / 3.0.squareRoot()
        let n = c.x.count
        let g = try UnitGraph(
            unitCount: n, edges: e.map { UnitEdge($0.0, $0.1, length: s) }, weights: [c.population],
            weightNames: ["population"],
            area: [Double](repeating: 1.5 * 3.0.squareRoot() * s * s, count: n),
            perimeter: [Double](repeating: 6 * s, count: n),
            centroid: (0..<n).map { Coordinate(c.x[$0], c.y[$0]) }, unitIDs: c.ids)
        return (g, c, e)
    }
}

extension GridPartitionOptions {
    /// One pipeline start: for tests of the search's contract (band, contiguity,
    /// determinism), which hold for every start, at an eighth of the default's
    /// debug time; `multiStartIsDeterministicAndNeverWorseThanItsFirstStart` tests the starts.
    func oneStart() -> GridPartitionOptions {
        var o = self
        o.searchStarts = 1
        return o
    }
}

enum Lattice {
    /// Rook contacts of a rows × cols lattice of unit squares, row-major, each of length 1.
    static func rookEdges(rows: Int, cols: Int) -> [UnitEdge] {
        var edges: [UnitEdge] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let u = r * cols + c
                if c + 1 < cols { edges.append(UnitEdge(u, u + 1, length: 1)) }
                if r + 1 < rows { edges.append(UnitEdge(u, u + cols, length: 1)) }
            }
        }
        return edges
    }

    /// A rows × cols rook lattice of unit squares (contacts of length 1) with
    /// households 20–80 drawn from `seed`: the search tests' instance.
    static func weighted(rows: Int, cols: Int, seed: UInt64) throws -> (graph: UnitGraph, edges: [UnitEdge], weights: [Double]) {
        let n = rows * cols
        var rng = SplitMix64(seed: seed)
        let edges = rookEdges(rows: rows, cols: cols)
        let w = (0..<n).map { _ in Double(20 + rng.next() % 61) }
        let g = try UnitGraph(
            unitCount: n, edges: edges, weights: [w], weightNames: ["w"], area: [Double](repeating: 1, count: n),
            perimeter: [Double](repeating: 4, count: n), centroid: (0..<n).map { Coordinate(Double($0 % cols), Double($0 / cols)) })
        return (g, edges, w)
    }
}
