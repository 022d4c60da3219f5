import CGEOS

// The three shapes of GEOS call, each checked the same way: NULL or 0 means
// the call failed and the context holds GEOS's message.
extension Geometry {
    @inline(__always)
    func unary(_ operation: String, _ call: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        context.reset()
        return try Geometry.wrap(call(context.handle, handle), context, operation)
    }

    @inline(__always)
    func binary(
        _ other: Geometry, _ operation: String,
        _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?
    ) throws -> Geometry {
        context.reset()
        return try Geometry.wrap(call(context.handle, handle, other.handle), context, operation)
    }

    @inline(__always)
    func scalar(_ operation: String, _ call: (GEOSContextHandle_t, OpaquePointer, UnsafeMutablePointer<Double>) -> Int32) throws -> Double {
        context.reset()
        var out = 0.0
        guard call(context.handle, handle, &out) != 0 else { throw context.error(operation) }
        return out
    }

    /// A GEOS predicate: 1 true, 0 false, 2 exception.
    @inline(__always)
    func predicate(_ operation: String, _ call: (GEOSContextHandle_t, OpaquePointer) -> CChar) throws -> Bool {
        context.reset()
        let r = call(context.handle, handle)
        if r == 2 { throw context.error(operation) }
        return r == 1
    }
}
