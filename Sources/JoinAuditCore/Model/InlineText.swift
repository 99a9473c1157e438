/// Text kept inside the value when it is short: up to 31 bytes of UTF-8, longer text in a
/// `String`.
///
/// Every event carries an id and the time as logged (26 and 24 bytes in a join log). As
/// `String`s each was an allocation of its own, made on the reading thread, read on the
/// writing thread and freed on the judging one; inline, they live in the event's own storage.
///
/// Two texts are equal when their bytes are: ids and logged times are opaque, so `é` and
/// `e` + U+0301 are different ids here, which `String`'s `==` would call equal.
public struct InlineText: Sendable, Hashable, CustomStringConvertible {
    private var storage: Storage

    private enum Storage: Sendable {
        /// The bytes in order through the four words' memory, then zeros; the last byte is
        /// the count.
        case inline(UInt64, UInt64, UInt64, UInt64)
        /// Longer than `inlineCapacity`.
        case spilled(String)
    }

    public static let inlineCapacity = 31

    public init(_ text: String) {
        var text = text
        let count = text.utf8.count
        if count > Self.inlineCapacity {
            storage = .spilled(text)
        } else {
            storage = text.withUTF8 { Self.inline(UnsafeRawBufferPointer($0)) }
        }
    }

    /// `bytes` must be valid UTF-8: the parser's spans are validated as they are scanned.
    public init(validUTF8 bytes: UnsafeRawBufferPointer) {
        if bytes.count > Self.inlineCapacity {
            storage = .spilled(String(decoding: bytes, as: UTF8.self))
        } else {
            storage = Self.inline(bytes)
        }
    }

    private static func inline(_ bytes: UnsafeRawBufferPointer) -> Storage {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            if let base = bytes.baseAddress, bytes.count > 0 {
                raw.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
            }
            raw[inlineCapacity] = UInt8(truncatingIfNeeded: bytes.count)
        }
        return .inline(words.0, words.1, words.2, words.3)
    }

    /// The text as a Swift string (made anew each time when inline).
    public var string: String {
        switch storage {
        case .spilled(let text): return text
        case .inline: return withUTF8 { String(decoding: $0, as: UTF8.self) }
        }
    }

    public var description: String { string }

    /// The UTF-8 bytes, valid for the call.
    public func withUTF8<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .spilled(var text):
            return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .inline(let a, let b, let c, let d):
            var words = (a, b, c, d)
            return try withUnsafeBytes(of: &words) { raw in
                try body(UnsafeRawBufferPointer(rebasing: raw[0..<Int(raw[Self.inlineCapacity])]))
            }
        }
    }

    public var utf8Count: Int { withUTF8 { $0.count } }

    public static func == (lhs: InlineText, rhs: InlineText) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case let (.inline(a0, a1, a2, a3), .inline(b0, b1, b2, b3)):
            return a0 == b0 && a1 == b1 && a2 == b2 && a3 == b3
        case let (.spilled(a), .spilled(b)):
            return a.utf8.elementsEqual(b.utf8)
        default:
            // Short text is always inline and long text never is.
            return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        withUTF8 { hasher.combine(bytes: $0) }
    }
}
