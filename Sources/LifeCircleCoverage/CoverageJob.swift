import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// A whole `lifecircle coverage` run from files to files: read the layers,
/// choose the working metric CRS, build the walking network, run
/// `CoverageAnalysis`, write the GeoPackage and summary.json. The CLI is a
/// thin wrapper around this, and benchmarks call it directly.
public struct CoverageJob: Sendable {
    /// A vector file, optionally one layer of it and an OGR SQL filter.
    public typealias Source = InputSource

    public struct BuildingPopulation: Sendable {
        public var levelsField: String?
        public var defaultLevels: Double
        public var floorAreaPerPerson: Double
        public init(levelsField: String? = nil, defaultLevels: Double = 3, floorAreaPerPerson: Double = 35) {
            self.levelsField = levelsField; self.defaultLevels = defaultLevels; self.floorAreaPerPerson = floorAreaPerPerson
        }
    }

    public var network: Source?
    public var residents: Source
    /// Weight column; nil = every resident record weighs 1.
    public var weightField: String?
    public var buildingPopulation: BuildingPopulation?
    public var residentPoint: RepresentativePoint = .surface
    public var facilities: [Source]
    /// Column naming each facility's category (not needed for OSM input or with `categoryName`).
    public var categoryField: String?
    /// One category name for every facility (e.g. a layer of schools only).
    public var categoryName: String?
    /// Category values to use, renamed: value -> category id (several values may share an id).
    public var categoryMap: [String: String]?
    /// Built-in preset name (`gb50180`) or a preset YAML path.
    public var preset: String?
    /// A preset-format YAML whose `osm` tags map OSM features to categories (overrides the preset's).
    public var mapping: String?
    public var zones: Source?
    public var zoneField: String?
    /// A census table by community, spread over the residents of each zone.
    public var census: CensusPopulation?
    /// Working CRS (also the CRS of inputs that have none); nil = the network's projected CRS or the local UTM zone.
    public var crs: CRS?
    public var build = NetworkBuildOptions()
    public var walkableRules = WalkableTagRules.standard
    /// Tiers; nil = the preset's tiers, else 300/500/1000.
    public var tiers: [Double]?
    public var config = CoverageConfig()
    /// Whether the walking speed was given (else a preset's speed applies).
    public var walkingSpeedGiven = false
    /// How many facilities layers were named (0 = the default layer of each file).
    public var facilitiesLayerCount = 0
    /// Output GeoPackage and summary paths (nil = not written).
    public var out: String?
    public var summary: String?
    /// Whether the result returned holds every resident's distances and
    /// snap (`CoverageResult.distances`, `residentSnap`), which needs the
    /// residents held whole. false (the CLI and studies, which use only the
    /// summary and the files) lets them be streamed in chunks where that
    /// gives the same rows and summary (`streamsResidents`); the result then
    /// holds no per-resident arrays.
    public var residentResults = true
    /// Residents per chunk when they are streamed (nil: `CoverageStream.defaultChunkRows`;
    /// 0: never streamed). Not a user option: tests force small chunks or the whole-set path.
    var streamChunkRows: Int?

    public init(network: Source?, residents: Source, facilities: [Source]) {
        self.network = network; self.residents = residents; self.facilities = facilities
    }

    /// The inputs read, projected and assembled: where coverage and the
    /// analyses built on the same inputs (access, siting) start.
    public struct Prepared: Sendable {
        public var input: CoverageInput
        public var config: CoverageConfig
        public var frame: WorkingFrame
        public var timings: [StageTiming]
        /// Uptime (ns) when reading began, for `elapsed_s`.
        public var started: UInt64
        /// The preset whose own tiers are used (their GB 50180 names go to the summary).
        public var preset: LifeCirclePreset?
        /// How each POI export's types matched the preset's rules.
        public var poiReports: [POIMatcher.Report] = []
        /// The residents to read a chunk at a time (then `input` holds none);
        /// nil when they were read whole.
        var residentStream: FeatureStream? = nil
        /// Where the residents' own warnings go among `input.warnings` (as when read whole).
        var residentWarningsAt = 0
    }

