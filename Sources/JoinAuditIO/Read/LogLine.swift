/// One line of an input, as the reader hands it to the parser: borrowed bytes, no copy.
///
/// The bytes exclude the line end (`\n`, or `\r\n`) and, on line 1, a UTF-8 byte-order
/// mark. They point into the reader's buffers and are valid only during the call that
/// receives the line; copy what must outlive it.
public struct LogLine {
    /// 1-based position in the decompressed text. Blank lines are not delivered but are
    /// counted, so numbers match what an editor shows.
    public let number: Int
    /// The line, or for an oversized line only its first bytes (at most 4 KiB).
    public let bytes: UnsafeRawBufferPointer
    /// The whole line's length in bytes; larger than `bytes.count` when oversized.
    public let length: Int
    /// The line is longer than the reader's limit (1 MiB by default): a bad line by
    /// contract, delivered so it can be reported with its number, never parsed.
    public let isOversized: Bool

    init(number: Int, bytes: UnsafeRawBufferPointer, length: Int, isOversized: Bool) {
        self.number = number
        self.bytes = bytes
        self.length = length
        self.isOversized = isOversized
    }
}
