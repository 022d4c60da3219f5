import LifeCircleGeometry
import Testing

@testable import LifeCircleReport

@Suite struct PaletteTests {
    @Test func hexRoundTrip() {
        #expect(RGBColor(hex: "#1b7837") == RGBColor(0x1b, 0x78, 0x37))
        #expect(RGBColor(hex: "abc") == RGBColor(0xaa, 0xbb, 0xcc))
        #expect(RGBColor(hex: "#11223344")?.alpha == 0x44)
        #expect(RGBColor(hex: "#12345") == nil && RGBColor(hex: "red") == nil)
        #expect(RGBColor(0x1b, 0x78, 0x37).hex == "#1b7837")
        #expect(RGBColor(1, 2, 3).qgis == "1,2,3,255")
    }

    @Test func tiersGetLighterWithTime() {
        let c = [5, 10, 15].map { Palette.tier(minutes: $0, tiers: [15, 5, 10]) }
        #expect(c[0] == Palette.tierColors[0] && c[1] == Palette.tierColors[1] && c[2] == Palette.tierColors[2])
        #expect(c[0].luminance < c[1].luminance && c[1].luminance < c[2].luminance)
    }

    @Test func divergingSignAndSaturation() {
        let under = Palette.diverging(-50, limit: 100), over = Palette.diverging(50, limit: 100), zero = Palette.diverging(0, limit: 100)
        #expect(under.b > under.r && over.r > over.b)
        #expect(zero == RGBColor(0xf7, 0xf7, 0xf7))
        #expect(Palette.diverging(-1e9, limit: 100) == Palette.divergingStops[0])
        #expect(Palette.diverging(1e9, limit: 100) == Palette.divergingStops[6])
        let classes = Palette.divergingClasses(limit: 100, classes: 5)
        #expect(classes.count == 5 && classes[0].lower == -100 && abs(classes[4].upper - 100) < 1e-9)
        #expect(classes[2].color == zero)  // the middle class is centred on 0
    }

    @Test func rankOneIsDarkest() {
        let ranks = (1...10).map { Palette.rank($0, of: 10) }
        #expect(ranks[0] == Palette.rankStops[0] && ranks[9] == Palette.rankStops[4])
        #expect(ranks[0].luminance < ranks[9].luminance)
    }

    /// 4×4 lattice (rook adjacency) is bipartite: DSATUR finds 2 colours.
    @Test func latticeNeedsTwoColours() {
        let adj: [[Int]] = (0..<16).map { i in
            let r = i / 4, c = i % 4
            return [(r, c - 1), (r, c + 1), (r - 1, c), (r + 1, c)].filter { $0.0 >= 0 && $0.0 < 4 && $0.1 >= 0 && $0.1 < 4 }.map { $0.0 * 4 + $0.1 }
        }
        let col = GraphColoring.dsatur(vertexCount: 16, adjacency: adj)
        #expect(GraphColoring.isProper(col, adjacency: adj))
        #expect(Set(col).count == 2)
    }

    /// A wheel with an odd rim (hub + 5-cycle) needs 4 colours; one-sided
    /// adjacency lists are symmetrised.
    @Test func oddWheelNeedsFour() {
        var adj = [[Int]](repeating: [], count: 6)
        for i in 1...5 { adj[0].append(i); adj[i].append(i % 5 + 1) }
        let col = GraphColoring.dsatur(vertexCount: 6, adjacency: adj)
        var sym = adj
        for (i, l) in adj.enumerated() { for j in l { sym[j].append(i) } }
        #expect(GraphColoring.isProper(col, adjacency: sym))
        #expect(Set(col).count == 4)
        // Grid colours follow: neighbours differ.
        let colors = Palette.gridColors(count: 6, adjacency: adj)
        for (i, l) in adj.enumerated() { for j in l { #expect(colors[i] != colors[j]) } }
    }

    @Test func formats() {
        #expect(ReportFormat.percent(0.6234) == "62.3%")
        #expect(ReportFormat.number(1234567.891, digits: 1) == "1,234,567.9")
        #expect(ReportFormat.number(-1234) == "-1,234")
        #expect(ReportFormat.number(-0.04, digits: 1) == "0.0")
        #expect(ReportFormat.integer(999) == "999")
        #expect(ReportFormat.distance(500, .en) == "500 m" && ReportFormat.distance(2000, .zh) == "2 千米")
        #expect(ReportLanguage(code: "zh-CN") == .zh && ReportLanguage(code: "EN") == .en && ReportLanguage(code: "fr") == nil)
    }
}

@Suite struct SentenceTests {

    @Test func legendPresets() {
        let t = LegendEntry.tiers([15, 5, 10], language: .zh)
        #expect(t.map(\.label) == ["5分钟生活圈", "10分钟生活圈", "15分钟生活圈", "未覆盖"])
        #expect(t[0].color == Palette.tierColors[0].hex && t[3].color == Palette.notCovered.hex)
        #expect(LegendEntry.ranks(count: 7, language: .en).map(\.label) == ["Rank 1", "Rank 4", "Rank 7"])
        #expect(LegendEntry.balance(language: .en).count == 3)
    }
}

@Suite struct AdjacencyTests {
    static func square(_ x: Double, _ y: Double, _ s: Double = 100) -> GeometryValue {
        .polygon([[Coordinate(x, y), Coordinate(x + s, y), Coordinate(x + s, y + s), Coordinate(x, y + s), Coordinate(x, y)]])
    }

    /// 3×3 blocks of 100 m with 20 m streets between them: not touching, so
    /// neighbours only within 20 m; 8-neighbourhood needs the diagonal gap
    /// 20·√2 ≈ 28.3 m.
    @Test func blocksAcrossStreets() throws {
        let blocks = (0..<9).map { Self.square(Double($0 % 3) * 120, Double($0 / 3) * 120) }
        #expect(try FeatureAdjacency.neighbours(blocks).allSatisfy { $0.isEmpty })
        let rook = try FeatureAdjacency.neighbours(blocks, within: 20)
        #expect(rook[4] == [1, 3, 5, 7] && rook[0] == [1, 3])
        #expect(rook.reduce(0) { $0 + $1.count } == 24)  // 12 street crossings, both directions
        let queen = try FeatureAdjacency.neighbours(blocks, within: 29)
        #expect(queen[4] == [0, 1, 2, 3, 5, 6, 7, 8])
        let colors = Palette.gridColors(count: 9, adjacency: queen)
        for (i, l) in queen.enumerated() { for j in l { #expect(colors[i] != colors[j]) } }
    }

    @Test func touchingSquares() throws {
        let a = Self.square(0, 0), b = Self.square(100, 0), c = Self.square(300, 0)
        #expect(try FeatureAdjacency.neighbours([a, b, c, .multiPolygon([])]) == [[1], [0], [], []])
    }
}
