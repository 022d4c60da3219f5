import Foundation
import LifeCircleIO

/// Runs a batch's rows on this machine, each as its own `lifecircle batch
/// MANIFEST --row N` process — the same code path a Slurm array task runs —
/// so one city's crash or memory cannot take the others down, and each
/// row's peak memory is its own.
public struct BatchRunner {
    public struct Options: Sendable {
        /// Rows run at once.
        public var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// MB the running rows may use together, from each row's last measured
        /// peak (or `defaultRowMemoryMB`); nil = no limit. One row always runs.
        public var maxMemoryMB: Double?
        public var defaultRowMemoryMB: Double = 500
        /// Further attempts for a failed row.
        public var retries: Int = 1
        /// Arguments that make the child see the same manifest (template, output).
        public var childArguments: [String] = []
        public init() {}
    }

    public struct Report: Sendable {
        public var ran: [Int]
        public var skipped: [Int]
        public var failed: [BatchRowRecord]
    }

    public var manifest: BatchManifest
    public var executable: URL
    public var options: Options

    public init(manifest: BatchManifest, executable: URL, options: Options) {
        self.manifest = manifest; self.executable = executable; self.options = options
    }

    /// Rows whose finished record matches their current fingerprint are skipped.
    public func pending() throws -> (run: [BatchManifest.Row], skip: [BatchManifest.Row]) {
        var run: [BatchManifest.Row] = [], skip: [BatchManifest.Row] = []
        for row in manifest.rows {
            if let r = BatchRow.record(manifest, row), r.status == .ok, r.fingerprint == (try BatchRow.fingerprint(manifest, row)),
                FileManager.default.fileExists(atPath: BatchRow.folder(manifest, row).appendingPathComponent("summary.json").path)
            {
                skip.append(row)
            } else {
                run.append(row)
            }
        }
        return (run, skip)
    }

    public func run(progress: (@Sendable (String) -> Void)? = nil) throws -> Report {
        let (todo, skip) = try pending()
        var queue = todo.map { ($0, 1) }
        var running: [(row: BatchManifest.Row, attempt: Int, process: Process, memory: Double)] = []
        var failed: [BatchRowRecord] = []
        var done = 0
        let start = Date()
        func estimate(_ row: BatchManifest.Row) -> Double {
            BatchRow.record(manifest, row)?.peakMemoryMB ?? options.defaultRowMemoryMB
        }
        func report() {
            let elapsed = Date().timeIntervalSince(start)
            let eta = done > 0 ? elapsed / Double(done) * Double(queue.count + running.count) : 0
            progress?(
                String(
                    format: "batch: %d/%d done, %d failed, %d running, %d skipped; ETA %.0f s", done, todo.count, failed.count,
                    running.count, skip.count, eta))
        }
        while !queue.isEmpty || !running.isEmpty {
            // Start what fits: a free slot, and memory unless nothing runs.
            while let (row, attempt) = queue.first, running.count < options.jobs {
                let need = estimate(row)
                let used = running.reduce(0) { $0 + $1.memory }
                if let cap = options.maxMemoryMB, !running.isEmpty, used + need > cap { break }
                queue.removeFirst()
                let p = Process()
                p.executableURL = executable
                p.arguments = ["batch", manifest.path, "--row", String(row.index), "--attempt", String(attempt)] + options.childArguments
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try p.run()
                running.append((row, attempt, p, need))
            }
            report()
            Thread.sleep(forTimeInterval: 0.05)
            var still: [(row: BatchManifest.Row, attempt: Int, process: Process, memory: Double)] = []
            for r in running {
                if r.process.isRunning {
                    still.append(r)
                    continue
                }
                if r.process.terminationStatus == 0 {
                    done += 1
                } else if r.attempt <= options.retries {
                    queue.append((r.row, r.attempt + 1))
                } else {
                    done += 1
                    var rec =
                        BatchRow.record(manifest, r.row)
                        ?? BatchRowRecord(
                            index: r.row.index, city: r.row.city, code: r.row.code, status: .failed, fingerprint: "", seconds: 0,
                            peakMemoryMB: 0, error: nil, attempts: r.attempt)
                    if rec.status == .ok || rec.error == nil {
                        rec.status = .failed
                        rec.error = "the row's process ended with status \(r.process.terminationStatus)"
                    }
                    failed.append(rec)
                }
            }
            running = still
        }
        report()
        return Report(ran: todo.map(\.index), skipped: skip.map(\.index), failed: failed.sorted { $0.index < $1.index })
    }
}
