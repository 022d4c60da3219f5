import Foundation

/// A spreadsheet column for `XLSXWriter`: a header and typed values.
public struct XLSXColumn: Sendable {
    /// How the column's cells are typed and shown.
    public enum Kind: Sendable, Hashable {
        /// Text cells, even when they look like numbers (grid code "001").
        case text
        /// Whole numbers (counts).
        case integer
        /// Numbers shown with this many decimals (the cell keeps every digit).
        case decimal(digits: Int)
        /// A 0–1 share shown as a percentage with one decimal.
        case percent
    }

    public var header: String
    public var kind: Kind
    public var values: [FieldValue]

    public init(header: String, kind: Kind, values: [FieldValue]) {
        self.header = header; self.kind = kind; self.values = values
    }
}

/// One worksheet: columns of equal length under a bold, frozen header row.
public struct XLSXSheet: Sendable {
    public var name: String
    public var columns: [XLSXColumn]
    public init(name: String, columns: [XLSXColumn]) { self.name = name; self.columns = columns }
}

/// Writes Office Open XML workbooks (.xlsx) without a library: a workbook is
/// a ZIP of a few XML parts, and a stored (uncompressed) ZIP is simple to
/// write. Cells are typed, so Excel, LibreOffice and pandas keep grid code
/// "001" as text and read shares as numbers.
public enum XLSXWriter {
    public static func write(_ sheets: [XLSXSheet], to path: String) throws {
        try AtomicFile.write(data(sheets), to: path)
    }

    /// The workbook's bytes.
    public static func data(_ sheets: [XLSXSheet]) -> Data {
        var zip = StoredZip()
        let names = sheetNames(sheets.map(\.name))
        zip.add("[Content_Types].xml", contentTypes(count: sheets.count))
        zip.add("_rels/.rels", rootRels)
        zip.add("xl/workbook.xml", workbook(names))
        zip.add("xl/_rels/workbook.xml.rels", workbookRels(count: sheets.count))
        zip.add("xl/styles.xml", styles)
        for (i, s) in sheets.enumerated() { zip.add("xl/worksheets/sheet\(i + 1).xml", worksheet(s)) }
        return zip.finish()
    }

