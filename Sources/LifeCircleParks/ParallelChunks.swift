import Foundation

/// Runs `body` over `count` items split into contiguous chunks on all cores
/// and returns the chunk results in order (deterministic regardless of timing).
func parallelChunks<T: Sendable>(count: Int, minChunk: Int = 64, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let chunks = max(1, min(cores * 4, (count + minChunk - 1) / max(1, minChunk)))
    let size = (count + chunks - 1) / chunks
    let box = ResultBox<T>(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let lo = c * size, hi = min(count, lo + size)
        box.set(c, body(lo..<max(lo, hi)))
    }
    return box.values.map { $0! }
}

/// Slots written once each from different threads; read after all finish.
private final class ResultBox<T>: @unchecked Sendable {
    var values: [T?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { values.withUnsafeMutableBufferPointer { $0[i] = v } }
}
