import JoinAuditCore

/// The analyzer's database: the events of every ingested file, what could not be read, the
/// findings of the last replay, and a log of runs. One `EventStore` is one connection, used
/// from one thread.
///
/// A load (one `ingest`, or the ingest half of `analyze`) goes:
/// ```
/// try store.beginLoad()                       // drops the secondary indexes
/// var seq = try store.nextSeq()
/// for file in files {
///     let fileID = try store.beginFile(path: file, inputKind: "join_log")
///     try store.begin()                       // one transaction per file
///     ... try store.insert(LoggedEvent(seq: seq, ...)); seq += 1
///     ... try store.insertBadLine(fileID: fileID, line: n, field: nil, reason: why, raw: bytes)
///     try store.finishFile(fileID: fileID, summary: ...)
///     try store.commit()
/// }
/// let redeliveries = try store.finishLoad()   // builds the indexes, removes re-deliveries
/// ```
/// Why no index during the load: keeping `events_by_id` and `events_by_time` up to date row by
/// row, with keys arriving in random order, measured 5–8× slower than building them once at
/// the end. Re-deliveries are therefore stored like any event and removed by `finishLoad()`.
///
/// Any write made outside a transaction opens one (so a forgotten `begin()` does not turn
/// into a commit per row); `commit()` or `finishLoad()` ends it. Whatever is not committed
/// when the store is released is rolled back.
public final class EventStore {
    public let database: SQLiteDatabase
    /// The database file.
    public var path: String { database.path }

    /// True between `beginLoad()` and `finishLoad()` in this process.
    public private(set) var isLoading = false

    // Prepared once and kept: the write paths run them millions of times.
    let insertEventStatement: SQLiteStatement
    // Prepared on first use and kept.
    var insertBadLineStatement: SQLiteStatement?
    var insertFindingStatement: SQLiteStatement?
    var insertProblemStatement: SQLiteStatement?
    var insertUncertainIDStatement: SQLiteStatement?
    /// Set by a command that records its run's end after loading and printing (`analyze`):
    /// the load's end then keeps it pending until `endHeldLoad()`, in the same commit as the
    /// run's end, so a run killed in between is resumed, not read twice (docs/reliability.md).
    public var holdsLoadOpen = false
    /// Tests force one way of finding re-deliveries; otherwise `finishLoad()` chooses.
    var dedupeStrategyOverride: DedupeStrategy?
    /// When each file of this process began, for `files.seconds`.
    var fileStarts: [Int: Timestamp] = [:]
    /// Set while a load writes the events table's pages itself (`beginDirectEventLoad()`).
    var directLoad: DirectEventLoad?

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path)
        try Schema.prepare(database)
        insertEventStatement = try database.prepare(EventColumn.insertSQL, persistent: true)
    }

    // MARK: Transactions

    /// Opens a write transaction unless one is open.
    public func begin() throws {
        if !database.isInTransaction { try database.begin() }
    }

    /// Commits the open transaction, if any.
    public func commit() throws {
        if database.isInTransaction { try database.commit() }
    }

    /// Abandons the open transaction, if any.
    public func rollback() throws {
        if database.isInTransaction { try database.rollback() }
    }

    // MARK: Loads

    /// The `seq` to give the next event read: one past the largest stored, so a second ingest
    /// continues the numbering (and sorts after the first on equal instants).
    public func nextSeq() throws -> Int64 {
        let statement = try database.prepare("SELECT coalesce(max(seq), 0) + 1 FROM events")
        try statement.step()
        return statement.int64(at: 0)
    }

    /// Starts a load: notes where its events and files begin (unless a load that died left its
    /// note: this one then continues it) and drops the secondary indexes of `events`.
    public func beginLoad() throws {
        try commit()
        try database.transaction {
            if let first = try pendingLoadFirstSeq() {
                // A direct load killed between committing its events and copying its files'
                // rows leaves events no file owns: they go, and their files are read again.
                let orphans = try database.prepare("DELETE FROM events WHERE seq >= ?1 AND file_id NOT IN (SELECT file_id FROM files)")
                orphans.bind(first, at: 1)
                try orphans.run()
            } else {
                let insert = try database.prepare("""
                    INSERT INTO pending_load (first_seq, first_file_id)
                    VALUES (?1, (SELECT coalesce(max(file_id), 0) + 1 FROM files))
                    """)
                insert.bind(try nextSeq(), at: 1)
                try insert.run()
            }
            // Every index a user or an older schema made on `events`, not only ours: any of
            // them would slow the load the same way.
            var names: [String] = []
            let list = try database.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL")
            while try list.step() { if let name = list.string(at: 0) { names.append(name) } }
            for name in names { try database.execute("DROP INDEX \(Self.quoted(name))") }
        }
        isLoading = true
    }

    /// Ends a load: commits, builds the secondary indexes, and removes re-deliveries: every
    /// event this load stored whose `id` was already stored under an earlier `seq` (by this load
    /// or an earlier one). Each is recorded in `redeliveries` with the first copy's `seq`,
    /// deleted from `events`, and counted in its file's `redeliveries`. Returns how many.
    ///
    /// Safe to call with no load under way (it then only makes sure the indexes exist), and it
    /// finishes a load that an earlier process began and did not finish.
    ///
    /// `beforeCommit` runs inside the same transaction, given the count: a command records its
    /// run's end there, so that a load is never finished without its run (a re-run after a kill
    /// can then tell "killed mid-load" from "done", docs/reliability.md).
    @discardableResult
    public func finishLoad(beforeCommit: (Int) throws -> Void = { _ in }) throws -> Int {
        try commit()
        let found = try database.transaction { () throws -> Int in
            // events_by_id first: finding re-deliveries reads it. The others are built after
            // the deletes, so that those need not update them.
            try database.execute(Schema.eventIndexes[0].sql)
            var found = 0
            if let firstSeq = try pendingLoadFirstSeq() {
                found = try removeRedeliveries(storedFrom: firstSeq)
                try closePendingLoad()
            }
            // All of them: removing many re-deliveries may have dropped events_by_id.
            for index in Schema.eventIndexes { try database.execute(index.sql) }
            try beforeCommit(found)
            return found
        }
        isLoading = false
        return found
    }

    private func pendingLoadFirstSeq() throws -> Int64? {
        let statement = try database.prepare("SELECT min(first_seq) FROM pending_load")
        try statement.step()
        return statement.optionalInt64(at: 0)
    }

    /// An identifier quoted for SQL (index names read from sqlite_schema, never user values).
    static func quoted(_ identifier: String) -> String {
        var out = "\""
        for character in identifier {
            out.append(character)
            if character == "\"" { out.append(character) }
        }
        return out + "\""
    }

    /// `cache`, preparing `sql` into it the first time.
    func persistentStatement(_ cache: inout SQLiteStatement?, _ sql: String) throws -> SQLiteStatement {
        if let statement = cache { return statement }
        let statement = try database.prepare(sql, persistent: true)
        cache = statement
        return statement
    }

    /// Opens a transaction for a write made outside one.
    @inline(__always)
    func ensureTransaction() throws {
        if !database.isInTransaction { try database.begin() }
    }
}
