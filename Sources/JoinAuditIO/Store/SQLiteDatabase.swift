import JoinAuditCore
import CSQLite

// The one file that touches SQLite's C API. Everything else in JoinAudit talks to
// `SQLiteDatabase` and `SQLiteStatement` and never sees a pointer.

/// SQLite's "copy the bytes now" destructor: bound text and blobs are copied by SQLite, so the
/// Swift buffer only has to live for the duration of the bind call.
private let copyBytes = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)

/// A connection to one SQLite database file.
///
/// Used from one thread at a time (opened `NOMUTEX`); not `Sendable`. Errors are thrown as
/// ``StoreError`` carrying the file, the SQL and SQLite's message, and the last one is kept in
/// ``lastError`` for callers that only learn that something failed.
public final class SQLiteDatabase {
    /// The file, as given to `init` (`:memory:` for an in-memory database).
    public let path: String
    let handle: OpaquePointer
    /// The most recent error raised through this connection.
    public private(set) var lastError: StoreError?

    /// Process-wide settings, made once before the first connection opens. Without memory
    /// statistics each of SQLite's allocations and frees skips a global mutex: 1.3 % fewer
    /// instructions for a 100k-event analyze (callgrind). A refusal (SQLite already
    /// initialized) only leaves the statistics on, so the result is not checked.
    private static let configured: Int32 = joinaudit_sqlite_stop_memory_statistics()

    /// Opens the database at `path`, creating the file unless `readOnly`.
    public init(path: String, readOnly: Bool = false) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw StoreError.cannotOpen(path: path, code: rc, message: message)
        }
        self.path = path
        self.handle = db
        sqlite3_extended_result_codes(db, 1)
        // Another joinaudit (a `query` beside an `ingest`) may hold the write lock briefly.
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit {
        // `_v2` defers the close until every statement is finalized (statements keep the
        // connection alive anyway, so there are none left here).
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows the caller wants (DDL, pragmas,
    /// `BEGIN`). Never used with values pasted into the SQL: those go through ``prepare(_:persistent:)``.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw record(.sqlite(path: path, sql: sql, code: rc, message: text))
        }
    }

    /// Compiles exactly one statement. `persistent` tells SQLite the statement will be reused
    /// many times (the insert hot path).
    public func prepare(_ sql: String, persistent: Bool = false) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        var rest = ""
        let rc = sql.withCString { start -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(handle, start, -1, UInt32(persistent ? SQLITE_PREPARE_PERSISTENT : 0), &statement, &tail)
            if let tail { rest = String(cString: tail) }
            return rc
        }
        guard rc == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw error(code: rc, sql: sql)
        }
        guard let statement else {
            throw record(.sqlite(path: path, sql: sql, code: SQLITE_MISUSE, message: "the SQL holds no statement"))
        }
        guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            sqlite3_finalize(statement)
            throw record(.sqlite(path: path, sql: sql, code: SQLITE_MISUSE, message: "prepare takes one statement, and this SQL holds more"))
        }
        return SQLiteStatement(database: self, handle: statement, sql: sql)
    }

    /// True between `BEGIN` and `COMMIT`/`ROLLBACK`.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Set while another connection of this process holds the file's write lock for a direct
    /// load (`EventStore+DirectLoad`): this one then writes only TEMP tables, and its
    /// transactions begin without asking for the lock they could not get.
    var writesOnlyTemporaryTables = false

    private var beginStatement: String { writesOnlyTemporaryTables ? "BEGIN" : "BEGIN IMMEDIATE" }

    /// Starts a write transaction, taking the write lock now rather than at the first write.
    public func begin() throws { try execute(beginStatement) }
    public func commit() throws { try execute("COMMIT") }
    public func rollback() throws { try execute("ROLLBACK") }

    /// Runs `body` in a transaction, or in a savepoint when one is already open; commits when
    /// it returns, rolls back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let nested = isInTransaction
        try execute(nested ? "SAVEPOINT joinaudit_nested" : beginStatement)
        do {
            let result = try body()
            try execute(nested ? "RELEASE joinaudit_nested" : "COMMIT")
            return result
        } catch {
            if nested {
                try? execute("ROLLBACK TO joinaudit_nested")
                try? execute("RELEASE joinaudit_nested")
            } else if isInTransaction {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }

    /// The main file's full name, symbolic links resolved as SQLite resolves them, and the
    /// name of its rollback journal; nil for an in-memory or temporary database.
    var mainFileNames: (database: String, journal: String)? {
        guard let name = sqlite3_db_filename(handle, "main"), name.pointee != 0,
              let journal = sqlite3_filename_journal(name) else { return nil }
        return (String(cString: name), String(cString: journal))
    }

    /// The rowid of the last row inserted through this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    func error(code: Int32, sql: String) -> StoreError {
        record(.sqlite(path: path, sql: sql, code: code, message: String(cString: sqlite3_errmsg(handle))))
    }

    func record(_ error: StoreError) -> StoreError {
        lastError = error
        return error
    }
}

