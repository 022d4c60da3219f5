/// Wall-clock stopwatch with named laps, in seconds.
public struct Stopwatch: Sendable {
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var last: ContinuousClock.Instant
    public private(set) var laps: [(String, Double)] = []

    public init() { start = clock.now; last = start }

    public mutating func lap(_ name: String) {
        let now = clock.now
        laps.append((name, Self.seconds(now - last)))
        last = now
    }

    public var total: Double { Self.seconds(clock.now - start) }

    public static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