    /// Runs the job; `progress` is called with a stage name as each starts.
    public func run(progress: (@Sendable (String) -> Void)? = nil) throws -> CoverageResult {
        // Outputs are checked and staged before any input is read.
        let staging = try OutputStaging(outputTargets, inputs: inputFiles)
        // GEOS failures name the invalid feature of the layer it came from.
        let polygonInputs: [(key: String, source: InputSource?)] =
            [("residents", residents), ("zones", zones)] + facilities.map { ("facilities", $0) }
        // Streamed residents: their first chunk and the output file are made
        // while the network is built (`CoverageStream.Head`).
        let chunkRows = streamChunkRows ?? CoverageStream.defaultChunkRows
        var head: CoverageStream.Head?
        defer { head?.wait() }
        let prepared = try GeometryDiagnosis.attributing(polygonInputs) {
            try prepare(progress: progress, capacityField: nil, streamResidents: streamsResidents) { early in
                head = CoverageStream.Head.start(early, residents: self, chunkRows: chunkRows, out: staging.path(for: "out"))
            }
        }
        let input = prepared.input, cfg = prepared.config, work = prepared.frame.crs, started = prepared.started
        var timings = prepared.timings
        func timed<T>(_ stage: String, _ body: () throws -> T) throws -> T {
            progress?(stage)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try body()
            timings.append(StageTiming(stage: stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
            return r
        }
        progress?("analysis")
        var result: CoverageResult
        if let stream = prepared.residentStream {
            // Residents a chunk at a time: read, snapped, looked up, summed and written.
            result = try GeometryDiagnosis.attributing(polygonInputs) {
                try CoverageStream.run(prepared, stream: stream, residents: self, chunkRows: chunkRows, out: staging.path(for: "out"), head: head)
            }
            timings += result.summary.timingsS
        } else {
            result = try GeometryDiagnosis.attributing(polygonInputs) { try CoverageAnalysis.run(input, cfg) }
            timings += result.summary.timingsS
            if let out = staging.path(for: "out") {
                try timed("write") { try CoverageOutput.write(result, input: input, crs: work, to: out) }
            }
        }
        result.summary.timingsS = timings
        if let preset = prepared.preset {
            for i in result.summary.tiers.indices {
                guard let t = preset.tiers.first(where: { $0.distanceM == result.summary.tiers[i].tierM }) else { continue }
                result.summary.tiers[i].name = t.name
                result.summary.tiers[i].nameZh = t.nameZh
            }
        }
        if !prepared.poiReports.isEmpty { result.summary.poiMatching = prepared.poiReports }
        result.summary.elapsedS = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if let summary = staging.path(for: "summary") {
            try AtomicFile.write(try result.summary.jsonData(), to: summary)
        }
        try staging.commit()
        return result
    }

    /// Reads and assembles the inputs. `capacityField` also reads a numeric
    /// capacity per facility (NaN where a feature has no value).
    public func prepare(progress: (@Sendable (String) -> Void)? = nil, capacityField: String? = nil) throws -> Prepared {
        try prepare(progress: progress, capacityField: capacityField, streamResidents: false)
    }

    /// As above; with `streamResidents` the residents are opened for reading
    /// in chunks when they can be (`Prepared.residentStream`), else read whole;
    /// `streamReady` is then given what is prepared before the network is
    /// built (no network yet), so work that does not need it can start.
    func prepare(
        progress: (@Sendable (String) -> Void)?, capacityField: String?, streamResidents: Bool,
        streamReady: ((Prepared) -> Void)? = nil
    ) throws -> Prepared {
        let started = DispatchTime.now().uptimeNanoseconds
        var timings: [StageTiming] = []
        var warnings: [String] = []
        func timed<T>(_ stage: String, _ body: () throws -> T) throws -> T {
            progress?(stage)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try body()
            timings.append(StageTiming(stage: stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
            return r
        }
        if config.metric == .network && network == nil {
            throw OptionError(
                key: "network", "network distances need a walking network",
                fix: "give {option} (an OSM extract or road centrelines), or metric euclidean for straight-line distances")
        }
        var preset = try preset.map { try LifeCirclePreset.load($0) }
        let mappingPreset = try mapping.map { try LifeCirclePreset.load($0) }
        var cfg = config
        cfg.tiers = try resolveTiers(preset)
        if tiers == nil, !walkingSpeedGiven, let speed = preset?.walkingSpeedKmh { cfg.walkingSpeedKmh = speed }
        cfg.nominalMinutes = nominalMinutes(preset)

        // Read everything in its own CRS first.
        var networkLines: (lines: [[Coordinate]], crs: CRS?)?
        // Straight-line distances need no network: it is not read then.
        // The network is read on a second thread while the residents and
        // facilities are read on this one: different files, separate GDAL
        // datasets, and together about a quarter of a city-wide run.
        let networkRead = ParallelSlots<(result: Result<(lines: [[Coordinate]], crs: CRS?), Error>, seconds: Double)?>(count: 1, initial: nil)
        let reading = DispatchGroup()
        if let n = network, cfg.metric == .network {
            progress?("read_network")
            let job = self
            DispatchQueue.global().async(group: reading) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let r = Result { try NetworkSource.readLines(n, rules: job.walkableRules, defaultCRS: job.declaredCRS) }
                networkRead.set(0, (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
            }
        }
        func collectNetwork() throws {
            reading.wait()
            guard let (r, seconds) = networkRead.values[0] else { return }
            networkRead.set(0, nil)
            timings.insert(StageTiming(stage: "read_network", seconds: seconds), at: 0)
            networkLines = try r.get()
        }
        // A failure on this thread still waits for the network thread, and its
        // error comes first, as when reading one file after the other.
        var stream: FeatureStream?
        let resTableRead = Result { () -> FeatureTable? in
            try timed("read_residents") {
                // Only the columns used (all of them when building levels are looked up).
                let fields: [String]? = buildingPopulation != nil ? nil : (weightField.map { [$0] } ?? [])
                if streamResidents, let s = try residents.stream(key: "residents", defaultCRS: declaredCRS, fields: fields) {
                    stream = s
                    return nil
                }
                return try residents.read(key: "residents", defaultCRS: declaredCRS, fields: fields)
            }
        }
        let facilitiesRead = Result {
            try timed("read_facilities") {
                try facilities.map {
                    try readFacilities($0, preset: preset, mapping: mappingPreset, capacityField: capacityField, warnings: &warnings)
                }
            }
        }
        try collectNetwork()
        let resTableOrStream = try resTableRead.get()
        let rawFacilities = try facilitiesRead.get()
        warnings += (resTableOrStream?.notes ?? stream?.notes ?? []) + rawFacilities.flatMap(\.notes)
        // POIs matched by the built-in gb50180 rules take its tiers and categories too.
        if preset == nil, rawFacilities.contains(where: { $0.poiReport != nil }) {
            preset = try LifeCirclePreset.load("gb50180")
            cfg.tiers = try resolveTiers(preset)
            if tiers == nil, !walkingSpeedGiven, let speed = preset?.walkingSpeedKmh { cfg.walkingSpeedKmh = speed }
            cfg.nominalMinutes = nominalMinutes(preset)
        }
        var zoneTable = try zones.map { z in
            try timed("read_zones") {
                try z.read(key: "zones", defaultCRS: declaredCRS, fields: zoneField.map { [$0] })
            }
        }
        warnings += zoneTable?.notes ?? []

        // Working CRS.
        let frame = try WorkingFrame.choose(
            asked: crs, dataCRS: networkLines?.crs ?? resTableOrStream?.crs ?? stream?.crs,
            envelope: networkLines.map { l in
                var e = Envelope.empty; l.lines.forEach { $0.forEach { e.expand(toInclude: $0) } }; return e
            } ?? resTableOrStream?.envelope ?? stream?.envelope ?? .empty)
        let work = frame.crs
        if networkLines?.crs?.isGeographic == true && networkLines?.crs == .wgs84 && crs == nil && !(network?.isOSM ?? true) {
            warnings.append("network \(network!.label) is in longitude/latitude; projected to \(work) so tiers are in metres")
        }

        // Network.
        var net: WalkNetwork?
        // Streamed residents: the facilities are assembled before the network
        // is built (their warnings still go after its own, and an error of the
        // network's still comes first), for `streamReady`.
        var earlyCategories: Result<[CoverageCategory], Error>?
        var facilityWarnings: [String] = []
        if var nl = networkLines {
            nl.lines = try timed("project") { try frame.project(lines: nl.lines, from: nl.crs, label: network!.label) }
            if let stream {
                let r = Result {
                    try timed("prepare_facilities") {
                        try assembleCategories(rawFacilities, preset: preset, frame: frame, tierCount: cfg.tiers.count, warnings: &facilityWarnings)
                    }
                }
                earlyCategories = r
                if let streamReady, case .success(let categories) = r {
                    let input = CoverageInput(
                        network: nil, residents: [], weights: [], residentAreas: nil, residentZone: nil, zoneNames: [], categories: categories,
                        crsName: work.description, warnings: [])
                    streamReady(
                        Prepared(
                            input: input, config: cfg, frame: frame, timings: [], started: started, preset: nil, residentStream: stream))
                }
            }
            net = try timed("build_network") { try NetworkBuilder.build(lines: nl.lines, options: build) }
            if let n = net, n.components.count > 1 {
                warnings.append(
                    String(
                        format: "network has %d connected components; the largest holds %.1f%% of its length", n.components.count,
                        100 * n.components.largestLengthShare))
            }
        }

        // Residents: when streamed, only the facilities are assembled here.
        let residentWarningsAt = warnings.count
        if let stream {
            let categories: [CoverageCategory]
            if let earlyCategories {
                categories = try earlyCategories.get()
                warnings += facilityWarnings
            } else {
                categories = try timed("prepare_facilities") {
                    try assembleCategories(rawFacilities, preset: preset, frame: frame, tierCount: cfg.tiers.count, warnings: &warnings)
                }
            }
            let input = CoverageInput(
                network: net, residents: [], weights: [], residentAreas: nil, residentZone: nil, zoneNames: [], categories: categories,
                crsName: work.description, warnings: warnings)
            return Prepared(
                input: input, config: cfg, frame: frame, timings: timings, started: started, preset: tiers == nil ? preset : nil,
                poiReports: rawFacilities.compactMap(\.poiReport), residentStream: stream, residentWarningsAt: residentWarningsAt)
        }
        guard var resTable = resTableOrStream else { throw CoverageError("residents: not read") }
        let residentPoints: [Coordinate]
        var residentRow: [Int] = []
        var weights: [Double]
        var residentAreas: [GeometryValue?]?
        var residentZone: [Int32]?
        var zoneNames: [String] = []
        (residentPoints, weights, residentAreas) = try timed("prepare_residents") {
            resTable.geometries = try frame.project(resTable.geometries, from: resTable.crs, label: residents.label)
            let pts = try ResidentPoints.points(of: resTable.geometries, mode: residentPoint)
            var w: [Double]
            if let bp = buildingPopulation {
                let levels =
                    try bp.levelsField.map { try resTable.doubles($0) } ?? (try? resTable.doubles("building:levels"))
                    ?? (try? resTable.doubles("levels")) ?? []
                w = try ResidentPoints.buildingPopulation(
                    footprints: resTable.geometries, levels: levels, defaultLevels: bp.defaultLevels, floorAreaPerPerson: bp.floorAreaPerPerson)
            } else if let f = weightField ?? (RasterPopulation.isRaster(residents.path) ? RasterPopulation.valueField : nil) {
                let raw = try resTable.doubles(f)
                try WeightRule.check(raw, field: f, label: residents.label)
                let nulls = raw.filter { $0 == nil }.count
                if nulls > 0 { warnings.append("\(nulls) residents have no value in '\(f)': weighted 0") }
                w = raw.map { $0 ?? 0 }
                if let i = w.firstIndex(where: { $0 < 0 }) {
                    throw OptionError(
                        key: "weight", "\(residents.label): field '\(f)' is negative (\(w[i])) at feature \(i + 1)",
                        fix: "weights must be >= 0: fix the value, filter the feature out, or choose another {option}")
                }
            } else {
                w = [Double](repeating: 1, count: resTable.count)
            }
            // Records without geometry cannot be placed: dropped, and said so.
            let keep = pts.indices.filter { pts[$0] != nil }
            if keep.count < pts.count { warnings.append("\(pts.count - keep.count) residents have no geometry and were left out") }
            let areas = resTable.geometries.contains { !($0?.polygonParts.isEmpty ?? true) } ? keep.map { resTable.geometries[$0] } : nil
            residentRow = keep.map { $0 + 1 }
            return (keep.map { pts[$0]! }, keep.map { w[$0] }, areas)
        }
        if residentPoints.isEmpty {
            throw OptionError(key: "residents_filter", "\(residents.label): no resident feature with a geometry", fix: "check the layer and {option}")
        }
        if var zt = zoneTable {
            try timed("zones") {
                zt.geometries = try frame.project(zt.geometries, from: zt.crs, label: zones!.label)
                guard let zf = zoneField else {
                    throw OptionError(key: "zone_field", "zones need a column naming each zone", fix: "give {option}, e.g. {option} name")
                }
                zoneNames = try zt.strings(zf).enumerated().map { $1 ?? "zone \($0 + 1)" }
                residentZone = try ZoneAssignment.assign(residentPoints, zones: zt.geometries)
            }
            zoneTable = zt
        }
        if let census {
            guard let zoneOf = residentZone else {
                throw OptionError(
                    key: "zones", "a census table by community needs the communities", fix: "give {option} and zone_field naming each community")
            }
            // Floor areas when the building estimate is on, footprints for other polygons, else even shares.
            var shares = [Double](repeating: 1, count: weights.count)
            if buildingPopulation != nil {
                shares = weights
            } else if let areas = residentAreas {
                shares = try areas.map { g in
                    guard let g, !g.polygonParts.isEmpty else { return 0 }
                    return try Geometry(g).area
                }
            }
            weights = try census.distribute(zoneOf: zoneOf, zoneNames: zoneNames, shares: shares, warnings: &warnings)
        }

        // Facilities into categories.
        let categories = try timed("prepare_facilities") {
            try assembleCategories(rawFacilities, preset: preset, frame: frame, tierCount: cfg.tiers.count, warnings: &warnings)
        }

        var input = CoverageInput(
            network: net, residents: residentPoints, weights: weights, residentAreas: residentAreas,
            residentZone: residentZone, zoneNames: zoneNames, categories: categories,
            crsName: work.description, warnings: warnings)
        input.residentRow = residentRow
        return Prepared(
            input: input, config: cfg, frame: frame, timings: timings, started: started, preset: tiers == nil ? preset : nil,
            poiReports: rawFacilities.compactMap(\.poiReport))
    }

    // MARK: pieces

    /// Whether the residents may go through `CoverageStream` (a chunk at a
    /// time) rather than be held whole: only where every output and summary
    /// figure is a per-row value or a sum in row order. Zones, a census,
    /// building estimates, facility counts, service areas and gaps need the
    /// whole set (or are not streamed yet), as do Euclidean distances.
    var streamsResidents: Bool {
        !residentResults && streamChunkRows != 0 && config.metric == .network && network != nil && zones == nil && census == nil
            && buildingPopulation == nil && !config.serviceAreas && !config.gaps && !config.facilityCounts
            && (out.map { $0.lowercased().hasSuffix(".gpkg") } ?? true)
    }

    /// The files this job writes, by option key.
    public var outputTargets: [OutputTarget] {
        [out.map { OutputTarget(key: "out", path: $0) }, summary.map { OutputTarget(key: "summary", path: $0) }].compactMap { $0 }
    }

    /// Every file this job reads, which no output may touch.
    public var inputFiles: [InputFile] {
        var files = [InputFile(residents, role: "residents")] + facilities.map { InputFile($0, role: "facilities") }
        if let network { files.append(InputFile(network, role: "network")) }
        if let zones { files.append(InputFile(zones, role: "zones")) }
        if let preset, preset.contains("/") || preset.hasSuffix(".yaml") || preset.hasSuffix(".yml") {
            files.append(InputFile(role: "preset", path: preset))
        }
        if let mapping { files.append(InputFile(role: "mapping", path: mapping)) }
        return files
    }

    var declaredCRS: CRS? { crs.flatMap { $0.isAuto ? nil : $0 } }

    /// The preset's tier minutes, when its own tiers are used (custom
    /// `tiers` take minutes from the walking speed).
    func nominalMinutes(_ preset: LifeCirclePreset?) -> [Double]? {
        guard tiers == nil, let p = preset, p.tiers.allSatisfy({ $0.minutes != nil }) else { return nil }
        return p.tiers.compactMap(\.minutes)
    }

    func resolveTiers(_ preset: LifeCirclePreset?) throws -> [Double] {
        if let t = tiers {
            if let p = preset, p.tiers.count != t.count {
                throw OptionError(
                    key: "tiers",
                    "\(t.count) tier distances given but preset '\(p.name)' has \(p.tiers.count) tiers (\(p.tiers.map(\.id).joined(separator: ", ")))",
                    fix: "give one distance per tier in {option}")
            }
            return t
        }
        return preset?.tiers.map(\.distanceM) ?? [300, 500, 1000]
    }

    /// Facilities of one source: geometry (own CRS) and category name per feature.
    struct RawFacilities {
        var geometries: [GeometryValue]; var category: [String]; var crs: CRS?; var label: String
        /// Capacity per facility when asked for (NaN = no value).
        var capacity: [Double]? = nil
        var poiReport: POIMatcher.Report? = nil
        var notes: [String] = []
    }

    func readFacilities(
        _ s: Source, preset: LifeCirclePreset?, mapping: LifeCirclePreset?, capacityField: String? = nil, warnings: inout [String]
    ) throws -> RawFacilities {
        if s.isOSM {
            guard let tagSource = mapping ?? preset else {
                throw OptionError(key: "preset", "\(s.path): OSM facilities need a tag mapping", fix: "give {option} gb50180, or mapping FILE.yaml")
            }
            let matcher = OSMTagMatcher(categories: tagSource.categories)
            let osm = try OSMReader.read(s.path, layers: [.points, .multipolygons])
            var geoms: [GeometryValue] = [], cats: [String] = [], caps: [Double] = []
            for layer in [osm.points, osm.multipolygons] {
                for (i, g) in layer.geometries.enumerated() {
                    // OSM: the capacity is the tag of that name (capacity, beds...).
                    let cap = capacityField.flatMap { layer.tags[i][$0] }.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                    for c in matcher.categories(for: layer.tags[i]) {
                        geoms.append(g); cats.append(tagSource.categories[c].id); caps.append(cap ?? .nan)
                    }
                }
            }
            return RawFacilities(
                geometries: geoms, category: cats, crs: osm.crs, label: s.path, capacity: capacityField == nil ? nil : caps)
        }
        // Without a category column every field is read: a POI export's type and name columns are looked for.
        let capacityFields = capacityField.map { [$0] } ?? []
        let fields: [String]? = categoryName != nil ? capacityFields : categoryField.map { [$0] + capacityFields }
        let t: FeatureTable
        do {
            t = try s.read(key: "facilities", defaultCRS: declaredCRS, fields: fields)
        } catch let e where capacityField.map({ "\(e)".contains("'\($0)'") }) ?? false {
            // A missing capacity column is the capacity option's mistake, named as such.
            throw OptionError(key: "capacity", "\(e)", fix: "name a numeric column of the facilities as {option}")
        }
        let capValues: [Double?]? = try capacityField.map { f in
            do { return try t.doubles(f) } catch { throw OptionError(key: "capacity", "\(error)", fix: "name a numeric column as {option}") }
        }
        let values: [String?]
        if categoryName == nil, categoryField == nil, let typeField = POIMatcher.typeField(in: t.fieldNames) {
            return try readPOIs(t, typeField: typeField, preset: preset, label: s.label)
        }
        if let name = categoryName {
            values = Array(repeating: name, count: t.count)
        } else if let f = categoryField {
            values = try t.strings(f)
        } else {
            throw OptionError(
                key: "category", "\(s.label): no column is named as the facility category",
                fix: "say which column holds it with {option} FIELD (or category_name NAME for a layer of one kind)")
        }
        var geoms: [GeometryValue] = [], cats: [String] = [], caps: [Double] = []
        for i in 0..<t.count {
            guard let g = t.geometries[i], !g.isEmpty, var v = values[i] else { continue }
            if let m = categoryMap { guard let id = m[v] else { continue }; v = id }
            geoms.append(g); cats.append(v)
            if let capValues { caps.append(capValues[i] ?? .nan) }
        }
        return RawFacilities(
            geometries: geoms, category: cats, crs: t.crs, label: s.label, capacity: capValues == nil ? nil : caps, notes: t.notes)
    }

    /// An Amap or Baidu export: categories from the preset's codes, tags and
    /// name keywords (gb50180 when no preset is given). A POI matching
    /// several categories counts in each.
    func readPOIs(_ t: FeatureTable, typeField: String, preset: LifeCirclePreset?, label: String) throws -> RawFacilities {
        let p = try preset ?? LifeCirclePreset.load("gb50180")
        let matcher = POIMatcher(preset: p)
        guard matcher.hasRules else {
            throw OptionError(
                key: "category", "\(label): a POI table (column '\(typeField)') but preset '\(p.name)' has no amap, baidu or keywords rules",
                fix: "add them to the preset (see gb50180), or name the category column with {option}")
        }
        let nameField = POIMatcher.nameField(in: t.fieldNames)
        let (cats, report) = matcher.match(
            types: try t.strings(typeField), names: try nameField.map { try t.strings($0) } ?? [], typeField: typeField, nameField: nameField)
        var geoms: [GeometryValue] = [], ids: [String] = []
        for i in 0..<t.count {
            guard let g = t.geometries[i], !g.isEmpty else { continue }
            for k in cats[i] { geoms.append(g); ids.append(p.categories[k].id) }
        }
        var notes = t.notes
        notes.append(
            "\(label): \(report.matched) of \(report.pois) POIs matched preset '\(p.name)' by '\(typeField)'\(nameField.map { " and '\($0)'" } ?? "")"
        )
        return RawFacilities(geometries: geoms, category: ids, crs: t.crs, label: label, poiReport: report, notes: notes)
    }

    func assembleCategories(
        _ raws: [RawFacilities], preset: LifeCirclePreset?, frame: WorkingFrame, tierCount: Int,
        warnings: inout [String]
    ) throws -> [CoverageCategory] {
        var byCategory: [String: [Coordinate]] = [:]
        var capByCategory: [String: [Double]] = [:]
        let withCapacity = raws.contains { $0.capacity != nil }
        for raw in raws {
            let projected = try frame.project(raw.geometries.map { Optional($0) }, from: raw.crs, label: raw.label)
            let pts = try ResidentPoints.points(of: projected, mode: residentPoint)
            for (i, p) in pts.enumerated() {
                if let p {
                    byCategory[raw.category[i], default: []].append(p)
                    if withCapacity { capByCategory[raw.category[i], default: []].append(raw.capacity?[i] ?? .nan) }
                }
            }
        }
        guard let preset else {
            if byCategory.isEmpty {
                throw OptionError(
                    key: "facilities", "facilities: no facility with a category was read", fix: "check {option}, category and facilities_filter")
            }
            return byCategory.keys.sorted().map { CoverageCategory(id: $0, facilities: byCategory[$0]!, capacities: capByCategory[$0]) }
        }
        // With a preset: its categories in its order; column values match by id, listed values, or name.
        var used = Set<String>()
        let cats: [CoverageCategory] = preset.categories.map { c in
            let keys = Set([c.id, c.name, c.nameZh].compactMap { $0 } + (c.values ?? []))
            var pts: [Coordinate] = [], caps: [Double] = []
            for k in keys.sorted() {
                if let p = byCategory[k] { pts += p; caps += capByCategory[k] ?? []; used.insert(k) }
            }
            let tier = c.tier.flatMap { id in preset.tiers.firstIndex { $0.id == id } }
            return CoverageCategory(
                id: c.id, name: c.name, nameZh: c.nameZh, tier: tier.map { min($0, tierCount - 1) }, facilities: pts,
                capacities: withCapacity ? caps : nil)
        }
        let unknown = Set(byCategory.keys).subtracting(used).sorted()
        if !unknown.isEmpty {
            warnings.append(
                "\(unknown.count) facility categories are not in preset '\(preset.name)' and were left out: \(unknown.prefix(8).joined(separator: ", "))"
            )
        }
        return cats
    }
}