/// A value as SQLite stores it, for code that reads columns it does not know in advance
/// (the `query` runner).
public enum SQLiteValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// One compiled statement: bind parameters by 1-based index, `step()`, read columns by 0-based
/// index (SQLite's own conventions), `reset()` and bind again. Finalized when released.
///
/// Binding never throws: a failed bind (out-of-range index, value too big) is remembered and
/// thrown by the next `step()`, which keeps the thirty-odd binds of the insert path free of
/// `try`.
public final class SQLiteStatement {
    public let database: SQLiteDatabase
    public let sql: String
    let handle: OpaquePointer
    private var bindFailure: Int32 = SQLITE_OK
    /// Where bound text is kept until `clearBindings()`: never reallocated, so what SQLite
    /// points at stays put.
    private static let arenaCapacity = 16 * 1024
    private let arena = UnsafeMutableRawPointer.allocate(byteCount: arenaCapacity, alignment: 16)
    private var arenaUsed = 0
    /// What each parameter holds (by 1-based index), as this wrapper bound it: NULL, as every
    /// parameter of a new statement does, an integer, a constant spelling, or other text.
    /// Binding a parameter what it holds already is skipped: a load's rows mostly follow rows
    /// of the same type, so the absent fields are NULL already (about 12 of an event insert's
    /// 32 binds), and the version, file, origin and many a vocabulary value are the same.
    ///
    /// Raw memory, not an array: a class's array property is checked for exclusive access at
    /// every read and write, which cost more than the binds it spared (callgrind).
    private let held: UnsafeMutablePointer<Held>
    private let parameterSlots: Int

    private enum Held: Equatable {
        case other
        case null
        case integer(Int64)
        /// A spelling in memory that is never freed (`ConstantSpellings`), by its address.
        case constant(UnsafeRawPointer)
    }

