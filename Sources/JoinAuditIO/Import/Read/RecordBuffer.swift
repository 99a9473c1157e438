/// A growable byte buffer reused from record to record, so that assembling a record that
/// spans chunks costs a copy and never an allocation once it has grown to the largest record.
final class RecordBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always)
    func append(_ source: UnsafeRawPointer, count n: Int) {
        guard n > 0 else { return }
        if count + n > capacity { grow(to: count + n) }
        (base + count).copyMemory(from: source, byteCount: n)
        count += n
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    func removeAll() { count = 0 }

    private func grow(to needed: Int) {
        var next = capacity * 2
        while next < needed { next *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: next, alignment: 16)
        grown.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = grown
        capacity = next
    }
}

/// Skips a UTF-8 byte-order mark at the start of a text that arrives in chunks of any size
/// (a pipe may deliver it one byte at a time).
struct ByteOrderMarkSkipper {
    private static let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// Bytes of the mark matched so far; 3 or `done` once decided.
    private var matched = 0
    private var done = false

    /// Returns the part of `chunk` after the mark, and in `pending` any bytes that looked like
    /// the start of a mark but were not (to be processed before the returned part).
    mutating func strip(_ chunk: UnsafeRawBufferPointer, pending: inout [UInt8]) -> UnsafeRawBufferPointer {
        guard !done else { return chunk }
        var i = 0
        while i < chunk.count, matched < 3 {
            if chunk[i] == Self.mark[matched] {
                matched += 1
                i += 1
            } else {
                pending = Array(Self.mark[..<matched])
                done = true
                return UnsafeRawBufferPointer(rebasing: chunk[i...])
            }
        }
        if matched == 3 { done = true }
        return UnsafeRawBufferPointer(rebasing: chunk[i...])
    }

    /// At the end of the text: a partial mark that never completed was text.
    mutating func finish() -> [UInt8] {
        defer { done = true }
        return done ? [] : Array(Self.mark[..<matched])
    }
}
