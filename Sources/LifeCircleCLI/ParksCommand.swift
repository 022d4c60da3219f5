import ArgumentParser
import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleParks
import LifeCircleProjection

struct ParksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parks",
        abstract: "Pocket-park siting: candidate plots from vacant land, and the few sites that serve the most unserved residents.",
        discussion: """
        Residents already within the service radius of existing green space (rules per size class, --green-rules)
        are served; the rest are demand. Candidates come from --candidates (plots given directly) or from --land
        minus --buildings, --roads and --water (each may be an OSM .pbf). Sites are chosen by lazy greedy and,
        with --method exact (default), by an integer program solved with GLPK; the summary reports both and the gap.
        The areal park service-radius coverage rate (residential land within the radius of qualifying green ÷ all
        residential land) is reported before and after.

        Outputs (GeoPackage layers): candidates (every part, with area_m2, width_m, compactness, served_alone, rank,
        selected, order, reason), selected_sites, service_areas, residents (served_before/after), coverage
        (served shares overall and per zone); --summary writes summary.json.

        Examples:
          lifecircle parks --crs local --residents hlg.geojson --residents-filter "type = 4" --weight-area \\
              --green hlg.geojson --green-filter "type IN (7, 8)" --green-rules 2000:300 \\
              --candidates hlg.geojson --candidates-filter "type = 1" --count 3 --out parks.gpkg --summary summary.json
          lifecircle parks --residents homes.gpkg --weight pop --green parks.gpkg --land blocks.gpkg \\
              --buildings city.osm.pbf --roads city.osm.pbf --water city.osm.pbf --network city.osm.pbf \\
              --target-share 0.8 --out parks.gpkg
        """)

    // Residents and residential land.
    @Option(help: "Residents: points or polygons (polygon -> representative point). Example: --residents homes.gpkg")
    var residents: String
    @Option(help: "Layer of the residents file.") var residentsLayer: String?
    @Option(help: "OGR SQL filter on residents. Example: --residents-filter \"type = 4\"") var residentsFilter: String?
    @Option(help: "Resident weight column (population, households); default: every record weighs 1. Example: --weight pop")
    var weight: String?
    @Flag(help: "Weigh each resident polygon by its area (m²), e.g. residential parcels without population.")
    var weightArea = false
    @Option(help: "Point of a polygon resident: surface (inside, default) or centroid.") var residentPoint: String = "surface"
    @Option(help: "Sample resident polygons on a lattice of this spacing (m), splitting each polygon's weight over its points, so point demand tracks residential area. Example: --sample-spacing 20")
    var sampleSpacing: Double?
    @Option(help: "Residential land for the areal coverage rate (default: the residents when they are polygons). Example: --residential landuse.gpkg")
    var residential: String?
    @Option(help: "Layer of the residential file.") var residentialLayer: String?
    @Option(help: "OGR SQL filter on residential land.") var residentialFilter: String?

    // Green space.
    @Option(help: "Existing green space (parks, squares, gardens); an OSM .pbf takes leisure=park/garden/playground, landuse=recreation_ground/village_green. Example: --green parks.gpkg")
    var green: String
    @Option(help: "Layer of the green file.") var greenLayer: String?
    @Option(help: "OGR SQL filter on green space. Example: --green-filter \"type IN (7, 8)\"") var greenFilter: String?
    @Option(help: "Service rules MIN_AREA_M2:RADIUS_M, comma-separated: a green space serves within the largest radius its area earns. Example: --green-rules 2000:300,10000:500")
    var greenRules: String = "2000:300,10000:500"
    @Flag(help: "Merge touching green polygons before applying the size rules (a park digitised in pieces).")
    var mergeTouchingGreen = false

    // Candidates.
    @Option(help: "Candidate plots given directly (e.g. vacant parcels). Example: --candidates vacant.gpkg") var candidates: String?
    @Option(help: "Layer of the candidates file.") var candidatesLayer: String?
    @Option(help: "OGR SQL filter on candidates. Example: --candidates-filter \"type = 1\"") var candidatesFilter: String?
    @Flag(help: "Apply the area band and width filter to --candidates too (always applied to plots carved from --land).")
    var filterCandidates = false
    @Option(help: "Land to carve candidates from (parcels, blocks, a study area); an OSM .pbf takes land-use polygons. Example: --land blocks.gpkg")
    var land: String?
    @Option(help: "Layer of the land file.") var landLayer: String?
    @Option(help: "OGR SQL filter on land.") var landFilter: String?
    @Option(help: "Buildings subtracted from land (OSM .pbf: building=*). Example: --buildings city.osm.pbf") var buildings: String?
    @Option(help: "Layer of the buildings file.") var buildingsLayer: String?
    @Option(help: "Roads subtracted from land, buffered by half their width (OSM .pbf: highway=*). Example: --roads streets.gpkg") var roads: String?
    @Option(help: "Layer of the roads file.") var roadsLayer: String?
    @Option(help: "Road width column in metres (full width). Example: --road-width-field width") var roadWidthField: String?
    @Option(help: "Road class column for default widths (OSM highway classes). Example: --road-class-field highway") var roadClassField: String = "highway"
    @Option(help: "Width (m) of roads whose class has no default and no width value.") var defaultRoadWidth: Double = 6
    @Option(help: "Water subtracted from land (OSM .pbf: natural=water, water=*, waterway=riverbank). Example: --water water.gpkg") var water: String?
    @Option(help: "Layer of the water file.") var waterLayer: String?
    @Option(help: "Smallest candidate plot, m².") var minArea: Double = 400
    @Option(help: "Largest candidate plot, m².") var maxArea: Double = 10_000
    @Option(help: "Smallest usable width (2 × inscribed-circle radius), m.") var minWidth: Double = 10
    @Option(help: "Clearance kept around buildings, m.") var buildingSetback: Double = 0

    // Reach and selection.
    @Option(help: "Walking network: OSM .pbf/.osm or a line layer. Without it distances are straight lines. Example: --network city.osm.pbf")
    var network: String?
    @Option(help: "Layer of the network file.") var networkLayer: String?
    @Option(help: "network (default with --network) or euclidean.") var metric: String?
    @Option(help: "Sites and residents farther than this (m) from every street are unsnapped.") var maxSnap: Double = 100
    @Option(help: "Service radius of a new site, m (walking distance on the network, else straight line).") var radius: Double = 300
    @Option(help: "Number of sites to choose (maximal covering). Example: --count 5") var count: Int?
    @Option(help: "Instead of --count: fewest sites so this share of all resident weight is served. Example: --target-share 0.8") var targetShare: Double?
    @Option(help: "greedy (lazy greedy only) or exact (greedy plus the GLPK integer program; default).") var method: String = "exact"
    @Option(help: "Cap on the total area of chosen sites, m².") var areaBudget: Double?
    @Option(help: "Time limit for the exact solver, seconds.") var timeLimit: Double = 60

    @Option(help: "Zones for per-zone shares. Example: --zones communities.gpkg") var zones: String?
    @Option(help: "Layer of the zones file.") var zonesLayer: String?
    @Option(help: "Zone name column.") var zoneField: String?
    @Option(help: "Working metric CRS, also the CRS of inputs without one: EPSG:n, utm, cgcs2000-gk, or local. Default: the residents' projected CRS or their UTM zone. Example: --crs local")
    var crs: CRS?

    @Option(help: "Output GeoPackage. Example: --out parks.gpkg") var out: String
    @Option(help: "summary.json path. Example: --summary summary.json") var summary: String?

    func validate() throws {
        if (candidates == nil) == (land == nil) { throw ValidationError("give either --candidates or --land (with --buildings/--roads/--water)") }
        if candidates != nil && (buildings != nil || roads != nil || water != nil) {
            throw ValidationError("--buildings, --roads and --water carve --land; with --candidates leave them out")
        }
        if (count == nil) == (targetShare == nil) { throw ValidationError("give either --count P or --target-share S") }
        if let c = count, c < 1 { throw ValidationError("--count must be at least 1 (got \(c))") }
        if let s = targetShare, !(s > 0 && s <= 1) { throw ValidationError("--target-share takes a share in (0, 1], e.g. 0.8 (got \(s))") }
        guard ["greedy", "exact"].contains(method) else { throw ValidationError("--method takes greedy or exact, not '\(method)'") }
        if let m = metric, !["network", "euclidean"].contains(m) { throw ValidationError("--metric takes network or euclidean, not '\(m)'") }
        if metric == "network" && network == nil { throw ValidationError("--metric network needs --network") }
        guard RepresentativePoint(rawValue: residentPoint) != nil else { throw ValidationError("--resident-point takes surface or centroid, not '\(residentPoint)'") }
        if weight != nil && weightArea { throw ValidationError("give --weight FIELD or --weight-area, not both") }
        if !(radius > 0) { throw ValidationError("--radius must be > 0 m") }
        if let s = sampleSpacing, !(s > 0) { throw ValidationError("--sample-spacing must be > 0 m") }
        if !(minArea >= 0 && maxArea >= minArea) { throw ValidationError("need 0 <= --min-area <= --max-area") }
        if minWidth < 0 || buildingSetback < 0 || defaultRoadWidth < 0 || maxSnap < 0 { throw ValidationError("widths, setbacks and --max-snap must be >= 0 m") }
        if let b = areaBudget, !(b >= 0) { throw ValidationError("--area-budget must be >= 0 m²") }
        if !(timeLimit > 0) { throw ValidationError("--time-limit must be > 0 s") }
        if zones != nil && zoneField == nil { throw ValidationError("--zones needs --zone-field naming the zone column") }
        if !out.lowercased().hasSuffix(".gpkg") { throw ValidationError("--out must be a GeoPackage path ending in .gpkg (got \(out))") }
        do { _ = try GreenServiceRule.parse(greenRules) } catch { throw ValidationError("--green-rules: \(error)") }
    }

    func run() throws {
        let job = try ParksJob(command: self)
        try job.run()
    }
}

