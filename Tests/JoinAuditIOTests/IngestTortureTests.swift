import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// Broken and hostile input through the whole load (read → parse → store), each test saying
/// exactly which events are kept, which lines are set aside with what reason, and what the
/// file's row says. docs/reliability.md lists them.
@Suite("ingest torture")
struct IngestTortureTests {
    /// What one load left in the store.
    struct Outcome {
        var report: Ingestion.Report
        /// Kept events as `id@line`, in reading order.
        var events: [String]
        /// Bad lines as `line field: reason`.
        var badLines: [String]
        var badRaw: [[UInt8]]
        var badRawIsText: [Bool]
        var files: [EventStore.StoredFile]
        var redeliveries: [String]
    }

    static func line(_ id: String, _ second: Int = 0, extra: String = "") -> String {
        #"{"id":"\#(id)","ts":"2026-11-23T10:00:\#(String(format: "%02d", second % 60))Z","type":"left","tenant_id":"t","meeting_id":"m","participant_id":"p"\#(extra)}"#
    }

    /// Loads the given files (name, bytes), in order, into a fresh store.
    static func ingest(_ inputs: [(String, [UInt8])], operands: [String]? = nil) throws -> Outcome {
        let scratch = try ReadScratchDirectory()
        var paths: [String] = []
        for (name, bytes) in inputs { paths.append(try scratch.write(name, bytes)) }
        let store = try EventStore(path: scratch.path + "/torture.db")
        let report = try Ingestion(store: store).run(operands.map { $0.map { scratch.path + "/" + $0 } } ?? paths)
        let events = try StoreFixture.column(store, "SELECT id || '@' || line FROM events ORDER BY seq")
        var bad: [String] = [], raw: [[UInt8]] = [], isText: [Bool] = []
        try store.forEachBadLine { line in
            bad.append("\(line.line) \(line.field ?? "-"): \(line.reason)")
            raw.append(line.raw)
            isText.append(line.rawIsText)
        }
        let redeliveries = try StoreFixture.column(store, "SELECT event_id || '@' || file_id || ':' || line FROM redeliveries ORDER BY file_id, line")
        return Outcome(report: report, events: events, badLines: bad, badRaw: raw, badRawIsText: isText, files: try store.files(),
                       redeliveries: redeliveries)
    }

    static func ingest(_ name: String, _ bytes: [UInt8]) throws -> Outcome { try ingest([(name, bytes)]) }
    static func ingest(_ name: String, _ text: String) throws -> Outcome { try ingest([(name, Array(text.utf8))]) }

    // MARK: gzip damage

    @Test("a gzip file truncated at every byte keeps exactly the complete lines before the cut, and says where it was cut")
    func truncatedAtEveryPoint() throws {
        let segments = (1...5).map { Self.line("t\($0)", $0) + "\n" }
        let (whole, flushEnds) = GzipFixture.member(segments: segments)
        for cut in stride(from: 2, to: whole.count, by: 3) {
            let outcome = try Self.ingest("cut.jsonl.gz", Array(whole.prefix(cut)))
            // Lines whose sync-flushed block ends before the cut are certainly complete; the
            // next one may be too (its newline can come out before its block's end).
            let sure = flushEnds.filter { $0 <= cut }.count
            let kept = outcome.events.count
            #expect(kept == sure || kept == sure + 1, "cut at \(cut): \(outcome.events)")
            #expect(outcome.events == (0..<kept).map { "t\($0 + 1)@\($0 + 1)" }, "cut at \(cut)")
            #expect(outcome.badLines.isEmpty, "a cut line is not a bad line (cut at \(cut)): \(outcome.badLines)")
            #expect(outcome.files.map(\.status) == [.damaged])
            #expect(outcome.files.first?.summary.damage?.hasSuffix("gzip stream truncated at byte \(cut)") == true, "cut at \(cut)")
            #expect(outcome.report.damages.map(\.offset) == [cut])
        }
        let complete = try Self.ingest("whole.jsonl.gz", whole)
        #expect(complete.events.count == 5 && complete.files.map(\.status) == [.complete])
    }

