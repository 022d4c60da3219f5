import FuzzSupport
import LifeCircleIO

/// libFuzzer entry: the bytes as an OSM XML extract, read with every layer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOSMXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzSupport.withInputFile(data, size, ext: "osm") { _ = try? OSMReader.read($0) }
}

@_cdecl("FuzzOSMXML_main")
public func FuzzOSMXMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzSupport.runDriver(argc, argv, fuzzOSMXML)
}
