import FuzzSupport
import LifeCircleIO

/// libFuzzer entry: the bytes as a GeoJSON file, read as every job reads a layer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzSupport.withInputFile(data, size, ext: "geojson") { _ = try? LayerReader.read($0, ReadOptions()) }
}

@_cdecl("FuzzGeoJSON_main")
public func FuzzGeoJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzSupport.runDriver(argc, argv, fuzzGeoJSON)
}
