import JoinAuditCore
import JoinAuditIO
import Testing

/// log-format.md: "A line that is not valid JSON, lacks a required field, or has a value
/// outside the listed ones is not dropped silently": each kind of bad line, and what it says.
@Suite("Join log: bad lines")
struct ParseBadLineTests {
    typealias F = ParseFixture

    // MARK: Not one JSON object

    @Test("Not JSON")
    func notJSON() {
        #expect(F.problem("hello") == LineProblem(.unexpectedByte(UInt8(ascii: "h"), column: 1)))
        #expect(F.problem("hello")?.description == "not JSON: unexpected byte 'h' at column 1")
    }

    @Test("An empty line is not an event")
    func emptyLine() {
        #expect(F.problem("") == LineProblem(.unexpectedEnd(column: 1)))
        #expect(F.problem("  ") == LineProblem(.unexpectedEnd(column: 3)))
    }

    @Test("The line must be an object, not another JSON value")
    func notAnObject() {
        #expect(F.problem("[1]") == LineProblem(.unexpectedByte(UInt8(ascii: "["), column: 1)))
        #expect(F.problem(#""id""#) == LineProblem(.unexpectedByte(UInt8(ascii: "\""), column: 1)))
        #expect(F.problem("null") == LineProblem(.unexpectedByte(UInt8(ascii: "n"), column: 1)))
    }

    @Test("Truncated JSON, at every byte")
    func truncated() {
        let line = Array(F.line("join_request").utf8)
        for cut in 0..<line.count {
            let problem = F.problem(bytes: Array(line[..<cut]))
            guard case .unexpectedEnd(let column)? = problem?.reason else {
                Issue.record("cut at \(cut): \(String(describing: problem))")
                continue
            }
            #expect(column == cut + 1)
        }
    }

    @Test("Trailing garbage after the object")
    func trailingGarbage() {
        let line = F.line("left")
        #expect(F.problem(line + "x") == LineProblem(.trailingData(column: line.utf8.count + 1)))
        #expect(F.problem(line + " {}") == LineProblem(.trailingData(column: line.utf8.count + 2)))
        #expect(F.problem(line + ",") == LineProblem(.trailingData(column: line.utf8.count + 1)))
        #expect(F.problem(line + " \t ") == nil)
    }

