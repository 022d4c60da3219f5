import Foundation

/// Stage-by-stage feedback on stderr: on a terminal, a live line per stage
/// with its elapsed time; a timing table at the end unless quiet; nothing else
/// when stderr is not a terminal. Timings are kept for `timings.json`.
final class StageProgress: @unchecked Sendable {
    private(set) var timings: [(stage: String, seconds: Double)] = []
    let quiet: Bool
    let live: Bool
    /// Where progress goes: the terminal's stderr, even while a stage's own
    /// output is sent to the run log.
    private var terminal: Int32 = STDERR_FILENO
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?

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

    /// Runs `body` with stdout and stderr appended to `log` (the commands' own
    /// notes), progress still reaching the terminal.
    func capturing<T>(into log: URL, _ body: () async throws -> T) async throws -> T {
        fflush(nil)
        let fd = open(log.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return try await body() }
        let savedOut = dup(STDOUT_FILENO), savedErr = dup(STDERR_FILENO)
        lock.withLock { terminal = savedErr }
        dup2(fd, STDOUT_FILENO)
        dup2(fd, STDERR_FILENO)
        close(fd)
        defer {
            fflush(nil)
            dup2(savedOut, STDOUT_FILENO)
            dup2(savedErr, STDERR_FILENO)
            close(savedOut)
            lock.withLock { terminal = STDERR_FILENO }
            close(savedErr)
        }
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
        timings.append((name, s))
        timer?.cancel()
        timer = nil
        if live { write(String(format: "\r✓ %@ %.2f s\u{1B}[K\n", name, s)) }
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
        write(lines.joined(separator: "\n") + "\n")
    }
}
