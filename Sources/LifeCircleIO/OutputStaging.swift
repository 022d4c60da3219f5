import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One output of a command: the option that names it and what it must be.
public struct OutputTarget: Sendable, Equatable {
    public enum Kind: Sendable { case file, folder }
    public var key: String
    public var path: String
    public var kind: Kind
    public init(key: String, path: String, kind: Kind = .file) { self.key = key; self.path = path; self.kind = kind }
}

/// One input file, named by its role in messages ("residents").
public struct InputFile: Sendable, Equatable {
    public var role: String
    public var path: String
    public init(role: String, path: String) { self.role = role; self.path = path }
    public init(_ source: InputSource, role: String) { self.init(role: role, path: source.path) }
}

/// The one place outputs are checked and committed. Before any work, every
/// output is resolved to a file identity and refused when it is, holds or
/// lies inside an input, or repeats another output, or cannot be written.
/// Outputs are then written into one scratch folder beside their targets and
/// renamed into place only once all are complete, so a failure (or Ctrl-C)
/// leaves the old outputs as they were.
public final class OutputStaging: @unchecked Sendable {
    public let targets: [OutputTarget]
    /// Scratch folder per target folder (one, unless outputs go to several folders).
    private var scratch: [String: URL] = [:]
    private var committed = false
    private let lock = NSLock()