    @Test("Malformed JSON inside a value names its field")
    func malformedValueNamesField() {
        let line = "{" + F.common("left") + #","participant_id":"p","extra":[1,2,}"#
        #expect(
            F.problem(line)
                == LineProblem(field: "extra", .unexpectedByte(UInt8(ascii: "}"), column: F.column(of: "}", in: line))))
        let missingComma = "{" + F.common("left") + #","participant_id":"p" "x":1}"#
        #expect(
            F.problem(missingComma)
                == LineProblem(
                    field: "participant_id",
                    .unexpectedByte(UInt8(ascii: "\""), column: F.column(of: #" "x""#, in: missingComma) + 1)))
        #expect(F.problem(#"{"id" "e1"}"#) == LineProblem(field: "id", .unexpectedByte(UInt8(ascii: "\""), column: 7)))
        #expect(F.problem(#"{id:"e1"}"#) == LineProblem(.unexpectedByte(UInt8(ascii: "i"), column: 2)))
        #expect(F.problem(#"{"id":"e1",}"#) == LineProblem(.unexpectedByte(UInt8(ascii: "}"), column: 12)))
    }

    @Test("Numbers follow JSON's grammar, even in unknown fields", arguments: ["01", "1.", ".5", "-", "+1", "1e", "1e+", "0x1", "NaN", "Infinity", "-01"])
    func numberGrammar(number: String) {
        let line = "{" + F.common("left") + #","participant_id":"p","x":"# + number + "}"
        #expect(F.problem(line)?.field == "x")
    }

    @Test("Literals are spelled in full", arguments: ["tru", "nul", "falsey", "True", "NULL"])
    func literalSpelling(literal: String) {
        let line = "{" + F.common("left") + #","participant_id":"p","x":"# + literal + "}"
        #expect(F.problem(line)?.field == "x")
    }

    @Test("Nesting deeper than the limit is a bad line, never a stack overflow")
    func nestingLimit() {
        let limit = JoinLogLineParser.maxNestingDepth
        func line(depth: Int) -> String {  // `depth` counts the line's own object
            let nested = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
            return "{" + F.common("left") + #","participant_id":"p","x":"# + nested + "}"
        }
        #expect(F.problem(line(depth: limit)) == nil)
        let tooDeep = line(depth: limit + 1)
        #expect(
            F.problem(tooDeep)
                == LineProblem(field: "x", .nestedTooDeep(limit: limit, column: F.column(of: "[", in: tooDeep) + limit - 1)))
        let hostile = "{\"x\":" + String(repeating: "[{\"a\":", count: 100_000)
        // Containers alternate `[` and `{`, six bytes a pair, from column 6: level 65 (the
        // line's object is level 1) is the `{` of the 32nd pair.
        #expect(F.problem(hostile) == LineProblem(field: "x", .nestedTooDeep(limit: limit, column: 6 + 6 * 31 + 1)))
    }

    @Test("A line longer than 1 MiB is bad")
    func lineTooLong() {
        let padding = String(repeating: " ", count: JoinLogLineParser.maxLineBytes)
        let line = F.line("left") + padding
        #expect(F.problem(line) == LineProblem(.lineTooLong(bytes: line.utf8.count, limit: 1 << 20)))
    }

    // MARK: Fields against the contract

    static let requiredFields: [TypedField] =
        ["id", "ts", "type", "tenant_id", "meeting_id"].map { TypedField("left", $0) } + [
            TypedField("join_request", "organizer_id"), TypedField("join_request", "participant_id"),
            TypedField("join_request", "identity"), TypedField("join_request", "home_tenant_id"),
            TypedField("join_request", "trust"), TypedField("join_request", "client"),
            TypedField("join_request", "outcome"), TypedField("lobby_admitted", "participant_id"),
            TypedField("lobby_admitted", "actor_id"), TypedField("lobby_removed", "participant_id"),
            TypedField("left", "participant_id"), TypedField("meeting_scheduled", "organizer_id"),
            TypedField("app_action", "participant_id"), TypedField("app_action", "app_id"),
            TypedField("app_action", "action"),
        ]

    @Test("Missing required field, per type", arguments: requiredFields)
    func missingRequiredField(_ required: TypedField) {
        let problem = F.problem(F.line(required.type, without: required.field))
        let common = ["id", "ts", "type", "tenant_id", "meeting_id"].contains(required.field)
        #expect(
            problem
                == LineProblem(
                    field: required.field,
                    .missingField(eventType: common ? nil : EventType(rawValue: required.type))))
    }

    @Test("Missing required field says so in a sentence")
    func missingFieldSentence() {
        #expect(
            F.problem(F.line("join_request", without: "participant_id"))?.description
                == #"missing required field "participant_id" for join_request"#)
        #expect(F.problem(F.line("left", without: "id"))?.description == #"missing required field "id""#)
    }

