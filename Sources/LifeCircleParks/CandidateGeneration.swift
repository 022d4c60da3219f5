import Foundation
import LifeCircleGeometry

/// A road centreline with its carriageway width, if known.
public struct RoadLine: Sendable {
    public var geometry: GeometryValue
    /// Full width in metres from a width column; nil uses the class default.
    public var width: Double?
    /// Road class (e.g. OSM `highway` value) for the default width.
    public var roadClass: String?
    public init(geometry: GeometryValue, width: Double? = nil, roadClass: String? = nil) {
        self.geometry = geometry; self.width = width; self.roadClass = roadClass
    }
}

/// Filters and buffers for turning land into candidate plots.
public struct CandidateOptions: Sendable {
    /// Area band, m² (pocket parks: 400–10,000).
    public var minArea: Double = 400
    public var maxArea: Double = 10_000
    /// Minimum usable width (2 × inscribed-circle radius), m.
    public var minWidth: Double = 10
    /// Clearance kept around buildings, m.
    public var buildingSetback: Double = 0
    /// Clearance kept around water, m.
    public var waterSetback: Double = 0
    /// Full road width by class when a road has no width value, m.
    public var roadWidths: [String: Double] = CandidateOptions.defaultRoadWidths
    /// Full width for classes not in `roadWidths`, m.
    public var defaultRoadWidth: Double = 6
    /// Precision of the inscribed-circle search, m.
    public var widthTolerance: Double = 0.05
    /// Segments per quarter circle in the obstacle buffers.
    public var quadrantSegments: Int = 4

    public init() {}

    /// Typical full widths (m) of OSM highway classes including sidewalks' kerb
    /// line; a width column always wins.
    public static let defaultRoadWidths: [String: Double] = [
        "motorway": 30, "trunk": 25, "primary": 20, "secondary": 16, "tertiary": 12,
        "motorway_link": 8, "trunk_link": 8, "primary_link": 8, "secondary_link": 7, "tertiary_link": 7,
        "unclassified": 8, "residential": 8, "living_street": 6, "service": 5, "pedestrian": 6,
        "track": 3, "footway": 2, "path": 2, "cycleway": 2, "steps": 2, "bridleway": 2, "corridor": 2,
    ]

    func fullWidth(of road: RoadLine) -> Double {
        if let w = road.width, w.isFinite, w > 0 { return w }
        if let c = road.roadClass, let w = roadWidths[c] { return w }
        return defaultRoadWidth
    }
}

/// Result of candidate generation: every part, accepted or not, plus notes.
public struct CandidateGenerationResult: Sendable {
    /// All parts in land order; `rejection == nil` for candidates.
    public var parts: [CandidateSite]
    public var notes: [String]
    public var accepted: [CandidateSite] { parts.filter(\.isAccepted) }
    public var rejected: [CandidateSite] { parts.filter { !$0.isAccepted } }
}

