import CJSONScan

/// A scalar or container value found in the line, by its byte span; nothing is decoded until
/// a field that is stored asks for it.
struct JSONToken {
    enum Kind: UInt8 {
        case string, integer, number, `true`, `false`, null, object, array
    }

    var kind: Kind
    /// For strings, the span between the quotes; otherwise the whole value.
    var start: Int
    var end: Int
    /// A string holding at least one backslash escape, which must be decoded before use.
    var escaped: Bool
}

/// Strict, allocation-free scanning of one line of JSON (RFC 8259) by bytes: whitespace,
/// strings (escapes, surrogate pairs and UTF-8 validated as they pass), numbers, literals, and
/// containers skipped without recursion under a nesting limit.
///
/// Errors name `field`, the top-level field whose value is being read, when there is one.
struct JSONLineScanner {
    /// Nesting limit for the whole line: the event object is level 1.
    static let maxDepth = 64

    let b: UnsafeRawBufferPointer
    let n: Int
    var pos = 0
    /// The name of the top-level field being read, for naming it in problems.
    var field: JSONToken?

    init(_ bytes: UnsafeRawBufferPointer) {
        b = bytes
        n = bytes.count
    }

    // MARK: Problems

    func fieldName() -> String? {
        field.map { string($0) }
    }

    func problem(_ reason: LineProblem.Reason) -> LineProblem {
        LineProblem(field: fieldName(), reason)
    }

