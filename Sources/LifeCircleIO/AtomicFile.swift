import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file by writing a hidden temporary beside it and renaming it into
/// place (rename(2) is atomic on one file system), so readers see the old
/// file or the new one, never half of one.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw IOError("\(path): the folder \(dir.path) does not exist: create it first or choose another output path")
        }
        let tmp = dir.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        do {
            try data.write(to: tmp)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw IOError("\(path): cannot write in \(dir.path) (\(error.localizedDescription)): choose a folder you can write to")
        }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw IOError("\(path): cannot move the finished file into place (\(reason)): check that the path is not a folder and is writable")
        }
    }
}