/// Candidate pocket-park plots: land − buildings (with setback) − roads
/// (buffered by half their width) − water − existing parks, exploded into
/// parts and filtered by area band and usable width.
public enum CandidateGenerator {
    public static func generate(
        land: [GeometryValue], buildings: [GeometryValue] = [], roads: [RoadLine] = [],
        water: [GeometryValue] = [], parks: [GeometryValue] = [],
        options: CandidateOptions = CandidateOptions()
    ) throws -> CandidateGenerationResult {
        try validate(options)
        var notes: [String] = []
        let bp = BufferParameters(quadrantSegments: options.quadrantSegments)

        // Obstacles, each already grown by its clearance.
        var obstacles: [Geometry] = []
        func addAreal(_ values: [GeometryValue], setback: Double, label: String) throws {
            var skipped = 0, repaired = 0
            for v in values where !v.isEmpty {
                guard !v.polygonParts.isEmpty else { skipped += 1; continue }
                let (g, note) = PolygonRepair.geometry(v)
                guard let g else { skipped += 1; continue }
                if note != nil { repaired += 1 }
                obstacles.append(setback > 0 ? try g.buffer(setback, bp) : g)
            }
            if skipped > 0 { notes.append("\(skipped) \(label) features without usable polygon area ignored") }
            if repaired > 0 { notes.append("\(repaired) \(label) polygons repaired") }
        }
        try addAreal(buildings, setback: options.buildingSetback, label: "building")
        try addAreal(water, setback: options.waterSetback, label: "water")
        try addAreal(parks, setback: 0, label: "park")
        var badRoads = 0
        for r in roads where !r.geometry.isEmpty {
            let half = options.fullWidth(of: r) / 2
            guard let g = try? Geometry(r.geometry), let body = try? g.buffer(half, bp) else { badRoads += 1; continue }
            obstacles.append(body)
        }
        if badRoads > 0 { notes.append("\(badRoads) road features with unusable geometry ignored") }
        let tree = obstacles.isEmpty ? nil : try STRtree(obstacles)

        var parts: [CandidateSite] = []
        for (li, v) in land.enumerated() {
            guard !v.polygonParts.isEmpty else {
                parts.append(rejectedLand(li, v, "land feature \(li) is a \(v.typeName), not a polygon"))
                continue
            }
            let (repaired, note) = PolygonRepair.geometry(v)
            guard let g = repaired else {
                parts.append(rejectedLand(li, v, "land feature \(li): \(note ?? "unusable polygon")"))
                continue
            }
            if let note { notes.append("land feature \(li) was \(note)") }
            var free = g
            if let tree {
                let hits = tree.query(g)
                if !hits.isEmpty {
                    do {
                        let blockers = try Geometry.unionAll(hits.map { obstacles[$0] })
                        free = try g.difference(blockers)
                    } catch {
                        parts.append(rejectedLand(li, v, "land feature \(li): overlay failed (\(error))"))
                        continue
                    }
                }
            }
            for part in try free.value.polygonParts {
                let pg = try Geometry(.polygon(part))
                var site = try CandidateSite.measure(pg, sourceIndex: li, widthTolerance: options.widthTolerance)
                site.rejection = judge(site, options)
                parts.append(site)
            }
        }
        let kept = parts.lazy.filter(\.isAccepted).count
        if kept == 0 {
            notes.append(
                "no candidate survives the filters (area \(fmt(options.minArea))–\(fmt(options.maxArea)) m², width ≥ \(fmt(options.minWidth)) m); \(parts.count) parts rejected"
            )
        }
        return CandidateGenerationResult(parts: parts, notes: notes)
    }

    /// Candidates given directly (e.g. vacant parcels): measured, and filtered
    /// only when `filter` is true.
    public static func measure(
        candidates: [GeometryValue], filter: Bool = false,
        options: CandidateOptions = CandidateOptions()
    ) throws -> CandidateGenerationResult {
        try validate(options)
        var parts: [CandidateSite] = [], notes: [String] = []
        for (i, v) in candidates.enumerated() {
            guard !v.polygonParts.isEmpty else {
                parts.append(rejectedLand(i, v, "candidate \(i) is a \(v.typeName), not a polygon"))
                continue
            }
            let (repaired, note) = PolygonRepair.geometry(v)
            guard let g = repaired else {
                parts.append(rejectedLand(i, v, "candidate \(i): \(note ?? "unusable polygon")"))
                continue
            }
            if let note { notes.append("candidate \(i) was \(note)") }
            var site = try CandidateSite.measure(g, sourceIndex: i, widthTolerance: options.widthTolerance)
            if filter { site.rejection = judge(site, options) }
            parts.append(site)
        }
        if !parts.contains(where: \.isAccepted) {
            notes.append(filter ? "no candidate survives the filters" : "no usable candidate polygons")
        }
        return CandidateGenerationResult(parts: parts, notes: notes)
    }

    static func judge(_ s: CandidateSite, _ o: CandidateOptions) -> CandidateRejection? {
        if s.area < o.minArea { return .tooSmall(area: s.area, minimum: o.minArea) }
        if s.area > o.maxArea { return .tooLarge(area: s.area, maximum: o.maxArea) }
        if s.width < o.minWidth { return .tooNarrow(width: s.width, minimum: o.minWidth) }
        return nil
    }

    static func rejectedLand(_ i: Int, _ v: GeometryValue, _ why: String) -> CandidateSite {
        CandidateSite(
            geometry: v, area: 0, perimeter: 0, width: 0, widthCenter: Coordinate(.nan, .nan),
            compactness: 0, sourceIndex: i, rejection: .invalidGeometry(why))
    }

    static func validate(_ o: CandidateOptions) throws {
        guard o.minArea >= 0, o.maxArea >= o.minArea, o.maxArea.isFinite || o.maxArea == .infinity else {
            throw ParksError.invalidInput("area band \(o.minArea)–\(o.maxArea) m²: need 0 ≤ min ≤ max")
        }
        guard o.minWidth >= 0, o.buildingSetback >= 0, o.waterSetback >= 0, o.defaultRoadWidth >= 0 else {
            throw ParksError.invalidInput("widths and setbacks must be ≥ 0 m")
        }
        guard o.widthTolerance > 0, o.quadrantSegments >= 1 else {
            throw ParksError.invalidInput("width tolerance must be > 0 and quadrant segments ≥ 1")
        }
    }
}
