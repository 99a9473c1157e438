import Glibc

/// Walking a JSON value member by member with `JSONLineScanner`, validating as it goes, so
/// that a record is read in one pass: the fields wanted are taken as they pass, the rest are
/// skipped (and still validated).
extension JSONLineScanner {
    /// Reads the object at the current position. For each member, `body` gets the member's
    /// name with the position at its value, and must read the value (`scanValue()` or a walk).
    mutating func walkObject(_ body: (inout JSONLineScanner, JSONToken) throws(LineProblem) -> Void) throws(LineProblem) {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            pos += 1
            return
        }
        while true {
            guard peek(UInt8(ascii: "\"")) else { throw unexpected(at: pos) }
            let name = try scanString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try body(&self, name)
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                pos += 1
                skipWhitespace()
                continue
            }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// Reads the array at the current position; `body` gets each element's index with the
    /// position at the element, and must read it.
    mutating func walkArray(_ body: (inout JSONLineScanner, Int) throws(LineProblem) -> Void) throws(LineProblem) {
        skipWhitespace()
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            pos += 1
            return
        }
        var index = 0
        while true {
            try body(&self, index)
            index += 1
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                pos += 1
                skipWhitespace()
                continue
            }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// Nothing but whitespace may follow the value that was read.
    mutating func expectEnd() throws(LineProblem) {
        skipWhitespace()
        guard pos == n else { throw LineProblem(.trailingData(column: pos + 1)) }
    }

    /// The kind of the value at the current position, without reading it.
    func peekKind() -> JSONToken.Kind? {
        guard pos < n else { return nil }
        switch b[pos] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"): return .true
        case UInt8(ascii: "f"): return .false
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    /// Whether a member name spells `name` exactly (after unescaping).
    @inline(__always)
    func nameIs(_ token: JSONToken, _ name: StaticString) -> Bool {
        withBytes(of: token) { Self.equal($0, name) }
    }

    @inline(__always)
    static func equal(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount && (bytes.count == 0 || memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0)
    }

    /// A string value's text; nil for null or any other kind.
    func text(_ token: JSONToken) -> String? {
        token.kind == .string ? string(token) : nil
    }

    /// A value as a reader would name it in a message: "a number", "an object".
    static func phrase(_ kind: JSONToken.Kind) -> String {
        switch kind {
        case .string: "a string"
        case .integer, .number: "a number"
        case .true, .false: "a boolean"
        case .null: "null"
        case .object: "an object"
        case .array: "an array"
        }
    }
}
