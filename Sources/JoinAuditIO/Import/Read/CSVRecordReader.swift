import Glibc

/// An RFC 4180 reader fed with chunks of text: fields separated by commas, records by line
/// ends (`\n` or `\r\n`), quoted fields holding commas, doubled quotes and line breaks. A
/// byte-order mark at the start is skipped, empty lines are skipped, a record that never
/// ends its quoted field (a truncated file) is a damaged record, never a crash.
///
/// Lenient where spreadsheets are: a quote inside an unquoted field, or text after a closing
/// quote, is kept as text. Each record is assembled in one reusable buffer (unquoting as it
/// copies: one `memchr` and one copy per run between quotes), so memory is bounded by the
/// largest record; a record over `maxRecordBytes` is damaged and skipped to its end.
final class CSVRecordReader {
    let maxRecordBytes: Int
    private let buffer = RecordBuffer()
    private var fieldEnds: [Int] = []

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private var state = State.fieldStart
    private var bom = ByteOrderMarkSkipper()
    /// Lines started so far (the current line's number).
    private(set) var line = 1
    private(set) var records = 0
    private var recordLine = 1
    private var recordHasContent = false
    private var recordTooLong = false
    private var recordLength = 0

    private let onRecord: (CSVRecord) throws -> Void
    private let onDamage: (RecordDamage) throws -> Void

    /// Deciding early that a record is not wanted: after each field of a record (the header,
    /// record 1, excepted), `decide` sees the record so far and says keep (true), skip
    /// (false) or not yet (nil). A skipped record's rest is not copied, and `onSkip` gets its
    /// number and line instead of `onRecord` the record. With `fastSkip`, the rest is skipped
    /// by counting quotes line by line (a record ends at a line end after an even number of
    /// quotes), several times faster, but blind to stray quotes in unquoted fields, which
    /// RFC 4180 does not allow: fit for a first pass that only looks for some records.
    private let decide: ((CSVRecord) -> Bool?)?
    private let onSkip: ((_ number: Int, _ line: Int) throws -> Void)?
    private let fastSkip: Bool
    private var decided = false
    private var skipping = false
    private var skipQuotesOdd = false

    init(
        maxRecordBytes: Int = 16 << 20, decide: ((CSVRecord) -> Bool?)? = nil,
        onSkip: ((_ number: Int, _ line: Int) throws -> Void)? = nil, fastSkip: Bool = false,
        onRecord: @escaping (CSVRecord) throws -> Void, onDamage: @escaping (RecordDamage) throws -> Void
    ) {
        self.maxRecordBytes = maxRecordBytes
        self.decide = decide
        self.onSkip = onSkip
        self.fastSkip = fastSkip
        self.onRecord = onRecord
        self.onDamage = onDamage
        fieldEnds.reserveCapacity(16)
    }

    /// The last line's number, for the file summary.
    var lines: Int { line }

    func consume(_ chunk: UnsafeRawBufferPointer) throws {
        var pending: [UInt8] = []
        let rest = bom.strip(chunk, pending: &pending)
        if !pending.isEmpty { try pending.withUnsafeBytes { try scan($0) } }
        try scan(rest)
    }

    /// Gzip damage cut the text here: the partial record is lost.
    func cut() throws {
        if skipping {
            try endSkipped()
        } else if recordHasContent {
            try damage("gzip damage cut this record short")
        }
        resetRecord()
        state = .fieldStart
    }

    /// The end of the text: a record without a final line end is still a record, unless it
    /// stopped inside a quoted field.
    func finish() throws {
        let pending = bom.finish()
        if !pending.isEmpty { try pending.withUnsafeBytes { try scan($0) } }
        if skipping {
            try endSkipped()
            state = .fieldStart
            return
        }
        switch state {
        case .quoted:
            try damage("the input ends inside a quoted field: the last record is truncated")
            resetRecord()
        default:
            if recordHasContent {
                endField()
                try endRecord()
            }
        }
        state = .fieldStart
    }

    private func scan(_ chunk: UnsafeRawBufferPointer) throws {
        guard let base = chunk.baseAddress else { return }
        let n = chunk.count
        var i = 0
        while i < n {
            if skipping && fastSkip {
                i = try skipFast(base, from: i, count: n)
                continue
            }
            switch state {
            case .fieldStart:
                let c = base.load(fromByteOffset: i, as: UInt8.self)
                switch c {
                case UInt8(ascii: "\""):
                    beginContent()
                    state = .quoted
                    i += 1
                case UInt8(ascii: ","):
                    beginContent()
                    endField()
                    i += 1
                case 0x0A:
                    if recordHasContent {
                        endField()
                        try endRecord()
                    }
                    line += 1
                    i += 1
                case 0x0D:
                    i += 1
                default:
                    beginContent()
                    state = .unquoted
                }
            case .unquoted:
                var j = i
                while j < n {
                    let c = base.load(fromByteOffset: j, as: UInt8.self)
                    if c == UInt8(ascii: ",") || c == 0x0A || c == 0x0D || c == UInt8(ascii: "\"") { break }
                    j += 1
                }
                append(base + i, count: j - i)
                i = j
                guard j < n else { break }
                switch base.load(fromByteOffset: j, as: UInt8.self) {
                case UInt8(ascii: ","):
                    endField()
                    state = .fieldStart
                case 0x0A:
                    endField()
                    try endRecord()
                    state = .fieldStart
                    line += 1
                case 0x0D:
                    break  // dropped outside quotes
                default:
                    append(UInt8(ascii: "\""))  // a stray quote in an unquoted field is text
                }
                i += 1
            case .quoted:
                let start = base + i
                // Line breaks inside quotes are counted once the record is complete (in the
                // copied record, one `memchr`), or as they pass when nothing is copied.
                guard let hit = memchr(start, Int32(UInt8(ascii: "\"")), n - i) else {
                    append(start, count: n - i)
                    i = n
                    break
                }
                let q = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if q + 1 < n && base.load(fromByteOffset: q + 1, as: UInt8.self) == UInt8(ascii: "\"") {
                    // A doubled quote: keep the run and one quote in one copy, stay quoted.
                    append(start, count: q + 1 - i)
                    i = q + 2
                } else {
                    append(start, count: q - i)
                    i = q + 1
                    state = .quoteInQuoted
                }
            case .quoteInQuoted:
                let c = base.load(fromByteOffset: i, as: UInt8.self)
                switch c {
                case UInt8(ascii: "\""):
                    append(c)
                    state = .quoted
                    i += 1
                case UInt8(ascii: ","):
                    endField()
                    state = .fieldStart
                    i += 1
                case 0x0A:
                    endField()
                    try endRecord()
                    state = .fieldStart
                    line += 1
                    i += 1
                case 0x0D:
                    i += 1
                default:
                    state = .unquoted  // text after a closing quote is kept
                }
            }
        }
    }