    @Test("a corrupt member in the middle: the members before and after it are read, the damage is reported once")
    func corruptMiddleMember() throws {
        let first = GzipFixture.member(Self.line("a1") + "\n" + Self.line("a2") + "\n")
        var middle = GzipFixture.member(Self.line("b1") + "\n" + Self.line("b2") + "\n")
        middle[2] = 7  // compression method 7: zlib rejects the header before any output
        let last = GzipFixture.member(Self.line("c1") + "\n" + Self.line("c2") + "\n")
        let outcome = try Self.ingest("rotated.jsonl.gz", first + middle + last)
        #expect(outcome.events == ["a1@1", "a2@2", "c1@3", "c2@4"])
        #expect(outcome.badLines.isEmpty)
        #expect(outcome.files.map(\.status) == [.damaged])
        #expect(outcome.report.damages.map(\.kind) == [.corrupt])
        #expect(outcome.report.damages.first.map { $0.offset >= first.count && $0.offset <= first.count + middle.count } == true)
    }

    // MARK: line rules

    @Test("an empty file, plain or an empty gzip member: a complete file with no lines")
    func emptyFile() throws {
        for (name, bytes) in [("empty.jsonl", [UInt8]()), ("empty.jsonl.gz", GzipFixture.member(""))] {
            let outcome = try Self.ingest(name, bytes)
            #expect(outcome.events.isEmpty && outcome.badLines.isEmpty, "\(name)")
            #expect(outcome.files.map(\.status) == [.complete], "\(name)")
            #expect(outcome.files.first?.summary.lines == 0, "\(name)")
        }
    }

    @Test("blank lines are counted in the numbering but are neither events nor bad lines")
    func blankLines() throws {
        let outcome = try Self.ingest("blank.jsonl", "\n\n  \n" + Self.line("e1") + "\n\t\n" + Self.line("e2") + "\n\n")
        #expect(outcome.events == ["e1@4", "e2@6"])
        #expect(outcome.badLines.isEmpty)
        #expect(outcome.files.first?.summary.lines == 7)
    }

    @Test("CRLF line ends: the events are read and a bad line's raw text has no carriage return")
    func crlf() throws {
        let outcome = try Self.ingest("crlf.jsonl.gz", GzipFixture.member(Self.line("e1") + "\r\n{broken\r\n" + Self.line("e2") + "\r\n"))
        #expect(outcome.events == ["e1@1", "e2@3"])
        #expect(outcome.badLines.count == 1 && outcome.badLines[0].hasPrefix("2 -: not JSON"))
        #expect(outcome.badRaw == [Array("{broken".utf8)])
    }