    /// Excel's rules: at most 31 characters, none of []:*?/\ and unique.
    static func sheetNames(_ names: [String]) -> [String] {
        var used = Set<String>()
        return names.enumerated().map { i, n in
            var s = String(n.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if s.isEmpty { s = "Sheet\(i + 1)" }
            var candidate = s
            var k = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(s.prefix(28)) + "_\(k)"
                k += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    // Style indices into `cellXfs` below.
    static let headerStyle = 1, integerStyle = 2, textStyle = 3, percentStyle = 4
    /// decimal(digits:) for digits 0...4 uses styles 5...9.
    static func decimalStyle(_ digits: Int) -> Int { 5 + min(max(digits, 0), 4) }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="5"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0"/>\
        <numFmt numFmtId="166" formatCode="0.000"/><numFmt numFmtId="167" formatCode="0.0000"/><numFmt numFmtId="168" formatCode="#,##0"/></numFmts>
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="10">
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
        <xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>
        <xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        </cellXfs>
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
        </styleSheet>
        """

    static func worksheet(_ s: XLSXSheet) -> String {
        let rows = s.columns.map(\.values.count).max() ?? 0
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>

            """
        if !s.columns.isEmpty {
            x += "<cols>"
            for (c, col) in s.columns.enumerated() {
                // Wide enough for the header (CJK characters count twice).
                let w = max(8, min(40, col.header.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } + 2))
                x += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
            }
            x += "</cols>\n"
        }
        x += "<sheetData>\n<row r=\"1\">"
        for (c, col) in s.columns.enumerated() {
            x += inlineString(ref: ref(c, 1), col.header, style: headerStyle)
        }
        x += "</row>\n"
        for r in 0..<rows {
            x += "<row r=\"\(r + 2)\">"
            for (c, col) in s.columns.enumerated() where r < col.values.count {
                x += cell(col.values[r], col.kind, ref: ref(c, r + 2))
            }
            x += "</row>\n"
        }
        x += "</sheetData>\n</worksheet>\n"
        return x
    }

    static func cell(_ v: FieldValue, _ kind: XLSXColumn.Kind, ref: String) -> String {
        if case .null = v { return "" }
        switch kind {
        case .text:
            return v.stringValue.map { inlineString(ref: ref, $0, style: textStyle) } ?? ""
        case .integer:
            guard let d = v.doubleValue, d.isFinite else { return v.stringValue.map { inlineString(ref: ref, $0, style: textStyle) } ?? "" }
            return "<c r=\"\(ref)\" s=\"\(integerStyle)\"><v>\(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : number(d))</v></c>"
        case .decimal(let digits):
            guard let d = v.doubleValue, d.isFinite else { return v.stringValue.map { inlineString(ref: ref, $0, style: textStyle) } ?? "" }
            return "<c r=\"\(ref)\" s=\"\(decimalStyle(digits))\"><v>\(number(d))</v></c>"
        case .percent:
            guard let d = v.doubleValue, d.isFinite else { return v.stringValue.map { inlineString(ref: ref, $0, style: textStyle) } ?? "" }
            return "<c r=\"\(ref)\" s=\"\(percentStyle)\"><v>\(number(d))</v></c>"
        }
    }

    /// Shortest decimal that reads back as the same double.
    static func number(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func inlineString(ref: String, _ s: String, style: Int) -> String {
        "<c r=\"\(ref)\" s=\"\(style)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(s))</t></is></c>"
    }

    /// A1-style reference; column 0 is A.
    static func ref(_ column: Int, _ row: Int) -> String {
        var n = column + 1
        var letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters + String(row)
    }

    /// XML text: escaped, and without the control characters XML 1.0 forbids.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if u.value < 0x20 && u != "\t" && u != "\n" && u != "\r" { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func contentTypes(count: Int) -> String {
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for i in 0..<count {
            x +=
                "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return x + "</Types>\n"
    }

    static let rootRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>

        """

    static func workbook(_ names: [String]) -> String {
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """
        for (i, n) in names.enumerated() { x += "<sheet name=\"\(xml(n))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>" }
        return x + "</sheets></workbook>\n"
    }

    static func workbookRels(count: Int) -> String {
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for i in 0..<count {
            x +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        x +=
            "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return x + "</Relationships>\n"
    }
}

/// A ZIP archive whose entries are stored, not compressed (method 0): local
/// headers, the data, then the central directory. Fixed timestamps keep two
/// runs' files identical.
struct StoredZip {
    private var body = Data()
    private var central = Data()
    private var count = 0

    mutating func add(_ name: String, _ text: String) { add(name, Data(text.utf8)) }

    mutating func add(_ name: String, _ data: Data) {
        let nameBytes = Data(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(body.count)
        // 1980-01-01 00:00, the earliest DOS date.
        let time: UInt16 = 0, date: UInt16 = (0 << 9) | (1 << 5) | 1
        // Bit 11: the name is UTF-8.
        let flags: UInt16 = 0x0800
        var local = Data()
        local.le32(0x0403_4b50); local.le16(20); local.le16(flags); local.le16(0)
        local.le16(time); local.le16(date); local.le32(crc)
        local.le32(UInt32(data.count)); local.le32(UInt32(data.count))
        local.le16(UInt16(nameBytes.count)); local.le16(0)
        body.append(local); body.append(nameBytes); body.append(data)

        var c = Data()
        c.le32(0x0201_4b50); c.le16(20); c.le16(20); c.le16(flags); c.le16(0)
        c.le16(time); c.le16(date); c.le32(crc)
        c.le32(UInt32(data.count)); c.le32(UInt32(data.count))
        c.le16(UInt16(nameBytes.count)); c.le16(0); c.le16(0); c.le16(0); c.le16(0)
        c.le32(0); c.le32(offset)
        central.append(c); central.append(nameBytes)
        count += 1
    }

    func finish() -> Data {
        var out = body
        out.append(central)
        var end = Data()
        end.le32(0x0605_4b50); end.le16(0); end.le16(0)
        end.le16(UInt16(count)); end.le16(UInt16(count))
        end.le32(UInt32(central.count)); end.le32(UInt32(body.count)); end.le16(0)
        out.append(end)
        return out
    }
}

/// CRC-32 (IEEE, reflected 0xEDB88320), as ZIP requires.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

extension Data {
    fileprivate mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    fileprivate mutating func le32(_ v: UInt32) {
        for s in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(s)) & 0xFF)) }
    }
}
