import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// A whole `lifecircle parks` run from files to files: read the layers
/// (`ParksJobInputs.swift`), project them into one metric working frame, run
/// `ParkSiting`, write the five GeoPackage layers (`ParksJobOutput.swift`)
/// and summary.json. The command and a study file fill in the same options;
/// both call `validate()` and `run(progress:)`.
///
/// Every option is named in errors by its study key (`residents_filter`,
/// `weight`, `crs`), which is also the command's flag in kebab-case.
public struct ParksJob: Sendable, Equatable {
    /// How reach is measured.
    public enum Metric: String, Sendable, Codable, CaseIterable {
        /// Walking distance along the network (the default with a network).
        case network
        /// Straight-line distance.
        case euclidean
    }

    /// What to optimise.
    public enum Objective: Sendable, Equatable {
        /// Choose this many sites, serving the most unserved weight (`count`).
        case count(Int)
        /// Fewest sites so this share of all resident weight is served (`target_share`).
        case targetShare(Double)
    }

    // Residents and residential land.
    /// Residents: points, or polygons reduced to a point (or sampled).
    public var residents: InputSource
    /// Resident weight column; nil = every record weighs 1 (or its area with `weightArea`).
    public var weight: String?
    /// Weigh each resident polygon by its area, m².
    public var weightArea = false
    public var residentPoint: RepresentativePoint = .surface
    /// Sample resident polygons on a lattice of this spacing (m), splitting each polygon's weight.
    public var sampleSpacing: Double?
    /// Residential land for the areal coverage rate; nil = the residents when they are polygons.
    public var residential: InputSource?

    // Green space.
    public var green: InputSource
    public var greenRules: [GreenServiceRule] = GreenServiceRule.defaults
    public var mergeTouchingGreen = false

    // Candidates: given directly, or carved from land minus buildings, roads and water.
    public var candidates: InputSource?
    /// Apply the area band and width filter to `candidates` too.
    public var filterCandidates = false
    public var land: InputSource?
    public var buildings: InputSource?
    public var roads: InputSource?
    /// Road width column (full width, m).
    public var roadWidthField: String?
    /// Road class column for default widths (OSM highway classes).
    public var roadClassField = "highway"
    public var defaultRoadWidth: Double = 6
    public var water: InputSource?
    public var minArea: Double = 400
    public var maxArea: Double = 10_000
    public var minWidth: Double = 10
    public var buildingSetback: Double = 0

    // Reach and selection.
    /// Walking network (OSM extract or line layer); without it distances are straight lines.
    public var network: InputSource?
    /// nil = network with a network, else euclidean (see `effectiveMetric`).
    public var metric: Metric?
    public var maxSnap: Double = 100
    /// Service radius of a new site, m.
    public var radius: Double = 300
    public var objective: Objective
    public var method: SitingMethod = .exact
    /// Cap on the total area of chosen sites, m².
    public var areaBudget: Double?
    /// Time limit of the exact solver, s.
    public var timeLimit: Double = 60

    /// Zones for per-zone shares, named by `zoneField`.
    public var zones: InputSource?
    public var zoneField: String?
    /// Working metric CRS, also the CRS of inputs without one; nil = the residents' projected CRS or their UTM zone.
    public var crs: CRS?

    /// Output GeoPackage and summary.json paths (nil = not written).
    public var out: String?
    public var summary: String?

    public init(
        residents: InputSource, green: InputSource, candidates: InputSource? = nil, land: InputSource? = nil,
        objective: Objective
    ) {
        self.residents = residents; self.green = green; self.candidates = candidates; self.land = land
        self.objective = objective
    }

    /// The metric the run uses.
    public var effectiveMetric: Metric { metric ?? (network != nil ? .network : .euclidean) }

    /// `count` and `target_share` as the objective: exactly one of them.
    public static func objective(count: Int?, targetShare: Double?) throws -> Objective {
        switch (count, targetShare) {
        case (let c?, nil): return .count(c)
        case (nil, let s?): return .targetShare(s)
        default:
            throw OptionError(
                key: "count", "a number of sites and a target share are \(count == nil ? "both missing" : "both given")",
                fix: "give either {option} P or target_share S")
        }
    }

