import Foundation
import TestSupport
import Testing

@testable import LifeCircleIO

/// The workbook is read back by Python's own zipfile and XML parser (a
/// second implementation), so the ZIP and the cell types are checked
/// independently of the writer.
@Suite struct XLSXWriterTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let reader = """
        import sys, zipfile, json, xml.etree.ElementTree as ET
        m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        styles = ET.fromstring(z.read('xl/styles.xml'))
        fmts = {f.get('numFmtId'): f.get('formatCode') for f in styles.iter(m + 'numFmt')}
        xfs = [x.get('numFmtId') for x in styles.find(m + 'cellXfs')]
        wb = ET.fromstring(z.read('xl/workbook.xml'))
        out = {'sheets': [s.get('name') for s in wb.iter(m + 'sheet')], 'cells': []}
        for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter(m + 'row'):
            r = []
            for c in row:
                fmt = xfs[int(c.get('s', '0'))]
                if c.get('t') == 'inlineStr':
                    r.append(['text', ''.join(t.text or '' for t in c.iter(m + 't')), fmt])
                else:
                    r.append(['number', float(c.find(m + 'v').text), fmts.get(fmt, fmt)])
            out['cells'].append(r)
        print(json.dumps(out, ensure_ascii=False))
        """

    @Test func cellsAreTypedAndTheZipReadsBack() throws {
        guard let python = Self.python else {
            print("skipped: python3 is not installed to read the workbook back")
            return
        }
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("grids.xlsx").path
        try XLSXWriter.write(
            [
                XLSXSheet(
                    name: "grids_grids",
                    columns: [
                        XLSXColumn(header: "网格编码", kind: .text, values: [.string("001"), .string("002")]),
                        XLSXColumn(header: "units", kind: .integer, values: [.integer(12), .real(7)]),
                        XLSXColumn(header: "share_300", kind: .percent, values: [.real(0.625), .null]),
                        XLSXColumn(header: "area & <m²>", kind: .decimal(digits: 1), values: [.real(1234.56), .real(0.1)]),
                    ]),
                XLSXSheet(name: "fields/keys", columns: []),
            ], to: path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", Self.reader, path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["sheets"] as? [String] == ["grids_grids", "fields_keys"])
        let cells = try #require(json["cells"] as? [[[Any]]])
        #expect(cells.count == 3)
        #expect(cells[0].map { $0[1] as? String } == ["网格编码", "units", "share_300", "area & <m²>"])
        // "001" stays text with the text format (49), not the number 1.
        #expect(cells[1][0][0] as? String == "text" && cells[1][0][1] as? String == "001" && cells[1][0][2] as? String == "49")
        #expect(cells[1][1][0] as? String == "number" && cells[1][1][1] as? Double == 12)
        #expect(cells[2][1][1] as? Double == 7)
        #expect(cells[1][2][0] as? String == "number" && cells[1][2][1] as? Double == 0.625 && cells[1][2][2] as? String == "0.0%")
        // A null share is an empty cell: row 3 has three cells.
        #expect(cells[2].count == 3)
        #expect(cells[1][3][1] as? Double == 1234.56 && cells[1][3][2] as? String == "0.0")
    }

    @Test func crcMatchesTheReferenceValue() {
        // CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
    }
}
