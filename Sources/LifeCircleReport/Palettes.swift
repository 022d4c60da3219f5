/// Colours for the report's maps and the QGIS styles, so both agree.
public enum Palette {
    /// Life-circle tiers, shortest first: dark to light green (5-, 10-, 15-minute).
    public static let tierColors: [RGBColor] = [
        RGBColor(0x1b, 0x78, 0x37), RGBColor(0x5a, 0xae, 0x61), RGBColor(0xa6, 0xdb, 0xa0),
        RGBColor(0xd9, 0xf0, 0xd3),
    ]
    /// Residents/areas reached by no tier.
    public static let notCovered = RGBColor(0xd7, 0x30, 0x27)
    /// Gap areas.
    public static let gap = RGBColor(0xf4, 0x6d, 0x43)
    /// Existing green space.
    public static let green = RGBColor(0x8f, 0xd1, 0x75)
    /// Study-area background features (buildings, roads) drawn muted.
    public static let context = RGBColor(0xcc, 0xcc, 0xcc)

    /// The colour of tier `index` (0 = shortest) among `count` tiers: spread
    /// over the green ramp so 3 tiers get dark, mid and light.
    public static func tier(index: Int, of count: Int) -> RGBColor {
        guard count > 1 else { return tierColors[0] }
        let t = Double(min(max(index, 0), count - 1)) / Double(count - 1)
        return ramp([tierColors[0], tierColors[1], tierColors[2]], t)
    }

    /// Tier colour for a minutes value among the tiers used (sorted ascending).
    public static func tier(minutes: Int, tiers: [Int]) -> RGBColor {
        let sorted = tiers.sorted()
        let i = sorted.firstIndex(of: minutes) ?? sorted.firstIndex(where: { $0 > minutes }) ?? (sorted.count - 1)
        return tier(index: i, of: sorted.count)
    }

    /// 12 distinct colours (Tableau 10 + 2), for grids and categories.
    public static let categorical: [RGBColor] = [
        RGBColor(0x4e, 0x79, 0xa7), RGBColor(0xf2, 0x8e, 0x2b), RGBColor(0xe1, 0x57, 0x59),
        RGBColor(0x76, 0xb7, 0xb2), RGBColor(0x59, 0xa1, 0x4f), RGBColor(0xed, 0xc9, 0x48),
        RGBColor(0xb0, 0x7a, 0xa1), RGBColor(0xff, 0x9d, 0xa7), RGBColor(0x9c, 0x75, 0x5f),
        RGBColor(0xba, 0xb0, 0xac), RGBColor(0x86, 0xbc, 0xb6), RGBColor(0xd3, 0x72, 0x95),
    ]

    public static func categorical(_ i: Int) -> RGBColor {
        categorical[((i % categorical.count) + categorical.count) % categorical.count]
    }

    /// A colour per grid such that adjacent grids differ (DSATUR colouring of
    /// the adjacency, then palette entries). Without adjacency, grids cycle
    /// through the palette in order.
    public static func gridColors(count: Int, adjacency: [[Int]]? = nil) -> [RGBColor] {
        func pick(_ i: Int) -> RGBColor { gridPalette[((i % gridPalette.count) + gridPalette.count) % gridPalette.count] }
        guard let adjacency else { return (0..<count).map { pick($0) } }
        return GraphColoring.dsatur(vertexCount: count, adjacency: adjacency).map { pick($0) }
    }

    // Each kind of layer has its own colour-blind-safe palette, and no colour
    // is in two of them, so a facility, a chosen park and a grid never look alike.

    /// Grids: Paul Tol's "light" scheme (pale, so labels and points read on top).
    public static let gridPalette: [RGBColor] = [
        RGBColor(0x77, 0xaa, 0xdd), RGBColor(0xee, 0x88, 0x66), RGBColor(0xee, 0xdd, 0x88),
        RGBColor(0xff, 0xaa, 0xbb), RGBColor(0x99, 0xdd, 0xff), RGBColor(0x44, 0xbb, 0x99),
        RGBColor(0xbb, 0xcc, 0x33), RGBColor(0xaa, 0xaa, 0x00), RGBColor(0xdd, 0xdd, 0xdd),
    ]

