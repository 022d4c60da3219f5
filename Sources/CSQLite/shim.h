// SQLite, the engine every GeoPackage is stored in (GDAL links the same library).
// LifeCircle uses it only to bulk-insert rows into tables GDAL has created.
#include <sqlite3.h>
