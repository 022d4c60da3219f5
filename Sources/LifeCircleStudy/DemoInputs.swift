import Foundation
import LifeCircleCoverage
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Turns the embedded OSM extract into the layers a study needs: residential
/// buildings with estimated population and households, facilities by the
/// gb50180 preset's OSM tags, buildings, roads, water, green space and land.
/// Everything in the extract's UTM zone, deterministic.
public struct DemoInputs {
    /// Floor area per resident (m²) and persons per household: Helsinki averages
    /// (Statistics Finland: about 35 m² per person, 1.9 persons per household).
    static let floorAreaPerPerson = 35.0
    static let personsPerHousehold = 1.9
    /// Levels assumed where `building:levels` is missing (central Helsinki blocks).
    static let defaultLevels = 5.0

    public struct Summary: Sendable {
        public var crs: CRS
        public var residents: Int
        public var population: Double
        public var households: Double
        public var facilities: Int
        public var categories: Int
    }

    public static func extract(osmPath: String, to gpkg: String) throws -> Summary {
        let osm = try OSMReader.read(osmPath)
        var env = Envelope.empty
        for g in osm.lines.geometries { env.expand(toInclude: g.envelope) }
        let crs = try CRS.localMetric(for: env)
        let toMetric = try CoordinateTransformer(from: .wgs84, to: crs)
        let lines = try osm.lines.geometries.map { try toMetric.transform($0) }
        let areas = try osm.multipolygons.geometries.map { try toMetric.transform($0) }
        let points = try osm.points.geometries.map { try toMetric.transform($0) }

        // Residents: residential buildings, population from footprint × levels.
        var resGeoms: [GeometryValue?] = [], resPop: [Double?] = [], resHH: [Double?] = [], resLevels: [Double?] = []
        var resIDs: [String?] = []
        var buildings: [GeometryValue?] = []
        // Many central-city homes are tagged only building=yes: count those that
        // stand in residential land use and carry no shop, office or amenity.
        let residentialLand = osm.multipolygons.tags.indices.filter { OSMFeatureKind.residentialLand.matches(osm.multipolygons.tags[$0]) }
            .compactMap { PolygonRepair.validOrNil(areas[$0]) }
        let landIndex = try STRtree(residentialLand)
        let prepared = try residentialLand.map { try $0.prepared() }
        func inResidentialLand(_ p: Coordinate) throws -> Bool {
            try landIndex.query(Envelope(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)).contains { try prepared[$0].contains(p) }
        }
        for (i, tags) in osm.multipolygons.tags.enumerated() {
            guard OSMFeatureKind.building.matches(tags), let b = tags["building"], let g = PolygonRepair.validOrNil(areas[i]) else { continue }
            buildings.append(try g.value)
            let nonResidentialUse = ["shop", "office", "amenity", "tourism", "craft"].contains { tags[$0] != nil }
            let inLand = b == "yes" && !nonResidentialUse ? try inResidentialLand(try g.pointOnSurface) : false
            let residential = OSMFeatureKind.residentialBuilding.matches(tags) || inLand
            guard residential else { continue }
            let footprint = try g.area
            guard footprint >= 20 else { continue }
            let levels =
                tags["building:levels"].flatMap { Double($0.split(separator: ";").first.map(String.init) ?? "") }.map { max(1, $0) } ?? defaultLevels
            let pop = (footprint * levels / floorAreaPerPerson).rounded()
            guard pop >= 1 else { continue }
            resGeoms.append(try g.value); resPop.append(pop); resHH.append((pop / personsPerHousehold).rounded())
            resLevels.append(levels); resIDs.append(String(osm.multipolygons.osmIDs[i]))
        }

        // Facilities: OSM points and areas matched to the preset's categories.
        let preset = try LifeCirclePreset.load("gb50180")
        let matcher = OSMTagMatcher(categories: preset.categories)
        var facGeoms: [GeometryValue?] = [], facCat: [String?] = [], facName: [String?] = []
        func addFacilities(_ tags: [[String: String]], _ geoms: [GeometryValue], area: Bool) throws {
            for (i, t) in tags.enumerated() {
                let cats = matcher.categories(for: t)
                guard !cats.isEmpty else { continue }
                let p: Coordinate
                if area {
                    guard let g = PolygonRepair.validOrNil(geoms[i]) else { continue }; p = try g.pointOnSurface
                } else if case .point(let c) = geoms[i] {
                    p = c
                } else {
                    continue
                }
                for c in cats {
                    facGeoms.append(.point(p)); facCat.append(preset.categories[c].id); facName.append(t["name"])
                }
            }
        }
        try addFacilities(osm.points.tags, points, area: false)
        try addFacilities(osm.multipolygons.tags, areas, area: true)

        // Green space, water, land for park candidates.
        var green: [GeometryValue?] = [], greenArea: [Double?] = []
        var water: [GeometryValue?] = []
        var land: [GeometryValue?] = []
        for (i, t) in osm.multipolygons.tags.enumerated() {
            guard let g = PolygonRepair.validOrNil(areas[i]) else { continue }
            if OSMFeatureKind.green.matches(t) {
                green.append(try g.value); greenArea.append(try g.area)
            }
            if OSMFeatureKind.water.matches(t) {
                water.append(try g.value)
            }
            if OSMFeatureKind.anyLandUse.matches(t) { land.append(try g.value) }
        }
        var roads: [GeometryValue?] = [], roadClass: [String?] = []
        for (i, t) in osm.lines.tags.enumerated() {
            guard OSMFeatureKind.road.matches(t), let h = t["highway"] else { continue }
            roads.append(lines[i]); roadClass.append(h)
        }
        // Barrier lines for the grids: roads above a class, rail and rivers;
        // grids neighbour across them only where nothing else joins a part.
        var barriers: [GeometryValue?] = [], barrierKind: [String?] = []
        for (i, t) in osm.lines.tags.enumerated() {
            guard let kind = DemoInputs.barrierKind(t) else { continue }
            barriers.append(lines[i]); barrierKind.append(kind)
        }

        try VectorWriter.write(
            [
                OutputLayer(
                    name: "residents", geometries: resGeoms,
                    columns: [
                        Column(name: "osm_id", strings: resIDs), Column(name: "population", doubles: resPop),
                        Column(name: "households", doubles: resHH), Column(name: "levels", doubles: resLevels),
                    ], crs: crs),
                OutputLayer(
                    name: "facilities", geometries: facGeoms,
                    columns: [Column(name: "category", strings: facCat), Column(name: "name", strings: facName)], crs: crs),
                OutputLayer(name: "buildings", geometries: buildings, columns: [], crs: crs),
                OutputLayer(name: "roads", geometries: roads, columns: [Column(name: "highway", strings: roadClass)], crs: crs),
                OutputLayer(name: "barriers", geometries: barriers, columns: [Column(name: "kind", strings: barrierKind)], crs: crs),
                OutputLayer(name: "water", geometries: water, columns: [], crs: crs),
                OutputLayer(name: "green", geometries: green, columns: [Column(name: "area_m2", doubles: greenArea)], crs: crs),
                OutputLayer(name: "land", geometries: land, columns: [], crs: crs),
            ], to: gpkg)
        return Summary(
            crs: crs, residents: resGeoms.count, population: resPop.reduce(0) { $0 + ($1 ?? 0) },
            households: resHH.reduce(0) { $0 + ($1 ?? 0) }, facilities: facGeoms.count,
            categories: Set(facCat.compactMap { $0 }).count)
    }

    static let barrierHighways: Set<String> = [
        "motorway", "trunk", "primary", "secondary", "motorway_link", "trunk_link", "primary_link", "secondary_link",
    ]

    /// The barrier a way is (`highway=primary`, `railway=rail`, `waterway=river` …), or nil.
    static func barrierKind(_ t: [String: String]) -> String? {
        if let h = t["highway"], barrierHighways.contains(h) { return "highway=\(h)" }
        if t["railway"] == "rail" { return "railway=rail" }
        if let w = t["waterway"], w == "river" || w == "canal" { return "waterway=\(w)" }
        return nil
    }
}
