#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JoinAuditCore

/// A load into a fresh database that writes the `events` table's pages itself
/// (`TableBTreeWriter`) instead of running an INSERT per event: on a 1M-event day the
/// statement cost the writing thread about 12,000 instructions an event (docs/performance.md,
/// twelfth session).
///
/// While it runs, SQLite must not grow the main file, whose end the event pages are written
/// past: the other tables a load writes (`files`, `bad_lines`, `redeliveries`, `findings`,
/// `data_quality`) are shadowed by TEMP tables of the same definition, which SQLite's name
/// lookup finds first, and copied into the main ones when the events are committed.
///
/// All or nothing: until `finishDirectEventLoad()` commits, SQLite sees the file as it was
/// when the load began. A load killed after the events were committed and before the copy
/// leaves events that no `files` row owns; `beginLoad()` of the re-run deletes them and the
/// files are read again (docs/reliability.md).
final class DirectEventLoad {
    static let stagedTables = ["files", "bad_lines", "redeliveries", "findings", "data_quality"]

    private(set) var fd: Int32
    let writer: TableBTreeWriter
    let encoder = SQLiteRecordEncoder(columnCount: EventColumn.allCases.count, rowidColumn: EventColumn.seq.bind)
    let header: DirectPageCommit.Header
    let rootPage: UInt32
    /// Where SQLite looks for the file's rollback journal (symbolic links resolved, as SQLite
    /// resolves them: a journal beside the link would never be played back).
    let journalPath: String
    /// A second connection holding the file's write lock (RESERVED) for the whole load, so no
    /// other writer grows the file over the pages written past its end.
    private var lock: SQLiteDatabase?

    init(fd: Int32, header: DirectPageCommit.Header, rootPage: UInt32, journalPath: String, lock: SQLiteDatabase) {
        self.fd = fd
        self.header = header
        self.rootPage = rootPage
        self.journalPath = journalPath
        self.lock = lock
        writer = TableBTreeWriter(fd: fd, pageSize: header.pageSize, reservedBytes: header.reservedBytes,
                                  firstPage: header.pageCount + 1)
    }

    /// Lets other writers in again.
    func releaseLock() {
        if let lock, lock.isInTransaction { try? lock.rollback() }
        lock = nil
    }

    /// Closes the file, after the lock: closing any descriptor of a file drops every POSIX
    /// lock this process holds on it, SQLite's included, so it must come when none is held.
    func close() {
        releaseLock()
        if fd >= 0 { closeDescriptor(fd) }
        fd = -1
    }

    deinit { close() }

    /// Commits the event pages, if any; the caller holds the file's EXCLUSIVE lock. Checks
    /// first that no other connection wrote in the moment between the two locks: if one did,
    /// its commit stands and this load is given up before anything more is written.
    func commit() throws {
        let now = try DirectPageCommit.readHeader(fd)
        guard now.changeCounter == header.changeCounter, now.pageCount == header.pageCount else {
            throw DirectPageCommit.Failure.changed("another connection wrote to the database during the load")
        }
        guard let root = try writer.finish() else { return }
        try DirectPageCommit.commit(fd: fd, journalPath: journalPath, pageSize: header.pageSize,
                                    originalPages: header.pageCount, newPageCount: writer.nextPage - 1,
                                    rootPage: rootPage, root: root)
    }
}

/// `close(2)`, by a name no method shadows.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }

extension EventStore {
    /// Starts writing this load's events directly, when the database allows it: rollback
    /// journal mode (`beginBulkLoadMode()`), no auto-vacuum, UTF-8, nothing stored yet in
    /// `events` or in the tables a load writes, and no other writer at work. Returns false,
    /// changing nothing, otherwise; the load then inserts through SQLite as before. Requires
    /// `beginLoad()`; commits.
    public func beginDirectEventLoad() throws -> Bool {
        guard isLoading, directLoad == nil else { return false }
        try commit()
        guard try pragmaText("journal_mode") == "delete", try pragmaText("auto_vacuum") == "0" else { return false }
        for table in ["events"] + DirectEventLoad.stagedTables where try !isEmpty(table) { return false }
        let rootQuery = try database.prepare("SELECT rootpage FROM main.sqlite_schema WHERE type = 'table' AND name = 'events'")
        let found = try rootQuery.step() ? UInt32(exactly: rootQuery.int64(at: 0)) : nil
        rootQuery.reset()
        guard let root = found, root > 1, let names = database.mainFileNames else { return false }

        // The write lock first, then the file: its length cannot change under the lock.
        guard let lock = try? SQLiteDatabase(path: names.database), (try? lock.execute("BEGIN IMMEDIATE")) != nil else { return false }
        let fd = open(names.database, O_RDWR | O_CLOEXEC)
        var keep = false
        defer {
            if !keep {
                try? lock.rollback()
                if fd >= 0 { close(fd) }
            }
        }
        guard fd >= 0, let header = try? DirectPageCommit.readHeader(fd), header.pageCountValid, header.textEncoding == 1,
              header.largestRootPage == 0, root <= header.pageCount,
              let rootKind = try? Self.pageStart(fd, page: root, pageSize: header.pageSize),
              rootKind.type == 0x0D, rootKind.cells == 0 else { return false }

        database.writesOnlyTemporaryTables = true
        do {
            try database.transaction {
                for table in DirectEventLoad.stagedTables {
                    let definition = try database.prepare("SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?1")
                    definition.bind(table, at: 1)
                    guard try definition.step(), let sql = definition.string(at: 0), sql.hasPrefix("CREATE TABLE ") else {
                        throw database.record(.directLoadFailed(path: path, reason: "the definition of \(table) is not as expected"))
                    }
                    try database.execute(Self.temporaryTwin(of: sql))
                }
            }
        } catch {
            database.writesOnlyTemporaryTables = false
            throw error
        }
        directLoad = DirectEventLoad(fd: fd, header: header, rootPage: root, journalPath: names.journal, lock: lock)
        keep = true
        return true
    }