    /// Facility categories (and their gaps): Okabe–Ito; beyond seven
    /// categories the marker shape tells them apart (`facilityShape`).
    public static let facilityPalette: [RGBColor] = [
        RGBColor(0xe6, 0x9f, 0x00), RGBColor(0x56, 0xb4, 0xe9), RGBColor(0x00, 0x9e, 0x73),
        RGBColor(0xf0, 0xe4, 0x42), RGBColor(0x00, 0x72, 0xb2), RGBColor(0xd5, 0x5e, 0x00),
        RGBColor(0xcc, 0x79, 0xa7),
    ]

    public static func facility(_ i: Int) -> RGBColor {
        facilityPalette[((i % facilityPalette.count) + facilityPalette.count) % facilityPalette.count]
    }

    /// QGIS marker shapes, cycled one palette round at a time.
    public static func facilityShape(_ i: Int) -> String {
        let shapes = ["circle", "square", "triangle", "diamond", "pentagon", "star"]
        return shapes[(max(i, 0) / facilityPalette.count) % shapes.count]
    }

    /// Park siting: chosen sites (Tol's wine), accepted candidates (Tol's pale
    /// purple) and rejected parts (greys, told apart by hatching).
    public static let selectedSite = RGBColor(0x88, 0x22, 0x55)
    public static let candidateSite = RGBColor(0xcc, 0x99, 0xbb)
    public static let rejectedSite = RGBColor(0x99, 0x99, 0x99)
    /// Features with no value in the styled field.
    public static let noData = RGBColor(0x7f, 0x7f, 0x7f)
    /// Residents a park serves / does not serve.
    public static let served = RGBColor(0x33, 0x22, 0x88)
    public static let notServed = RGBColor(0xee, 0x33, 0x77)

    /// Diverging blue–white–red for balance deviation: negative (below the
    /// ideal) blue, zero near-white, positive red; |value| ≥ limit saturates.
    public static let divergingStops: [RGBColor] = [
        RGBColor(0x21, 0x66, 0xac), RGBColor(0x67, 0xa9, 0xcf), RGBColor(0xd1, 0xe5, 0xf0),
        RGBColor(0xf7, 0xf7, 0xf7),
        RGBColor(0xfd, 0xdb, 0xc7), RGBColor(0xef, 0x8a, 0x62), RGBColor(0xb2, 0x18, 0x2b),
    ]

    public static func diverging(_ value: Double, limit: Double) -> RGBColor {
        guard limit > 0, value.isFinite else { return divergingStops[3] }
        let t = (min(max(value / limit, -1), 1) + 1) / 2
        return ramp(divergingStops, t)
    }

    /// `classes` (odd, ≥ 3) equal-width classes over [-limit, limit]: bounds and colours, for legends and QGIS.
    public static func divergingClasses(limit: Double, classes: Int = 5) -> [(lower: Double, upper: Double, color: RGBColor)] {
        let k = max(3, classes | 1)
        let w = 2 * limit / Double(k)
        return (0..<k).map { i in
            let lo = -limit + Double(i) * w, hi = lo + w
            return (lo, hi, diverging((lo + hi) / 2, limit: limit))
        }
    }

    /// Ranking: rank 1 darkest (purple), the last lightest (yellow) — viridis-like.
    public static let rankStops: [RGBColor] = [
        RGBColor(0x44, 0x01, 0x54), RGBColor(0x3b, 0x52, 0x8b), RGBColor(0x21, 0x90, 0x8d),
        RGBColor(0x5d, 0xc8, 0x63), RGBColor(0xfd, 0xe7, 0x25),
    ]

    /// Colour of `rank` (1-based) among `total`.
    public static func rank(_ rank: Int, of total: Int) -> RGBColor {
        guard total > 1 else { return rankStops[0] }
        let t = Double(min(max(rank, 1), total) - 1) / Double(total - 1)
        return ramp(rankStops, t)
    }

    /// Piecewise-linear interpolation through `stops` at t ∈ [0, 1].
    public static func ramp(_ stops: [RGBColor], _ t: Double) -> RGBColor {
        guard stops.count > 1 else { return stops.first ?? RGBColor(0, 0, 0) }
        let u = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
        let i = min(Int(u), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], u - Double(i))
    }

    /// Black or white, whichever reads better over `background`.
    public static func textColor(on background: RGBColor) -> RGBColor {
        background.luminance > 0.4 ? RGBColor(0x11, 0x11, 0x11) : RGBColor(0xff, 0xff, 0xff)
    }
}
