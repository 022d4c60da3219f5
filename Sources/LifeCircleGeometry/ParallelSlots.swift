import Foundation

/// The one way results come back from parallel workers (`concurrentPerform`,
/// a second reading thread): a slot per work item, written under a lock and
/// read after the workers finish. Slots keep results in item order, so runs
/// are deterministic whatever the scheduling.
public final class ParallelSlots<T>: @unchecked Sendable {
    private var slots: [T]
    private let lock = NSLock()

    public init(count: Int, initial: T) { slots = Array(repeating: initial, count: count) }

    public func set(_ i: Int, _ v: T) {
        lock.lock()
        slots[i] = v
        lock.unlock()
    }

    public var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }

    public subscript(_ i: Int) -> T {
        lock.lock()
        defer { lock.unlock() }
        return slots[i]
    }
}

/// A buffer that parallel workers write at disjoint indices (each index by
/// exactly one worker), for hot loops where a lock per write would cost more
/// than the work. The caller owns the memory and keeps it alive until every
/// worker has finished.
public struct DisjointWrites<T>: @unchecked Sendable {
    public let buffer: UnsafeMutableBufferPointer<T>
    public init(_ b: UnsafeMutableBufferPointer<T>) { buffer = b }
}

/// Runs `body` over `count` items split into contiguous chunks on all cores
/// and returns the chunk results in order (deterministic regardless of timing).
public func parallelChunks<T: Sendable>(count: Int, minChunk: Int = 64, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunks = max(1, min(cores * 4, (count + minChunk - 1) / max(1, minChunk)))
    let size = (count + chunks - 1) / chunks
    let slots = ParallelSlots<T?>(count: chunks, initial: nil)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let lo = c * size
        let hi = min(count, lo + size)
        slots.set(c, body(lo..<max(lo, hi)))
    }
    return slots.values.compactMap { $0 }
}
