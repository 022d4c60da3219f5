import CGDAL
import Foundation

/// The text encodings Chinese planners' files come in: UTF-8 (Excel adds a
/// BOM) or GBK, which Excel and ArcGIS write on Chinese Windows. GBK is read
/// as GB18030, its superset, so every GBK byte sequence decodes the same.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case gbk = "GBK"

    /// A user's name for an encoding; nil when it is not one LifeCircle reads.
    public static func named(_ name: String) -> TextEncoding? {
        let n = name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        switch n {
        case "utf8", "utf8sig", "utf8bom", "65001": return .utf8
        case "gbk", "gb2312", "gb18030", "cp936", "936", "euccn", "ms936", "windows936": return .gbk
        default: return nil
        }
    }

    /// The name iconv (and GDAL's ENCODING open option) knows.
    var iconvName: String { self == .utf8 ? "UTF-8" : "GB18030" }

    /// Checks a name given by the user; `key` is the option that gave it.
    public static func parse(_ name: String, key: String) throws -> TextEncoding {
        guard let e = named(name) else {
            throw OptionError(
                key: key, "unknown text encoding '\(name)'",
                fix: "give {option} UTF-8 or {option} GBK (GB2312 and GB18030 files read as GBK)")
        }
        return e
    }

    /// UTF-8 when the bytes are valid UTF-8 (strict), else GBK: a GBK file
    /// with Chinese text is almost never valid UTF-8, while UTF-8 Chinese
    /// text never is valid-looking GBK by accident in a way that matters here.
    public static func detect(_ bytes: some Collection<UInt8>) -> TextEncoding {
        String(validating: bytes, as: UTF8.self) == nil ? .gbk : .utf8
    }

    /// Whether the bytes are plain ASCII (every encoding reads them alike).
    static func isASCII(_ bytes: some Collection<UInt8>) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    /// The bytes as UTF-8 (a leading BOM removed); GBK goes through iconv.
    public func utf8Data(_ bytes: Data) throws -> Data {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if self == .utf8 { return Data(body) }
        GDALRuntime.ensure()
        var cString = [CChar](repeating: 0, count: body.count + 1)
        cString.withUnsafeMutableBytes { dst in _ = body.copyBytes(to: dst) }
        CPLErrorReset()
        let out: UnsafeMutablePointer<CChar> = CPLRecode(cString, iconvName, CPL_ENC_UTF8)
        defer { VSIFree(out) }  // CPLFree is a macro for VSIFree
        return Data(bytes: out, count: strlen(out))
    }

    /// UTF-8 text as bytes in this encoding (no BOM): for writing the GBK
    /// files planners exchange, and for tests.
    public func encode(_ text: String) -> Data {
        if self == .utf8 { return Data(text.utf8) }
        GDALRuntime.ensure()
        let out: UnsafeMutablePointer<CChar> = CPLRecode(text, CPL_ENC_UTF8, iconvName)
        defer { VSIFree(out) }
        return Data(bytes: out, count: strlen(out))
    }
}

/// Chooses how a Shapefile's .dbf text is read when the user gives no
/// encoding: a .cpg or the DBF's language byte (GDAL honours both) first,
/// then a strict UTF-8 trial of its field names and records.
enum DBFEncoding {
    /// The ENCODING open option to give GDAL (nil = GDAL's own choice) and
    /// the note to report.
    static func choose(shapefile path: String) -> (option: String, note: String)? {
        let base = (path as NSString).deletingPathExtension
        let fm = FileManager.default
        for ext in ["cpg", "CPG"] where fm.fileExists(atPath: "\(base).\(ext)") { return nil }
        guard let dbfPath = ["dbf", "DBF"].map({ "\(base).\($0)" }).first(where: { fm.fileExists(atPath: $0) }),
            let data = fm.contents(atPath: dbfPath), data.count > 32
        else { return nil }
        // Byte 29 is the language driver id; GDAL maps a non-zero one itself.
        guard data[data.startIndex + 29] == 0 else { return nil }
        let headerLength = Int(data[data.startIndex + 8]) | Int(data[data.startIndex + 9]) << 8
        var text = Data()
        // Field names: the first 11 bytes of each 32-byte descriptor.
        var offset = 32
        while offset + 32 <= min(headerLength, data.count), data[data.startIndex + offset] != 0x0D {
            text.append(data[(data.startIndex + offset)..<(data.startIndex + offset + 11)].filter { $0 != 0 })
            offset += 32
        }
        if headerLength < data.count { text.append(data[(data.startIndex + headerLength)...]) }
        if TextEncoding.isASCII(text) { return nil }
        let enc = TextEncoding.detect(text)
        let name = (dbfPath as NSString).lastPathComponent
        return (enc.iconvName, "\(name) has no .cpg: read as \(enc.rawValue)")
    }
}
