import LifeCircleGeometry

/// Plausibility checks on coordinates, so metres mislabelled as degrees (or
/// the reverse) are refused instead of silently producing nonsense.
public enum CoordinateSanity {
    /// True when every coordinate of the extent could be longitude/latitude
    /// (|x| ≤ 180, |y| ≤ 90). An empty extent is vacuously geographic.
    public static func looksGeographic(_ envelope: Envelope) -> Bool {
        if envelope.isEmpty { return true }
        let eps = 1e-9  // tolerate rounding at the antimeridian / poles
        return envelope.minX >= -180 - eps && envelope.maxX <= 180 + eps
            && envelope.minY >= -90 - eps && envelope.maxY <= 90 + eps
            && envelope.minX.isFinite && envelope.maxX.isFinite
            && envelope.minY.isFinite && envelope.maxY.isFinite
    }
}