    @inline(__always)
    private func beginContent() {
        if !recordHasContent {
            recordHasContent = true
            recordLine = line
        }
    }

    @inline(__always)
    private func countLines(_ start: UnsafeRawPointer, _ count: Int) {
        var p = start
        var left = count
        while left > 0, let hit = memchr(p, 0x0A, left) {
            line += 1
            let next = UnsafeRawPointer(hit) + 1
            left -= next - p
            p = next
        }
    }

    @inline(__always)
    private func append(_ source: UnsafeRawPointer, count: Int) {
        if skipping {
            countLines(source, count)
            return
        }
        recordLength += count
        if !recordTooLong && recordLength > maxRecordBytes {
            recordTooLong = true
            countLines(buffer.bytes.baseAddress!, buffer.count)  // what was copied, counted now
        }
        if recordTooLong {
            countLines(source, count)
            return
        }
        buffer.append(source, count: count)
    }

    /// Counts the line breaks of the copied record (they can only be inside quoted fields).
    private func countCopiedLines() {
        if !recordTooLong, buffer.count > 0 { countLines(buffer.bytes.baseAddress!, buffer.count) }
    }

    @inline(__always)
    private func append(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { append($0.baseAddress!, count: 1) }
    }

    @inline(__always)
    private func endField() {
        if skipping { return }
        fieldEnds.append(buffer.count)
        if let decide, !decided, records > 0, !recordTooLong {
            let wanted = fieldEnds.withUnsafeBufferPointer { ends in
                decide(CSVRecord(number: records + 1, line: recordLine, buffer: buffer.bytes, fieldEnds: ends))
            }
            if let wanted {
                decided = true
                if !wanted {
                    skipping = true
                    skipQuotesOdd = false  // a field just ended: outside quotes
                }
            }
        }
    }

    /// Skips the rest of an unwanted record line by line (`fastSkip`); returns where to go on.
    private func skipFast(_ base: UnsafeRawPointer, from start: Int, count n: Int) throws -> Int {
        var i = start
        while i < n {
            let end = memchr(base + i, 0x0A, n - i).map { UnsafeRawPointer($0) - base } ?? n
            if Self.countQuotes(base + i, end - i) & 1 == 1 { skipQuotesOdd.toggle() }
            guard end < n else { return n }
            line += 1
            i = end + 1
            if !skipQuotesOdd {
                try endSkipped()
                state = .fieldStart
                return i
            }
        }
        return i
    }

    private func endSkipped() throws {
        records += 1
        let (number, start) = (records, recordLine)
        resetRecord()
        try onSkip?(number, start)
    }

    /// The number of `"` bytes, eight at a time (an exact per-byte zero test, then a popcount).
    @inline(__always)
    static func countQuotes(_ p: UnsafeRawPointer, _ count: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var total = 0
        var k = 0
        while k + 8 <= count {
            let x = p.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ (ones &* 0x22)
            let zero = ~(((x & low7) &+ low7) | x | low7)
            total += zero.nonzeroBitCount
            k += 8
        }
        while k < count {
            if p.load(fromByteOffset: k, as: UInt8.self) == 0x22 { total += 1 }
            k += 1
        }
        return total
    }

    private func endRecord() throws {
        if skipping {
            try endSkipped()
            return
        }
        countCopiedLines()
        records += 1
        if recordTooLong {
            try damage("the record is \(recordLength) bytes long, over the limit of \(maxRecordBytes) bytes", alreadyCounted: true)
        } else {
            try fieldEnds.withUnsafeBufferPointer { ends in
                try onRecord(CSVRecord(number: records, line: recordLine, buffer: buffer.bytes, fieldEnds: ends))
            }
        }
        resetRecord()
    }

    /// Reports the record being assembled as damaged, counting it unless `endRecord` did.
    private func damage(_ reason: String, alreadyCounted: Bool = false) throws {
        if !alreadyCounted {
            records += 1
            countCopiedLines()
        }
        if fieldEnds.last != buffer.count { fieldEnds.append(buffer.count) }
        let raw = fieldEnds.withUnsafeBufferPointer { ends in
            CSVRecord(number: records, line: recordLine, buffer: buffer.bytes, fieldEnds: ends).joined(limit: 4096)
        }
        try onDamage(RecordDamage(number: records, line: recordLine, reason: reason, raw: raw))
    }

    private func resetRecord() {
        buffer.removeAll()
        fieldEnds.removeAll(keepingCapacity: true)
        recordHasContent = false
        recordTooLong = false
        recordLength = 0
        skipping = false
        decided = false
    }
}
