/// Eight bytes tested at once (SWAR), for the loops that pass over plain text a word at a
/// time: the parser's strings, the JSON record stream, and the escaping of written strings.
///
/// Each test returns the word with the high bit set in lanes that match. The lowest matching
/// lane is always marked and no lane below it is; a borrow may also mark lanes above it, and
/// `below` marks some non-ASCII lanes too. So the results answer "might any byte match?" with
/// no false "no", and the lowest mark of the tests or'd together is exactly the first byte to
/// look at (`firstMarked`): the callers jump there and go on byte by byte.
enum ByteLanes {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & high
    }

    @inline(__always)
    static func below(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        (word &- ones &* UInt64(byte)) & high
    }

    @inline(__always)
    static func nonASCII(_ word: UInt64) -> UInt64 {
        word & high
    }

    /// The offset of the lowest marked lane (words are loaded little-endian). The mask must not
    /// be zero.
    @inline(__always)
    static func firstMarked(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount &>> 3
    }
}
