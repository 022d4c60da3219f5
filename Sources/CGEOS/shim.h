// Only the reentrant (_r) GEOS C API: every call takes an explicit context.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

// Version gates live here, in one place. Debian 12 ships GEOS 3.11, which
// lacks GEOSSTRtree_build_r and GEOSPreparedContainsXY_r (both 3.12).
#define LC_GEOS_AT_LEAST(maj, min) \
    (GEOS_VERSION_MAJOR > (maj) || (GEOS_VERSION_MAJOR == (maj) && GEOS_VERSION_MINOR >= (min)))

/// Builds the tree now where GEOS can; on 3.11 it builds on first query.
static inline int lc_strtree_build(GEOSContextHandle_t h, GEOSSTRtree *tree) {
#if LC_GEOS_AT_LEAST(3, 12)
    return GEOSSTRtree_build_r(h, tree);
#else
    (void)h; (void)tree;
    return 1;
#endif
}

/// Point-in-prepared-polygon without building a point where GEOS allows it.
/// Returns 1 true, 0 false, 2 on exception, as GEOS does.
static inline char lc_prepared_contains_xy(GEOSContextHandle_t h, const GEOSPreparedGeometry *pg, double x, double y) {
#if LC_GEOS_AT_LEAST(3, 12)
    return GEOSPreparedContainsXY_r(h, pg, x, y);
#else
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(h, x, y);
    if (!p) return 2;
    char r = GEOSPreparedContains_r(h, pg, p);
    GEOSGeom_destroy_r(h, p);
    return r;
#endif
}

static inline int lc_geos_version_major(void) { return GEOS_VERSION_MAJOR; }
static inline int lc_geos_version_minor(void) { return GEOS_VERSION_MINOR; }
