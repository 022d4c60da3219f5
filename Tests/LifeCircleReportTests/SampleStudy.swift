import Foundation
import LifeCircleGeometry
import LifeCircleReport

/// A synthetic town in projected metres (UTM-like coordinates) with blocks,
/// streets, residents, facilities, grids and park candidates, mapped into a
/// ReportDocument the way the study runner will. Deterministic.
struct SampleStudy {
    static let origin = Coordinate(500_000, 3_400_000)
    static let cols = 8, rows = 6, block = 250.0, street = 20.0
    static let tiers = [5, 10, 15]
    static let tierRadius: [Double] = [300, 500, 800]

    var blocks: [GeometryValue] = []
    var streets: [GeometryValue] = []
    var residents: [Coordinate] = []
    var residentTier: [Int?] = []
    var facilities: [Coordinate] = []
    var gridOfBlock: [Int] = []
    var gridCodes: [String] = []
    var gridAdjacency: [[Int]] = []
    var gridPopulation: [Int] = []
    var candidates: [GeometryValue] = []
    var candidateServed: [Int] = []

    init(residentCount: Int) {
        let o = Self.origin
        for r in 0..<Self.rows {
            for c in 0..<Self.cols {
                let x0 = o.x + Double(c) * Self.block + Self.street / 2, y0 = o.y + Double(r) * Self.block + Self.street / 2
                let x1 = x0 + Self.block - Self.street, y1 = y0 + Self.block - Self.street
                blocks.append(.polygon([[Coordinate(x0, y0), Coordinate(x1, y0), Coordinate(x1, y1), Coordinate(x0, y1), Coordinate(x0, y0)]]))
                // Grids of 2×2 blocks, 4 across, 3 down.
                gridOfBlock.append((r / 2) * 4 + c / 2)
            }
        }
        let w = Double(Self.cols) * Self.block, h = Double(Self.rows) * Self.block
        for c in 0...Self.cols {
            streets.append(.lineString([Coordinate(o.x + Double(c) * Self.block, o.y), Coordinate(o.x + Double(c) * Self.block, o.y + h)]))
        }
        for r in 0...Self.rows {
            streets.append(.lineString([Coordinate(o.x, o.y + Double(r) * Self.block), Coordinate(o.x + w, o.y + Double(r) * Self.block)]))
        }
        facilities = [Coordinate(o.x + 500, o.y + 500), Coordinate(o.x + 1250, o.y + 1000), Coordinate(o.x + 250, o.y + 1250)]

        var rng = SplitMix64(seed: 42)
        for _ in 0..<residentCount {
            let b = Int(rng.next() % UInt64(blocks.count))
            let e = blocks[b].envelope
            let p = Coordinate(e.minX + rng.nextUnit() * e.width, e.minY + rng.nextUnit() * e.height)
            residents.append(p)
            let d = facilities.map { $0.distance(to: p) }.min()!
            residentTier.append(Self.tierRadius.firstIndex(where: { d <= $0 }).map { Self.tiers[$0] })
            _ = b
        }
        // Grid codes west→east, north→south as the grids module does.
        for g in 0..<12 {
            let gr = 2 - g / 4, gc = g % 4
            gridCodes.append(String(format: "420106001%03d", gr * 4 + gc + 1))
        }
        gridAdjacency = (0..<12).map { g in
            let r = g / 4, c = g % 4
            var n: [Int] = []
            if c > 0 { n.append(g - 1) }; if c < 3 { n.append(g + 1) }
            if r > 0 { n.append(g - 4) }; if r < 2 { n.append(g + 4) }
            return n
        }
        gridPopulation = [Int](repeating: 0, count: 12)
        for p in residents {
            let c = min(Self.cols - 1, Int((p.x - o.x) / Self.block)), r = min(Self.rows - 1, Int((p.y - o.y) / Self.block))
            gridPopulation[gridOfBlock[r * Self.cols + c]] += 1
        }
        for k in 0..<6 {
            let cx = o.x + 1500 + Double(k % 3) * 150, cy = o.y + 200 + Double(k / 3) * 600
            candidates.append(
                .polygon([[Coordinate(cx, cy), Coordinate(cx + 60, cy), Coordinate(cx + 60, cy + 40), Coordinate(cx, cy + 40), Coordinate(cx, cy)]]))
            let centre = Coordinate(cx + 30, cy + 20)
            candidateServed.append(residents.filter { $0.distance(to: centre) <= 500 }.count)
        }
    }