    /// The problem of finding the byte at `i` (or the end of the line) where it does not belong.
    func unexpected(at i: Int) -> LineProblem {
        i < n ? problem(.unexpectedByte(b[i], column: i + 1)) : problem(.unexpectedEnd(column: n + 1))
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < n {
            let c = b[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    /// Consumes `byte` at the current position, or fails naming what is there instead.
    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(LineProblem) {
        guard pos < n, b[pos] == byte else { throw unexpected(at: pos) }
        pos += 1
    }

    @inline(__always)
    func peek(_ byte: UInt8) -> Bool {
        pos < n && b[pos] == byte
    }

    /// Reads any value at the current position (whitespace already skipped).
    @inline(__always)
    mutating func scanValue() throws(LineProblem) -> JSONToken {
        guard pos < n else { throw unexpected(at: pos) }
        switch b[pos] {
        case UInt8(ascii: "\""):
            return try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanNumber()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try scanLiteral()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = pos
            let kind: JSONToken.Kind = b[pos] == UInt8(ascii: "{") ? .object : .array
            try skipContainer()
            return JSONToken(kind: kind, start: start, end: pos, escaped: false)
        default:
            throw unexpected(at: pos)
        }
    }

    /// Skips the object or array at the current position and everything in it, iteratively:
    /// a hostile line of `[[[[…` meets the depth limit, never a stack overflow.
    mutating func skipContainer() throws(LineProblem) {
        // Bit k of `stack` is 1 when the container at nesting k (from the innermost) is an
        // object; 63 bits suffice because the line's own object is level 1 of 64.
        var stack: UInt64 = 0
        var depth = 0
        while true {
            guard pos < n else { throw unexpected(at: pos) }
            let c = b[pos]
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
                guard depth < Self.maxDepth else {
                    throw problem(.nestedTooDeep(limit: Self.maxDepth, column: pos + 1))
                }
                let isObject = c == UInt8(ascii: "{")
                stack = stack << 1 | (isObject ? 1 : 0)
                pos += 1
                skipWhitespace()
                if peek(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    pos += 1
                    depth -= 1
                    stack >>= 1
                } else {
                    if isObject { try scanMemberName() }
                    continue
                }
            } else {
                _ = try scanValue()
            }
            // After a value: close containers, or move to the next element.
            while true {
                if depth == 0 { return }
                skipWhitespace()
                let inObject = stack & 1 == 1
                if peek(UInt8(ascii: ",")) {
                    pos += 1
                    skipWhitespace()
                    if inObject { try scanMemberName() }
                    break
                }
                try expect(inObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                depth -= 1
                stack >>= 1
            }
        }
    }

    /// `"name" :` inside a skipped object, leaving the position at the member's value.
    private mutating func scanMemberName() throws(LineProblem) {
        guard peek(UInt8(ascii: "\"")) else { throw unexpected(at: pos) }
        _ = try scanString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
    }

    // MARK: Scalars

    /// `true`, `false` or `null`.
    mutating func scanLiteral() throws(LineProblem) -> JSONToken {
        let kind: JSONToken.Kind
        let word: StaticString
        switch b[pos] {
        case UInt8(ascii: "t"): (kind, word) = (.true, "true")
        case UInt8(ascii: "f"): (kind, word) = (.false, "false")
        default: (kind, word) = (.null, "null")
        }
        let start = pos
        for k in 0..<word.utf8CodeUnitCount {
            guard pos < n, b[pos] == word.utf8Start[k] else { throw unexpected(at: pos) }
            pos += 1
        }
        return JSONToken(kind: kind, start: start, end: pos, escaped: false)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; an integer when it has
    /// neither fraction nor exponent.
    mutating func scanNumber() throws(LineProblem) -> JSONToken {
        let start = pos
        var isInteger = true
        if b[pos] == UInt8(ascii: "-") { pos += 1 }
        if peek(UInt8(ascii: "0")) {
            pos += 1
        } else {
            guard try digits() else { throw unexpected(at: pos) }
        }
        if peek(UInt8(ascii: ".")) {
            isInteger = false
            pos += 1
            guard try digits() else { throw unexpected(at: pos) }
        }
        if pos < n, b[pos] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            pos += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { pos += 1 }
            guard try digits() else { throw unexpected(at: pos) }
        }
        return JSONToken(kind: isInteger ? .integer : .number, start: start, end: pos, escaped: false)
    }

    /// Skips a run of decimal digits; false when there is none.
    @inline(__always)
    private mutating func digits() throws(LineProblem) -> Bool {
        let start = pos
        while pos < n, b[pos] &- UInt8(ascii: "0") < 10 { pos += 1 }
        return pos > start
    }

    /// A string at the current position (on its opening quote). Validates as it goes: escapes,
    /// surrogate pairs, no raw control characters, and well-formed UTF-8 (no overlong forms,
    /// no encoded surrogates, nothing above U+10FFFF).
    mutating func scanString() throws(LineProblem) -> JSONToken {
        let start = pos + 1
        var i = start
        var escaped = false
        // The C function is called here directly, the line's base read once: through
        // `plainEnd` below (its checks in the loop) the scan took 43 M instructions more on a
        // 100k-event day, a third of the gain.
        let base = b.baseAddress?.assumingMemoryBound(to: UInt8.self)
        while true {
            // Straight to the next quote, backslash, control byte or non-ASCII byte, sixteen
            // bytes a step: most ids and names are plain ASCII.
            if let base { i = joinaudit_json_plain_end(base, i, n) }
            guard i < n else { throw unexpected(at: i) }
            let c = b[i]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                escaped = true
                i = try checkEscape(at: i)
            } else if c < 0x20 {
                throw problem(.controlCharacter(c, column: i + 1))
            } else {
                // The scan stops only at the bytes above, so this is 0x80 or more.
                i = try checkUTF8(at: i)
            }
        }
        pos = i + 1
        return JSONToken(kind: .string, start: start, end: i, escaped: escaped)
    }

    /// The first index in `from..<end` of a byte a string's scan must look at (`"`, `\`,
    /// below 0x20, or 0x80 and above), or `end`: `joinaudit_json_plain_end`, 16 bytes a step,
    /// with its bounds checked (for the tests; `scanString` calls it directly).
    static func plainEnd(_ bytes: UnsafeRawBufferPointer, from: Int, to end: Int) -> Int {
        guard let base = bytes.baseAddress, from < end else { return max(from, min(end, bytes.count)) }
        precondition(end <= bytes.count, "the scan stays inside the line")
        return joinaudit_json_plain_end(base.assumingMemoryBound(to: UInt8.self), from, end)
    }

    /// Validates the escape at `i` (a backslash) and returns the index after it.
    private func checkEscape(at i: Int) throws(LineProblem) -> Int {
        guard i + 1 < n else { throw unexpected(at: i + 1) }
        switch b[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: i + 2, escapeAt: i)
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 7 < n, b[i + 6] == UInt8(ascii: "\\"), b[i + 7] == UInt8(ascii: "u") else {
                    throw problem(.loneSurrogate(unit, column: i + 1))
                }
                let low = try hex4(at: i + 8, escapeAt: i + 6)
                guard (0xDC00...0xDFFF).contains(low) else { throw problem(.loneSurrogate(unit, column: i + 1)) }
                return i + 12
            case 0xDC00...0xDFFF:
                throw problem(.loneSurrogate(unit, column: i + 1))
            default:
                return i + 6
            }
        default:
            throw problem(.invalidEscape(column: i + 1))
        }
    }

    private func hex4(at j: Int, escapeAt i: Int) throws(LineProblem) -> UInt16 {
        guard j + 4 <= n else { throw problem(.invalidEscape(column: i + 1)) }
        var value: UInt16 = 0
        for k in j..<(j + 4) {
            guard let d = Self.hexValue(b[k]) else { throw problem(.invalidEscape(column: i + 1)) }
            value = value << 4 | UInt16(d)
        }
        return value
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Validates the multi-byte UTF-8 sequence starting at `i` (Unicode table 3-7) and returns
    /// the index after it.
    private func checkUTF8(at i: Int) throws(LineProblem) -> Int {
        let lead = b[i]
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)  // below: overlong
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)  // above: UTF-16 surrogates
        case 0xF0: (length, low) = (4, 0x90)  // below: overlong
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)  // above: beyond U+10FFFF
        default: throw problem(.invalidUTF8(lead, column: i + 1))
        }
        guard i + 1 < n, (low...high).contains(b[i + 1]) else {
            throw problem(.invalidUTF8(i + 1 < n ? b[i + 1] : lead, column: min(i + 2, n)))
        }
        for k in (i + 2)..<(i + length) {
            guard k < n, b[k] & 0xC0 == 0x80 else {
                throw problem(.invalidUTF8(k < n ? b[k] : lead, column: min(k + 1, n)))
            }
        }
        return i + length
    }
}