/// The work of `lifecircle parks`: read, project into one metric CRS, run
/// `ParkSiting`, write the GeoPackage and summary.
private struct ParksJob {
    let c: ParksCommand
    /// Reference type so closures timing a stage can record into it.
    final class Log { var timings: [String: Double] = [:]; var notes: [String] = [] }
    let log = Log()

    init(command: ParksCommand) throws { c = command }

    var declaredCRS: CRS? { c.crs.flatMap { $0.isAuto ? nil : $0 } }

    static func isOSM(_ path: String) -> Bool {
        let l = path.lowercased()
        return l.hasSuffix(".pbf") || l.hasSuffix(".osm")
    }

    /// A layer read into geometries (in its own CRS) plus the table when not OSM.
    struct Layer {
        var geometries: [GeometryValue]
        var table: FeatureTable?
        var rows: [Int]
        var crs: CRS?
        var label: String
    }

    enum OSMKind { case land, buildings, water, green, residential }

    func read(_ path: String, layer: String?, filter: String?, label: String, osm kind: OSMKind) throws -> Layer {
        sanitize(try readRaw(path, layer: layer, filter: filter, label: label, osm: kind))
    }

    /// Repairs invalid polygons and drops unusable ones (collapsed rings), with a note.
    func sanitize(_ layer: Layer) -> Layer {
        var out = layer
        out.geometries = []; out.rows = []
        var repaired = 0, dropped = 0
        for (k, g) in layer.geometries.enumerated() {
            if g.polygonParts.isEmpty {
                out.geometries.append(g); out.rows.append(layer.rows[k]); continue
            }
            let r = PolygonRepair.clean([g])
            guard let v = r.values.first else { dropped += 1; continue }
            repaired += r.repaired
            out.geometries.append(v); out.rows.append(layer.rows[k])
        }
        if repaired > 0 { log.notes.append("\(layer.label): \(repaired) invalid polygons repaired") }
        if dropped > 0 { log.notes.append("\(layer.label): \(dropped) unusable polygons (collapsed rings) skipped") }
        return out
    }