    /// Green service rules from text, `MIN_AREA_M2:RADIUS_M` comma-separated.
    public static func greenRules(_ text: String) throws -> [GreenServiceRule] {
        do { return try GreenServiceRule.parse(text) } catch {
            throw OptionError(key: "green_rules", "\(error)", fix: "give {option} as MIN_AREA_M2:RADIUS_M pairs, e.g. {option} 2000:300,10000:500")
        }
    }

    /// Checks the options against each other, before anything is read.
    public func validate() throws {
        if (candidates == nil) == (land == nil) {
            throw OptionError(
                key: "candidates", "candidate plots are \(candidates == nil ? "not given" : "given twice, directly and as land to carve")",
                fix: "give either {option} or land (with buildings/roads/water)")
        }
        if candidates != nil, let key = buildings != nil ? "buildings" : roads != nil ? "roads" : water != nil ? "water" : nil {
            throw OptionError(
                key: key, "buildings, roads and water carve land, but the candidates are given directly",
                fix: "leave out {option} with candidates, or carve from land instead")
        }
        switch objective {
        case .count(let c) where c < 1:
            throw OptionError(key: "count", "the number of sites must be at least 1 (got \(c))", fix: "give {option} 1 or more")
        case .targetShare(let s) where !(s > 0 && s <= 1):
            throw OptionError(key: "target_share", "a target share is in (0, 1] (got \(s))", fix: "give {option} as a share, e.g. {option} 0.8")
        default: break
        }
        if metric == .network && network == nil {
            throw OptionError(
                key: "network", "network distances need a walking network",
                fix: "give {option} (an OSM extract or road centrelines), or metric euclidean for straight lines")
        }
        if weight != nil && weightArea {
            throw OptionError(key: "weight", "a weight column and weight_area are both given", fix: "give {option} FIELD or weight_area, not both")
        }
        if greenRules.isEmpty || !greenRules.allSatisfy({ $0.minArea >= 0 && $0.radius > 0 && $0.minArea.isFinite && $0.radius.isFinite }) {
            throw OptionError(
                key: "green_rules", "green rules need a minimum area >= 0 m² and a radius > 0 m each",
                fix: "give {option} as MIN_AREA_M2:RADIUS_M pairs, e.g. {option} 2000:300,10000:500")
        }
        if !(radius > 0) {
            throw OptionError(key: "radius", "the service radius must be > 0 m (got \(radius))", fix: "give {option} in metres, e.g. {option} 300")
        }
        if let s = sampleSpacing, !(s > 0) {
            throw OptionError(
                key: "sample_spacing", "the sampling spacing must be > 0 m (got \(s))", fix: "give {option} in metres, e.g. {option} 20")
        }
        if !(minArea >= 0) { throw OptionError(key: "min_area", "the smallest plot must be >= 0 m² (got \(minArea))", fix: "give {option} in m²") }
        if !(maxArea >= minArea) {
            throw OptionError(
                key: "max_area", "the largest plot (\(maxArea) m²) is smaller than the smallest (\(minArea) m²)",
                fix: "give {option} >= min_area")
        }
        for (key, v) in [
            ("min_width", minWidth), ("building_setback", buildingSetback), ("default_road_width", defaultRoadWidth), ("max_snap", maxSnap),
        ]
        where !(v >= 0) {
            throw OptionError(
                key: key, "widths, setbacks and snapping distances must be >= 0 m (got \(v))", fix: "give {option} in metres, 0 or more")
        }
        if let b = areaBudget, !(b >= 0) {
            throw OptionError(key: "area_budget", "the area budget must be >= 0 m² (got \(b))", fix: "give {option} in m²")
        }
        if !(timeLimit > 0) {
            throw OptionError(
                key: "time_limit", "the solver's time limit must be > 0 s (got \(timeLimit))", fix: "give {option} in seconds, e.g. {option} 60")
        }
        if zones != nil && zoneField == nil {
            throw OptionError(key: "zone_field", "zones need a column naming each zone", fix: "give {option}, e.g. {option} name")
        }
        if let out, !out.lowercased().hasSuffix(".gpkg") {
            throw OptionError(key: "out", "\(out): the output is a GeoPackage", fix: "give {option} a path ending in .gpkg")
        }
        try OutputStaging.check(outputTargets, inputs: inputFiles)
    }

