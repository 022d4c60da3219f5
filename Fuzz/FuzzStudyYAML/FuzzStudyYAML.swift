import FuzzSupport
import LifeCircleStudy

/// libFuzzer entry: the bytes as a study file, loaded as `lifecircle run --check` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStudyYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzSupport.withInputFile(data, size, ext: "yaml") { _ = try? StudyFile.load($0) }
}

@_cdecl("FuzzStudyYAML_main")
public func FuzzStudyYAMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzSupport.runDriver(argc, argv, fuzzStudyYAML)
}