    /// Checks the outputs against the inputs and creates the scratch folders.
    public init(_ targets: [OutputTarget], inputs: [InputFile]) throws {
        try Self.check(targets, inputs: inputs)
        self.targets = targets
        for t in targets where t.kind == .file {
            let dir = Self.parent(of: t.path)
            if scratch[dir] != nil { continue }
            Self.sweepDeadScratch(in: dir)
            let url = URL(fileURLWithPath: dir).appendingPathComponent(Self.scratchName())
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            } catch {
                discard()
                throw OptionError(key: t.key, "\(t.path): cannot write in the folder \(dir) (\(Self.reason(error)))", fix: "choose another {option}")
            }
            ScratchRegistry.shared.add(url.path)
            scratch[dir] = url
        }
    }

    deinit { discard() }

    /// Where to write the output of `key` now (nil when it is not an output).
    public func path(for key: String) -> String? {
        guard let t = targets.first(where: { $0.key == key }), t.kind == .file,
            let dir = scratch[Self.parent(of: t.path)]
        else { return nil }
        return dir.appendingPathComponent((t.path as NSString).lastPathComponent).path
    }

    /// Renames every finished output into place. Outputs that were not
    /// written (a job may skip one) leave an old file of that name alone.
    public func commit() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !committed else { return }
        // Checked again: a folder may have appeared where a file goes while the job ran.
        for t in targets where t.kind == .file {
            if Self.isDirectory(t.path) {
                throw OptionError(key: t.key, "\(t.path) is a folder, where a file is expected", fix: "give a file name as {option}")
            }
        }
        for (dir, folder) in scratch.sorted(by: { $0.key < $1.key }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".lifecircle-") {
                let from = folder.appendingPathComponent(name).path
                let to = (dir as NSString).appendingPathComponent(name)
                guard rename(from, to) == 0 else {
                    let why = String(cString: strerror(errno))
                    let key = targets.first { Self.parent(of: $0.path) == dir }?.key ?? "out"
                    throw OptionError(key: key, "\(to): cannot move the finished file into place (\(why))", fix: "check {option}")
                }
            }
        }
        committed = true
        removeScratch()
    }

    /// Removes the scratch folders (the old outputs stay as they were).
    public func discard() {
        lock.lock()
        defer { lock.unlock() }
        removeScratch()
    }

    private func removeScratch() {
        for url in scratch.values {
            try? FileManager.default.removeItem(at: url)
            ScratchRegistry.shared.remove(url.path)
        }
        scratch = [:]
    }

    // MARK: Checks

    /// The checks alone, for a job's `validate()`: no folder is created.
    public static func check(_ targets: [OutputTarget], inputs: [InputFile]) throws {
        let inputIDs = inputs.flatMap { i in expanded(i.path).map { (role: i.role, given: i.path, id: FileIdentity($0)) } }
        var seen: [(key: String, path: String, id: FileIdentity)] = []
        for t in targets {
            try checkWritable(t)
            for p in expanded(t.path) {
                let id = FileIdentity(p)
                for i in inputIDs {
                    let what = i.role == "input" ? "the input \(i.given)" : "the \(i.role) input \(i.given)"
                    if id.sameFile(as: i.id) {
                        throw OptionError(key: t.key, "\(t.path) is \(what)", fix: "give another {option}: inputs are never modified")
                    }
                    if i.id.lies(inside: id) {
                        throw OptionError(key: t.key, "\(t.path) holds \(what)", fix: "give a new folder as {option}: inputs are never modified")
                    }
                    if id.lies(inside: i.id) {
                        throw OptionError(key: t.key, "\(t.path) lies inside \(what)", fix: "give {option} outside the input folder")
                    }
                }
                for s in seen where s.id.sameFile(as: id) || s.id.lies(inside: id) || id.lies(inside: s.id) {
                    throw OptionError(key: t.key, "\(t.path) is already another output (\(s.path))", fix: "give {option} a path of its own")
                }
            }
            for p in expanded(t.path) { seen.append((t.key, t.path, FileIdentity(p))) }
        }
    }

    static func checkWritable(_ t: OutputTarget) throws {
        let name = (t.path as NSString).lastPathComponent
        if t.path.isEmpty || name.isEmpty || name == "." || name == ".." {
            throw OptionError(key: t.key, "'\(t.path)' is not a \(t.kind == .file ? "file" : "folder") name", fix: "give {option} a name")
        }
        if name.utf8.count > Int(NAME_MAX) {
            throw OptionError(
                key: t.key, "\(t.path.prefix(60))…: the name is too long (\(name.utf8.count) bytes; the limit is \(NAME_MAX))",
                fix: "give a shorter {option}")
        }
        if t.path.utf8.count >= Int(PATH_MAX) {
            throw OptionError(key: t.key, "\(t.path.prefix(60))…: the path is too long", fix: "give a shorter {option}")
        }
        var dir = parent(of: t.path)
        var st = stat()
        // A run folder's missing parents are made (`--out results/2026-11`): its nearest existing folder is checked.
        if t.kind == .folder {
            while stat(dir, &st) != 0, errno == ENOENT, dir != "/", dir != "." { dir = parent(of: dir) }
        }
        if stat(dir, &st) != 0 {
            throw OptionError(key: t.key, "\(t.path): the folder \(dir) does not exist", fix: "create it first or choose another {option}")
        }
        if (st.st_mode & S_IFMT) != S_IFDIR {
            throw OptionError(key: t.key, "\(t.path): \(dir) is a file, not a folder", fix: "choose another {option}")
        }
        if access(dir, W_OK) != 0 {
            throw OptionError(
                key: t.key, "\(t.path): the folder \(dir) is read-only (\(String(cString: strerror(errno))))",
                fix: "choose a folder you can write to as {option}")
        }
        switch t.kind {
        case .file:
            if isDirectory(t.path) {
                throw OptionError(
                    key: t.key, "\(t.path) is a folder, where a file is expected", fix: "give a file name as {option}, e.g. \(t.path)/out.gpkg")
            }
        case .folder:
            var s2 = stat()
            if stat(t.path, &s2) == 0, (s2.st_mode & S_IFMT) != S_IFDIR {
                throw OptionError(key: t.key, "\(t.path) is a file, where a folder is expected", fix: "give a new folder as {option}")
            }
        }
    }

    /// A Shapefile is several files; a GeoPackage may have its journal beside it.
    static func expanded(_ path: String) -> [String] {
        let ext = (path as NSString).pathExtension
        guard ext.lowercased() == "shp" else { return [path] }
        let stem = (path as NSString).deletingPathExtension
        let upper = ext == "SHP"
        return ["shp", "shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx"].map { stem + "." + (upper ? $0.uppercased() : $0) }
    }

    static func parent(of path: String) -> String {
        let p = (path as NSString).deletingLastPathComponent
        return p.isEmpty ? "." : p
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.localizedDescription
    }

    // MARK: Scratch names

    public static let scratchPrefix = ".lifecircle-staging-"

    static func scratchName() -> String {
        "\(scratchPrefix)\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }

    /// Removes scratch folders whose process is gone (killed before it could
    /// clean up). A live process's scratch is left alone.
    public static func sweepDeadScratch(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names {
            guard let pid = scratchPID(name), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (dir as NSString).appendingPathComponent(name))
            }
        }
    }

    /// The pid in a scratch folder's name (this version's and the writer's).
    static func scratchPID(_ name: String) -> pid_t? {
        for prefix in [scratchPrefix, ".lifecircle-tmp-"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let digits = rest.split(separator: "-").first, let pid = pid_t(digits), pid > 0 else { return nil }
            return pid
        }
        return nil
    }

    // MARK: Signals

    /// Ctrl-C and `kill` remove every live scratch folder, then exit 130 or
    /// 143. Installed once, by the executable.
    public static func installSignalHandlers() {
        ScratchRegistry.shared.installHandlers()
    }
}