    /// The files this job writes, by option key.
    public var outputTargets: [OutputTarget] {
        [out.map { OutputTarget(key: "out", path: $0) }, summary.map { OutputTarget(key: "summary", path: $0) }].compactMap { $0 }
    }

    /// Every file this job reads, which no output may touch.
    public var inputFiles: [InputFile] {
        let named: [(String, InputSource?)] = [
            ("residents", residents), ("residential", residential), ("green", green), ("candidates", candidates), ("land", land),
            ("buildings", buildings), ("roads", roads), ("water", water), ("network", network), ("zones", zones),
        ]
        return named.compactMap { role, source in source.map { InputFile($0, role: role) } }
    }

    /// Runs the job; `progress` is called with a stage name as each starts.
    public func run(progress: (@Sendable (String) -> Void)? = nil) throws -> ParksJobResult {
        try validate()
        // Outputs are checked and staged before any input is read.
        let staging = try OutputStaging(outputTargets, inputs: inputFiles)
        var clock = StageClock(progress: progress)
        // GEOS failures name the invalid feature of the layer it came from.
        let polygonInputs: [(key: String, source: InputSource?)] = [
            ("green", green), ("candidates", candidates), ("residential", residential), ("residents", residents), ("land", land),
            ("buildings", buildings), ("water", water), ("zones", zones),
        ]
        let inputs = try GeometryDiagnosis.attributing(polygonInputs) { try readInputs(clock: &clock) }

        var options = CandidateOptions()
        options.minArea = minArea; options.maxArea = maxArea; options.minWidth = minWidth
        options.buildingSetback = buildingSetback; options.defaultRoadWidth = defaultRoadWidth
        let siting: SitingObjective
        switch objective {
        case .count(let p): siting = .maxCover(count: p)
        case .targetShare(let s): siting = .setCover(targetShare: s)
        }
        let config = ParkSitingConfig(
            residents: inputs.points, weights: inputs.weights, zones: inputs.zoneLabels, residentialLand: inputs.residentialLand,
            green: inputs.green, greenRules: greenRules, mergeTouchingGreen: mergeTouchingGreen,
            candidates: inputs.candidates, candidateOptions: options, radius: radius, objective: siting,
            method: method, areaBudget: areaBudget, timeLimit: timeLimit, reach: inputs.reach)
        progress?("siting")
        let result = try GeometryDiagnosis.attributing(polygonInputs) { try ParkSiting.run(config) }
        for t in result.timings { clock.record(t.stage, seconds: t.seconds) }

        let work = inputs.frame.crs
        let layers = ParksJobOutput.layers(result, config, crs: work, pointFeature: inputs.pointFeature)
        if let out = staging.path(for: "out") { try clock.time("write") { try VectorWriter.write(layers, to: out) } }
        let summary = ParkSitingSummary(
            result: result, config: config, metric: effectiveMetric.rawValue, crs: work.description,
            extraNotes: inputs.notes, timings: clock.timings, elapsed: clock.elapsed)
        if let path = staging.path(for: "summary") { try AtomicFile.write(try summary.jsonData(), to: path) }
        try staging.commit()
        return ParksJobResult(summary: summary, layers: layers, siting: result, crs: work)
    }

    /// The CRS given for inputs without one (`utm` and the like are resolved later).
    var declaredCRS: CRS? { crs.flatMap { $0.isAuto ? nil : $0 } }
}

/// What a parks job produced.
public struct ParksJobResult: Sendable {
    /// What summary.json holds.
    public var summary: ParkSitingSummary
    /// The GeoPackage layers, in order: candidates, selected_sites,
    /// service_areas, residents, coverage (written to `out` when given).
    public var layers: [OutputLayer]
    /// The pipeline's own result (parts, selections, masks).
    public var siting: ParkSitingResult
    /// The working CRS of every layer.
    public var crs: CRS
}
