import Foundation

/// What every harness shares: the bytes as a temporary input file, and the
/// hand-over from SwiftPM's entry point to libFuzzer's driver.
public enum FuzzSupport {
    /// Writes the bytes to a per-process temporary file with extension `ext`
    /// (readers choose their driver by it), runs `body` on its path, removes it.
    /// Errors are expected; a crash, trap or sanitizer report is a finding.
    public static func withInputFile(_ data: UnsafePointer<UInt8>, _ size: Int, ext: String, _ body: (String) -> Void) -> CInt {
        let path = NSTemporaryDirectory() + "lifecircle-fuzz-\(getpid()).\(ext)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { return 0 }
        defer { try? FileManager.default.removeItem(atPath: path) }
        body(path)
        return 0
    }

    /// SwiftPM links an executable's entry point as `NAME_main`, which takes the
    /// place of libFuzzer's own `main`: it hands over to libFuzzer's driver.
    public static func runDriver(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt {
        var argc = argc
        var argv = argv
        return llvmFuzzerRunDriver(&argc, &argv, callback)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt
