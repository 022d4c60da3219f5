import FuzzSupport

@testable import LifeCircleIO

/// libFuzzer entry: the bytes as one GeoPackage geometry blob, decoded as the
/// table scan decodes every row's geometry.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoPackageBlob(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = GeoPackageGeometryDecoder.decode(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_cdecl("FuzzGeoPackageBlob_main")
public func FuzzGeoPackageBlobMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzSupport.runDriver(argc, argv, fuzzGeoPackageBlob)
}
