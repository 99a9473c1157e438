import JoinAuditCore

/// Why one join-log line is bad (log-format.md): the line is kept aside with its file, line
/// number and this problem, counted and reported, and the rest of the file goes on.
///
/// `field` names the top-level field at fault when there is one (for JSON damage inside a
/// field's value, the field whose value it was); `reason` says what is wrong. The description
/// is one sentence a user can act on, for example
/// `field "identity": "robot" is not one of internal, guest, external, anonymous, dial_in`.
public struct LineProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field at fault, as spelled in the log, or `nil` when the line as a whole is.
    public var field: String?
    public var reason: Reason

    public init(field: String? = nil, _ reason: Reason) {
        self.field = field
        self.reason = reason
    }

    /// What is wrong. Columns are 1-based byte offsets in the line.
    public enum Reason: Sendable, Equatable {
        // The line is not one JSON object.
        case unexpectedByte(UInt8, column: Int)
        case unexpectedEnd(column: Int)
        /// Something other than whitespace follows the object.
        case trailingData(column: Int)
        /// Arrays and objects nested deeper than `limit` levels (the line's object is level 1).
        case nestedTooDeep(limit: Int, column: Int)
        case invalidEscape(column: Int)
        /// A `\uD800`–`\uDFFF` escape that is not half of a high-low pair.
        case loneSurrogate(UInt16, column: Int)
        /// A byte below 0x20 inside a string, which JSON requires to be escaped.
        case controlCharacter(UInt8, column: Int)
        /// Text must be UTF-8: `byte` at `column` starts no valid sequence or breaks one.
        case invalidUTF8(UInt8, column: Int)
        case lineTooLong(bytes: Int, limit: Int)

        // The object does not fit the contract.
        /// A required field is absent; `eventType` is set when the type is what requires it.
        case missingField(eventType: EventType?)
        /// A known field appears twice: parsers disagree on which one wins, so neither does.
        case duplicateField
        /// `expected` and `found` are phrases: "a string", "the number 42", "null".
        case wrongType(expected: String, found: String)
        case notOneOf(value: String, allowed: [String])
        case emptyID
        case invalidTimestamp(String)
        case unsupportedVersion(String)
    }

    public var description: String {
        let name = field.map { "\"\($0)\"" }
        let prefix = name.map { "field \($0): " } ?? ""
        switch reason {
        case .unexpectedByte(let byte, let column):
            return "\(prefix)not JSON: unexpected byte \(Self.show(byte)) at column \(column)"
        case .unexpectedEnd(let column):
            return "\(prefix)not JSON: the line ends too early, at column \(column)"
        case .trailingData(let column):
            return "not JSON: unexpected data after the object at column \(column)"
        case .nestedTooDeep(let limit, let column):
            return "\(prefix)not accepted: nested deeper than \(limit) levels at column \(column)"
        case .invalidEscape(let column):
            return "\(prefix)not JSON: invalid escape sequence at column \(column)"
        case .loneSurrogate(let unit, let column):
            return "\(prefix)not JSON: lone UTF-16 surrogate \\u\(Self.hex(Int(unit), width: 4)) at column \(column)"
        case .controlCharacter(let byte, let column):
            return "\(prefix)not JSON: unescaped control character 0x\(Self.hex(Int(byte), width: 2)) in a string at column \(column)"
        case .invalidUTF8(let byte, let column):
            return "\(prefix)not valid UTF-8: byte 0x\(Self.hex(Int(byte), width: 2)) at column \(column)"
        case .lineTooLong(let bytes, let limit):
            return "the line is \(bytes) bytes long, over the limit of \(limit) bytes"
        case .missingField(let eventType):
            let what = "missing required field \(name ?? "?")"
            return eventType.map { "\(what) for \($0.rawValue)" } ?? what
        case .duplicateField:
            return "duplicate field \(name ?? "?")"
        case .wrongType(let expected, let found):
            return "\(prefix)expected \(expected), found \(found)"
        case .notOneOf(let value, let allowed):
            return "\(prefix)\(Self.quote(value)) is not one of \(allowed.joined(separator: ", "))"
        case .emptyID:
            return "\(prefix)an id must not be empty"
        case .invalidTimestamp(let text):
            return "\(prefix)\(Self.quote(text)) is not an RFC 3339 time with an offset"
        case .unsupportedVersion(let text):
            return "\(prefix)version \(text) is not supported (this analyzer reads version 1)"
        }
    }

    /// Text from the line, quoted for a message: control characters escaped and long values
    /// cut, since the text may be attacker-controlled and lines may be 1 MiB long.
    static func quote(_ text: String, limit: Int = 60) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(hex(Int(byte), width: 2))"
    }

    private static func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
