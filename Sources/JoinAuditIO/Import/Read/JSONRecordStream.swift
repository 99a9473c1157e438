/// One JSON value found in a stream, borrowed from the stream's buffers: valid only during
/// the call that receives it.
struct JSONRecordSlice {
    /// 1-based among the file's records.
    let number: Int
    /// The line the record starts on (1-based).
    let line: Int
    let bytes: UnsafeRawBufferPointer
    /// The `@odata.context` of the page (`{"@odata.context": …, "value": [ … ]}`) the record
    /// came in, when there was one: Graph names the meeting of an attendance report there.
    let context: String?
}

/// Cuts a stream of JSON text into records, one value at a time, without holding more than
/// the record being read. The shapes the sources are saved in:
/// - one value per line (NDJSON), or values one after another, each a record;
/// - an array of records (the Management Activity API, `ConvertTo-Json`), of any size;
/// - pages `{"@odata.context": …, "value": [ … ], "@odata.nextLink": …}`: the elements of
///   `value` are the records, and the page's `@odata.context` goes with each of them;
/// - one object that is itself the record (a Graph call record with its `@odata.context`).
///
/// It tracks only strings and nesting, byte by byte (eight at a time inside strings); each
/// record is validated by the JSON reader that parses it. A record over `maxRecordBytes`, one
/// cut by gzip damage, and text left open at the end are damaged records, never a crash.
final class JSONRecordStream {
    let maxRecordBytes: Int
    private let buffer = RecordBuffer()
    private var bom = ByteOrderMarkSkipper()

    private(set) var line = 1
    private(set) var records = 0

    private var depth = 0
    private var inString = false
    private var escaped = false
    /// The depth at which a value is a record; nil inside a page's members other than `value`.
    private var recordDepth: Int? = 0

    private var capturing = false
    private var captureIsScalar = false
    private var captureFrom = 0
    private var captureLength = 0
    private var captureTooLong = false
    private var recordLine = 1

    /// A top-level object is being read, which may be a page: its members are watched.
    private var watchingTopObject = false
    private var expectKey = false
    private enum Collecting { case none, key, context }
    private var collecting = Collecting.none
    private var collected: [UInt8] = []
    private var lastKey: [UInt8] = []
    private var context: String?

    private let onRecord: (JSONRecordSlice) throws -> Void
    private let onDamage: (RecordDamage) throws -> Void

    init(maxRecordBytes: Int = 256 << 20, onRecord: @escaping (JSONRecordSlice) throws -> Void, onDamage: @escaping (RecordDamage) throws -> Void) {
        self.maxRecordBytes = maxRecordBytes
        self.onRecord = onRecord
        self.onDamage = onDamage
    }

    func consume(_ chunk: UnsafeRawBufferPointer) throws {
        var pending: [UInt8] = []
        let rest = bom.strip(chunk, pending: &pending)
        if !pending.isEmpty { try pending.withUnsafeBytes { try scan($0) } }
        try scan(rest)
    }

    /// Gzip damage cut the text here: the record being read is lost, and reading starts again
    /// as at the start of a file.
    func cut() throws {
        if capturing { try damage("gzip damage cut this record short") }
        resetToTop()
    }

    func finish() throws {
        let pending = bom.finish()
        if !pending.isEmpty { try pending.withUnsafeBytes { try scan($0) } }
        if capturing {
            if captureIsScalar && !inString {
                try deliver(UnsafeRawBufferPointer(start: nil, count: 0), from: 0, to: 0)
            } else {
                try damage("the input ends inside this record: it is truncated")
            }
        } else if depth > 0 {
            try damage("the input ends inside an array or object: it is truncated")
        }
        resetToTop()
    }

    private func resetToTop() {
        capturing = false
        buffer.removeAll()
        depth = 0
        inString = false
        escaped = false
        recordDepth = 0
        watchingTopObject = false
        collecting = .none
        context = nil
    }

    // MARK: Scanning

