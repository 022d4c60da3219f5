/// Cell indices of uniform grids computed from user coordinates and sizes.
/// `Int(_:)` traps on NaN, infinity and values past `Int.max` (a radius of
/// 1e-300 m, a coordinate of 1e300): these clamp in floating point first.
public enum GridIndex {
    /// `v` rounded down and clamped to `0..<n` (NaN → 0); `n` ≥ 1.
    @inline(__always) public static func clamped(_ v: Double, _ n: Int) -> Int {
        guard v >= 0 else { return 0 }  // also NaN
        return v >= Double(n) ? n - 1 : Int(v)
    }

    /// How many cells of `size` cover `extent`, at least 1 and at most `limit`.
    @inline(__always) public static func count(_ extent: Double, _ size: Double, limit: Int) -> Int {
        let v = (extent / size).rounded(.down) + 1
        guard v >= 1 else { return 1 }  // also NaN
        return v >= Double(limit) ? limit : Int(v)
    }
}
