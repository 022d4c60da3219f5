import Foundation
import LifeCircleStudy

/// libFuzzer entry: the bytes as a study file, loaded as `lifecircle run --check` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStudyYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = NSTemporaryDirectory() + "lifecircle-fuzz-\(getpid()).yaml"
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { return 0 }
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try? StudyFile.load(path)
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzStudyYAML_main`, which takes the
/// place of libFuzzer's own `main`: it hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzStudyYAML_main")
public func FuzzStudyYAMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return llvmFuzzerRunDriver(&argc, &argv, fuzzStudyYAML)
}