    private func scan(_ chunk: UnsafeRawBufferPointer) throws {
        guard let base = chunk.baseAddress else { return }
        let n = chunk.count
        var i = 0
        while i < n {
            if inString {
                if !escaped && collecting == .none {
                    // Eight bytes at a time while none is a quote, backslash or line feed.
                    while i &+ 8 <= n {
                        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                        let marked = Self.attention(word)
                        if marked != 0 {
                            i &+= ByteLanes.firstMarked(marked)
                            break
                        }
                        i &+= 8
                    }
                    guard i < n else { break }
                }
                let c = base.load(fromByteOffset: i, as: UInt8.self)
                if escaped {
                    escaped = false
                } else if c == UInt8(ascii: "\\") {
                    escaped = true
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                    try stringEnded(chunk, at: i)
                    i += 1
                    continue
                } else if c == 0x0A {
                    line += 1
                }
                if collecting != .none, collected.count < 4096 { collected.append(c) }
                i += 1
                continue
            }
            let c = base.load(fromByteOffset: i, as: UInt8.self)
            switch c {
            case 0x0A, 0x20, 0x09, 0x0D:
                if capturing && captureIsScalar && depth == recordDepth { try deliver(chunk, from: captureFrom, to: i) }
                if c == 0x0A { line += 1 }
            case UInt8(ascii: "\""):
                if !capturing && depth == recordDepth { begin(at: i, scalar: true) }
                inString = true
                if watchingTopObject && depth == 1 {
                    if expectKey {
                        collecting = .key
                        collected.removeAll(keepingCapacity: true)
                    } else if lastKey == Self.contextKey {
                        collecting = .context
                        collected.removeAll(keepingCapacity: true)
                    }
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if capturing && captureIsScalar && depth == recordDepth { try deliver(chunk, from: captureFrom, to: i) }
                if depth == 0 && !capturing {
                    depth = 1
                    if c == UInt8(ascii: "[") {
                        recordDepth = 1
                    } else {
                        begin(at: i, scalar: false)
                        watchingTopObject = true
                        expectKey = true
                        lastKey.removeAll()
                        context = nil
                    }
                } else if watchingTopObject && depth == 1 && c == UInt8(ascii: "[") && lastKey == Self.valueKey {
                    // A page: its `value` elements are the records, not the page itself.
                    capturing = false
                    buffer.removeAll()
                    depth = 2
                    recordDepth = 2
                } else {
                    if !capturing && depth == recordDepth { begin(at: i, scalar: false) }
                    depth += 1
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if capturing && captureIsScalar && depth == recordDepth { try deliver(chunk, from: captureFrom, to: i) }
                guard depth > 0 else {
                    try damageOutside("unexpected '\(Character(Unicode.Scalar(c)))' outside any value")
                    break
                }
                depth -= 1
                if capturing && !captureIsScalar && depth == recordDepth {
                    try deliver(chunk, from: captureFrom, to: i + 1)
                }
                if watchingTopObject && depth == 1 && recordDepth == 2 {
                    recordDepth = nil  // the page's `value` array closed
                }
                if depth == 0 {
                    recordDepth = 0
                    watchingTopObject = false
                    context = nil
                }
            case UInt8(ascii: ","):
                if capturing && captureIsScalar && depth == recordDepth { try deliver(chunk, from: captureFrom, to: i) }
                if watchingTopObject && depth == 1 { expectKey = true }
            case UInt8(ascii: ":"):
                if watchingTopObject && depth == 1 { expectKey = false }
            default:
                if !capturing && depth == recordDepth { begin(at: i, scalar: true) }
            }
            i += 1
        }
        if capturing {
            keep(chunk, from: captureFrom, to: n)
            captureFrom = 0
        }
    }

    private static let contextKey = Array("@odata.context".utf8)
    private static let valueKey = Array("value".utf8)

    /// The lanes that may be `"`, `\` or a line feed; the lowest is exact.
    @inline(__always)
    private static func attention(_ w: UInt64) -> UInt64 {
        ByteLanes.equal(w, 0x22) | ByteLanes.equal(w, 0x5C) | ByteLanes.equal(w, 0x0A)
    }

    private func stringEnded(_ chunk: UnsafeRawBufferPointer, at i: Int) throws {
        switch collecting {
        case .key:
            lastKey = collected
        case .context:
            context = String(decoding: collected.filter { $0 != UInt8(ascii: "\\") }, as: UTF8.self)
        case .none:
            break
        }
        collecting = .none
        if capturing && captureIsScalar && depth == recordDepth {
            try deliver(chunk, from: captureFrom, to: i + 1)
        }
    }

    // MARK: Records

    private func begin(at i: Int, scalar: Bool) {
        capturing = true
        captureIsScalar = scalar
        captureFrom = i
        captureLength = 0
        captureTooLong = false
        recordLine = line
        buffer.removeAll()
    }

    private func keep(_ chunk: UnsafeRawBufferPointer, from: Int, to: Int) {
        let count = to - from
        captureLength += count
        guard !captureTooLong, count > 0 else { return }
        if captureLength > maxRecordBytes {
            captureTooLong = true
            return
        }
        buffer.append(chunk.baseAddress! + from, count: count)
    }

    /// The record ends at `to` (exclusive) in `chunk`.
    private func deliver(_ chunk: UnsafeRawBufferPointer, from: Int, to: Int) throws {
        capturing = false
        records += 1
        if buffer.count == 0 && !captureTooLong && to > from {
            try onRecord(JSONRecordSlice(
                number: records, line: recordLine, bytes: UnsafeRawBufferPointer(rebasing: chunk[from..<to]), context: context))
            return
        }
        keep(chunk, from: from, to: to)
        if captureTooLong {
            try onDamage(RecordDamage(
                number: records, line: recordLine,
                reason: "the record is \(captureLength) bytes long, over the limit of \(maxRecordBytes) bytes",
                raw: Array(buffer.bytes.prefix(4096))))
        } else {
            try onRecord(JSONRecordSlice(number: records, line: recordLine, bytes: buffer.bytes, context: context))
        }
        buffer.removeAll()
    }

    private func damage(_ reason: String) throws {
        let where_ = capturing ? recordLine : line
        capturing = false
        records += 1
        try onDamage(RecordDamage(number: records, line: where_, reason: reason, raw: Array(buffer.bytes.prefix(4096))))
        buffer.removeAll()
    }

    private func damageOutside(_ reason: String) throws {
        records += 1
        try onDamage(RecordDamage(number: records, line: line, reason: reason, raw: []))
    }
}