    @Test("a UTF-8 byte-order mark starts the file: skipped; anywhere else it is not JSON")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let outcome = try Self.ingest("bom.jsonl", bom + Array((Self.line("e1") + "\n").utf8) + bom + Array((Self.line("e2") + "\n").utf8))
        #expect(outcome.events == ["e1@1"])
        #expect(outcome.badLines == ["2 -: not JSON: unexpected byte 0xEF at column 1"])
    }

    @Test("invalid UTF-8 in a string: a bad line naming the field and byte, kept as a BLOB with its exact bytes")
    func invalidUTF8() throws {
        var bad = Array(Self.line("e2").utf8)
        let value = Array(#""participant_id":"p""#.utf8)
        let start = bad.indices.first { bad[$0...].starts(with: value) }! + value.count - 1
        bad.insert(contentsOf: [0xC3, 0x28], at: start)  // a lead byte, then "(" where its continuation belongs
        let outcome = try Self.ingest("utf8.jsonl", Array((Self.line("e1") + "\n").utf8) + bad + [0x0A] + Array((Self.line("e3") + "\n").utf8))
        #expect(outcome.events == ["e1@1", "e3@3"])
        #expect(outcome.badLines.count == 1)
        #expect(outcome.badLines.first?.hasPrefix("2 participant_id: field \"participant_id\": not valid UTF-8: byte 0x28") == true,
                "\(outcome.badLines)")
        #expect(outcome.badRaw == [bad] && outcome.badRawIsText == [false])
    }

    @Test("a 10 MB line is a bad line naming the 1 MiB limit, stored as its first 4096 bytes; the lines around it are kept")
    func tenMegabyteLine() throws {
        let huge = #"{"id":"big","display_name":""# + String(repeating: "A", count: 10_000_000) + #""}"#
        let text = Self.line("e1") + "\n" + huge + "\n" + Self.line("e3") + "\n"
        let outcome = try Self.ingest("huge.jsonl.gz", GzipFixture.member(text, level: 1))
        #expect(outcome.events == ["e1@1", "e3@3"])
        #expect(outcome.badLines == ["2 -: line is \(huge.utf8.count) bytes, longer than the 1 MiB limit"])
        #expect(outcome.badRaw.first == Array(huge.utf8.prefix(4096)))
        #expect(outcome.files.first?.summary.badLines == 1)
    }

    // MARK: JSON tricks

    @Test("JSON nested 100,000 deep in an unknown field is a bad line (the nesting limit), never a stack overflow")
    func deeplyNested() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let outcome = try Self.ingest("deep.jsonl", Self.line("e1", extra: #","x":"# + deep) + "\n" + Self.line("e2") + "\n")
        #expect(outcome.events == ["e2@2"])
        #expect(outcome.badLines.count == 1 && outcome.badLines[0].hasPrefix("1 x: field \"x\": not accepted: nested deeper than"), "\(outcome.badLines)")
    }

    @Test("a duplicate key, a number for a string, an unknown event type and a time without offset: each a bad line naming its field")
    func wrongFields() throws {
        let lines = [
            Self.line("dup", extra: #","participant_id":"q""#),
            Self.line("num").replacingOccurrences(of: #""participant_id":"p""#, with: #""participant_id":42"#),
            Self.line("type").replacingOccurrences(of: #""type":"left""#, with: #""type":"meeting_started""#),
            Self.line("ts").replacingOccurrences(of: "10:00:00Z", with: "10:00:00"),
            Self.line("ok"),
        ]
        let outcome = try Self.ingest("fields.jsonl", lines.joined(separator: "\n"))
        #expect(outcome.events == ["ok@5"])
        #expect(outcome.badLines == [
            "1 participant_id: duplicate field \"participant_id\"",
            "2 participant_id: field \"participant_id\": expected a string, found the number 42",
            "3 type: field \"type\": \"meeting_started\" is not one of join_request, lobby_admitted, lobby_removed, left, meeting_ended, meeting_scheduled, app_action",
            "4 ts: field \"ts\": \"2026-11-23T10:00:00\" is not an RFC 3339 time with an offset",
        ])
    }

    // MARK: order and repetition

    @Test("events far out of order are all kept, and replayed in time order")
    func farOutOfOrder() throws {
        let scratch = try ReadScratchDirectory()
        let late = #"{"id":"early","ts":"2026-11-23T08:00:00Z","type":"left","tenant_id":"t","meeting_id":"m","participant_id":"p"}"#
        let path = try scratch.write("order.jsonl", [Self.line("e1", 1), Self.line("e2", 2), late].joined(separator: "\n"))
        let store = try EventStore(path: scratch.path + "/o.db")
        _ = try Ingestion(store: store).run([path])
        var replayed: [String] = []
        try store.forEachEventInReplayOrder { replayed.append($0.event.id) }
        #expect(replayed == ["early", "e1", "e2"])
    }

    @Test("the same file given twice in one command: its events once, the second reading's all re-deliveries")
    func sameFileTwice() throws {
        let text = [Self.line("e1"), Self.line("e2"), "{bad"].joined(separator: "\n") + "\n"
        let outcome = try Self.ingest([("day.jsonl.gz", GzipFixture.member(text))], operands: ["day.jsonl.gz", "day.jsonl.gz"])
        #expect(outcome.events == ["e1@1", "e2@2"])
        #expect(outcome.redeliveries == ["e1@2:1", "e2@2:2"])
        #expect(outcome.files.map(\.redeliveries) == [0, 2])
        // The bad line is reported for each reading: each is a line of a file given.
        #expect(outcome.badLines.count == 2)
        #expect(outcome.report.events == 2 && outcome.report.redeliveries == 2)
    }
}
