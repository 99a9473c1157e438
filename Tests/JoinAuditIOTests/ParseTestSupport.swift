import JoinAuditCore
import JoinAuditIO
import Testing

/// Lines of the join log for parser tests, written out so each test shows what it reads.
enum ParseFixture {
    static let parser = JoinLogLineParser()

    /// The fields every event has, for an event of `type`, as JSON members.
    static func common(_ type: String) -> String {
        #""v":1,"id":"e1","ts":"2026-11-23T09:00:00Z","type":"\#(type)","tenant_id":"t-contoso","meeting_id":"m-1""#
    }

    /// A complete valid line of each type, as (field, JSON value) pairs in the contract's order,
    /// so a test can drop or replace one field.
    static let fullLines: [String: [(String, String)]] = [
        "join_request": base("join_request", organizer: true) + [
            ("participant_id", #""p-1""#), ("display_name", #""Ada""#), ("identity", #""external""#),
            ("home_tenant_id", #""t-fabrikam""#), ("trust", #""mutual""#), ("external_access", "true"),
            ("role", #""presenter""#), ("invited", "true"), ("client", #""teams""#),
            ("client_ip", #""198.51.100.4""#), ("outcome", #""lobby""#),
        ],
        "lobby_admitted": base("lobby_admitted") + [("participant_id", #""p-1""#), ("actor_id", #""system""#)],
        "lobby_removed": base("lobby_removed") + [("participant_id", #""p-1""#), ("actor_id", #""u-ada""#)],
        "left": base("left") + [("participant_id", #""p-1""#)],
        "meeting_ended": base("meeting_ended"),
        "meeting_scheduled": base("meeting_scheduled", organizer: true) + [
            ("scheduled_start", #""2026-11-23T10:00:00Z""#), ("scheduled_end", #""2026-11-23T11:00:00Z""#),
            ("auto_admitted_users", #""InvitedUsers""#), ("pstn_bypass_lobby", "false"),
        ],
        "app_action": base("app_action") + [("participant_id", #""p-1""#), ("app_id", #""app-9""#), ("action", #""add""#)],
    ]

    private static func base(_ type: String, organizer: Bool = false) -> [(String, String)] {
        [
            ("v", "1"), ("id", #""e1""#), ("ts", #""2026-11-23T09:00:00Z""#), ("type", "\"\(type)\""),
            ("tenant_id", #""t-contoso""#), ("meeting_id", #""m-1""#),
        ] + (organizer ? [("organizer_id", #""u-ada""#)] : [])
    }

    /// The full line of `type` with `field` left out (`replacing: nil`) or given `replacing`.
    static func line(_ type: String, without field: String? = nil, setting: (String, String)? = nil) -> String {
        var members = fullLines[type]!
        if let field { members.removeAll { $0.0 == field } }
        if let (name, value) = setting {
            if let i = members.firstIndex(where: { $0.0 == name }) {
                members[i].1 = value
            } else {
                members.append((name, value))
            }
        }
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func parse(_ line: String) throws(LineProblem) -> Event {
        try parser.parse(line)
    }

    /// The problem the parser finds in `line`, or `nil` when it reads an event.
    static func problem(_ line: String) -> LineProblem? {
        problem(bytes: Array(line.utf8))
    }

    static func problem(bytes: [UInt8]) -> LineProblem? {
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    /// The 1-based column of the first occurrence of `needle` in `line`.
    static func column(of needle: String, in line: String) -> Int {
        let haystack = Array(line.utf8)
        let pattern = Array(needle.utf8)
        for i in 0...(haystack.count - pattern.count) where Array(haystack[i..<(i + pattern.count)]) == pattern {
            return i + 1
        }
        fatalError("\(needle) not in \(line)")
    }

    static func time(_ text: String) -> Timestamp {
        Timestamp(rfc3339: text)!
    }
}

/// A (event type, field) pair for tests that run over every field of every type.
struct TypedField: Sendable, CustomTestStringConvertible {
    var type: String
    var field: String
    var testDescription: String { "\(type).\(field)" }

    init(_ type: String, _ field: String) {
        self.type = type
        self.field = field
    }
}
