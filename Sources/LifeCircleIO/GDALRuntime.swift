import CGDAL
import Foundation

/// Process-wide GDAL set-up, done once. GDAL itself is safe to use from
/// several threads as long as each dataset is used by one thread at a time.
enum GDALRuntime {
    private static let registered: Bool = {
        GDALAllRegister()
        // Errors are turned into Swift errors; keep GDAL from printing them too.
        CPLSetErrorHandler(CPLQuietErrorHandler)
        // GeoPackage writes are faster without an fsync per transaction; the
        // file is renamed into place only after it is closed.
        CPLSetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
        // New GeoPackages get 64 KiB pages (SQLite's default is 4 KiB): large
        // result layers are written about 15% faster and read as fast.
        CPLSetConfigOption("OGR_SQLITE_PRAGMA", "page_size=65536")
        return true
    }()

    static func ensure() { _ = registered }

    /// GDAL's last error message on this thread, cleared after reading.
    static func lastError() -> String {
        let msg = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        CPLErrorReset()
        return msg
    }

    /// A NULL-terminated C string list, freed by the caller with `CSLDestroy`.
    static func stringList(_ items: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        for item in items { list = CSLAddString(list, item) }
        return list
    }
}

extension GDALRuntime {
    /// GDAL takes option lists as `const char* const*`.
    static func constList(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> UnsafePointer<UnsafePointer<CChar>?>? {
        guard let list else { return nil }
        return UnsafeRawPointer(list).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }
}
