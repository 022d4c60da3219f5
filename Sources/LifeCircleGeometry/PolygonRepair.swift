/// Turns a polygonal value into a valid GEOS geometry: rings with fewer than
/// four coordinates (collapsed OSM ways, digitising slips) are dropped, an
/// unclosed ring is closed, and what remains is repaired with makeValid.
/// Returns nil, with the reason, when nothing areal is left.
public enum PolygonRepair {
    public static func geometry(_ v: GeometryValue) -> (geometry: Geometry?, note: String?) {
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

    /// A valid geometry, repaired with makeValid if needed; nil when GEOS
    /// cannot read the value (rings an extract's clipping left degenerate)
    /// or repair leaves nothing areal. Unlike `geometry(_:)` it never
    /// rebuilds rings, for inputs where a broken outline is better dropped.
    public static func validOrNil(_ value: GeometryValue) -> Geometry? {
        guard let g = try? Geometry(value) else { return nil }
        if (try? g.isValid) == true { return g }
        guard let fixed = try? g.makeValid(), let parts = try? fixed.value.polygonParts, !parts.isEmpty else { return nil }
        return try? Geometry(parts.count == 1 ? .polygon(parts[0]) : .multiPolygon(parts))
    }

    /// Cleans a polygon layer: valid polygons pass unchanged, broken ones are
    /// repaired, unusable ones (and non-polygons) dropped. `kept[k]` is the
    /// input index of `values[k]`.
    public static func clean(_ input: [GeometryValue]) -> (values: [GeometryValue], kept: [Int], repaired: Int, dropped: Int) {
        var values: [GeometryValue] = [], kept: [Int] = []
        var repaired = 0, dropped = 0
        for (i, v) in input.enumerated() {
            guard !v.polygonParts.isEmpty else { dropped += 1; continue }
            let (g, note) = geometry(v)
            guard let g, let value = try? g.value, !value.polygonParts.isEmpty else { dropped += 1; continue }
            if note != nil { repaired += 1 }
            values.append(note == nil ? v : .multiPolygon(value.polygonParts).simplifiedCollection)
            kept.append(i)
        }
        return (values, kept, repaired, dropped)
    }
}

extension GeometryValue {
    /// A one-part multipolygon as a polygon.
    var simplifiedCollection: GeometryValue {
        if case .multiPolygon(let ps) = self, ps.count == 1 { return .polygon(ps[0]) }
        return self
    }
}
