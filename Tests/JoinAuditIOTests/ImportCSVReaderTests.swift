import Testing

@testable import JoinAuditIO

/// The CSV reader (RFC 4180) as Purview exports need it: quoted JSON with doubled quotes,
/// commas and line breaks inside quotes, CRLF, a BOM, and a truncated last row that is a
/// damaged record, never a crash, whatever the chunk boundaries.
@Suite("Import: CSV records")
struct ImportCSVReaderTests {
    struct Row: Equatable, CustomStringConvertible {
        var number: Int
        var line: Int
        var fields: [String]
        var description: String { "#\(number)@\(line)\(fields)" }
    }

    static func read(_ text: String, chunk: Int = 1 << 20, maxRecordBytes: Int = 16 << 20) throws -> (rows: [Row], damage: [RecordDamage], lines: Int) {
        var rows: [Row] = []
        var damage: [RecordDamage] = []
        let reader = CSVRecordReader(maxRecordBytes: maxRecordBytes, onRecord: { record in
            rows.append(Row(number: record.number, line: record.line, fields: (0..<record.fieldCount).map { record.string($0) }))
        }, onDamage: { damage.append($0) })
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try reader.consume($0) }
            start = end
        }
        try reader.finish()
        return (rows, damage, reader.lines)
    }

    static let chunkSizes = [1, 2, 3, 5, 7, 64, 1 << 20]

    @Test("Quoted JSON with doubled quotes and commas comes out as the JSON", arguments: chunkSizes)
    func quotedJSON(chunk: Int) throws {
        let json = #"{"Id":"r1","Attendees":[{"DisplayName":"Kim \"KJ\", Fabrikam"}]}"#
        let text = "a,b\r\nx,\(AuditFixture.quoted(json))\r\n"
        let (rows, damage, _) = try Self.read(text, chunk: chunk)
        #expect(damage.isEmpty)
        #expect(rows == [Row(number: 1, line: 1, fields: ["a", "b"]), Row(number: 2, line: 2, fields: ["x", json])])
    }

    @Test("Line breaks inside quotes are data; the next record's line number counts them", arguments: chunkSizes)
    func embeddedLineBreaks(chunk: Int) throws {
        let text = "h1,h2\n\"one\r\ntwo\nthree\",x\nlast,y\n"
        let (rows, _, lines) = try Self.read(text, chunk: chunk)
        #expect(rows == [
            Row(number: 1, line: 1, fields: ["h1", "h2"]), Row(number: 2, line: 2, fields: ["one\r\ntwo\nthree", "x"]),
            Row(number: 3, line: 5, fields: ["last", "y"]),
        ])
        #expect(lines == 6)
    }

    @Test("A byte-order mark is skipped, also when chunks split it", arguments: chunkSizes)
    func byteOrderMark(chunk: Int) throws {
        let (rows, _, _) = try Self.read("\u{FEFF}AuditData,x\r\n1,2\r\n", chunk: chunk)
        #expect(rows.map(\.fields) == [["AuditData", "x"], ["1", "2"]])
    }

    @Test func textThatOnlyStartsLikeAMarkIsKept() throws {
        let (rows, _, _) = try Self.read("\u{EF}x", chunk: 1)
        #expect(rows.count == 1)
        let (rows2, _, _) = try Self.read("\u{FEFF}", chunk: 1)
        #expect(rows2.isEmpty)
    }

    @Test("CRLF and LF line ends, empty lines, empty fields", arguments: chunkSizes)
    func lineEnds(chunk: Int) throws {
        let (rows, _, _) = try Self.read("a,b\r\n\r\n\n,\r\nc,\"\"\n", chunk: chunk)
        #expect(rows.map(\.fields) == [["a", "b"], ["", ""], ["c", ""]])
        #expect(rows.map(\.line) == [1, 4, 5])
    }

    @Test("A last record without a line end is a record", arguments: chunkSizes)
    func lastRecordWithoutLineEnd(chunk: Int) throws {
        let (rows, damage, _) = try Self.read("a,b\n\"c\",d", chunk: chunk)
        #expect(damage.isEmpty)
        #expect(rows.map(\.fields) == [["a", "b"], ["c", "d"]])
        let (rows2, _, _) = try Self.read("a,b\nc,", chunk: chunk)
        #expect(rows2.map(\.fields) == [["a", "b"], ["c", ""]])
    }

    @Test("A last record cut inside its quoted field is damaged, not a crash", arguments: chunkSizes)
    func truncatedLastRow(chunk: Int) throws {
        let (rows, damage, _) = try Self.read("a,b\nid,\"{\"\"Id\"\":\"\"r\n", chunk: chunk)
        #expect(rows.map(\.fields) == [["a", "b"]])
        #expect(damage.count == 1)
        #expect(damage.first?.number == 2)
        #expect(damage.first?.line == 2)
        #expect(damage.first?.reason.contains("truncated") == true)
        #expect(String(decoding: damage.first?.raw ?? [], as: UTF8.self) == "id,{\"Id\":\"r\n")
    }

    @Test("Lenient as spreadsheets: stray quotes are text")
    func strayQuotes() throws {
        let (rows, damage, _) = try Self.read("a\"b,\"c\"d,e\n")
        #expect(damage.isEmpty)
        #expect(rows.map(\.fields) == [["a\"b", "cd", "e"]])
    }

    @Test("An over-long record is damaged and skipped to its end; the next is read")
    func overLongRecord() throws {
        let long = String(repeating: "x", count: 100)
        let (rows, damage, _) = try Self.read("h\n\"\(long)\n\(long)\"\nok\n", chunk: 7, maxRecordBytes: 64)
        #expect(rows.map(\.fields) == [["h"], ["ok"]])
        #expect(damage.map(\.number) == [2])
        #expect(rows.last?.number == 3)
        #expect(damage.first?.reason.contains("over the limit") == true)
    }

    @Test("Gzip damage cuts the record being read")
    func cut() throws {
        var damage: [RecordDamage] = []
        var rows: [[String]] = []
        let reader = CSVRecordReader(onRecord: { r in rows.append((0..<r.fieldCount).map { r.string($0) }) }, onDamage: { damage.append($0) })
        try Array("a,b\nc,\"d".utf8).withUnsafeBytes { try reader.consume($0) }
        try reader.cut()
        try Array("e,f\n".utf8).withUnsafeBytes { try reader.consume($0) }
        try reader.finish()
        #expect(rows == [["a", "b"], ["e", "f"]])
        #expect(damage.count == 1)
    }

    @Test("Records decided against are skipped, counting lines, exactly or by quote parity", arguments: [false, true])
    func skipping(fast: Bool) throws {
        let text = "op,data\nkeep,\"a\"\ndrop,\"x\"\"\n,\r\ny\"\ndrop,plain\nkeep,\"b\nc\"\nkeep,z"
        for chunk in Self.chunkSizes {
            var kept: [Row] = []
            var skipped: [[Int]] = []
            let reader = CSVRecordReader(decide: { record in
                record.fieldCount >= 1 ? record.string(0) == "keep" : nil
            }, onSkip: { skipped.append([$0, $1]) }, fastSkip: fast, onRecord: { record in
                kept.append(Row(number: record.number, line: record.line, fields: (0..<record.fieldCount).map { record.string($0) }))
            }, onDamage: { _ in Issue.record("damage") })
            let bytes = Array(text.utf8)
            var start = 0
            while start < bytes.count {
                let end = min(start + chunk, bytes.count)
                try bytes[start..<end].withUnsafeBytes { try reader.consume($0) }
                start = end
            }
            try reader.finish()
            #expect(kept == [
                Row(number: 1, line: 1, fields: ["op", "data"]), Row(number: 2, line: 2, fields: ["keep", "a"]),
                Row(number: 5, line: 7, fields: ["keep", "b\nc"]), Row(number: 6, line: 9, fields: ["keep", "z"]),
            ], "chunk \(chunk)")
            #expect(skipped == [[3, 3], [4, 6]], "chunk \(chunk)")
            #expect(reader.lines == 9)
        }
    }
}
