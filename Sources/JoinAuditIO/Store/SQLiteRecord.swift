import JoinAuditCore

/// SQLite's variable-length integers and record format (https://sqlite.org/fileformat.html,
/// "Record Format"), as needed to write a table's rows without going through a statement.
enum SQLiteVarint {
    /// Bytes `value` takes: 7 bits a byte, except that a ninth byte carries 8.
    @inline(__always)
    static func length(_ value: UInt64) -> Int {
        if value <= 0x7F { return 1 }
        if value >= 1 << 56 { return 9 }
        var count = 1
        var rest = value >> 7
        while rest != 0 { count += 1; rest >>= 7 }
        return count
    }

    /// Writes `value` at `at`; returns the bytes written.
    @inline(__always)
    @discardableResult
    static func write(_ value: UInt64, to at: UnsafeMutableRawPointer) -> Int {
        if value <= 0x7F {
            at.storeBytes(of: UInt8(value), as: UInt8.self)
            return 1
        }
        if value >= 1 << 56 {
            at.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: 8, as: UInt8.self)
            var rest = value >> 8
            for index in stride(from: 7, through: 0, by: -1) {
                at.storeBytes(of: UInt8(truncatingIfNeeded: rest) | 0x80, toByteOffset: index, as: UInt8.self)
                rest >>= 7
            }
            return 9
        }
        let count = length(value)
        var rest = value
        for index in stride(from: count - 1, through: 0, by: -1) {
            let bits = UInt8(truncatingIfNeeded: rest) & 0x7F
            at.storeBytes(of: index == count - 1 ? bits : bits | 0x80, toByteOffset: index, as: UInt8.self)
            rest >>= 7
        }
        return count
    }
}

/// The binding calls that store one event's columns, by 1-based column number: a prepared
/// statement (`SQLiteStatement`) takes them, and so does `SQLiteRecordEncoder`, which makes
/// the same row's record with no statement at all. One insert routine serves both, so the two
/// ways of storing an event cannot drift apart.
protocol EventColumnSink {
    func bindNull(at index: Int32)
    func bind(_ value: Int64, at index: Int32)
    func bind(_ value: Int64?, at index: Int32)
    func bind(_ value: Int, at index: Int32)
    func bind(_ value: Int?, at index: Int32)
    func bind(_ value: Bool?, at index: Int32)
    func bind(_ value: String?, at index: Int32)
    func bind(_ value: InlineText, at index: Int32)
    func bind(constant spelling: UnsafeRawBufferPointer?, at index: Int32)
}

extension SQLiteStatement: EventColumnSink {}

/// One row's record, made the way SQLite makes it for a table whose rowid is its INTEGER
/// PRIMARY KEY: every column in order, integers in the fewest bytes (0 and 1 in none), text
/// as UTF-8, and NULL in the rowid's own column (SQLite keeps the value only as the key).
///
/// Values are kept as they are bound, in any order, and laid out in column order by
/// `encode()`; the bytes live in buffers reused from row to row, so a row allocates nothing.
final class SQLiteRecordEncoder: EventColumnSink {
    let columnCount: Int
    /// The column (1-based) whose value is the rowid, stored as NULL.
    let rowidColumn: Int32
    private let serialTypes: UnsafeMutablePointer<UInt64>
    private let starts: UnsafeMutablePointer<Int>
    private var values: UnsafeMutableRawPointer
    private var valuesCapacity = 4096
    private var valuesUsed = 0
    /// The last column bound, and whether every bind so far came after the one before, each
    /// column once: the values then lie in column order.
    private var lastBound: Int32 = 0
    private var inOrder = true
    private var output: UnsafeMutableRawPointer
    private var outputCapacity = 4096

    init(columnCount: Int, rowidColumn: Int32) {
        self.columnCount = columnCount
        self.rowidColumn = rowidColumn
        serialTypes = .allocate(capacity: columnCount)
        serialTypes.initialize(repeating: 0, count: columnCount)
        starts = .allocate(capacity: columnCount)
        starts.initialize(repeating: 0, count: columnCount)
        values = .allocate(byteCount: valuesCapacity, alignment: 16)
        output = .allocate(byteCount: outputCapacity, alignment: 16)
    }

    deinit {
        serialTypes.deallocate()
        starts.deallocate()
        values.deallocate()
        output.deallocate()
    }

    /// Forgets the last row: every column NULL.
    func startRow() {
        valuesUsed = 0
        lastBound = 0
        inOrder = true
        serialTypes.update(repeating: 0, count: columnCount)
    }

    /// The bytes a serial type's value takes in the record.
    @inline(__always)
    static func valueLength(ofSerialType type: UInt64) -> Int {
        switch type {
        case 0, 8, 9: 0
        case 1: 1
        case 2: 2
        case 3: 3
        case 4: 4
        case 5: 6
        case 6, 7: 8
        default: Int((type - 12) / 2)
        }
    }

