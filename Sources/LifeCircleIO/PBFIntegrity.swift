import Foundation

/// A truncated `.osm.pbf` (a download or copy cut short) is an error, not a
/// silently smaller extract: GDAL's OSM driver reads what is there and
/// counts features as -1. A PBF is a chain of blocks, each a 4-byte
/// big-endian header length, a BlobHeader (protobuf; field 3 = the blob's
/// size) and the blob, so walking the headers proves the file is whole
/// without decoding any data.
public enum PBFIntegrity {
    public static func check(_ path: String) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw IOError.missingFile(path) }
        defer { try? h.close() }
        let size = (try? h.seekToEnd()) ?? 0
        var offset: UInt64 = 0, blocks = 0
        func cut(_ why: String) -> IOError {
            IOError(
                "\(path): the OSM extract is incomplete (\(why), after \(blocks) whole blocks of a \(size)-byte file): the download or copy was cut short; fetch it again"
            )
        }
        while offset < size {
            guard size - offset >= 4 else { throw cut("a block header is cut off at byte \(offset)") }
            try h.seek(toOffset: offset)
            let lenBytes = [UInt8](h.readData(ofLength: 4))
            let headerLength = lenBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            // The format caps a BlobHeader at 64 KiB; more is not a PBF block.
            guard headerLength > 0, headerLength <= 64 * 1024 else {
                throw IOError("\(path): not an OSM PBF file (block \(blocks + 1) at byte \(offset) has no valid header): give an .osm.pbf extract")
            }
            guard size - offset - 4 >= headerLength else { throw cut("block \(blocks + 1)'s header runs past the end") }
            let header = [UInt8](h.readData(ofLength: Int(headerLength)))
            guard let dataSize = blobSize(header) else {
                throw IOError("\(path): not an OSM PBF file (block \(blocks + 1) at byte \(offset) has no blob size): give an .osm.pbf extract")
            }
            let end = offset + 4 + headerLength + dataSize
            guard end <= size else { throw cut("block \(blocks + 1) ends at byte \(end)") }
            offset = end
            blocks += 1
        }
    }

    /// Field 3 (`datasize`, a varint) of a BlobHeader; nil when absent or malformed.
    static func blobSize(_ b: [UInt8]) -> UInt64? {
        var i = 0
        func varint() -> UInt64? {
            var v: UInt64 = 0, shift: UInt64 = 0
            while i < b.count, shift < 64 {
                let byte = b[i]
                i += 1
                v |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return v }
                shift += 7
            }
            return nil
        }
        while i < b.count {
            guard let key = varint() else { return nil }
            let field = key >> 3, wire = key & 7
            switch wire {
            case 0:
                guard let v = varint() else { return nil }
                if field == 3 { return v }
            case 2:
                guard let n = varint(), n <= UInt64(b.count - i) else { return nil }
                i += Int(n)
            case 1: i += 8
            case 5: i += 4
            default: return nil
            }
        }
        return nil
    }
}