    @Test("home_tenant_id and trust are required only for external identity")
    func externalFieldsOptionalOtherwise() throws {
        let line = F.line("join_request", without: "home_tenant_id", setting: ("identity", #""internal""#))
            .replacing(#","trust":"mutual""#, with: "")
        #expect(F.problem(line) == nil)
    }

    static let wrongTypes: [(TypedField, String)] = [
        (TypedField("left", "v"), #""1""#), (TypedField("left", "id"), "42"), (TypedField("left", "ts"), "1700000000"),
        (TypedField("left", "type"), "true"), (TypedField("left", "tenant_id"), "[]"),
        (TypedField("left", "meeting_id"), "{}"), (TypedField("left", "meeting_id"), "null"),
        (TypedField("left", "organizer_id"), "42"), (TypedField("left", "origin"), "false"),
        (TypedField("left", "participant_id"), "7"), (TypedField("join_request", "display_name"), "42"),
        (TypedField("join_request", "identity"), "true"), (TypedField("join_request", "home_tenant_id"), "1"),
        (TypedField("join_request", "trust"), "1"), (TypedField("join_request", "external_access"), #""false""#),
        (TypedField("join_request", "external_access"), "0"), (TypedField("join_request", "role"), "3"),
        (TypedField("join_request", "invited"), #""yes""#), (TypedField("join_request", "invited"), "1"),
        (TypedField("join_request", "client"), "null"), (TypedField("join_request", "client_ip"), "19851100"),
        (TypedField("join_request", "outcome"), #"["lobby"]"#), (TypedField("lobby_admitted", "actor_id"), "{}"),
        (TypedField("lobby_removed", "actor_id"), "true"), (TypedField("meeting_scheduled", "scheduled_start"), "0"),
        (TypedField("meeting_scheduled", "scheduled_end"), "true"),
        (TypedField("meeting_scheduled", "auto_admitted_users"), "5"),
        (TypedField("meeting_scheduled", "pstn_bypass_lobby"), #""true""#), (TypedField("app_action", "app_id"), "9"),
        (TypedField("app_action", "action"), "null"),
    ]

    @Test("Wrong JSON type, per field", arguments: wrongTypes)
    func wrongType(_ field: TypedField, value: String) {
        let problem = F.problem(F.line(field.type, setting: (field.field, value)))
        #expect(problem?.field == field.field)
        guard case .wrongType? = problem?.reason else {
            Issue.record("\(String(describing: problem))")
            return
        }
    }

    @Test("Wrong type says what was expected and found")
    func wrongTypeSentence() {
        #expect(
            F.problem(F.line("left", setting: ("participant_id", "42")))?.description
                == #"field "participant_id": expected a string, found the number 42"#)
        #expect(
            F.problem(F.line("join_request", setting: ("invited", #""yes""#)))?.description
                == #"field "invited": expected true, false or null, found a string"#)
    }

    static let unknownValues: [(TypedField, String)] = [
        (TypedField("left", "type"), "joined"), (TypedField("left", "origin"), "syslog"),
        (TypedField("join_request", "identity"), "robot"), (TypedField("join_request", "identity"), "Internal"),
        (TypedField("join_request", "identity"), ""), (TypedField("join_request", "trust"), "partial"),
        (TypedField("join_request", "role"), "owner"), (TypedField("join_request", "client"), "web"),
        (TypedField("join_request", "outcome"), "admitted "), (TypedField("app_action", "action"), "delete"),
        (TypedField("meeting_scheduled", "auto_admitted_users"), "Anyone"),
        (TypedField("meeting_scheduled", "auto_admitted_users"), "Everyone "),
    ]

    @Test("Value outside the listed ones, per field", arguments: unknownValues)
    func valueOutsideList(_ field: TypedField, value: String) {
        let problem = F.problem(F.line(field.type, setting: (field.field, "\"\(value)\"")))
        #expect(problem?.field == field.field)
        guard case .notOneOf(let found, _)? = problem?.reason else {
            Issue.record("\(String(describing: problem))")
            return
        }
        #expect(found == value)
    }

    @Test("An unknown value is named with the allowed ones")
    func unknownValueSentence() {
        #expect(
            F.problem(F.line("join_request", setting: ("identity", #""robot""#)))?.description
                == #"field "identity": "robot" is not one of internal, guest, external, anonymous, dial_in"#)
    }

    @Test("v: only version 1 is read", arguments: ["2", "0", "-1", "-0", "10", "99999999999999999999999"])
    func unsupportedVersion(_ version: String) {
        #expect(F.problem(F.line("left", setting: ("v", version))) == LineProblem(field: "v", .unsupportedVersion(version)))
    }

    @Test("v: a version is an integer, not 1.0")
    func versionIsInteger() {
        for version in ["1.0", "1e0", "null"] {
            guard case .wrongType? = F.problem(F.line("left", setting: ("v", version)))?.reason else {
                Issue.record("v: \(version)")
                continue
            }
        }
        #expect(
            F.problem(F.line("left", setting: ("v", "2")))?.description
                == #"field "v": version 2 is not supported (this analyzer reads version 1)"#)
    }

    static let idFields: [TypedField] = [
        TypedField("left", "id"), TypedField("left", "tenant_id"), TypedField("left", "meeting_id"),
        TypedField("left", "organizer_id"), TypedField("join_request", "organizer_id"),
        TypedField("join_request", "participant_id"), TypedField("join_request", "home_tenant_id"),
        TypedField("lobby_admitted", "actor_id"), TypedField("lobby_removed", "actor_id"),
        TypedField("app_action", "app_id"),
    ]

    @Test("Empty id, per id field", arguments: idFields)
    func emptyID(_ field: TypedField) {
        #expect(F.problem(F.line(field.type, setting: (field.field, #""""#))) == LineProblem(field: field.field, .emptyID))
    }

    @Test("ts: an RFC 3339 time with an offset", arguments: [
        "2026-11-23T09:00:00", "2026-11-23T09:00:00.5", "2026-11-23", "2026-11-23T09:00Z", "2026-11-23T09:00:00+0100",
        "2026-11-23T09:00:00.Z", "23/11/2026 09:00", "", "2026-11-23T24:00:00Z",
    ])
    func timestampNeedsOffset(_ text: String) {
        #expect(F.problem(F.line("left", setting: ("ts", "\"\(text)\""))) == LineProblem(field: "ts", .invalidTimestamp(text)))
    }

    @Test("ts: an invalid date such as February 30")
    func invalidDate() {
        for text in ["2026-02-30T09:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z"] {
            #expect(F.problem(F.line("left", setting: ("ts", "\"\(text)\""))) == LineProblem(field: "ts", .invalidTimestamp(text)))
        }
        #expect(F.problem(F.line("left", setting: ("ts", #""2028-02-29T00:00:00Z""#))) == nil)
    }

    @Test("scheduled_start and scheduled_end: RFC 3339 with an offset")
    func scheduledTimes() {
        #expect(
            F.problem(F.line("meeting_scheduled", setting: ("scheduled_start", #""2026-11-23T10:00:00""#)))
                == LineProblem(field: "scheduled_start", .invalidTimestamp("2026-11-23T10:00:00")))
        #expect(
            F.problem(F.line("meeting_scheduled", setting: ("scheduled_end", #""2026-02-30T10:00:00Z""#)))
                == LineProblem(field: "scheduled_end", .invalidTimestamp("2026-02-30T10:00:00Z")))
    }

    @Test("Duplicate field: a known field twice is a bad line")
    func duplicateField() {
        let line = F.line("left").dropLast() + #","participant_id":"p-2"}"#
        #expect(F.problem(String(line)) == LineProblem(field: "participant_id", .duplicateField))
        #expect(F.problem(String(line))?.description == #"duplicate field "participant_id""#)
        let nullTwice = F.line("left").dropLast() + #","organizer_id":null,"organizer_id":"u"}"#
        #expect(F.problem(String(nullTwice)) == LineProblem(field: "organizer_id", .duplicateField))
    }

    @Test("Duplicate field hidden by an escape in its name")
    func duplicateFieldEscaped() {
        let line = F.line("left").dropLast() + #","\u0069d":"e2"}"#
        #expect(F.problem(String(line)) == LineProblem(field: "id", .duplicateField))
    }

    @Test("Unknown fields may repeat: they are ignored")
    func unknownFieldsRepeat() {
        let line = F.line("left").dropLast() + #","x":1,"x":2}"#
        #expect(F.problem(String(line)) == nil)
    }
}
