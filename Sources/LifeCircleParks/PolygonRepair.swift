import LifeCircleGeometry

/// Turns a polygonal value into a valid GEOS geometry: rings with fewer than
/// four coordinates (collapsed OSM ways, digitising slips) are dropped, an
/// unclosed ring is closed, and what remains is repaired with makeValid.
/// Returns nil, with the reason, when nothing areal is left.
enum PolygonRepair {
    static func geometry(_ v: GeometryValue) -> (geometry: Geometry?, note: String?) {
        if let g = try? Geometry(v) {
            if (try? g.isValid) == true { return (g, nil) }
            let reason = (try? g.validityReason) ?? "invalid"
            if let fixed = try? g.makeValid() { return (fixed, "invalid (\(reason)); repaired with makeValid") }
            return (nil, "invalid (\(reason)) and could not be repaired")
        }
        // Could not even be built: clean the rings and retry.
        var parts: [[[Coordinate]]] = []
        for rings in v.polygonParts {
            var clean: [[Coordinate]] = []
            for (k, ring) in rings.enumerated() {
                var r = ring
                if let f = r.first, r.last != f { r.append(f) }
                if r.count < 4 { if k == 0 { clean = []; break } else { continue } }
                clean.append(r)
            }
            if !clean.isEmpty { parts.append(clean) }
        }
        guard !parts.isEmpty, let g = try? Geometry(parts.count == 1 ? .polygon(parts[0]) : .multiPolygon(parts)) else {
            return (nil, "degenerate polygon (rings with fewer than 4 points)")
        }
        if (try? g.isValid) == true { return (g, "degenerate rings dropped") }
        if let fixed = try? g.makeValid() { return (fixed, "degenerate rings dropped; repaired with makeValid") }
        return (nil, "degenerate polygon could not be repaired")
    }
}
