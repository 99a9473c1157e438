import JoinAuditCore
import JoinAuditIO
import Testing

/// log-format.md: "Text must be valid UTF-8", and JSON's string rules: escapes, surrogate
/// pairs, no raw control characters.
@Suite("Join log: strings, escapes and UTF-8")
struct ParseStringTests {
    typealias F = ParseFixture

    /// The display name read from a `join_request` line whose `display_name` is `json`
    /// (the JSON text between and including the quotes).
    func displayName(_ json: String) throws -> String? {
        try #require(try F.parse(F.line("join_request", setting: ("display_name", json))).joinRequest).displayName
    }

    /// The line of a `join_request` whose display name holds `bytes` between its quotes.
    func lineBytes(displayName bytes: [UInt8]) -> (line: [UInt8], nameStart: Int) {
        let parts = F.line("join_request", setting: ("display_name", #""@@""#)).split(separator: "@@", omittingEmptySubsequences: false)
        let head = Array(parts[0].utf8)
        return (head + bytes + Array(parts[1].utf8), head.count)
    }

    @Test("\\u escapes decode: \\u00e9 is é")
    func unicodeEscape() throws {
        #expect(try displayName(#""Ren\u00e9e""#) == "Renée")
        #expect(try displayName(#""\u65E5\u672c""#) == "日本")
        #expect(try displayName(#""\u0041\u0000""#) == "A\u{0}")
    }

    /// The id and the logged time are kept in the event itself (`InlineText`), made from the
    /// line's bytes: escapes are decoded there too, and long ids are kept whole.
    @Test("An event's id and logged time are decoded like any string")
    func inlineIDAndTime() throws {
        let escaped = try F.parse(F.line("left", setting: ("id", #""e\u002D\u00e9""#)))
        #expect(escaped.id == "e-é")
        let long = String(repeating: "0123456789", count: 6)
        #expect(try F.parse(F.line("left", setting: ("id", "\"\(long)\""))).id == long)
        let time = try F.parse(F.line("left", setting: ("ts", #""2026-11-23T09:14:03.1234567+01:00""#)))
        #expect(time.tsText == "2026-11-23T09:14:03.1234567+01:00")
        #expect(throws: LineProblem.self) { try F.parse(F.line("left", setting: ("id", #""""#))) }
    }

    @Test("A surrogate pair decodes to one character: \\ud83d\\ude00 is 😀")
    func surrogatePair() throws {
        #expect(try displayName(#""\ud83d\ude00""#) == "😀")
        #expect(try displayName(#""x\uD83D\uDE00y""#) == "x😀y")
    }

    @Test("Raw multibyte UTF-8 is read as is")
    func rawUTF8() throws {
        #expect(try displayName(#""Renée 日本 😀 Ω""#) == "Renée 日本 😀 Ω")
        // Past the eight-byte fast path, and at its edges.
        #expect(try displayName(#""abcdefghé""#) == "abcdefghé")
        #expect(try displayName(#""abcdefgé""#) == "abcdefgé")
    }

    @Test("Simple escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t")
    func simpleEscapes() throws {
        #expect(try displayName(#""say \"hi\"""#) == "say \"hi\"")
        #expect(try displayName(#""C:\\Users\\ada""#) == #"C:\Users\ada"#)
        #expect(try displayName(#""<\/script>""#) == "</script>")
        #expect(try displayName(#""\b\f\n\r\t""#) == "\u{8}\u{C}\n\r\t")
    }

    @Test("DEL and other non-control ASCII need no escape")
    func delIsAllowed() throws {
        #expect(try displayName("\"a\u{7F}b\"") == "a\u{7F}b")
    }

    @Test("Escaped values are matched and stored decoded")
    func escapedValues() throws {
        let event = try F.parse(F.line("join_request", setting: ("identity", #""an\u006fnymous""#)))
        #expect(try #require(event.joinRequest).identity == .anonymous)
        #expect(try F.parse(F.line("left", setting: ("participant_id", #""p\/1""#))).participantID == "p/1")
        let ts = try F.parse(F.line("left", setting: ("ts", #""2026-11-23T09:00:00\u005a""#)))
        #expect(ts.tsText == "2026-11-23T09:00:00Z")
    }

    @Test("A lone surrogate escape is a bad line", arguments: [
        #""\ud83d""#, #""\ud83dx""#, #""\ude00""#, #""\ud83d\u0041""#, #""\ud83d\n""#, #""a\uDBFF""#,
        #""\ud83d\ud83d""#,
    ])
    func loneSurrogate(_ json: String) {
        let line = F.line("join_request", setting: ("display_name", json))
        let problem = F.problem(line)
        #expect(problem?.field == "display_name")
        guard case .loneSurrogate(_, let column)? = problem?.reason else {
            Issue.record("\(String(describing: problem))")
            return
        }
        #expect(column == F.column(of: #"\u"#, in: line))
    }

    @Test("An invalid escape is a bad line", arguments: [#""\x41""#, #""\u12G4""#, #""\u12""#, #""\'""#, #""\U0041""#])
    func invalidEscape(_ json: String) {
        let line = F.line("join_request", setting: ("display_name", json))
        #expect(
            F.problem(line)
                == LineProblem(field: "display_name", .invalidEscape(column: F.column(of: "\\", in: line))))
    }

    @Test("A raw control character inside a string is a bad line", arguments: [0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F] as [UInt8])
    func controlCharacter(_ byte: UInt8) {
        let (line, start) = lineBytes(displayName: Array("ab".utf8) + [byte] + Array("cd".utf8))
        #expect(
            F.problem(bytes: line) == LineProblem(field: "display_name", .controlCharacter(byte, column: start + 3)))
    }

    static let invalidSequences: [(String, [UInt8], Int)] = [
        ("lone continuation byte", [0x80], 0),
        ("overlong slash", [0xC0, 0xAF], 0),
        ("overlong two-byte", [0xC1, 0xBF], 0),
        ("overlong three-byte", [0xE0, 0x80, 0xAF], 1),
        ("overlong four-byte", [0xF0, 0x80, 0x80, 0xAF], 1),
        ("encoded high surrogate", [0xED, 0xA0, 0x80], 1),
        ("encoded low surrogate", [0xED, 0xBF, 0xBF], 1),
        ("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80], 1),
        ("F5 lead byte", [0xF5, 0x80, 0x80, 0x80], 0),
        ("FF byte", [0xFF], 0),
        ("truncated two-byte sequence", [0xC3, 0x41], 1),
        ("truncated three-byte sequence", [0xE6, 0x97], 2),
        ("truncated four-byte sequence", [0xF0, 0x9F, 0x98, 0x41], 3),
    ]

    @Test("Invalid UTF-8 makes the line bad, naming the field", arguments: invalidSequences)
    func invalidUTF8(_ name: String, bytes: [UInt8], offset: Int) {
        let (line, start) = lineBytes(displayName: Array("ab".utf8) + bytes)
        let problem = F.problem(bytes: line)
        #expect(problem?.field == "display_name", "\(name)")
        guard case .invalidUTF8(_, let column)? = problem?.reason else {
            Issue.record("\(name): \(String(describing: problem))")
            return
        }
        #expect(column == start + 3 + offset, "\(name)")
    }

    @Test("Invalid UTF-8 in an unknown field or a field name is a bad line too")
    func invalidUTF8Anywhere() {
        let unknown = Array(F.line("left").dropLast().utf8) + Array(#","note":"x"#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8)
        #expect(F.problem(bytes: unknown)?.field == "note")
        let name = Array(F.line("left").dropLast().utf8) + Array(#",""#.utf8) + [0xFF] + Array(#"":1}"#.utf8)
        guard case .invalidUTF8(0xFF, _)? = F.problem(bytes: name)?.reason else {
            Issue.record("\(String(describing: F.problem(bytes: name)))")
            return
        }
        let outside = Array(F.line("left").utf8) + [0xC3, 0xA9]
        #expect(F.problem(bytes: outside)?.reason == .trailingData(column: outside.count - 1))
    }

    @Test("Invalid UTF-8 says where, in a sentence naming the field")
    func invalidUTF8Sentence() {
        let (line, start) = lineBytes(displayName: [0xC0, 0xAF])
        #expect(
            F.problem(bytes: line)?.description
                == "field \"display_name\": not valid UTF-8: byte 0xC0 at column \(start + 1)")
    }

    /// The scanner passes plain ASCII eight bytes at a time and jumps to the first byte that
    /// needs a look: wherever in a word that byte falls, it is found.
    @Test("Escapes, non-ASCII, quotes and control characters are found at every offset of the 8-byte words")
    func specialBytesAtEveryOffset() throws {
        for before in 0...17 {
            let head = String(repeating: "a", count: before)
            #expect(try displayName(#""\#(head)\n!""#) == head + "\n!", "offset \(before)")
            #expect(try displayName(#""\#(head)\"!""#) == head + "\"!", "offset \(before)")
            #expect(try displayName(#""\#(head)é!""#) == head + "é!", "offset \(before)")
            #expect(try displayName(#""\#(head)""#) == head, "offset \(before)")
            let (line, start) = lineBytes(displayName: Array(head.utf8) + [0x1B] + Array("z".utf8))
            #expect(F.problem(bytes: line) == LineProblem(field: "display_name", .controlCharacter(0x1B, column: start + before + 1)),
                    "offset \(before)")
            let (bad, badStart) = lineBytes(displayName: Array(head.utf8) + [0xC0, 0xAF])
            #expect(F.problem(bytes: bad)?.description
                        == "field \"display_name\": not valid UTF-8: byte 0xC0 at column \(badStart + before + 1)", "offset \(before)")
        }
    }
}
