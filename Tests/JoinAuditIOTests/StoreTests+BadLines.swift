import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

@Suite("Store: bad lines")
struct StoreBadLineTests {
    static func storeBadLine(_ bytes: [UInt8], field: String? = nil) throws -> (EventStore.BadLine, typeOf: String, scratch: StoreScratch) {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let fileID = try store.beginFile(path: "day.jsonl", inputKind: "join_log")
        try bytes.withUnsafeBytes { try store.insertBadLine(fileID: fileID, line: 42, field: field, reason: "not JSON", raw: $0) }
        try store.commit()
        var lines: [EventStore.BadLine] = []
        try store.forEachBadLine { lines.append($0) }
        let typeOf = try StoreFixture.column(store, "SELECT typeof(raw) FROM bad_lines")
        #expect(lines.count == 1)
        return (try #require(lines.first), typeOf.first ?? "", scratch)
    }

    @Test("a bad line is kept with its file, line, field and reason")
    func storedWithContext() throws {
        let (line, typeOf, _) = try Self.storeBadLine(Array(#"{"id":"e1","ts":"yesterday"}"#.utf8), field: "ts")
        #expect(line.path == "day.jsonl")
        #expect(line.line == 42)
        #expect(line.field == "ts")
        #expect(line.reason == "not JSON")
        #expect(line.raw == Array(#"{"id":"e1","ts":"yesterday"}"#.utf8))
        #expect(line.rawIsText)
        #expect(typeOf == "text")
    }

    @Test("a line longer than 4 KiB is cut to its first 4096 bytes")
    func cutTo4KiB() throws {
        let bytes = Array(repeating: UInt8(ascii: "x"), count: 10_000)
        let (line, typeOf, _) = try Self.storeBadLine(bytes)
        #expect(line.raw.count == 4096)
        #expect(line.raw == Array(bytes.prefix(4096)))
        #expect(typeOf == "text")
    }

    @Test("a cut through a multi-byte character drops the partial character and stays text")
    func cutKeepsCharactersWhole() throws {
        let bytes = Array(repeating: UInt8(ascii: "x"), count: 4094) + Array("€€".utf8)  // € is 3 bytes
        let (line, typeOf, _) = try Self.storeBadLine(bytes)
        #expect(line.raw == Array(bytes.prefix(4094)))
        #expect(typeOf == "text")
    }

    @Test("a line that is not UTF-8 is kept as a BLOB with its exact bytes")
    func nonUTF8AsBlob() throws {
        let bytes: [UInt8] = Array(#"{"display_name":""#.utf8) + [0xFF, 0xFE, 0x00, 0xC3] + Array(#""}"#.utf8)
        let (line, typeOf, _) = try Self.storeBadLine(bytes)
        #expect(line.raw == bytes)
        #expect(!line.rawIsText)
        #expect(typeOf == "blob")
    }

    @Test("an empty bad line is stored as empty text, not NULL")
    func emptyLine() throws {
        let (line, typeOf, _) = try Self.storeBadLine([])
        #expect(line.raw == [])
        #expect(typeOf == "text")
    }

    @Test("bad lines are counted")
    func counted() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let fileID = try store.beginFile(path: "day.jsonl", inputKind: "join_log")
        for line in 1...3 {
            try [UInt8(ascii: "{")].withUnsafeBytes { try store.insertBadLine(fileID: fileID, line: line, field: nil, reason: "truncated JSON", raw: $0) }
        }
        try store.commit()
        #expect(try store.badLineCount() == 3)
    }
}
