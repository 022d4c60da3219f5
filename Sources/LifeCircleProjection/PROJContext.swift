import CPROJ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One PROJ context per thread. PROJ contexts are not thread-safe, so every
/// thread gets its own, created lazily and destroyed when the thread exits.
/// PJ objects made on a context are re-assigned (`proj_assign_context`) when
/// used from another thread, so a transformer that hops threads (e.g. across
/// an `await`) never shares a context with another thread.
final class PROJContext {
    let ctx: OpaquePointer
    /// Last error message PROJ logged on this context (PROJ reports most
    /// details through its logger, not through errno).
    var lastLogMessage: String?

    private init?() {
        guard let c = proj_context_create() else { return nil }
        ctx = c
        // Offline and deterministic: never fetch grids from the CDN.
        _ = proj_context_set_enable_network(c, 0)
        proj_log_level(c, PJ_LOG_ERROR)
        proj_log_func(c, Unmanaged.passUnretained(self).toOpaque(), projLogCallback)
    }

    deinit { proj_context_destroy(ctx) }

    /// This thread's context.
    static func current() throws -> PROJContext {
        let key = projContextKey
        if let raw = pthread_getspecific(key) {
            return Unmanaged<PROJContext>.fromOpaque(raw).takeUnretainedValue()
        }
        guard let fresh = PROJContext() else {
            throw ProjectionError.proj("proj_context_create failed (is libproj installed with its proj.db?)")
        }
        // The thread-local slot owns one reference; the key's destructor releases it.
        pthread_setspecific(key, Unmanaged.passRetained(fresh).toOpaque())
        return fresh
    }

    /// Forget earlier errors before a call whose failure we want to explain.
    func clearError() {
        lastLogMessage = nil
    }

    /// PROJ's explanation of the last failure on this context: the logged
    /// message (fresh per failure) first, else the context errno string.
    func errorMessage(fallback: String) -> String {
        if let m = lastLogMessage, !m.isEmpty { return m }
        let code = proj_context_errno(ctx)
        if code != 0, let s = proj_context_errno_string(ctx, code) { return String(cString: s) }
        return fallback
    }
}

private let projLogCallback: PJ_LOG_FUNCTION = { appData, level, message in
    guard let appData, let message else { return }
    let context = Unmanaged<PROJContext>.fromOpaque(appData).takeUnretainedValue()
    context.lastLogMessage = String(cString: message)
}

private let projContextKey: pthread_key_t = {
    var key = pthread_key_t()
    #if canImport(Darwin)
    let rc = pthread_key_create(&key) { raw in
        Unmanaged<PROJContext>.fromOpaque(raw).release()
    }
    #else
    let rc = pthread_key_create(&key) { raw in
        guard let raw else { return }
        Unmanaged<PROJContext>.fromOpaque(raw).release()
    }
    #endif
    precondition(rc == 0, "pthread_key_create failed")
    return key
}()