    /// The record of the columns bound since `startRow()`, valid until the next call.
    ///
    /// Columns bound in order (as `EventStore.bindColumns` binds them) left their values
    /// contiguous and in order: the body is then one copy. Otherwise each value is copied to
    /// its place (callgrind: 1,590 instructions a row the second way, a quarter of the first).
    func encode() -> UnsafeRawBufferPointer {
        var typesLength = 0
        var bodyLength = 0
        for column in 0..<columnCount {
            typesLength += SQLiteVarint.length(serialTypes[column])
            if !inOrder { bodyLength += Self.valueLength(ofSerialType: serialTypes[column]) }
        }
        if inOrder { bodyLength = valuesUsed }
        // The header's size counts its own varint, as SQLite reckons it (`OP_MakeRecord`).
        var headerLength = typesLength
        if headerLength <= 126 {
            headerLength += 1
        } else {
            let own = SQLiteVarint.length(UInt64(headerLength))
            headerLength += own
            if own < SQLiteVarint.length(UInt64(headerLength)) { headerLength += 1 }
        }
        let total = headerLength + bodyLength
        if total > outputCapacity {
            output.deallocate()
            outputCapacity = max(total, outputCapacity * 2)
            output = .allocate(byteCount: outputCapacity, alignment: 16)
        }
        var at = SQLiteVarint.write(UInt64(headerLength), to: output)
        for column in 0..<columnCount {
            at += SQLiteVarint.write(serialTypes[column], to: output + at)
        }
        at = headerLength
        if inOrder {
            if bodyLength > 0 { (output + at).copyMemory(from: values, byteCount: bodyLength) }
        } else {
            for column in 0..<columnCount {
                let length = Self.valueLength(ofSerialType: serialTypes[column])
                if length > 0 {
                    (output + at).copyMemory(from: values + starts[column], byteCount: length)
                    at += length
                }
            }
        }
        return UnsafeRawBufferPointer(start: output, count: total)
    }

    @inline(__always)
    private func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        if valuesUsed + count > valuesCapacity {
            let larger = UnsafeMutableRawPointer.allocate(byteCount: max(valuesCapacity * 2, valuesUsed + count), alignment: 16)
            larger.copyMemory(from: values, byteCount: valuesUsed)
            values.deallocate()
            values = larger
            valuesCapacity = max(valuesCapacity * 2, valuesUsed + count)
        }
        let at = values + valuesUsed
        valuesUsed += count
        return at
    }

    @inline(__always)
    private func set(_ index: Int32, type: UInt64, start: Int) {
        let column = Int(index) - 1
        precondition(column >= 0 && column < columnCount, "column \(index) is not in the record")
        if index <= lastBound { inOrder = false }
        lastBound = index
        serialTypes[column] = type
        starts[column] = start
    }

    private func text(_ bytes: UnsafeRawBufferPointer, at index: Int32) {
        if index == rowidColumn { return bindNull(at: index) }
        let start = valuesUsed
        if bytes.count > 0 { reserve(bytes.count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        set(index, type: UInt64(bytes.count) * 2 + 13, start: start)
    }

    func bindNull(at index: Int32) { set(index, type: 0, start: 0) }

    func bind(_ value: Int64, at index: Int32) {
        // The rowid is the cell's key; its column holds NULL, as in SQLite's own records.
        if index == rowidColumn { return bindNull(at: index) }
        let magnitude = value < 0 ? UInt64(bitPattern: ~value) : UInt64(value)
        let type: UInt64
        let length: Int
        if value == 0 || value == 1 { type = 8 + UInt64(value); length = 0 }
        else if magnitude <= 127 { type = 1; length = 1 }
        else if magnitude <= 32_767 { type = 2; length = 2 }
        else if magnitude <= 8_388_607 { type = 3; length = 3 }
        else if magnitude <= 2_147_483_647 { type = 4; length = 4 }
        else if magnitude <= 0x7FFF_FFFF_FFFF { type = 5; length = 6 }
        else { type = 6; length = 8 }
        let start = valuesUsed
        if length > 0 {
            let at = reserve(length)
            var rest = UInt64(bitPattern: value)
            for offset in stride(from: length - 1, through: 0, by: -1) {
                at.storeBytes(of: UInt8(truncatingIfNeeded: rest), toByteOffset: offset, as: UInt8.self)
                rest >>= 8
            }
        }
        set(index, type: type, start: start)
    }

    func bind(_ value: Int64?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: Int, at index: Int32) { bind(Int64(value), at: index) }

    func bind(_ value: Int?, at index: Int32) {
        if let value { bind(Int64(value), at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: Bool?, at index: Int32) {
        if let value { bind(Int64(value ? 1 : 0), at: index) } else { bindNull(at: index) }
    }

    func bind(_ value: String?, at index: Int32) {
        guard let value else { return bindNull(at: index) }
        if value.utf8.withContiguousStorageIfAvailable({ text(UnsafeRawBufferPointer($0), at: index) }) != nil { return }
        value.utf8Span.span.withUnsafeBytes { text($0, at: index) }
    }

    func bind(_ value: InlineText, at index: Int32) {
        value.withUTF8 { text($0, at: index) }
    }

    func bind(constant spelling: UnsafeRawBufferPointer?, at index: Int32) {
        guard let spelling else { return bindNull(at: index) }
        text(spelling, at: index)
    }
}