    init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
        parameterSlots = Int(sqlite3_bind_parameter_count(handle)) + 1
        held = UnsafeMutablePointer<Held>.allocate(capacity: parameterSlots)
        held.initialize(repeating: .null, count: parameterSlots)
    }

    deinit {
        sqlite3_finalize(handle)
        arena.deallocate()
        held.deinitialize(count: parameterSlots)
        held.deallocate()
    }

    // MARK: Binding

    @inline(__always)
    private func check(_ rc: Int32) {
        if rc != SQLITE_OK, bindFailure == SQLITE_OK { bindFailure = rc }
    }

    public func bindNull(at index: Int32) {
        if holds(.null, at: index) { return }
        note(.null, at: index, sqlite3_bind_null(handle, index))
    }

    /// True when the parameter holds `value` already. An index out of range holds nothing, so
    /// its bind reaches SQLite and fails there.
    @inline(__always)
    private func holds(_ value: Held, at index: Int32) -> Bool {
        let at = Int(index)
        return at > 0 && at < parameterSlots && held[at] == value
    }

    /// Records what a bind left in the parameter, and any failure for `step()` to throw.
    @inline(__always)
    private func note(_ value: Held, at index: Int32, _ rc: Int32) {
        let at = Int(index)
        if at > 0 && at < parameterSlots { held[at] = rc == SQLITE_OK ? value : .other }
        check(rc)
    }

    public func bind(_ value: Int64, at index: Int32) {
        if holds(.integer(value), at: index) { return }
        note(.integer(value), at: index, sqlite3_bind_int64(handle, index, value))
    }

    /// A spelling from `ConstantSpellings`, bound where it lies: it is never freed or changed,
    /// so SQLite need not copy it and a parameter that holds it already is left alone. `nil`
    /// as NULL.
    public func bind(constant spelling: UnsafeRawBufferPointer?, at index: Int32) {
        guard let spelling, let start = spelling.baseAddress else { return bindNull(at: index) }
        if holds(.constant(start), at: index) { return }
        note(.constant(start), at: index,
             sqlite3_bind_text64(handle, index, start.assumingMemoryBound(to: CChar.self), UInt64(spelling.count), nil, UInt8(SQLITE_UTF8)))
    }

    public func bind(_ value: Int64?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    public func bind(_ value: Int, at index: Int32) {
        bind(Int64(value), at: index)
    }

    public func bind(_ value: Int?, at index: Int32) {
        if let value { bind(Int64(value), at: index) } else { bindNull(at: index) }
    }

    public func bind(_ value: Double?, at index: Int32) {
        guard let value else { return bindNull(at: index) }
        note(.other, at: index, sqlite3_bind_double(handle, index, value))
    }

    /// Stored as 1 or 0; `nil` as NULL.
    public func bind(_ value: Bool?, at index: Int32) {
        guard let value else { return bindNull(at: index) }
        bind(Int64(value ? 1 : 0), at: index)
    }

    /// Text with its exact bytes, including NUL bytes; `nil` as NULL.
    ///
    /// The bytes are copied into the statement's own buffer and bound in place, which spares
    /// SQLite an allocation and a free per value; when the buffer is full, SQLite copies them.
    /// The buffer is reused only after `clearBindings()`, when no parameter refers to it, or
    /// `startRebindingAll()`, when every parameter is about to be bound again.
    public func bind(_ value: String?, at index: Int32) {
        guard let value else { return bindNull(at: index) }
        // The UTF-8 is borrowed in place, with no retain and release of the string: asking
        // through `utf8.withContiguousStorageIfAvailable` cost both, 5 % of the writing
        // thread's time in a 1M-event analyze, on strings the reading thread made (perf).
        note(.other, at: index, value.utf8Span.span.withUnsafeBufferPointer { bindText($0, at: index) })
    }

    /// Text kept inline (an event's id and logged time), copied like a string's bytes.
    public func bind(_ value: InlineText, at index: Int32) {
        note(.other, at: index, value.withUTF8 { bindText($0.assumingMemoryBound(to: UInt8.self), at: index) })
    }

    private func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32) -> Int32 {
        let count = bytes.count
        if arenaUsed + count <= Self.arenaCapacity {
            let start = arena + arenaUsed
            if count > 0 { start.copyMemory(from: bytes.baseAddress!, byteCount: count) }
            arenaUsed += count
            return sqlite3_bind_text64(handle, index, start.assumingMemoryBound(to: CChar.self), UInt64(count), nil, UInt8(SQLITE_UTF8))
        }
        let start = bytes.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(emptyByte)
        return sqlite3_bind_text64(handle, index, start.assumingMemoryBound(to: CChar.self), UInt64(count), copyBytes, UInt8(SQLITE_UTF8))
    }

    /// Stored as a TEXT value when `asText` (the caller has checked the bytes are UTF-8), else
    /// as a BLOB.
    public func bind(bytes: UnsafeRawBufferPointer, asText: Bool = false, at index: Int32) {
        let start = bytes.baseAddress ?? UnsafeRawPointer(emptyByte)
        if asText {
            note(.other, at: index, sqlite3_bind_text64(handle, index, start.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), copyBytes, UInt8(SQLITE_UTF8)))
        } else {
            note(.other, at: index, sqlite3_bind_blob64(handle, index, start, UInt64(bytes.count), copyBytes))
        }
    }

    /// The number of `?` parameters in the statement.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    // MARK: Running

    /// Runs the statement to its next row: true when a row is ready to read, false when done.
    @discardableResult
    public func step() throws -> Bool {
        if bindFailure != SQLITE_OK {
            let code = bindFailure
            bindFailure = SQLITE_OK
            throw database.record(.sqlite(path: database.path, sql: sql, code: code, message: "binding a parameter failed: \(String(cString: sqlite3_errstr(code)))"))
        }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw database.error(code: rc, sql: sql)
        }
    }

    /// Steps until done and resets, for statements that return no rows.
    public func run() throws {
        defer { reset() }
        while try step() {}
    }

    /// Makes the statement ready to run again; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Sets every parameter back to NULL, which frees the text buffer for the next bindings.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
        for at in 0..<parameterSlots { held[at] = .null }
        arenaUsed = 0
    }

    /// Frees the text buffer for a row whose caller binds every parameter again before the
    /// next `step()`, so no parameter is left pointing at reused bytes (a bind skipped because
    /// the parameter holds that value already is never of text in the buffer). Spares SQLite's
    /// pass setting 32 parameters to NULL that are then bound anyway (470 instructions an
    /// event insert, callgrind).
    public func startRebindingAll() {
        arenaUsed = 0
    }

    /// The statement's named parameters (`:name`, `@name`, `$name`), by 1-based index, with
    /// their sigil; `?` parameters have no name.
    public var parameterNames: [(index: Int32, name: String)] {
        (1...max(1, sqlite3_bind_parameter_count(handle))).compactMap { index in
            sqlite3_bind_parameter_name(handle, index).map { (index, String(cString: $0)) }
        }
    }

    /// True for a statement that cannot write (SELECT, read-only PRAGMAs): what `query` runs.
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    // MARK: Reading the current row (0-based columns)

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public func columnName(at index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    public func isNull(at index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// 0 for NULL.
    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }
    public func int(at index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }
    /// 0 for NULL.
    public func double(at index: Int32) -> Double { sqlite3_column_double(handle, index) }

    public func optionalInt64(at index: Int32) -> Int64? { isNull(at: index) ? nil : int64(at: index) }
    public func optionalDouble(at index: Int32) -> Double? { isNull(at: index) ? nil : double(at: index) }

    /// Nonzero is true; NULL is `nil`.
    public func bool(at index: Int32) -> Bool? { isNull(at: index) ? nil : int64(at: index) != 0 }

    /// The text's exact bytes (NUL bytes included); `nil` for NULL. Bytes that are not UTF-8
    /// are repaired with U+FFFD.
    public func string(at index: Int32) -> String? {
        guard let start = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// The value's bytes as stored; `nil` for NULL.
    public func blob(at index: Int32) -> [UInt8]? {
        if isNull(at: index) { return nil }
        // Ask for the pointer before the size (SQLite's rule for conversions).
        let start = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let start, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// The column's value with its storage class.
    public func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer(int64(at: index))
        case SQLITE_FLOAT: .real(double(at: index))
        case SQLITE_TEXT: .text(string(at: index) ?? "")
        case SQLITE_BLOB: .blob(blob(at: index) ?? [])
        default: .null
        }
    }
}

/// A byte to point at when binding an empty string or blob.
nonisolated(unsafe) private let emptyByte: UnsafeMutablePointer<UInt8> = {
    let byte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    byte.initialize(to: 0)
    return byte
}()
