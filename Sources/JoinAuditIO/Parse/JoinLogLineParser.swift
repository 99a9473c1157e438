import JoinAuditCore

/// Parses one line of the join log (log-format.md, version 1) into an `Event`, or says in a
/// `LineProblem` why the line is bad.
///
/// Why by bytes: Foundation's `JSONDecoder` measured about 95k lines/s here; this parser
/// reads each byte once (eight at a time inside plain ASCII strings), compares field names
/// and vocabulary values on bytes, and makes strings only of the values it stores.
/// Measured (release, -O -wmo, Swift 6.3.1, one core of the 2-core Debian 12 machine, thread
/// CPU time, best of 7 × 200k lines): ~1.05M lines/s (~375 MB/s) on 359-byte `join_request`
/// lines with a non-ASCII display name, ~1.15M lines/s on a mix of types averaging 321 bytes;
/// about 0.72M lines/s in wall time while other builds loaded the machine.
///
/// Strict where parsers are known to disagree, so that what the analyzer judges is what the
/// service logged: exactly one JSON object per line, valid UTF-8 (no overlong forms, no
/// encoded surrogates), no lone surrogate escapes, no raw control characters in strings, no
/// known field twice, and strictly typed known fields. Unknown fields, and fields of other
/// event types than the line's, are ignored whatever their value, within a nesting limit.
///
/// Defaults and nulls: `v` absent is 1; `origin` absent is `join_log`; `role` absent is
/// `attendee`; `invited` absent is false and null is unknown (`nil`); `external_access`
/// absent or null is true (the contract gives null no meaning, so it is read as "not
/// logged"); `pstn_bypass_lobby` null is absent; optional strings given as null are absent.
/// Required fields given as null are bad lines.
public struct JoinLogLineParser: Sendable {
    /// A line longer than 1 MiB is a bad line (log-format.md).
    public static let maxLineBytes = 1 << 20
    /// Arrays and objects nested deeper than this (the line's object is level 1) make a bad
    /// line, so unknown fields cannot exhaust the stack or the time of the parser.
    public static let maxNestingDepth = JSONLineScanner.maxDepth

    public init() {}

    /// Parses one line: its bytes without the line end (the reader strips `\n` and `\r`).
    public func parse(_ line: UnsafeRawBufferPointer) throws(LineProblem) -> Event {
        guard line.count <= Self.maxLineBytes else {
            throw LineProblem(.lineTooLong(bytes: line.count, limit: Self.maxLineBytes))
        }
        // Thrown straight through, not carried out in a `Result`: `Result.get()` copied the
        // event (a retain and a release of each of its strings) on the reading thread.
        return try FieldSlots.withSlots { (slots) throws(LineProblem) -> Event in
            var scanner = JSONLineScanner(line)
            try readObject(&scanner, into: &slots)
            return try EventFields(scanner: scanner, slots: slots).event()
        }
    }

    /// Parses one line given as bytes.
    public func parse(_ line: [UInt8]) throws(LineProblem) -> Event {
        try line.withUnsafeBytes { bytes in Result { () throws(LineProblem) in try parse(bytes) } }.get()
    }

    /// Parses one line given as text.
    public func parse(_ line: String) throws(LineProblem) -> Event {
        var line = line
        return try line.withUTF8 { utf8 in
            Result { () throws(LineProblem) in try parse(UnsafeRawBufferPointer(utf8)) }
        }.get()
    }

    /// Walks the line's one object, recording the spans of known fields and skipping the rest.
    private func readObject(_ s: inout JSONLineScanner, into slots: inout FieldSlots) throws(LineProblem) {
        s.skipWhitespace()
        try s.expect(UInt8(ascii: "{"))
        s.skipWhitespace()
        if s.peek(UInt8(ascii: "}")) {
            s.pos += 1
        } else {
            while true {
                guard s.peek(UInt8(ascii: "\"")) else { throw s.unexpected(at: s.pos) }
                let name = try s.scanString()
                s.field = name
                // An escaped name (`"i\u0064"`) is the name it spells, as for any JSON reader.
                let key = s.withBytes(of: name) { JoinLogKey.match($0) }
                s.skipWhitespace()
                try s.expect(UInt8(ascii: ":"))
                s.skipWhitespace()
                if let key {
                    guard !slots.contains(key) else { throw LineProblem(field: key.text, .duplicateField) }
                    slots.set(key, try s.scanValue())
                } else {
                    _ = try s.scanValue()
                }
                // What follows a value is still blamed on its field (`"x":01`, `"x":falsey`).
                s.skipWhitespace()
                if s.peek(UInt8(ascii: ",")) {
                    s.pos += 1
                    s.field = nil
                    s.skipWhitespace()
                    continue
                }
                try s.expect(UInt8(ascii: "}"))
                s.field = nil
                break
            }
        }
        s.skipWhitespace()
        guard s.pos == s.n else { throw LineProblem(.trailingData(column: s.pos + 1)) }
    }
}
