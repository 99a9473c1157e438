import Foundation
import JoinAuditIO
import Testing

/// `JoinLogWriter.appendString` passes plain ASCII over eight bytes at a time. Whatever word
/// a character that must be escaped falls in, and wherever in it, it is escaped, and the JSON
/// reads back as the text written.
@Suite("JSON string escaping")
struct JSONStringEscapingTests {
    /// Each must come out as an escape, never as its raw bytes.
    static let mustEscape: [String] = ["\"", "\\", "\u{0}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9B}",
                                       "\u{2028}", "\u{2029}", "\u{202E}", "\u{2066}", "\u{2069}"]

    @Test("a character to escape is escaped at every offset of the 8-byte words", arguments: mustEscape)
    func escapedAtEveryOffset(special: String) throws {
        for before in 0...17 {
            for after in [0, 1, 7, 8, 9] {
                let text = String(repeating: "a", count: before) + special + String(repeating: "z", count: after)
                var out: [UInt8] = []
                JoinLogWriter.appendString(text, to: &out)
                let inner = out.dropFirst().dropLast()
                #expect(!inner.contains(where: { $0 < 0x20 || $0 == 0x7F }), "raw control byte, offset \(before)")
                #expect(!containsRaw(special, in: Array(inner)), "\(special.unicodeScalars.first!.value) raw at offset \(before)")
                let decoded = try JSONSerialization.jsonObject(with: Data(out), options: .fragmentsAllowed) as? String
                #expect(decoded == text, "offset \(before), \(after) after")
            }
        }
    }

    @Test("plain ASCII and other non-ASCII text are copied as they are")
    func plainTextIsCopied() {
        for text in ["", "a", "abcdefgh", "abcdefghijklmnopqrstuvwxyz0123456789", "Zoë Ünal — 東京", "évêque (7 bytes)"] {
            var out: [UInt8] = []
            JoinLogWriter.appendString(text, to: &out)
            #expect(out == [UInt8(ascii: "\"")] + Array(text.utf8) + [UInt8(ascii: "\"")])
        }
    }

    /// Whether the raw UTF-8 of `special` appears in `bytes`; a quote or backslash counts only
    /// when not preceded by the backslash that escapes it.
    private func containsRaw(_ special: String, in bytes: [UInt8]) -> Bool {
        let needle = Array(special.utf8)
        guard needle.count <= bytes.count else { return false }
        for start in 0...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
            if special == "\"" || special == "\\" {
                var slashes = 0, i = start - 1
                while i >= 0, bytes[i] == UInt8(ascii: "\\") { slashes += 1; i -= 1 }
                if special == "\\" { continue }  // checked by decoding instead
                if slashes % 2 == 1 { continue }
            }
            return true
        }
        return false
    }
}
