import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// A parks job's layers, read, repaired and projected into the working frame:
/// everything `ParkSitingConfig` needs that comes from files.
struct ParksJobInputs {
    var frame: WorkingFrame
    /// Demand points with their weights, and the resident feature each came from.
    var points: [Coordinate]
    var weights: [Double]
    var pointFeature: [Int]
    var zoneLabels: [String]?
    var residentialLand: [GeometryValue]
    var green: [GeometryValue]
    var candidates: CandidateSource
    var reach: ReachModel
    /// Plain-language notes on the inputs (repairs, skipped features), for the summary.
    var notes: [String]
}

/// One input read into geometries (in its own CRS), with its attribute table
/// unless it came from an OSM extract.
struct ParksLayer {
    var geometries: [GeometryValue]
    var table: FeatureTable?
    /// Row in `table` of each geometry.
    var rows: [Int]
    var crs: CRS?
    /// "residents hlg.geojson": the role and the file, as notes name it.
    var label: String
}

extension ParksJob {
    func readInputs(clock: inout StageClock) throws -> ParksJobInputs {
        var notes: [String] = []

        // Residents first: they fix the working frame.
        let res = try clock.time("read_residents") {
            try readLayer(residents, key: "residents", role: "residents", osm: .residentialLand, notes: &notes)
        }
        guard !res.geometries.isEmpty else {
            let key = residents.filter == nil ? "residents" : "residents_filter"
            throw OptionError(
                key: key, "\(residents.label): no residents\(residents.filter.map { " match the filter \"\($0)\"" } ?? "")",
                fix: "check the file and {option}")
        }
        var envelope = Envelope.empty
        for g in res.geometries { envelope.expand(toInclude: g.envelope) }
        let frame = try WorkingFrame.choose(asked: crs, dataCRS: res.crs, envelope: envelope)
        let resGeoms = try frame.project(res.geometries, from: res.crs, label: res.label)

        let featureWeights = try residentWeights(res, projected: resGeoms)
        let polygonal = resGeoms.allSatisfy { !$0.polygonParts.isEmpty }
        var points: [Coordinate] = [], weights: [Double] = [], pointFeature: [Int] = []
        if let s = sampleSpacing {
            guard polygonal else {
                throw OptionError(
                    key: "sample_spacing", "\(residents.label) has resident points, and only polygons (residential parcels) are sampled",
                    fix: "leave out {option} for point residents")
            }
            let sample = try ResidentSampling.lattice(polygons: resGeoms, weights: featureWeights, spacing: s)
            points = sample.points; weights = sample.weights; pointFeature = sample.source
        } else {
            let pts = try ResidentPoints.points(of: resGeoms.map { Optional($0) }, mode: residentPoint)
            var skipped = 0
            for (i, p) in pts.enumerated() {
                guard let p else { skipped += 1; continue }
                points.append(p); weights.append(featureWeights[i]); pointFeature.append(i)
            }
            if skipped > 0 { notes.append("\(skipped) residents without a usable location skipped") }
        }

        // Residential land for the areal rate.
        var residentialLand: [GeometryValue] = []
        if let r = residential {
            let l = try clock.time("read_residential") {
                try readLayer(r, key: "residential", role: "residential", osm: .residentialLand, fields: [], notes: &notes)
            }
            residentialLand = try frame.project(l.geometries, from: l.crs, label: l.label)
        } else if polygonal {
            residentialLand = resGeoms
        } else {
            notes.append("residents are points and no residential land was given: the areal service-radius coverage rate is not computed")
        }

        let g = try clock.time("read_green") { try readLayer(green, key: "green", role: "green", osm: .green, fields: [], notes: &notes) }
        let greenGeoms = try frame.project(g.geometries.filter { !$0.polygonParts.isEmpty }, from: g.crs, label: g.label)
        if greenGeoms.count < g.geometries.count { notes.append("\(g.geometries.count - greenGeoms.count) green features without area ignored") }

        let source = try readCandidates(frame: frame, clock: &clock, notes: &notes)

        // Reach.
        var reach = ReachModel.euclidean
        if effectiveMetric == .network, let n = network {
            let net = try clock.time("network") { try NetworkSource.load(n, key: "network", frame: frame) }
            var o = AccessPointOptions()
            o.maxSnap = maxSnap
            reach = .network(net, o)
        }

        // Zones.
        var zoneLabels: [String]? = nil
        if let z = zones, let field = zoneField {
            let zl = try clock.time("read_zones") { try readLayer(z, key: "zones", role: "zones", osm: .carvableLand, notes: &notes) }
            guard let table = zl.table else {
                throw OptionError(
                    key: "zones", "\(z.label): an OSM extract has no \(field) column to name zones by",
                    fix: "give {option} as a layer with a zone-name column")
            }
            let names = try column("zone_field", field, of: table, label: z.label) { try table.strings(field) }
            let zgeoms = try frame.project(zl.geometries, from: zl.crs, label: zl.label)
            let idx = try ZoneAssignment.assign(points.map { Optional($0) }, zones: zgeoms.map { Optional($0) })
            zoneLabels = idx.map { $0 < 0 ? "(none)" : (names[zl.rows[Int($0)]] ?? "(unnamed)") }
        }

        return ParksJobInputs(
            frame: frame, points: points, weights: weights, pointFeature: pointFeature, zoneLabels: zoneLabels,
            residentialLand: residentialLand, green: greenGeoms, candidates: source, reach: reach, notes: notes)
    }

    /// Weight per resident feature: the weight column, the polygon's area, or 1.
    func residentWeights(_ res: ParksLayer, projected: [GeometryValue]) throws -> [Double] {
        if let w = weight {
            guard let table = res.table else {
                throw OptionError(
                    key: "weight", "\(residents.label): residents from an OSM extract have no columns to weigh by",
                    fix: "leave out {option}, or give residents as a layer with a population column")
            }
            let col = try column("weight", w, of: table, label: residents.label) { try table.doubles(w) }
            try WeightRule.check(col, field: w, label: residents.label)
            return try res.rows.map { row in
                guard let v = col[row] else {
                    throw OptionError(
                        key: "weight", "\(residents.label): resident \(row + 1) has no numeric \(w)",
                        fix: "fill it in, filter it out, or choose another {option}")
                }
                guard v.isFinite, v >= 0 else {
                    throw OptionError(
                        key: "weight", "\(residents.label): resident \(row + 1) has \(w) = \(v)",
                        fix: "weights must be >= 0: fix the value, filter the feature out, or choose another {option}")
                }
                return v
            }
        }
        if weightArea { return try projected.map { g in g.polygonParts.isEmpty ? 0 : try Geometry(g).area } }
        return Array(repeating: 1, count: projected.count)
    }

    /// Candidate plots: given directly, or land with buildings, water and roads to carve away.
    func readCandidates(frame: WorkingFrame, clock: inout StageClock, notes: inout [String]) throws -> CandidateSource {
        if let cand = candidates {
            let l = try clock.time("read_candidates") {
                try readLayer(cand, key: "candidates", role: "candidates", osm: .carvableLand, fields: [], notes: &notes)
            }
            return .given(try frame.project(l.geometries, from: l.crs, label: l.label), filter: filterCandidates)
        }
        guard let land else { throw OptionError(key: "candidates", "candidate plots are not given", fix: "give either {option} or land") }
        let l = try clock.time("read_land") { try readLayer(land, key: "land", role: "land", osm: .carvableLand, fields: [], notes: &notes) }
        let landGeoms = try frame.project(l.geometries, from: l.crs, label: l.label)
        var bGeoms: [GeometryValue] = [], wGeoms: [GeometryValue] = [], roadLines: [RoadLine] = []
        if let b = buildings {
            let bl = try clock.time("read_buildings") {
                try readLayer(b, key: "buildings", role: "buildings", osm: .building, fields: [], notes: &notes)
            }
            bGeoms = try frame.project(bl.geometries, from: bl.crs, label: bl.label)
        }
        if let w = water {
            let wl = try clock.time("read_water") { try readLayer(w, key: "water", role: "water", osm: .water, fields: [], notes: &notes) }
            wGeoms = try frame.project(wl.geometries, from: wl.crs, label: wl.label)
        }
        if let r = roads {
            let rl = try clock.time("read_roads") { try readRoads(r) }
            let geoms = try frame.project(rl.roads.map(\.geometry), from: rl.crs, label: "roads \(r.label)")
            roadLines = zip(rl.roads, geoms).map { RoadLine(geometry: $1, width: $0.width, roadClass: $0.roadClass) }
        }
        return .land(land: landGeoms, buildings: bGeoms, roads: roadLines, water: wGeoms)
    }

    /// Reads a polygon (or point) input, repairing invalid polygons and
    /// dropping unusable ones with a note. An OSM extract gives its
    /// multipolygons of `kind`; `fields` limits the columns read (nil: all).
    func readLayer(
        _ s: InputSource, key: String, role: String, osm kind: OSMFeatureKind, fields: [String]? = nil,
        notes: inout [String]
    ) throws -> ParksLayer {
        let label = "\(role) \(s.label)"
        var layer: ParksLayer
        if s.isOSM {
            let osm = try OSMReader.read(s.path, layers: [.multipolygons])
            let geoms = zip(osm.multipolygons.geometries, osm.multipolygons.tags).filter { kind.matches($0.1) }.map { $0.0 }
            layer = ParksLayer(geometries: geoms, table: nil, rows: Array(geoms.indices), crs: osm.crs, label: label)
        } else {
            let t = try s.read(key: key, defaultCRS: declaredCRS, fields: fields)
            var geoms: [GeometryValue] = [], rows: [Int] = []
            for (i, g) in t.geometries.enumerated() { if let g, !g.isEmpty { geoms.append(g); rows.append(i) } }
            layer = ParksLayer(geometries: geoms, table: t, rows: rows, crs: t.crs, label: label)
        }
        // Polygons through PolygonRepair; points and lines pass unchanged.
        let polygons = layer.geometries.indices.filter { !layer.geometries[$0].polygonParts.isEmpty }
        let cleaned = PolygonRepair.clean(polygons.map { layer.geometries[$0] })
        var repairedValue = [Int: GeometryValue]()
        for (k, i) in cleaned.kept.enumerated() { repairedValue[polygons[i]] = cleaned.values[k] }
        var geoms: [GeometryValue] = [], rows: [Int] = []
        for (i, g) in layer.geometries.enumerated() {
            if g.polygonParts.isEmpty { geoms.append(g); rows.append(layer.rows[i]); continue }
            guard let v = repairedValue[i] else { continue }
            geoms.append(v); rows.append(layer.rows[i])
        }
        if cleaned.repaired > 0 { notes.append("\(label): \(cleaned.repaired) invalid polygons repaired") }
        if cleaned.dropped > 0 { notes.append("\(label): \(cleaned.dropped) unusable polygons (collapsed rings) skipped") }
        layer.geometries = geoms; layer.rows = rows
        return layer
    }

    /// Road centrelines with their width and class, in the file's CRS.
    func readRoads(_ s: InputSource) throws -> (roads: [RoadLine], crs: CRS?) {
        if s.isOSM {
            let osm = try OSMReader.read(s.path, layers: [.lines])
            var out: [RoadLine] = []
            for (g, t) in zip(osm.lines.geometries, osm.lines.tags) where OSMFeatureKind.road.matches(t) {
                out.append(RoadLine(geometry: g, width: t["width"].flatMap { Double($0.split(separator: " ").first ?? "") }, roadClass: t["highway"]))
            }
            return (out, osm.crs)
        }
        let t = try s.read(key: "roads", defaultCRS: declaredCRS)
        let widths = try roadWidthField.map { f in try column("road_width_field", f, of: t, label: s.label) { try t.doubles(f) } }
        let classes: [String?] = t.fieldNames.contains(roadClassField) ? try t.strings(roadClassField) : Array(repeating: nil, count: t.count)
        var out: [RoadLine] = []
        for (i, g) in t.geometries.enumerated() {
            guard let g, !g.isEmpty else { continue }
            out.append(RoadLine(geometry: g, width: widths?[i], roadClass: classes[i]))
        }
        return (out, t.crs)
    }

    /// A column an option names: a missing or non-numeric column is that option's mistake.
    func column<T>(_ key: String, _ field: String, of table: FeatureTable, label: String, _ read: () throws -> T) throws -> T {
        guard table.fieldNames.contains(where: { $0.lowercased() == field.lowercased() }) else {
            let list = table.fieldNames.isEmpty ? "(the layer has no attribute fields)" : table.fieldNames.joined(separator: ", ")
            throw OptionError(key: key, "\(label): no field '\(field)'", fix: "choose one of \(list) as {option}")
        }
        do { return try read() } catch let e as IOError { throw OptionError(key: key, e.message, fix: "or choose another {option}") }
    }
}
