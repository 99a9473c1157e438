import Testing

@testable import JoinAuditIO

/// Cutting JSON inputs into records without holding more than one: arrays, one value per
/// line, Graph pages with their `@odata.context`, one object; whatever the chunk boundaries.
@Suite("Import: JSON records")
struct ImportJSONStreamTests {
    struct Record: Equatable, CustomStringConvertible {
        var number: Int
        var line: Int
        var text: String
        var context: String?
        var description: String { "#\(number)@\(line) \(text) [\(context ?? "-")]" }
    }

    static func read(_ text: String, chunk: Int = 1 << 20, maxRecordBytes: Int = 1 << 20) throws -> (records: [Record], damage: [RecordDamage]) {
        var records: [Record] = []
        var damage: [RecordDamage] = []
        let stream = JSONRecordStream(maxRecordBytes: maxRecordBytes, onRecord: { slice in
            records.append(Record(number: slice.number, line: slice.line, text: String(decoding: slice.bytes, as: UTF8.self), context: slice.context))
        }, onDamage: { damage.append($0) })
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try stream.consume($0) }
            start = end
        }
        try stream.finish()
        return (records, damage)
    }

    static let chunkSizes = [1, 2, 3, 7, 64, 1 << 20]

    @Test("An array's elements are the records, with their start lines", arguments: chunkSizes)
    func array(chunk: Int) throws {
        let text = "\u{FEFF}[\n  {\"a\": \"x]}\\\"{\"},\n  {\"b\": [1, {\"c\": 2}]}\n]\n"
        let (records, damage) = try Self.read(text, chunk: chunk)
        #expect(damage.isEmpty)
        #expect(records == [
            Record(number: 1, line: 2, text: #"{"a": "x]}\"{"}"#),
            Record(number: 2, line: 3, text: #"{"b": [1, {"c": 2}]}"#),
        ])
    }

    /// Inside strings the stream passes eight bytes at a time and jumps to the first quote,
    /// backslash or line feed of a word: wherever that byte falls, the string ends where it
    /// should and line feeds are counted.
    @Test("Escaped quotes, line breaks and string ends are found at every offset of the 8-byte words")
    func stringBytesAtEveryOffset() throws {
        for before in 0...17 {
            let head = String(repeating: "a", count: before)
            let first = "{\"s\": \"\(head)\\\"]}\\\\\", \"t\": \"\(head)\"}"
            let second = "{\"u\": \"\(head)\n\(head)\"}"
            let (records, damage) = try Self.read("[\(first),\n\(second), {\"v\": 1}]")
            #expect(damage.isEmpty, "offset \(before)")
            #expect(records.map(\.text) == [first, second, #"{"v": 1}"#], "offset \(before)")
            #expect(records.map(\.line) == [1, 2, 3], "offset \(before)")
        }
    }

    @Test("One value per line, or values one after another", arguments: chunkSizes)
    func valuesInSequence(chunk: Int) throws {
        let (records, _) = try Self.read("{\"a\":1}\n{\"b\":2}{\"c\":3}\n\n[{\"d\":4}]", chunk: chunk)
        #expect(records.map(\.text) == [#"{"a":1}"#, #"{"b":2}"#, #"{"c":3}"#, #"{"d":4}"#])
        #expect(records.map(\.line) == [1, 2, 2, 4])
    }

    @Test("A page's value elements are the records, with the page's @odata.context", arguments: chunkSizes)
    func pages(chunk: Int) throws {
        let text = """
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('u')/onlineMeetings('M1')/attendanceReports",
             "value":[{"id":"r1","value":[{"x":1}]},{"id":"r2"}],"@odata.nextLink":"https://next","extra":{"value":[{"no":1}]}}
            {"value":[{"id":"r3"}]}
            """
        let (records, damage) = try Self.read(text, chunk: chunk)
        #expect(damage.isEmpty)
        let context = "https://graph.microsoft.com/v1.0/$metadata#users('u')/onlineMeetings('M1')/attendanceReports"
        #expect(records == [
            Record(number: 1, line: 2, text: #"{"id":"r1","value":[{"x":1}]}"#, context: context),
            Record(number: 2, line: 2, text: #"{"id":"r2"}"#, context: context),
            Record(number: 3, line: 3, text: #"{"id":"r3"}"#, context: nil),
        ])
    }

    @Test("One object without a value array is itself the record", arguments: chunkSizes)
    func singleObject(chunk: Int) throws {
        let text = #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords/$entity","id":"c1","sessions":[{"id":"s"}]}"#
        let (records, _) = try Self.read(text, chunk: chunk)
        #expect(records.map(\.text) == [text])
    }

    @Test("Text left open at the end is a damaged record", arguments: chunkSizes)
    func truncated(chunk: Int) throws {
        let (records, damage) = try Self.read("[{\"a\":1},\n{\"b\":\"unfinished", chunk: chunk)
        #expect(records.map(\.text) == [#"{"a":1}"#])
        #expect(damage.count == 1)
        #expect(damage.first?.number == 2)
        #expect(damage.first?.line == 2)
        #expect(damage.first?.reason.contains("truncated") == true)
    }

    @Test("An array left open after its last record says it is truncated")
    func arrayNotClosed() throws {
        let (records, damage) = try Self.read("[{\"a\":1},")
        #expect(records.count == 1)
        #expect(damage.count == 1)
    }

    @Test("Scalars are records too (the reader then rejects them); a stray closer is damage")
    func scalarsAndStrayClosers() throws {
        let (records, damage) = try Self.read("[1, \"s\", true] ] {\"a\":2}")
        #expect(records.map(\.text) == ["1", "\"s\"", "true", #"{"a":2}"#])
        #expect(damage.count == 1)
    }

    @Test("An over-long record is damaged; the next is read")
    func overLong() throws {
        let long = String(repeating: "x", count: 200)
        let (records, damage) = try Self.read("[{\"a\":\"\(long)\"},{\"b\":1}]", chunk: 16, maxRecordBytes: 100)
        #expect(records.map(\.text) == [#"{"b":1}"#])
        #expect(damage.map(\.number) == [1])
    }
}
