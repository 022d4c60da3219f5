/// An undirected weighted graph in compressed sparse rows: the neighbours of
/// node u are `target[rowStart[u]..<rowStart[u+1]]`, with the edge's length
/// in `weight` and its edge id in `edgeId`. Each edge appears in both rows.
/// Self-loops are left out: they never shorten a path.
public struct WalkGraph: Sendable {
    public let nodeCount: Int
    public let rowStart: [Int32]
    public let target: [Int32]
    public let weight: [Double]
    public let edgeId: [Int32]

    public init(nodeCount: Int, edgeFrom: [Int32], edgeTo: [Int32], edgeLength: [Double]) {
        self.nodeCount = nodeCount
        var deg = [Int32](repeating: 0, count: nodeCount + 1)
        for e in 0..<edgeFrom.count where edgeFrom[e] != edgeTo[e] {
            deg[Int(edgeFrom[e]) + 1] += 1; deg[Int(edgeTo[e]) + 1] += 1
        }
        for u in 0..<nodeCount { deg[u + 1] += deg[u] }
        var fill = deg
        let m = Int(deg[nodeCount])
        var t = [Int32](repeating: 0, count: m), w = [Double](repeating: 0, count: m), id = [Int32](repeating: 0, count: m)
        for e in 0..<edgeFrom.count where edgeFrom[e] != edgeTo[e] {
            let u = Int(edgeFrom[e]), v = Int(edgeTo[e])
            var k = Int(fill[u]); t[k] = Int32(v); w[k] = edgeLength[e]; id[k] = Int32(e); fill[u] += 1
            k = Int(fill[v]); t[k] = Int32(u); w[k] = edgeLength[e]; id[k] = Int32(e); fill[v] += 1
        }
        rowStart = deg; target = t; weight = w; edgeId = id
    }

    public func degree(_ u: Int) -> Int { Int(rowStart[u + 1] - rowStart[u]) }
}

/// Connected components of the network: how many, which node is in which,
/// and the share of total edge length in the largest (by length).
public struct ComponentSummary: Sendable, Equatable {
    public let count: Int
    /// Component id per node, 0-based.
    public let nodeComponent: [Int32]
    /// Total edge length per component.
    public let componentLength: [Double]
    /// The component with the most edge length.
    public let largest: Int32
    public var largestLengthShare: Double {
        let total = componentLength.reduce(0, +)
        return total > 0 ? componentLength[Int(largest)] / total : 0
    }

    init(graph: WalkGraph, edgeFrom: [Int32], edgeLength: [Double]) {
        let n = graph.nodeCount
        var comp = [Int32](repeating: -1, count: n)
        var stack: [Int32] = []
        var c: Int32 = 0
        for s in 0..<n where comp[s] < 0 {
            comp[s] = c; stack.append(Int32(s))
            while let u = stack.popLast() {
                for k in Int(graph.rowStart[Int(u)])..<Int(graph.rowStart[Int(u) + 1]) {
                    let v = Int(graph.target[k])
                    if comp[v] < 0 { comp[v] = c; stack.append(Int32(v)) }
                }
            }
            c += 1
        }
        var len = [Double](repeating: 0, count: Int(c))
        for e in 0..<edgeFrom.count { len[Int(comp[Int(edgeFrom[e])])] += edgeLength[e] }
        var best: Int32 = 0
        for i in 0..<Int(c) where len[i] > len[Int(best)] { best = Int32(i) }
        count = Int(c); nodeComponent = comp; componentLength = len; largest = best
    }
}