    func readRaw(_ path: String, layer: String?, filter: String?, label: String, osm kind: OSMKind) throws -> Layer {
        if Self.isOSM(path) {
            let osm = try OSMReader.read(path, layers: [.multipolygons])
            var out: [GeometryValue] = []
            for (g, t) in zip(osm.multipolygons.geometries, osm.multipolygons.tags) where Self.matches(t, kind) { out.append(g) }
            return Layer(geometries: out, table: nil, rows: Array(out.indices), crs: osm.crs, label: "\(label) \(path)")
        }
        let t = try LayerReader.read(path, ReadOptions(layer: layer, filter: filter, defaultCRS: declaredCRS))
        var geoms: [GeometryValue] = [], rows: [Int] = []
        for (i, g) in t.geometries.enumerated() { if let g, !g.isEmpty { geoms.append(g); rows.append(i) } }
        return Layer(geometries: geoms, table: t, rows: rows, crs: t.crs, label: "\(label) \(path)")
    }

    static func matches(_ t: [String: String], _ kind: OSMKind) -> Bool {
        switch kind {
        case .buildings: return t["building"] != nil && t["building"] != "no"
        case .water: return t["natural"] == "water" || t["water"] != nil || t["waterway"] == "riverbank" || t["landuse"] == "basin" || t["landuse"] == "reservoir"
        case .green:
            if let l = t["leisure"], ["park", "garden", "playground"].contains(l) { return true }
            return t["landuse"] == "recreation_ground" || t["landuse"] == "village_green"
        case .land:
            guard t["building"] == nil, let l = t["landuse"] else { return false }
            return ["residential", "commercial", "retail", "civil", "grass", "construction", "brownfield", "greenfield", "industrial"].contains(l)
        case .residential: return t["landuse"] == "residential"
        }
    }