    /// Commits the events written directly, then copies the staged rows into the main tables
    /// and drops the TEMP ones. Does nothing when no direct load is under way.
    public func finishDirectEventLoad() throws {
        guard let direct = directLoad else { return }
        try commit()
        database.writesOnlyTemporaryTables = false
        direct.releaseLock()
        do {
            // Exclusive: no other connection reads the root and header while they change.
            try database.execute("BEGIN EXCLUSIVE")
            try direct.commit()
        } catch {
            try? rollback()
            abandonDirectEventLoad()
            throw database.record(.directLoadFailed(path: path, reason: Self.describe(error)))
        }
        // Ends the lock; SQLite's next transaction sees the new change counter and rereads.
        try database.execute("COMMIT")
        directLoad = nil
        direct.close()
        try database.transaction {
            for table in DirectEventLoad.stagedTables {
                try database.execute("INSERT INTO main.\(table) SELECT * FROM temp.\(table); DROP TABLE temp.\(table);")
            }
        }
    }

    /// Gives up a direct load (the load failed): the event pages written past the file's end
    /// are left for SQLite to overwrite, and the staged rows are dropped.
    public func abandonDirectEventLoad() {
        guard let direct = directLoad else { return }
        directLoad = nil
        try? rollback()
        database.writesOnlyTemporaryTables = false
        for table in DirectEventLoad.stagedTables { try? database.execute("DROP TABLE IF EXISTS temp.\(table)") }
        direct.close()
    }

    /// Stores one event's row through the direct writer.
    func insertDirectly(_ logged: LoggedEvent, _ direct: DirectEventLoad) throws {
        let encoder = direct.encoder
        encoder.startRow()
        bindColumns(of: logged, into: encoder)
        do {
            try direct.writer.append(rowid: logged.seq, record: encoder.encode())
        } catch {
            throw database.record(.directLoadFailed(path: path, reason: Self.describe(error)))
        }
    }

    /// `CREATE TABLE x (…)` as `CREATE TEMP TABLE x (…)`: the same columns, types and
    /// constraints (the findings' UNIQUE key, which tells a finding repeated), in temp.
    static func temporaryTwin(of definition: String) -> String {
        var twin = definition
        twin.replaceSubrange(twin.startIndex..<twin.index(twin.startIndex, offsetBy: "CREATE TABLE ".count), with: "CREATE TEMP TABLE ")
        return twin
    }

    private func pragmaText(_ name: String) throws -> String? {
        let statement = try database.prepare("PRAGMA main.\(name)")
        return try statement.step() ? statement.string(at: 0)?.lowercased() : nil
    }

    private func isEmpty(_ table: String) throws -> Bool {
        let statement = try database.prepare("SELECT NOT EXISTS (SELECT 1 FROM main.\(table))")
        try statement.step()
        return statement.int(at: 0) == 1
    }

    /// A b-tree page's type byte and cell count.
    private static func pageStart(_ fd: Int32, page: UInt32, pageSize: Int) throws -> (type: UInt8, cells: Int) {
        var bytes = [UInt8](repeating: 0, count: 8)
        try bytes.withUnsafeMutableBytes {
            try DirectPageCommit.readAll(fd, $0.baseAddress!, count: 8, at: off_t(page - 1) * off_t(pageSize))
        }
        return (bytes[0], Int(bytes[3]) << 8 | Int(bytes[4]))
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DirectPageCommit.Failure.io(let what, let code):
            code == 0 ? what : "\(what): \(String(cString: strerror(code)))"
        case DirectPageCommit.Failure.changed(let why):
            why
        case TableBTreeWriter.Failure.rowidNotRising(let previous, let next):
            "event seq \(next) came after \(previous)"
        default:
            "\(error)"
        }
    }
}
