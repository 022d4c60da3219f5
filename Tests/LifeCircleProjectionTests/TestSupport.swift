import Foundation
import LifeCircleGeometry

/// Ground distance in metres between two nearby lon/lat points
/// (equirectangular; exact enough below a kilometre).
func metres(_ a: Coordinate, _ b: Coordinate) -> Double {
    let r = 6_371_008.8
    let lat = (a.y + b.y) / 2 * Double.pi / 180
    let dx = (a.x - b.x) * Double.pi / 180 * cos(lat) * r
    let dy = (a.y - b.y) * Double.pi / 180 * r
    return (dx * dx + dy * dy).squareRoot()
}

/// Collects results from several threads.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ v: T) { value = v }
    func with<R>(_ body: (inout T) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}

/// Carries a non-Sendable value to another thread when the test guarantees
/// it is used by one thread at a time.
struct UncheckedSendable<T>: @unchecked Sendable { let value: T }
