import Foundation

@testable import LifeCircleIO

/// libFuzzer entry: the bytes as one GeoPackage geometry blob, decoded as the
/// table scan decodes every row's geometry.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoPackageBlob(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = GeoPackageGeometryDecoder.decode(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzGeoPackageBlob_main`, which takes the
/// place of libFuzzer's own `main`: it hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzGeoPackageBlob_main")
public func FuzzGeoPackageBlobMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return llvmFuzzerRunDriver(&argc, &argv, fuzzGeoPackageBlob)
}
