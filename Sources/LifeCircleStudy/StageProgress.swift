import Foundation
import LifeCircleIO

/// Stage-by-stage feedback on stderr: on a terminal, a live line per stage
/// with its elapsed time; a timing table at the end unless quiet; nothing else
/// when stderr is not a terminal. Timings are kept for `timings.json`.
public final class StageProgress: @unchecked Sendable {
    /// The stages so far in the one timings schema.
    public var timings: [StageTiming] { timingsList.map { StageTiming(stage: $0.stage, seconds: $0.seconds) } }
    public private(set) var timingsList: [(stage: String, seconds: Double)] = []
    let quiet: Bool
    let live: Bool
    /// Where progress goes: the terminal's stderr.
    private let terminal: Int32 = STDERR_FILENO
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?

    public init(quiet: Bool) {
        self.quiet = quiet
        self.live = !quiet && isatty(STDERR_FILENO) != 0
    }

    public func stage<T>(_ name: String, _ body: () throws -> T) throws -> T {
        let start = begin(name)
        defer { end(name, start) }
        return try body()
    }

    public func stageAsync<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        let start = begin(name)
        defer { end(name, start) }
        return try await body()
    }

    private func write(_ s: String) {
        lock.withLock {
            let bytes = Array(s.utf8)
            _ = bytes.withUnsafeBytes { Foundation.write(terminal, $0.baseAddress, $0.count) }
        }
    }

    private func begin(_ name: String) -> Date {
        let start = Date()
        guard live else { return start }
        write("▸ \(name) …")
        let t = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        t.schedule(deadline: .now() + 0.25, repeating: 0.25)
        t.setEventHandler { [weak self] in
            self?.write(String(format: "\r▸ %@ … %.1f s\u{1B}[K", name, Date().timeIntervalSince(start)))
        }
        t.resume()
        timer = t
        return start
    }

    private func end(_ name: String, _ start: Date) {
        let s = Date().timeIntervalSince(start)
        timingsList.append((name, s))
        timer?.cancel()
        timer = nil
        if live { write(String(format: "\r✓ %@ %.2f s\u{1B}[K\n", name, s)) }
    }

    /// The final table: stage, seconds, share of the total.
    public func printTable() {
        guard !quiet, !timingsList.isEmpty else { return }
        let total = timingsList.reduce(0) { $0 + $1.seconds }
        let width = max(8, timingsList.map(\.stage.count).max() ?? 8)
        var lines = ["stage".padding(toLength: width, withPad: " ", startingAt: 0) + "   seconds   share"]
        for t in timingsList + [("total", total)] {
            lines.append(
                t.0.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: "  %8.2f  %5.1f%%", t.1, total > 0 ? 100 * t.1 / total : 0))
        }
        write(lines.joined(separator: "\n") + "\n")
    }
}
