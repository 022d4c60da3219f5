import Foundation

/// Stage-by-stage feedback on stderr: a line per stage with elapsed time when
/// attached to a terminal, a timing table at the end unless quiet, and the
/// timings kept for `timings.json`.
final class StageProgress: @unchecked Sendable {
    private(set) var timings: [(stage: String, seconds: Double)] = []
    let quiet: Bool
    let live: Bool

    init(quiet: Bool) {
        self.quiet = quiet
        self.live = !quiet && isatty(STDERR_FILENO) != 0
    }

    func stage<T>(_ name: String, _ body: () throws -> T) throws -> T {
        let start = begin(name)
        defer { end(name, start) }
        return try body()
    }

    func stageAsync<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        let start = begin(name)
        defer { end(name, start) }
        return try await body()
    }

    private func begin(_ name: String) -> Date {
        if live { FileHandle.standardError.write(Data("▸ \(name) …\n".utf8)) }
        return Date()
    }

    private func end(_ name: String, _ start: Date) {
        let s = Date().timeIntervalSince(start)
        timings.append((name, s))
        if live { FileHandle.standardError.write(Data(String(format: "✓ %@ %.2f s\n", name, s).utf8)) }
    }

    /// The final table: stage, seconds, share of the total.
    func printTable() {
        guard !quiet, !timings.isEmpty else { return }
        let total = timings.reduce(0) { $0 + $1.seconds }
        let width = max(8, timings.map(\.stage.count).max() ?? 8)
        var lines = ["stage".padding(toLength: width, withPad: " ", startingAt: 0) + "   seconds   share"]
        for t in timings + [("total", total)] {
            lines.append(t.0.padding(toLength: width, withPad: " ", startingAt: 0)
                         + String(format: "  %8.2f  %5.1f%%", t.1, total > 0 ? 100 * t.1 / total : 0))
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
