import CPROJ
import LifeCircleGeometry

/// Reads what a CRS definition means (name, EPSG id, geographic or metric)
/// from PROJ, on this thread's context; no PROJ object outlives the call.
enum CRSInspection {
    static func inspect(_ projText: String) throws -> CRS {
        let context = try PROJContext.current()
        let ctx = context.ctx
        context.clearError()
        guard let pj = proj_create(ctx, projText) else {
            throw ProjectionError.proj(context.errorMessage(fallback: "not a valid CRS definition"))
        }
        defer { proj_destroy(pj) }
        guard proj_is_crs(pj) != 0 else {
            throw ProjectionError.proj("the definition is a coordinate operation, not a CRS")
        }
        let name = proj_get_name(pj).map { String(cString: $0) } ?? ""

        var epsg: Int?
        if let auth = proj_get_id_auth_name(pj, 0), String(cString: auth).uppercased() == "EPSG",
            let code = proj_get_id_code(pj, 0)
        {
            epsg = Int(String(cString: code))
        }

        // Classify the horizontal part: unwrap +towgs84 bound CRSs and compound CRSs.
        var owned: [OpaquePointer] = []
        defer { owned.forEach { proj_destroy($0) } }
        var horizontal = pj
        for _ in 0..<4 {
            let type = proj_get_type(horizontal)
            var next: OpaquePointer?
            if type == PJ_TYPE_BOUND_CRS {
                next = proj_get_source_crs(ctx, horizontal)
            } else if type == PJ_TYPE_COMPOUND_CRS {
                next = proj_crs_get_sub_crs(ctx, horizontal, 0)
            }
            guard let n = next else { break }
            owned.append(n)
            horizontal = n
        }
        let type = proj_get_type(horizontal)
        let isGeographic =
            type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
            || type == PJ_TYPE_GEOGRAPHIC_CRS
        var isMetric = false
        if type == PJ_TYPE_PROJECTED_CRS || type == PJ_TYPE_ENGINEERING_CRS,
            let cs = proj_crs_get_coordinate_system(ctx, horizontal)
        {
            owned.append(cs)
            let n = proj_cs_get_axis_count(ctx, cs)
            isMetric = n >= 2
            for i in 0..<max(n, 0) where i < 2 {
                var factor = 0.0
                var unitName: UnsafePointer<CChar>?
                guard proj_cs_get_axis_info(ctx, cs, i, nil, nil, nil, &factor, &unitName, nil, nil) != 0 else {
                    isMetric = false; break
                }
                if abs(factor - 1) > 1e-12 { isMetric = false }
            }
        }

        let definition: String
        if let epsg {
            definition = "EPSG:\(epsg)"
        } else if let wkt = proj_as_wkt(ctx, pj, PJ_WKT2_2019, nil) {
            definition = String(cString: wkt)
        } else {
            throw ProjectionError.proj(context.errorMessage(fallback: "cannot export the CRS as WKT"))
        }
        return CRS(
            kind: .proj, definition: definition, name: name, epsg: epsg,
            isGeographic: isGeographic, isMetric: isMetric)
    }
}
