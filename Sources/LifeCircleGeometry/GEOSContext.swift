import CGEOS
import Foundation

/// A failed GEOS call, carrying GEOS's own message.
public struct GeometryError: Error, LocalizedError, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}

/// One GEOS context handle. A context is used by one thread at a time: each
/// thread gets its own from `GEOSContext.current`, and every `Geometry` keeps
/// the context it was made with, so geometries stay on the thread that made
/// them (Swift 6 enforces that: `Geometry` is not `Sendable`). To move
/// geometry between threads or tasks, pass a `GeometryValue` or WKB bytes.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    /// The last error GEOS reported on this context.
    fileprivate(set) var lastError: String?

    init() throws {
        // Out of memory: an error the run reports, not a trap.
        guard let h = GEOS_init_r() else { throw GeometryError("GEOS could not start (GEOS_init_r failed: out of memory)") }
        handle = h
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(
            h,
            { message, userdata in
                guard let userdata else { return }
                let ctx = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
                ctx.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
            }, me)
    }

    deinit { GEOS_finish_r(handle) }

    private static let key = "org.lifecircle.geos-context"

    /// This thread's context, made on first use.
    static var current: GEOSContext {
        get throws {
            let dict = Thread.current.threadDictionary
            if let ctx = dict[key] as? GEOSContext { return ctx }
            let ctx = try GEOSContext()
            dict[key] = ctx
            return ctx
        }
    }

    /// Clears the last error before a call, so a failure reports its own message.
    @inline(__always) func reset() { lastError = nil }

    func error(_ operation: String) -> GeometryError {
        let msg = lastError ?? "no message"
        lastError = nil
        return GeometryError("GEOS \(operation) failed: \(msg)")
    }
}

/// GEOS's version, and the gates that depend on it.
public enum GEOSVersion {
    public static var string: String { String(cString: GEOSversion()) }
    public static var major: Int { Int(lc_geos_version_major()) }
    public static var minor: Int { Int(lc_geos_version_minor()) }
    /// GEOS ≥ 3.12 builds STRtrees eagerly and tests points in prepared polygons directly.
    public static var hasFastPreparedXY: Bool { major > 3 || (major == 3 && minor >= 12) }
}
