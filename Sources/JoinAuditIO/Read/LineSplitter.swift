import Glibc

/// Cuts a stream of text chunks into lines and applies the contract's line rules: strip a
/// trailing `\r`, skip a byte-order mark at the start of the text, count but do not deliver
/// blank lines, and cap over-long lines.
///
/// Lines that lie wholly inside a chunk are handed on in place; only a line that straddles
/// two chunks is copied, into one reusable carry buffer. A line longer than the limit is
/// never held whole: the carry keeps its head, the rest is counted and skipped up to the
/// newline, so memory stays bounded whatever the input.
final class LineSplitter {
    /// Lines longer than this many bytes (without the line end) are oversized.
    let limit: Int
    /// How much of an oversized line is delivered.
    let oversizedPrefix: Int

    /// The head of a line that began in an earlier chunk.
    private let carry: UnsafeMutableRawPointer
    private let carryCapacity: Int
    /// Bytes of the pending partial line kept in `carry` (at most `carryCapacity`).
    private var carried = 0
    /// Bytes of the pending partial line seen so far, kept or not.
    private var pendingLength = 0
    /// The pending partial line's last byte, to recognise `\r\n` split across chunks.
    private var pendingLastByte: UInt8 = 0

    private(set) var lineNumber = 0
    private(set) var blankLines = 0
    private(set) var oversizedLines = 0

    init(limit: Int = 1_048_576, oversizedPrefix: Int = 4096) {
        precondition(limit > 0 && oversizedPrefix >= 0)
        self.limit = limit
        self.oversizedPrefix = oversizedPrefix
        // Room for a line at the limit plus its `\r` and a byte-order mark, so that whether
        // a carried line is oversized is decided exactly; and for the oversized prefix.
        carryCapacity = max(limit, oversizedPrefix) + 4
        carry = .allocate(byteCount: carryCapacity, alignment: 16)
    }

    deinit { carry.deallocate() }

    /// Splits `chunk`, handing every complete line in it to `body`.
    func consume(_ chunk: UnsafeRawBufferPointer, _ body: (LogLine) throws -> Void) throws {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        let count = chunk.count
        var position = 0
        if pendingLength > 0 {
            guard let newline = memchr(base, 0x0a, count) else {
                holdPartial(base, count: count)
                return
            }
            let end = UnsafeRawPointer(newline) - base
            if end > 0 { holdPartial(base, count: end) }
            let length = pendingLength
            let keptLength = carried
            let lastByte = pendingLastByte
            discardPartialLine()
            try deliver(UnsafeRawPointer(carry), kept: keptLength, length: length, lastByte: lastByte, body)
            position = end + 1
        }
        while position < count {
            let start = base + position
            guard let newline = memchr(start, 0x0a, count - position) else {
                holdPartial(start, count: count - position)
                return
            }
            let length = UnsafeRawPointer(newline) - start
            let lastByte = length > 0 ? start.load(fromByteOffset: length - 1, as: UInt8.self) : 0
            try deliver(start, kept: length, length: length, lastByte: lastByte, body)
            position += length + 1
        }
    }

    /// Delivers a final line that has no newline after it.
    func finish(_ body: (LogLine) throws -> Void) throws {
        guard pendingLength > 0 else { return }
        let length = pendingLength
        let keptLength = carried
        let lastByte = pendingLastByte
        discardPartialLine()
        try deliver(UnsafeRawPointer(carry), kept: keptLength, length: length, lastByte: lastByte, body)
    }

    /// Forgets the pending partial line: damage cut it, so it is not a line.
    func discardPartialLine() {
        carried = 0
        pendingLength = 0
        pendingLastByte = 0
    }

    private func holdPartial(_ bytes: UnsafeRawPointer, count: Int) {
        let room = min(count, carryCapacity - carried)
        if room > 0 {
            (carry + carried).copyMemory(from: bytes, byteCount: room)
            carried += room
        }
        pendingLength += count
        pendingLastByte = bytes.load(fromByteOffset: count - 1, as: UInt8.self)
    }

    /// Applies the line rules to one raw line (`kept` of its `length` bytes at `start`,
    /// without the `\n`) and hands it on unless it is blank.
    @inline(__always)
    private func deliver(
        _ start: UnsafeRawPointer, kept: Int, length: Int, lastByte: UInt8,
        _ body: (LogLine) throws -> Void
    ) throws {
        lineNumber += 1
        var start = start
        var kept = kept
        var length = length
        if lastByte == 0x0d, length > 0 {  // CRLF
            length -= 1
            kept = min(kept, length)
        }
        if lineNumber == 1, kept >= 3, start.load(as: UInt8.self) == 0xef,
            start.load(fromByteOffset: 1, as: UInt8.self) == 0xbb,
            start.load(fromByteOffset: 2, as: UInt8.self) == 0xbf
        {
            start += 3
            kept -= 3
            length -= 3
        }
        if length > limit {
            oversizedLines += 1
            let prefix = UnsafeRawBufferPointer(start: start, count: min(kept, oversizedPrefix))
            try body(LogLine(number: lineNumber, bytes: prefix, length: length, isOversized: true))
            return
        }
        var index = 0
        while index < length {
            let byte = start.load(fromByteOffset: index, as: UInt8.self)
            if byte != 0x20 && byte != 0x09 { break }
            index += 1
        }
        if index == length {
            blankLines += 1
            return
        }
        try body(LogLine(number: lineNumber, bytes: UnsafeRawBufferPointer(start: start, count: length), length: length, isOversized: false))
    }
}
