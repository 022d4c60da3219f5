import Foundation
import LifeCircleIO

/// What one row of a batch left: written to `rows/<folder>.json` by whoever
/// ran it (the local runner's child, or a Slurm array task), read by the merge.
public struct BatchRowRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case ok, failed }
    public var index: Int
    public var city: String
    public var code: String
    public var status: Status
    /// Fingerprint of the study, its inputs (path, size, modification time),
    /// the row's overrides and LifeCircle's version: a finished row with the
    /// same fingerprint is not run again.
    public var fingerprint: String
    public var seconds: Double
    /// Peak resident memory of the process that ran the row, MB.
    public var peakMemoryMB: Double
    public var error: String?
    public var attempts: Int

    enum CodingKeys: String, CodingKey {
        case index, city, code, status, fingerprint, seconds
        case peakMemoryMB = "peak_memory_mb"
        case error, attempts
    }
}

/// Runs one row in this process: the study (or the template with the row's
/// inputs and city name) into `cities/<folder>`, then its record.
public enum BatchRow {
    public static func folder(_ manifest: BatchManifest, _ row: BatchManifest.Row) -> URL {
        URL(fileURLWithPath: manifest.output).appendingPathComponent("cities").appendingPathComponent(row.folderName)
    }

    public static func recordURL(_ manifest: BatchManifest, _ row: BatchManifest.Row) -> URL {
        URL(fileURLWithPath: manifest.output).appendingPathComponent("rows").appendingPathComponent("\(row.folderName).json")
    }

    public static func record(_ manifest: BatchManifest, _ row: BatchManifest.Row) -> BatchRowRecord? {
        guard let data = FileManager.default.contents(atPath: recordURL(manifest, row).path) else { return nil }
        return try? JSONDecoder().decode(BatchRowRecord.self, from: data)
    }

    /// The row's study: the template (or its own file) with its inputs and name.
    public static func study(_ manifest: BatchManifest, _ row: BatchManifest.Row) throws -> StudyFile {
        guard let path = row.study ?? manifest.template else {
            throw OptionError(key: "template", "row \(row.index) (\(row.city)) names no study", fix: "give a template with {option}")
        }
        var study = try StudyFile.load(path)
        for (name, o) in row.inputs.sorted(by: { $0.key < $1.key }) {
            guard var input = study.inputs[name] else {
                throw OptionError(
                    key: "manifest", "\(manifest.path):\(row.line): row \(row.index) overrides input '\(name)', which \(path) does not have",
                    fix: "use one of \(study.inputs.keys.sorted().joined(separator: ", "))")
            }
            if let p = o.path { input.path = p }
            if let f = o.filter { input.filter = f }
            if let l = o.layer { input.layer = l }
            study.inputs[name] = input
        }
        study.name = row.city
        return study
    }

    /// FNV-1a over everything the row's results depend on.
    public static func fingerprint(_ manifest: BatchManifest, _ row: BatchManifest.Row) throws -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ s: String) {
            for b in s.utf8 {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01b3
            }
            h ^= 0xff
            h = h &* 0x0000_0100_0000_01b3
        }
        add(LifeCircleVersion.string)
        add(row.city)
        add(row.code)
        let study = try self.study(manifest, row)
        if let data = FileManager.default.contents(atPath: study.path) { add(String(decoding: data, as: UTF8.self)) }
        for input in study.inputs.values.sorted(by: { $0.name < $1.name }) {
            add(input.name)
            add(input.path)
            add(input.filter ?? "")
            add(input.layer ?? "")
            let attrs = try? FileManager.default.attributesOfItem(atPath: input.path)
            add(String(describing: attrs?[.size] ?? "missing"))
            add(String(describing: (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0))
        }
        return String(h, radix: 16)
    }

    /// Runs the row here and writes its record; the error, if any, is recorded
    /// (one line) and rethrown.
    @discardableResult
    public static func run(_ manifest: BatchManifest, _ row: BatchManifest.Row, attempt: Int = 1) throws -> BatchRowRecord {
        let start = Date()
        var record = BatchRowRecord(
            index: row.index, city: row.city, code: row.code, status: .ok, fingerprint: "", seconds: 0,
            peakMemoryMB: 0, error: nil, attempts: attempt)
        var failure: Error?
        do {
            record.fingerprint = try fingerprint(manifest, row)
            let study = try self.study(manifest, row)
            let runner = StudyRunner(study: study, outputFolder: folder(manifest, row), lang: study.lang, progress: StageProgress(quiet: true))
            try runner.check()
            _ = try runner.run()
        } catch {
            failure = error
            record.status = .failed
            record.error = String(describing: error).split(separator: "\n").first.map(String.init) ?? "failed"
        }
        record.seconds = Date().timeIntervalSince(start)
        record.peakMemoryMB = peakMemoryMB()
        let url = recordURL(manifest, row)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try enc.encode(record), to: url.path)
        if let failure { throw failure }
        return record
    }

    /// This process's peak resident set, MB (Linux reports kilobytes).
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Double(usage.ru_maxrss) / 1024
    }
}