/// A path's identity: its real path (the parent's, plus the name, when the
/// file does not exist yet) and device + inode when it exists, so `./a.gpkg`,
/// `$PWD/a.gpkg`, `../x/a.gpkg`, symlinks and hard links all compare equal.
struct FileIdentity: Equatable {
    var path: String
    var device: UInt64?
    var inode: UInt64?

    init(_ given: String) {
        let absolute = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
        if let r = Self.resolved(absolute) {
            path = r
            var st = stat()
            if stat(r, &st) == 0 { device = UInt64(st.st_dev); inode = UInt64(st.st_ino) }
        } else {
            let dir = (absolute as NSString).deletingLastPathComponent
            let name = (absolute as NSString).lastPathComponent
            path = ((Self.resolved(dir) ?? (dir as NSString).standardizingPath) as NSString).appendingPathComponent(name)
        }
    }

    static func resolved(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    func sameFile(as other: FileIdentity) -> Bool {
        if let d = device, let i = inode, let od = other.device, let oi = other.inode { return d == od && i == oi }
        return path == other.path
    }

    func lies(inside folder: FileIdentity) -> Bool {
        let f = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        return path.hasPrefix(f)
    }
}

/// The scratch folders alive in this process, for the signal handlers.
final class ScratchRegistry: @unchecked Sendable {
    static let shared = ScratchRegistry()
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var sources: [DispatchSourceSignal] = []

    func add(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    func remove(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }

    func removeAll() {
        lock.lock()
        let all = paths
        paths = []
        lock.unlock()
        for p in all { try? FileManager.default.removeItem(atPath: p) }
    }

    func installHandlers() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        let queue = DispatchQueue(label: "lifecircle.signals")
        for (sig, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            // The default action is turned off so the handler runs on its
            // queue (in ordinary code, where removing files is safe).
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            s.setEventHandler { [weak self] in
                self?.removeAll()
                _exit(code)
            }
            s.resume()
            sources.append(s)
        }
    }
}

extension OutputStaging {
    /// A scratch folder made elsewhere (a study's `.partial`), removed on Ctrl-C.
    public static func register(scratch path: String) { ScratchRegistry.shared.add(path) }
    public static func unregister(scratch path: String) { ScratchRegistry.shared.remove(path) }
}

/// A folder of results LifeCircle made (`run --out`, `demo --out`). It carries
/// a marker file naming the study, and LifeCircle replaces a folder only when
/// it is missing, empty, or carries that marker: anything else may be
/// someone's files, and is refused.
public enum RunFolder {
    public static let markerName = ".lifecircle-run"

    /// Checks `folder` (the option `key`) before a run: not an input, not
    /// holding one, and empty or made by LifeCircle.
    public static func check(_ folder: String, key: String, inputs: [InputFile]) throws {
        try OutputStaging.check([OutputTarget(key: key, path: folder, kind: .folder)], inputs: inputs)
        let fm = FileManager.default
        guard OutputStaging.isDirectory(folder), !fm.fileExists(atPath: (folder as NSString).appendingPathComponent(markerName)) else { return }
        let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        if let first = names.first {
            let more = names.count > 1 ? " and \(names.count - 1) more" : ""
            throw OptionError(
                key: key, "\(folder) already holds \(first)\(more), not a LifeCircle run folder, so it is not replaced",
                fix: "give a new folder as {option}, e.g. \((folder as NSString).standardizingPath)-2")
        }
    }

    /// Marks `folder` as a run folder of `name`.
    public static func mark(_ folder: String, name: String) throws {
        try Data("LifeCircle run folder: \(name)\n".utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(markerName))
    }

    /// The pid recorded in a study's scratch folder, for a second run that
    /// finds it: a live writer is refused, a dead one's scratch removed.
    public static let pidName = ".lifecircle-pid"

    /// Claims `scratch` for this process: removes a dead run's, refuses a live one's.
    public static func claim(scratch: URL, key: String, folder: String) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: scratch.path) {
            let text = (try? String(contentsOf: scratch.appendingPathComponent(pidName), encoding: .utf8)) ?? ""
            if let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid != getpid(), kill(pid, 0) == 0 || errno != ESRCH {
                throw OptionError(
                    key: key, "\(folder): another LifeCircle run (pid \(pid)) is writing it now",
                    fix: "wait for it to finish or give another {option}")
            }
            try? fm.removeItem(at: scratch)
        }
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        OutputStaging.register(scratch: scratch.path)
        try Data("\(getpid())\n".utf8).write(to: scratch.appendingPathComponent(pidName))
    }
}