    func readRoads(_ path: String) throws -> (roads: [RoadLine], crs: CRS?) {
        if Self.isOSM(path) {
            let osm = try OSMReader.read(path, layers: [.lines])
            var out: [RoadLine] = []
            for (g, t) in zip(osm.lines.geometries, osm.lines.tags) {
                guard let h = t["highway"] else { continue }
                out.append(RoadLine(geometry: g, width: t["width"].flatMap { Double($0.split(separator: " ").first ?? "") }, roadClass: h))
            }
            return (out, osm.crs)
        }
        let t = try LayerReader.read(path, ReadOptions(layer: c.roadsLayer, defaultCRS: declaredCRS))
        let widths = try c.roadWidthField.map { try t.doubles($0) }
        let classes: [String?] = t.fieldNames.contains(c.roadClassField) ? try t.strings(c.roadClassField) : Array(repeating: nil, count: t.count)
        var out: [RoadLine] = []
        for (i, g) in t.geometries.enumerated() {
            guard let g, !g.isEmpty else { continue }
            out.append(RoadLine(geometry: g, width: widths?[i], roadClass: classes[i]))
        }
        return (out, t.crs)
    }

    func readNetworkLines(_ path: String) throws -> (lines: [[Coordinate]], crs: CRS?) {
        if Self.isOSM(path) {
            let osm = try OSMReader.read(path, layers: [.lines, .multipolygons])
            let rules = WalkableTagRules.standard
            var lines: [[Coordinate]] = []
            for (g, t) in zip(osm.lines.geometries, osm.lines.tags) where rules.isWalkable(t) { lines.append(contentsOf: g.lineParts) }
            for (g, t) in zip(osm.multipolygons.geometries, osm.multipolygons.tags) where rules.isWalkable(t) { lines.append(contentsOf: g.lineParts) }
            guard !lines.isEmpty else { throw CLIError("\(path): no walkable way in the OSM extract") }
            return (lines, osm.crs)
        }
        let t = try LayerReader.read(path, ReadOptions(layer: c.networkLayer, defaultCRS: declaredCRS, fields: []))
        let lines = NetworkBuilder.lineParts(of: t.geometries).lines
        guard !lines.isEmpty else { throw CLIError("\(path): the network layer has no lines: give road centrelines or an OSM extract") }
        return (lines, t.crs)
    }

    /// The working CRS: --crs, else a projected CRS of the residents, else their UTM zone; local stays local.
    func workingCRS(_ first: CRS?, _ envelope: Envelope) throws -> CRS {
        if let crs = c.crs {
            if !crs.isAuto { return crs }
            return try crs.resolveAuto(center: try lonLat(envelope, first).center)
        }
        guard let first else { return .local }
        if first.kind == .local { return .local }
        if first.isMetric && !first.isGeographic && first.kind == .proj { return first }
        return try CRS.localMetric(for: try lonLat(envelope, first))
    }

    func lonLat(_ e: Envelope, _ crs: CRS?) throws -> Envelope {
        guard let crs, crs.isGeoreferenced else {
            throw CLIError("cannot choose a metric CRS for data without georeference: give --crs EPSG:n, or --crs local for local metres")
        }
        return crs == .wgs84 ? e : try CoordinateTransformer(from: crs, to: .wgs84).transform(e)
    }

    func project(_ g: [GeometryValue], from: CRS?, to: CRS, label: String) throws -> [GeometryValue] {
        let src = from ?? to
        if src == to || g.isEmpty { return g }
        do {
            let t = try CoordinateTransformer(from: src, to: to)
            return try g.map { try t.transform($0) }
        } catch {
            throw CLIError("\(label): cannot bring it from \(src) into \(to) (\(error)); give all inputs in one CRS or declare it with --crs")
        }
    }

