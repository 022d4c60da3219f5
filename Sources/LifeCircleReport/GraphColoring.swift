/// Colours a graph so that neighbours differ: DSATUR (the next vertex is the
/// one whose neighbours already use the most distinct colours; ties by degree,
/// then index), which needs few colours on planar maps (grids) and is
/// deterministic. Used to give adjacent grids distinct palette entries.
public enum GraphColoring {
    /// A colour index per vertex. `adjacency[i]` lists i's neighbours (either
    /// direction suffices; indices out of range and self-loops are ignored).
    public static func dsatur(vertexCount n: Int, adjacency: [[Int]]) -> [Int] {
        guard n > 0 else { return [] }
        // Symmetric, deduplicated neighbour sets.
        var nbrs = [Set<Int>](repeating: [], count: n)
        for (i, list) in adjacency.enumerated() where i < n {
            for j in list where j >= 0 && j < n && j != i {
                nbrs[i].insert(j); nbrs[j].insert(i)
            }
        }
        let nb: [[Int]] = nbrs.map { $0.sorted() }
        var color = [Int](repeating: -1, count: n)
        var used = [Set<Int>](repeating: [], count: n)  // colours seen among neighbours
        for _ in 0..<n {
            var best = -1
            for v in 0..<n where color[v] < 0 {
                if best < 0 { best = v; continue }
                let sv = used[v].count, sb = used[best].count
                if sv > sb || (sv == sb && nb[v].count > nb[best].count) { best = v }
            }
            var c = 0
            while used[best].contains(c) { c += 1 }
            color[best] = c
            for w in nb[best] { used[w].insert(c) }
        }
        return color
    }

    /// Whether no edge joins two vertices of the same colour.
    public static func isProper(_ colors: [Int], adjacency: [[Int]]) -> Bool {
        for (i, list) in adjacency.enumerated() where i < colors.count {
            for j in list where j >= 0 && j < colors.count && j != i && colors[i] == colors[j] { return false }
        }
        return true
    }
}
