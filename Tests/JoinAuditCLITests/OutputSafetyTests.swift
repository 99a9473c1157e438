import Foundation
import Testing

/// Attacker-written text (display names, ids, client strings of anonymous people, and file
/// names a shipper chose) through every output that exists today: findings as JSON Lines and
/// as text, the bad-line listing and damage messages on standard error, and the database.
/// Nothing may break out of its field: no raw control character, line break, line separator
/// or bidi override reaches a terminal, every JSON line parses back to the exact text, and the
/// database keeps the exact bytes.
@Suite("output safety")
struct OutputSafetyTests {
    static let hostile = [
        "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mIT-Support",
        "Bob\r\n{\"kind\":\"none\"}\nfinding: none",
        "nul\u{0}byte",
        "c1\u{9B}31m\u{85}next",
        "\u{202E}gpj.exe\u{202C} and \u{2066}isolate\u{2069}",
        "line\u{2028}separator\u{2029}paragraph",
        "\"},{\"kind\":\"unexpected_admit\",\"event_id\":\"forged\"",
        "back\\slash\\u001b",
        "'); DROP TABLE events; --",
        "Robert'); DELETE FROM findings WHERE ('1'='1",
        String(repeating: "\u{1B}[A", count: 2000),
        "zalgo e\u{301}\u{302}\u{303} 👩‍💻",
        "\u{7F}del",
    ]

    /// A join log line with every text field under the attacker's control set to `text`.
    static func hostileLine(_ index: Int, _ text: String) -> String {
        let fields: [String: Any] = [
            "v": 1, "id": "ev-\(index)-\(text)", "ts": String(format: "2026-11-23T10:00:%02dZ", index % 60), "type": "join_request",
            "tenant_id": "t-contoso", "meeting_id": "m-\(text)", "organizer_id": "u-ada", "participant_id": "anon-\(text)",
            "display_name": text, "identity": "anonymous", "client": "teams", "client_ip": text, "outcome": "admitted",
        ]
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Scalars that must never reach a terminal raw: C0 controls but the line feed between
    /// lines, DEL, C1 controls, line and paragraph separators, bidi embeddings and isolates.
    static func unsafeScalars(in text: String) -> [String] {
        text.unicodeScalars.filter { s in
            let v = s.value
            return (v < 0x20 && v != 0x0A) || (0x7F..<0xA0).contains(v) || v == 0x2028 || v == 0x2029
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }.map { "U+" + String($0.value, radix: 16) }
    }

    static func writeLog(in dir: URL) throws -> URL {
        let log = dir.appendingPathComponent("hostile.jsonl")
        let lines = hostile.enumerated().map { hostileLine($0.offset, $0.element) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log)
        return log
    }

    @Test("JSON Lines findings: one finding per line, each parsing back to the exact hostile text")
    func jsonLines() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.db")
        let result = try CLI.run(["analyze", "--quiet", "--db", db.path, "--policy", CLI.fixture("policy-strict.json"), "--format", "jsonl",
                                  try Self.writeLog(in: dir).path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Self.unsafeScalars(in: result.stdout).isEmpty)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(String(lines.count) == (try CLI.sqlite(db, "SELECT count(*) FROM findings")), "one line per finding, no forged line")
        var names: [String] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "\(line)")
            guard object?["kind"] as? String == "unexpected_admit" else { continue }
            let name = object?["display_name"] as? String ?? "?"
            names.append(name)
            #expect(object?["participant_id"] as? String == "anon-" + name)
            #expect(object?["meeting_id"] as? String == "m-" + name)
            #expect(object?["client_ip"] as? String == name)
        }
        #expect(names.sorted() == Self.hostile.sorted())
        #expect(try CLI.sqlite(db, "SELECT count(*) FROM findings WHERE event_id = 'forged'") == "0")
    }

    @Test("text findings: every hostile field escaped, nothing raw")
    func text() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["analyze", "--quiet", "--policy", CLI.fixture("policy-strict.json"), "--format", "text",
                                  try Self.writeLog(in: dir).path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Self.unsafeScalars(in: result.stdout).isEmpty, "\(Self.unsafeScalars(in: result.stdout).prefix(10))")
        #expect(result.stdout.contains(#""\e]0;pwned\u{7}\e[2J\e[31mIT-Support""#))
        #expect(result.stdout.contains(#""\u{202e}gpj.exe\u{202c} and \u{2066}isolate\u{2069}""#))
        #expect(result.stdout.contains(#""nul\u{0}byte""#))
        // A forged line break shows as text, so every finding keeps its three lines.
        #expect(result.stdout.contains(#""Bob\r\n{"kind":"none"}\nfinding: none""#))
    }

    @Test("the database keeps hostile text byte for byte, and SQL in it is only text")
    func database() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("h.db")
        #expect(try CLI.run(["ingest", "--quiet", "--db", db.path, try Self.writeLog(in: dir).path]).status == 0)
        let stored = try CLI.sqlite(db, "SELECT hex(display_name) FROM events ORDER BY seq").split(separator: "\n").map(String.init)
        #expect(stored == Self.hostile.map { $0.utf8.map { String(format: "%02X", $0) }.joined() })
        #expect(try CLI.sqlite(db, "SELECT count(*) FROM events") == String(Self.hostile.count))
    }

    @Test("standard error: a hostile file name and hostile values in bad lines and damage messages are escaped")
    func diagnostics() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // File names are bytes a shipper (or an attacker with a drop folder) chose.
        let name = "evil\u{1B}[2J\n\u{202E}"
        let bad = dir.appendingPathComponent(name + ".jsonl")
        let badType = #"{"id":"x","ts":"2026-11-23T10:00:00Z","type":"\u001b[31mjoin\u2028","tenant_id":"t","meeting_id":"m"}"#
        try Data((badType + "\n{\u{1B}[2J not json\n").utf8).write(to: bad)
        let cut = dir.appendingPathComponent(name + ".jsonl.gz")
        let whole = try CLI.gzip(String(repeating: Lines.join("e1", 1, "u-ada", "internal", "admitted") + "\n", count: 50))
        try whole.prefix(whole.count / 2).write(to: cut)
        let db = dir.appendingPathComponent("d.db")
        let result = try CLI.run(["ingest", "--db", db.path, bad.path, cut.path])
        #expect(result.status == 2)
        #expect(Self.unsafeScalars(in: result.stderr).isEmpty, "\(Self.unsafeScalars(in: result.stderr))")
        let lines = result.stderr.split(separator: "\n")
        let escapedName = #"evil\e[2J\n\u{202e}"#
        #expect(lines.filter { $0.hasPrefix("bad line: ") }.count == 2, "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("bad line: ") && $0.contains(escapedName + ".jsonl:1: field \"type\"") })
        #expect(lines.contains { $0.hasPrefix("joinaudit: ") && $0.contains(escapedName + ".jsonl.gz: gzip stream truncated at byte") })
        // Every line is one of ours: a name cannot start a line of its own.
        #expect(lines.allSatisfy { $0.hasPrefix("bad line: ") || $0.hasPrefix("joinaudit: ") || $0.hasPrefix("ingested ") }, "\(result.stderr)")
    }
}