    func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let t0 = DispatchTime.now()
        let v = try body()
        log.timings["read_" + stage] = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        return v
    }

    func run() throws {
        // Residents first: they fix the working CRS.
        let res = try timed("residents") {
            try read(c.residents, layer: c.residentsLayer, filter: c.residentsFilter, label: "residents", osm: .residential)
        }
        guard !res.geometries.isEmpty else {
            throw CLIError("\(c.residents): no residents\(c.residentsFilter.map { " match --residents-filter \"\($0)\"" } ?? ""): check the file and filter")
        }
        var env = Envelope.empty
        for g in res.geometries { env.expand(toInclude: g.envelope) }
        let work = try workingCRS(res.crs, env)
        let resGeoms = try project(res.geometries, from: res.crs, to: work, label: "residents \(c.residents)")

        // Weights per resident feature.
        var featureWeights: [Double]
        if let w = c.weight {
            guard let table = res.table else { throw CLIError("--weight needs residents from a layer with columns, not an OSM extract") }
            let col = try table.doubles(w)
            featureWeights = []
            for (k, row) in res.rows.enumerated() {
                guard let v = col[row] else {
                    throw CLIError("\(c.residents): resident \(row + 1) has no numeric \(w): fill it in or filter it out")
                }
                guard v.isFinite, v >= 0 else { throw CLIError("\(c.residents): resident \(row + 1) has \(w) = \(v); weights must be >= 0") }
                _ = k
                featureWeights.append(v)
            }
        } else if c.weightArea {
            featureWeights = try resGeoms.map { g in g.polygonParts.isEmpty ? 0 : try Geometry(g).area }
        } else {
            featureWeights = Array(repeating: 1, count: resGeoms.count)
        }
        let polygonal = resGeoms.allSatisfy { !$0.polygonParts.isEmpty }
        var points: [Coordinate], weights: [Double], pointFeature: [Int]
        if let s = c.sampleSpacing {
            guard polygonal else { throw CLIError("--sample-spacing needs polygon residents (residential parcels), but \(c.residents) has points") }
            let sample = try ResidentSampling.lattice(polygons: resGeoms, weights: featureWeights, spacing: s)
            points = sample.points; weights = sample.weights; pointFeature = sample.source
        } else {
            let mode = RepresentativePoint(rawValue: c.residentPoint)!
            let pts = try ResidentPoints.points(of: resGeoms.map { Optional($0) }, mode: mode)
            points = []; weights = []; pointFeature = []
            var skipped = 0
            for (i, p) in pts.enumerated() {
                guard let p else { skipped += 1; continue }
                points.append(p); weights.append(featureWeights[i]); pointFeature.append(i)
            }
            if skipped > 0 { log.notes.append("\(skipped) residents without a usable location skipped") }
        }

        // Residential land for the areal rate.
        var residentialLand: [GeometryValue] = []
        if let r = c.residential {
            let l = try timed("residential") { try read(r, layer: c.residentialLayer, filter: c.residentialFilter, label: "residential", osm: .residential) }
            residentialLand = try project(l.geometries, from: l.crs, to: work, label: l.label)
        } else if polygonal {
            residentialLand = resGeoms
        } else {
            log.notes.append("residents are points and no --residential land was given: the areal service-radius coverage rate is not computed")
        }

        let g = try timed("green") { try read(c.green, layer: c.greenLayer, filter: c.greenFilter, label: "green", osm: .green) }
        let greenGeoms = try project(g.geometries.filter { !$0.polygonParts.isEmpty }, from: g.crs, to: work, label: g.label)
        if greenGeoms.count < g.geometries.count { log.notes.append("\(g.geometries.count - greenGeoms.count) green features without area ignored") }

        // Candidates.
        let source: CandidateSource
        if let cand = c.candidates {
            let l = try timed("candidates") { try read(cand, layer: c.candidatesLayer, filter: c.candidatesFilter, label: "candidates", osm: .land) }
            source = .given(try project(l.geometries, from: l.crs, to: work, label: l.label), filter: c.filterCandidates)
        } else {
            let l = try timed("land") { try read(c.land!, layer: c.landLayer, filter: c.landFilter, label: "land", osm: .land) }
            let landGeoms = try project(l.geometries, from: l.crs, to: work, label: l.label)
            var bGeoms: [GeometryValue] = [], wGeoms: [GeometryValue] = [], roadLines: [RoadLine] = []
            if let b = c.buildings {
                let bl = try timed("buildings") { try read(b, layer: c.buildingsLayer, filter: nil, label: "buildings", osm: .buildings) }
                bGeoms = try project(bl.geometries, from: bl.crs, to: work, label: bl.label)
            }
            if let w = c.water {
                let wl = try timed("water") { try read(w, layer: c.waterLayer, filter: nil, label: "water", osm: .water) }
                wGeoms = try project(wl.geometries, from: wl.crs, to: work, label: wl.label)
            }
            if let r = c.roads {
                let rl = try timed("roads") { try readRoads(r) }
                let geoms = try project(rl.roads.map(\.geometry), from: rl.crs, to: work, label: "roads \(r)")
                roadLines = zip(rl.roads, geoms).map { RoadLine(geometry: $1, width: $0.width, roadClass: $0.roadClass) }
            }
            source = .land(land: landGeoms, buildings: bGeoms, roads: roadLines, water: wGeoms)
        }

        // Reach.
        let useNetwork = (c.metric ?? (c.network != nil ? "network" : "euclidean")) == "network"
        var reach = ReachModel.euclidean
        if useNetwork, let n = c.network {
            let t0 = DispatchTime.now()
            let nl = try readNetworkLines(n)
            var lines = nl.lines
            if (nl.crs ?? work) != work {
                let t = try CoordinateTransformer(from: nl.crs!, to: work)
                lines = try lines.map { var l = $0; try t.transform(&l); return l }
            }
            let net = try NetworkBuilder.build(lines: lines)
            var o = AccessPointOptions()
            o.maxSnap = c.maxSnap
            reach = .network(net, o)
            log.timings["network"] = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        }

        // Zones.
        var zoneLabels: [String]? = nil
        if let z = c.zones, let field = c.zoneField {
            let zl = try timed("zones") { try read(z, layer: c.zonesLayer, filter: nil, label: "zones", osm: .land) }
            guard let table = zl.table else { throw CLIError("--zones needs a layer with a \(field) column") }
            let names = try table.strings(field)
            let zgeoms = try project(zl.geometries, from: zl.crs, to: work, label: zl.label)
            let idx = try ZoneAssignment.assign(points.map { Optional($0) }, zones: zgeoms.map { Optional($0) })
            zoneLabels = idx.map { $0 < 0 ? "(none)" : (names[zl.rows[Int($0)]] ?? "(unnamed)") }
        }

        var options = CandidateOptions()
        options.minArea = c.minArea; options.maxArea = c.maxArea; options.minWidth = c.minWidth
        options.buildingSetback = c.buildingSetback; options.defaultRoadWidth = c.defaultRoadWidth
        let objective: SitingObjective = c.count.map { .maxCover(count: $0) } ?? .setCover(targetShare: c.targetShare!)
        let config = ParkSitingConfig(
            residents: points, weights: weights, zones: zoneLabels, residentialLand: residentialLand, green: greenGeoms,
            greenRules: try GreenServiceRule.parse(c.greenRules), mergeTouchingGreen: c.mergeTouchingGreen,
            candidates: source, candidateOptions: options, radius: c.radius, objective: objective,
            method: SitingMethod(rawValue: c.method)!, areaBudget: c.areaBudget, timeLimit: c.timeLimit, reach: reach)
        let result = try ParkSiting.run(config)

        let t0 = DispatchTime.now()
        try VectorWriter.write(layers(result, config, work: work, pointFeature: pointFeature), to: c.out)
        log.timings["write"] = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9
        let summary = ParkSitingSummary(result: result, config: config, metric: useNetwork ? "network" : "euclidean",
                                        crs: work.description, extraNotes: log.notes, extraTimings: log.timings)
        if let s = c.summary { try JSONOutput.write(summary, to: s) }

        // A short report on stderr.
        for n in summary.notes { Console.note("note: \(n)") }
        if let b = summary.serviceRadiusCoverageBefore, let a = summary.serviceRadiusCoverageAfter {
            Console.note(String(format: "service-radius coverage rate: %.4f -> %.4f", b, a))
        }
        Console.note(String(format: "served share: %.4f -> %.4f; %d candidates, %d selected: %@", summary.servedShareBefore,
                            summary.servedShareAfter, summary.candidates.accepted, summary.selected.count,
                            summary.selected.map { String($0.part) }.joined(separator: ", ")))
        if let e = summary.exactValue {
            Console.note(String(format: "greedy %.6g, exact %.6g (%@), gap %.4f", summary.greedyValue, e, summary.exactStatus ?? "", summary.gap ?? 0))
        }
        Console.note("wrote \(c.out)\(c.summary.map { " and \($0)" } ?? "")")
    }

    func layers(_ r: ParkSitingResult, _ config: ParkSitingConfig, work: CRS, pointFeature: [Int]) -> [OutputLayer] {
        let crs: CRS? = work
        // candidates: every part.
        var candIndex = [Int?](repeating: nil, count: r.parts.count)
        for (j, p) in r.candidateParts.enumerated() { candIndex[p] = j }
        var orderOf = [Int: Int]()
        for (k, p) in r.selectedParts.enumerated() { orderOf[p] = k + 1 }
        let parts = r.parts
        let cands = OutputLayer(name: "candidates", geometries: parts.map { Optional($0.geometry) }, columns: [
            Column(name: "part", integers: parts.indices.map { $0 }),
            Column(name: "source_index", integers: parts.map { $0.sourceIndex }),
            Column(name: "status", strings: parts.map { $0.isAccepted ? "candidate" : "rejected" }),
            Column(name: "area_m2", doubles: parts.map { $0.area }),
            Column(name: "width_m", doubles: parts.map { $0.width }),
            Column(name: "compactness", doubles: parts.map { $0.compactness }),
            Column(name: "served_alone", doubles: parts.indices.map { i in candIndex[i].map { r.servedWeightAlone[$0] } }),
            Column(name: "rank", integers: parts.indices.map { i in candIndex[i].map { r.rankAlone[$0] } }),
            Column(name: "selected", integers: parts.indices.map { orderOf[$0] != nil ? 1 : 0 }),
            Column(name: "order", integers: parts.indices.map { orderOf[$0] }),
            Column(name: "reason_code", strings: parts.map { $0.rejection?.code }),
            Column(name: "reason", strings: parts.map { $0.rejection?.description }),
        ], crs: crs)
        let sel = r.selectedParts
        let selected = OutputLayer(name: "selected_sites", geometries: sel.map { Optional(parts[$0].geometry) }, columns: [
            Column(name: "order", integers: sel.indices.map { $0 + 1 }),
            Column(name: "part", integers: sel),
            Column(name: "marginal_gain", doubles: r.chosen.marginalGains),
            Column(name: "served_alone", doubles: r.chosen.selected.map { r.servedWeightAlone[$0] }),
            Column(name: "area_m2", doubles: sel.map { parts[$0].area }),
            Column(name: "width_m", doubles: sel.map { parts[$0].width }),
        ], crs: crs)
        let areas = OutputLayer(name: "service_areas", geometries: r.serviceAreas.map { Optional($0) }, columns: [
            Column(name: "order", integers: sel.indices.map { $0 + 1 }),
            Column(name: "part", integers: sel),
            Column(name: "radius_m", doubles: sel.map { _ in config.radius }),
        ], crs: crs)
        var residentCols = [
            Column(name: "feature", integers: pointFeature),
            Column(name: "weight", doubles: config.weights),
            Column(name: "served_before", integers: r.servedMaskBefore.map { $0 ? 1 : 0 }),
            Column(name: "served_after", integers: r.servedMaskAfter.map { $0 ? 1 : 0 }),
        ]
        if let z = config.zones { residentCols.append(Column(name: "zone", strings: z)) }
        let residents = OutputLayer(name: "residents", geometries: config.residents.map { Optional(.point($0)) }, columns: residentCols, crs: crs)
        let shares = [r.served] + r.servedByZone
        let coverage = OutputLayer(name: "coverage", columns: [
            Column(name: "zone", strings: shares.map { $0.zone ?? "(all)" }),
            Column(name: "total_weight", doubles: shares.map { $0.totalWeight }),
            Column(name: "served_weight_before", doubles: shares.map { $0.servedBefore }),
            Column(name: "served_weight_after", doubles: shares.map { $0.servedAfter }),
            Column(name: "served_share_before", doubles: shares.map { $0.shareBefore }),
            Column(name: "served_share_after", doubles: shares.map { $0.shareAfter }),
        ])
        return [cands, selected, areas, residents, coverage]
    }
}
