/// Decoding of the spans `JSONLineScanner` validated: only for values that are stored or
/// compared, so a line's other strings are never copied.
extension JSONLineScanner {
    /// The bytes of a token: a string's decoded text (escapes resolved, in a temporary buffer
    /// when it has any), or any other token's text as written.
    @inline(__always)
    func withBytes<R>(of token: JSONToken, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard token.escaped else {
            return body(UnsafeRawBufferPointer(rebasing: b[token.start..<token.end]))
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: token.end - token.start) { buffer in
            let count = unescape(token, into: buffer.baseAddress!)
            return body(UnsafeRawBufferPointer(start: buffer.baseAddress!, count: count))
        }
    }

    /// The token's text as a Swift string (decoded, for strings).
    func string(_ token: JSONToken) -> String {
        guard token.escaped else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: b[token.start..<token.end]), as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: token.end - token.start) { buffer in
            unescape(token, into: buffer.baseAddress!)
        }
    }

    /// Decodes a validated string span into `out`, which has room for the span's length (the
    /// decoded form is never longer), and returns the decoded length.
    private func unescape(_ token: JSONToken, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var i = token.start
        var o = 0
        while i < token.end {
            let c = b[i]
            guard c == UInt8(ascii: "\\") else {
                out[o] = c
                o += 1
                i += 1
                continue
            }
            let e = b[i + 1]
            i += 2
            let simple: UInt8
            switch e {
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"):
                var scalar = UInt32(hexUnit(at: i))
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {  // validated: a low surrogate follows
                    let low = UInt32(hexUnit(at: i + 2))
                    i += 6
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                }
                o += Self.encodeUTF8(scalar, into: out + o)
                continue
            default: simple = e  // " \ /
            }
            out[o] = simple
            o += 1
        }
        return o
    }

    private func hexUnit(at j: Int) -> UInt16 {
        var value: UInt16 = 0
        for k in j..<(j + 4) { value = value << 4 | UInt16(Self.hexValue(b[k]) ?? 0) }
        return value
    }

    private static func encodeUTF8(_ v: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch v {
        case ..<0x80:
            out[0] = UInt8(v)
            return 1
        case ..<0x800:
            out[0] = UInt8(0xC0 | v >> 6)
            out[1] = UInt8(0x80 | v & 0x3F)
            return 2
        case ..<0x10000:
            out[0] = UInt8(0xE0 | v >> 12)
            out[1] = UInt8(0x80 | v >> 6 & 0x3F)
            out[2] = UInt8(0x80 | v & 0x3F)
            return 3
        default:
            out[0] = UInt8(0xF0 | v >> 18)
            out[1] = UInt8(0x80 | v >> 12 & 0x3F)
            out[2] = UInt8(0x80 | v >> 6 & 0x3F)
            out[3] = UInt8(0x80 | v & 0x3F)
            return 4
        }
    }
}
