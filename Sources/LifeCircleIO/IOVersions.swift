import CGDAL
import CPROJ

/// The versions of the C libraries behind I/O and projection, for run records.
public enum IOVersions {
    public static var gdal: String { String(cString: GDALVersionInfo("RELEASE_NAME")) }
    public static var proj: String { "\(PROJ_VERSION_MAJOR).\(PROJ_VERSION_MINOR).\(PROJ_VERSION_PATCH)" }
    public static var description: String { "GDAL \(gdal)\nPROJ \(proj)" }
}