    static func circle(_ c: Coordinate, _ r: Double, segments: Int = 64) -> GeometryValue {
        var ring = (0..<segments).map { i -> Coordinate in
            let a = Double(i) / Double(segments) * 2 * .pi
            return Coordinate(c.x + r * cos(a), c.y + r * sin(a))
        }
        ring.append(ring[0])
        return .polygon([ring])
    }

    /// Coverage counts per tier (cumulative: reached within the tier's time).
    var coveredWithin: [Int] {
        Self.tiers.map { t in residentTier.filter { $0 != nil && $0! <= t }.count }
    }

    var candidateRanking: [Int] { candidates.indices.sorted { (candidateServed[$0], -$0) > (candidateServed[$1], -$1) } }

    func document(_ lang: ReportLanguage) -> ReportDocument {
        func t(_ k: ReportText) -> String { ReportStrings.text(k, lang) }
        let n = residents.count
        let covered = coveredWithin
        let zh = lang == .zh
        let summary = [
            zh
                ? "\(ReportFormat.percent(Double(covered[0]) / Double(n))) 的居民在 300 米内可达全部 5 分钟生活圈设施。"
                : "\(ReportFormat.percent(Double(covered[0]) / Double(n))) of residents have all 5-minute facilities within 300 m.",
            zh ? "幼儿园是最大的服务缺口。" : "Kindergartens are the largest gap.",
        ]
        let context = MapLayer(name: "blocks", features: blocks.map { MapFeature($0) }, fill: "#eeeeee", stroke: "#bbbbbb", strokeWidth: 0.5)
        let roads = MapLayer(name: "streets", features: streets.map { MapFeature($0) }, stroke: "#999999", strokeWidth: 1.2)
        let serviceAreas = MapLayer(
            name: "service areas",
            features: facilities.flatMap { f in
                Self.tierRadius.indices.reversed().map { i in
                    MapFeature(Self.circle(f, Self.tierRadius[i]), fill: Palette.tier(index: i, of: 3).hex, stroke: Palette.tier(index: i, of: 3).hex)
                }
            }, fillOpacity: 0.25)
        let people = MapLayer(
            name: "residents",
            features: residents.indices.map { i in
                MapFeature(
                    .point(residents[i]), fill: residentTier[i].map { Palette.tier(minutes: $0, tiers: Self.tiers).hex } ?? Palette.notCovered.hex)
            }, pointRadius: 1.4)
        let fac = MapLayer(
            name: "facilities", features: facilities.map { MapFeature(.point($0), fill: "#222222", title: "kindergarten") }, pointRadius: 5)
        var legend1 = Self.tiers.indices.map {
            LegendEntry(color: Palette.tier(index: $0, of: 3).hex, label: ReportStrings.tier(minutes: Self.tiers[$0], lang), symbol: .point)
        }
        legend1.append(LegendEntry(color: Palette.notCovered.hex, label: t(.notCovered), symbol: .point))
        legend1.append(LegendEntry(color: "#222222", label: t(.facilities), symbol: .point))
        let map1 = MapSection(
            title: zh ? "幼儿园：生活圈覆盖" : "Kindergartens: coverage by tier",
            caption: zh ? "点为居民，按可达的生活圈着色。" : "Dots are residents, coloured by the tier they reach.",
            layers: [context, roads, serviceAreas, people, fac], legend: legend1)

        let gridColors = Palette.gridColors(count: 12, adjacency: gridAdjacency)
        let gridLayer = MapLayer(
            name: "grids",
            features: blocks.indices.map { b in
                MapFeature(
                    blocks[b], fill: gridColors[gridOfBlock[b]].hex, stroke: "#ffffff",
                    label: b % 2 == 0 && (b / Self.cols) % 2 == 0 ? gridCodes[gridOfBlock[b]] : nil,
                    labelAt: Coordinate(blocks[b].envelope.maxX + Self.street / 2, blocks[b].envelope.maxY + Self.street / 2))
            }, labelSize: 13)
        let mean = Double(n) / 12
        let balance = MapLayer(
            name: "balance",
            features: blocks.indices.map { b in
                MapFeature(blocks[b], fill: Palette.diverging(Double(gridPopulation[gridOfBlock[b]]) - mean, limit: mean * 0.3).hex)
            }, stroke: "#ffffff")
        let map2 = MapSection(
            title: zh ? "网格划分与编码" : "Grid plan and codes", layers: [gridLayer, roads],
            legend: [LegendEntry(color: gridColors[0].hex, label: t(.grid))])
        let map3 = MapSection(
            title: zh ? "网格人口均衡" : "Grid population balance", layers: [balance],
            legend: [
                LegendEntry(color: Palette.diverging(-1, limit: 1).hex, label: t(.balanceUnder)),
                LegendEntry(color: Palette.diverging(0, limit: 1).hex, label: t(.balanced)),
                LegendEntry(color: Palette.diverging(1, limit: 1).hex, label: t(.balanceOver)),
            ])
        let ranking = candidateRanking
        var rankOf = [Int](repeating: 0, count: candidates.count)
        for (r, i) in ranking.enumerated() { rankOf[i] = r + 1 }
        let cands = MapLayer(
            name: "candidates",
            features: candidates.indices.map { i in
                MapFeature(candidates[i], fill: Palette.rank(rankOf[i], of: candidates.count).hex, label: "\(rankOf[i])")
            }, stroke: "#333333", labelSize: 14)
        let chosen = MapLayer(
            name: "selected service areas",
            features: ranking.prefix(2).map { i in
                MapFeature(Self.circle(candidates[i].envelope.center, 500))
            }, fill: "none", stroke: "#1b7837", strokeWidth: 2, dash: "8 4")
        let map4 = MapSection(
            title: zh ? "公园候选地块与选址" : "Park candidates and chosen sites", layers: [context, cands, chosen],
            legend: [
                LegendEntry(color: Palette.rank(1, of: 6).hex, label: "\(t(.rank)) 1"),
                LegendEntry(color: "#1b7837", label: t(.serviceArea), symbol: .line),
            ])

        let coverageTable = ReportTable(
            title: zh ? "按类别和生活圈统计的覆盖率" : "Coverage by category and tier",
            columns: [t(.category)] + Self.tiers.map { ReportStrings.tier(minutes: $0, lang) },
            rows: [
                [zh ? "幼儿园" : "Kindergarten"] + covered.map { ReportFormat.percent(Double($0) / Double(n)) },
                [zh ? "居民人数" : "Residents reached"] + covered.map { ReportFormat.integer($0) },
            ])
        let gridTable = ReportTable(
            title: zh ? "网格指标" : "Grid metrics",
            columns: [t(.gridCode), t(.residents), zh ? "偏差" : "Deviation"],
            rows: gridCodes.indices.map { g in
                [gridCodes[g], ReportFormat.integer(gridPopulation[g]), ReportFormat.number(Double(gridPopulation[g]) - mean, digits: 1)]
            })
        let parkTable = ReportTable(
            title: zh ? "公园候选排名" : "Park candidate ranking",
            columns: [t(.rank), t(.candidate), t(.residents)],
            rows: ranking.enumerated().map { r, i in ["\(r + 1)", "C\(i + 1)", ReportFormat.integer(candidateServed[i])] })
        let warnings = [
            ReportWarning(
                category: zh ? "未接入路网的居民" : "Unsnapped residents",
                message: zh ? "3 处居民点距道路超过 200 米" : "3 residents are more than 200 m from a street", count: 3),
            ReportWarning(category: zh ? "放宽的障碍" : "Relaxed barriers", message: "420106001003 – 420106001004 <river>"),
        ]
        return ReportDocument(
            title: zh ? "示例街道 15 分钟社区生活圈评估" : "Sample district: 15-minute life-circle study",
            subtitle: zh ? "合成数据" : "Synthetic data", language: lang,
            facts: [ReportFact(zh ? "居民" : "Residents", ReportFormat.integer(n)), ReportFact("CRS", "EPSG:32650")],
            summary: summary, maps: [map1, map2, map3, map4], tables: [coverageTable, gridTable, parkTable],
            warnings: warnings, generator: "lifecircle test")
    }
}
