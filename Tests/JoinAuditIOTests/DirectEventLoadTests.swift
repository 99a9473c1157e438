import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// A fresh database's events are written page by page (`TableBTreeWriter`), committed through
/// a rollback journal of our own (`DirectPageCommit`), with the load's other rows staged in
/// TEMP twins (`EventStore+DirectLoad`). SQLite must read the result as if it had inserted
/// every row itself: `PRAGMA integrity_check` clean, every value and type the same.
@Suite("Direct event load")
struct DirectEventLoadTests {
    // MARK: The b-tree writer on its own, small pages so that the tree grows tall

    /// A table (k INTEGER PRIMARY KEY, a TEXT, b INTEGER) in a new file of `pageSize` pages.
    private func tableFile(pageSize: Int) throws -> (path: String, database: SQLiteDatabase) {
        let path = TestScratch.path("btree").path + ".db"
        let database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA page_size = \(pageSize); PRAGMA journal_mode = DELETE; CREATE TABLE t (k INTEGER PRIMARY KEY, a TEXT, b INTEGER) STRICT;")
        return (path, database)
    }

    private func rootPage(_ database: SQLiteDatabase, _ table: String) throws -> UInt32 {
        let statement = try database.prepare("SELECT rootpage FROM sqlite_schema WHERE name = ?1")
        statement.bind(table, at: 1)
        _ = try statement.step()
        return UInt32(statement.int64(at: 0))
    }

    private func integrity(_ database: SQLiteDatabase) throws -> String {
        let statement = try database.prepare("PRAGMA integrity_check")
        var lines: [String] = []
        while try statement.step() { lines.append(statement.string(at: 0) ?? "") }
        return lines.joined(separator: "\n")
    }

    struct Row: Equatable {
        var k: Int64
        var a: String?
        var b: Int64?
    }

    /// Writes `rows` directly into `t` and commits them; returns the tree's depth.
    @discardableResult
    private func writeDirectly(_ rows: [Row], path: String, database: SQLiteDatabase, lockBytePage: UInt32? = nil,
                               writebackBytes: Int = 8 << 20, inspect: (TableBTreeWriter) -> Void = { _ in }) throws -> Int {
        let fd = open(path, O_RDWR)
        #expect(fd >= 0)
        defer { close(fd) }
        let header = try DirectPageCommit.readHeader(fd)
        let root = try rootPage(database, "t")
        let writer = TableBTreeWriter(fd: fd, pageSize: header.pageSize, reservedBytes: header.reservedBytes, firstPage: header.pageCount + 1,
                                      lockBytePage: lockBytePage.map { header.pageCount + $0 }, writebackBytes: writebackBytes)
        let encoder = SQLiteRecordEncoder(columnCount: 3, rowidColumn: 1)
        for row in rows {
            encoder.startRow()
            encoder.bind(row.k, at: 1)
            encoder.bind(row.a, at: 2)
            encoder.bind(row.b, at: 3)
            try writer.append(rowid: row.k, record: encoder.encode())
        }
        try database.execute("BEGIN EXCLUSIVE")
        if let top = try writer.finish() {
            try DirectPageCommit.commit(fd: fd, journalPath: path + "-journal", pageSize: header.pageSize, originalPages: header.pageCount,
                                        newPageCount: writer.nextPage - 1, rootPage: root, root: top)
        }
        try database.execute("COMMIT")
        inspect(writer)
        return writer.depth
    }

    private func readBack(_ database: SQLiteDatabase) throws -> [Row] {
        let statement = try database.prepare("SELECT k, a, b FROM t ORDER BY k")
        var rows: [Row] = []
        while try statement.step() {
            rows.append(Row(k: statement.int64(at: 0), a: statement.string(at: 1), b: statement.optionalInt64(at: 2)))
        }
        return rows
    }

    /// Rows of every shape the record format distinguishes: NULLs, 0 and 1 (no bytes), each
    /// integer width, negative numbers, the extremes; empty, short, and long text, payloads
    /// just under, at and over what a page keeps whole, and text many pages long.
    private func variedRows(count: Int, usable: Int) -> [Row] {
        let integers: [Int64?] = [nil, 0, 1, -1, 127, 128, -129, 32_767, 32_768, 8_388_607, 8_388_608, 2_147_483_647, 2_147_483_648,
                                  0x7FFF_FFFF_FFFF, 0x8000_0000_0000, .max, .min]
        var rows: [Row] = []
        var k: Int64 = -5
        for index in 0..<count {
            var text: String?
            switch index % 11 {
            case 0: text = nil
            case 1: text = ""
            case 2: text = "anon ‘visitor’ \(index) ✓"
            case 3: text = String(repeating: "x", count: usable - 35 - 10 + index % 20)  // around the whole-page limit
            case 4 where index % 44 == 4: text = String(repeating: "long \(index) ", count: usable)  // several overflow pages
            default: text = "p-\(index)"
            }
            rows.append(Row(k: k, a: text, b: integers[index % integers.count]))
            k += Int64(1 + index % 3) * (index % 500 == 0 ? 1_000_000_007 : 1)
        }
        return rows
    }

    /// The disk is asked to start on the pages in contiguous ranges from the first page the
    /// writer gave out, each once at least `writebackBytes` have gathered; what is left under
    /// that at the end is the commit's to sync. The table is the same either way.
    @Test("writeback requests tile the pages written, every flush or every few", arguments: [1, 3 * 64 * 1024 + 1])
    func writebackRequestsTileThePages(writebackBytes: Int) throws {
        let (path, database) = try tableFile(pageSize: 1024)
        let rows = variedRows(count: 12_000, usable: 1024)
        var start: off_t?, requested = 0, refused = -1, gaps = -1, written = 0, firstPage: UInt32 = 0
        try writeDirectly(rows, path: path, database: database, writebackBytes: writebackBytes) { writer in
            start = writer.writebackStart
            requested = writer.writebackRequested
            refused = writer.writebackRefused
            gaps = writer.writebackGaps
            written = Int(writer.nextPage - writer.firstPage) * 1024
            firstPage = writer.firstPage
        }
        #expect(refused == 0)
        #expect(gaps == 0)
        #expect(start == off_t(firstPage - 1) * 1024)
        #if os(Linux)
        let flush = 64 * 1024, batch = writebackBytes == 1 ? flush : 4 * flush
        #expect(requested > 0)
        #expect(requested % batch == 0 || requested == written)
        #expect(written - requested < batch)
        #endif
        #expect(try integrity(database) == "ok")
        #expect(try readBack(database) == rows)
    }

    @Test("a tree three and more pages deep reads back exactly, and passes integrity_check", arguments: [512, 1024, 4096])
    func tallTree(pageSize: Int) throws {
        let (path, database) = try tableFile(pageSize: pageSize)
        let rows = variedRows(count: pageSize == 512 ? 30_000 : 12_000, usable: pageSize)
        let depth = try writeDirectly(rows, path: path, database: database)
        #expect(depth >= (pageSize == 4096 ? 2 : 3))
        #expect(try integrity(database) == "ok")
        #expect(try readBack(database) == rows)
        // SQLite goes on from there: its own inserts land after the written pages.
        try database.execute("INSERT INTO t (k, a, b) VALUES (9223372036854775806, 'after', 2); DELETE FROM t WHERE k < 100;")
        #expect(try integrity(database) == "ok")
        #expect(try readBack(database) == rows.filter { $0.k >= 100 } + [Row(k: .max - 1, a: "after", b: 2)])
    }

    /// SQLite never uses the page holding the file's byte 2^30 (the lock-byte page). Real files
    /// reach it only past 1 GiB, so the writer is told it lies a few pages on, inside an
    /// overflow chain and among leaves: SQLite then finds every row, and that one page unused.
    @Test("the lock-byte page is skipped, in overflow chains and among leaves", arguments: [3, 40])
    func lockBytePageSkipped(offset: UInt32) throws {
        let (path, database) = try tableFile(pageSize: 512)
        let headerFD = open(path, O_RDONLY)
        defer { close(headerFD) }
        let pagesBefore = try DirectPageCommit.readHeader(headerFD).pageCount
        let rows = (1...300).map { Row(k: Int64($0), a: String(repeating: "z", count: $0 == 2 ? 4_000 : 40), b: Int64($0)) }
        try writeDirectly(rows, path: path, database: database, lockBytePage: offset)
        #expect(try readBack(database) == rows)
        #expect(try integrity(database) == "*** in database main ***\nPage \(pagesBefore + offset) is never used")
    }

    @Test("one leaf is written over the root itself; no rows change nothing")
    func smallTrees() throws {
        let (path, database) = try tableFile(pageSize: 4096)
        try writeDirectly([], path: path, database: database)
        #expect(try readBack(database).isEmpty)
        #expect(try integrity(database) == "ok")
        let rows = [Row(k: 1, a: "one", b: 1), Row(k: 7, a: nil, b: nil), Row(k: 8, a: String(repeating: "y", count: 9_000), b: -3)]
        #expect(try writeDirectly(rows, path: path, database: database) == 1)
        #expect(try integrity(database) == "ok")
        #expect(try readBack(database) == rows)
    }

    @Test("a record is the same whatever order its columns are bound in, and a column bound again keeps its last value")
    func bindingOrder() {
        let encoder = SQLiteRecordEncoder(columnCount: 4, rowidColumn: 1)
        func record(_ binds: [(Int32, Any?)]) -> [UInt8] {
            encoder.startRow()
            for (index, value) in binds {
                switch value {
                case let number as Int64: encoder.bind(number, at: index)
                case let text as String: encoder.bind(text, at: index)
                default: encoder.bindNull(at: index)
                }
            }
            return Array(encoder.encode())
        }
        let inOrder = record([(1, Int64(9)), (2, "alpha"), (3, Int64(300)), (4, "ω")])
        // Header: its size, NULL for the rowid, text of 5, a 2-byte integer, text of 2 bytes.
        #expect(inOrder == [5, 0, 23, 2, 17] + Array("alpha".utf8) + [0x01, 0x2C] + Array("ω".utf8))
        #expect(record([(4, "ω"), (3, Int64(300)), (2, "alpha"), (1, Int64(9))]) == inOrder)
        #expect(record([(2, "first"), (3, Int64(300)), (2, "alpha"), (4, "ω")]) == inOrder)
        #expect(record([(2, "alpha"), (3, Int64(300))]) == [5, 0, 23, 2, 0] + Array("alpha".utf8) + [0x01, 0x2C])
    }

    @Test("rowids that do not rise are refused")
    func risingRowids() throws {
        let (path, _) = try tableFile(pageSize: 4096)
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        let writer = TableBTreeWriter(fd: fd, pageSize: 4096, reservedBytes: 0, firstPage: 3)
        let record: [UInt8] = [2, 0]
        try record.withUnsafeBytes { try writer.append(rowid: 5, record: $0) }
        #expect(throws: TableBTreeWriter.Failure.self) { try record.withUnsafeBytes { try writer.append(rowid: 5, record: $0) } }
    }

    /// What a crash between rewriting the root and header and deleting the journal leaves:
    /// SQLite must take the journal as hot and put the file back as it was.
    @Test("SQLite plays the journal back: a commit that died half-way leaves the file as it was")
    func journalRollsBack() throws {
        let (path, database) = try tableFile(pageSize: 4096)
        try database.execute("INSERT INTO t (k, a, b) VALUES (1, 'kept', 10), (2, 'kept too', 20)")
        let before = try readBack(database)
        let root = try rootPage(database, "t")
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        let header = try DirectPageCommit.readHeader(fd)
        let page1 = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        let rootCopy = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        defer { page1.deallocate(); rootCopy.deallocate() }
        try DirectPageCommit.readAll(fd, page1, count: 4096, at: 0)
        try DirectPageCommit.readAll(fd, rootCopy, count: 4096, at: off_t(root - 1) * 4096)
        try DirectPageCommit.writeJournal(at: path + "-journal", pageSize: 4096, originalPages: header.pageCount,
                                          pages: [(1, UnsafeRawPointer(page1)), (root, UnsafeRawPointer(rootCopy))])
        // The half-done commit: pages past the end, a new length in the header, a root of garbage.
        let garbage = [UInt8](repeating: 0xA5, count: 4096 * 3)
        try garbage.withUnsafeBytes { try DirectPageCommit.writeAll(fd, $0.baseAddress!, count: 4096 * 3, at: off_t(header.pageCount) * 4096) }
        try garbage.withUnsafeBytes { try DirectPageCommit.writeAll(fd, $0.baseAddress!, count: 4096, at: off_t(root - 1) * 4096) }
        var grown = (header.pageCount + 3).bigEndian
        _ = pwrite(fd, &grown, 4, 28)

        let reopened = try SQLiteDatabase(path: path)
        #expect(try readBack(reopened) == before)
        #expect(try integrity(reopened) == "ok")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == Int(header.pageCount) * 4096)
    }

    // MARK: Through the event store

    private func loadEvents(_ events: [Event], into store: EventStore, direct: Bool) throws -> Bool {
        try store.beginBulkLoadMode()
        try store.beginLoad()
        let engaged = direct ? try store.beginDirectEventLoad() : false
        try store.begin()
        let fileID = try store.beginFile(path: "day.jsonl", inputKind: "join_log")
        for (index, event) in events.enumerated() {
            try store.insert(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: fileID, line: index + 1), event: event))
        }
        try store.finishFile(fileID: fileID, summary: .init(lines: events.count, events: events.count, badLines: 0))
        try store.commit()
        try store.finishDirectEventLoad()
        try store.finishVerifiedLoad()
        try store.endBulkLoadMode()
        return engaged
    }

    /// Every column of every row as SQLite reports it: its type and its quoted value.
    private func storedRows(_ store: EventStore) throws -> [String] {
        let columns = EventColumn.allCases.map { "typeof(\($0.name)) || ':' || quote(\($0.name))" }.joined(separator: " || '|' || ")
        return try StoreFixture.column(store, "SELECT \(columns) FROM events ORDER BY seq")
    }

    private var manyEvents: [Event] {
        var events = StoreFixture.everyType
        events.append(StoreFixture.event("jr-long", body: .joinRequest(JoinRequest(
            participantID: "anon-long", displayName: String(repeating: "<script>🙂", count: 20_000), identity: .anonymous,
            client: .teams, outcome: .lobby))))
        var day = RandomDay(seed: 12)
        events += day.events(count: 3_000)
        return events
    }

    @Test("a direct load stores exactly the rows and types the INSERT stores")
    func sameRowsAsInsert() throws {
        let events = manyEvents
        let direct = try StoreScratch()
        let directStore = try direct.open()
        #expect(try loadEvents(events, into: directStore, direct: true))
        let inserted = try StoreScratch()
        let insertedStore = try inserted.open()
        #expect(try !loadEvents(events, into: insertedStore, direct: false))
        #expect(try StoreFixture.column(directStore, "PRAGMA integrity_check") == ["ok"])
        let rows = try storedRows(directStore)
        #expect(rows.count == events.count)
        #expect(rows == (try storedRows(insertedStore)))
        #expect(try StoreFixture.replayed(directStore) == (try StoreFixture.replayed(insertedStore)))
        // The staged rows reached the main tables, and the TEMP twins are gone.
        #expect(try StoreFixture.column(directStore, "SELECT path || ' ' || events FROM main.files") == ["day.jsonl \(events.count)"])
        #expect(try StoreFixture.column(directStore, "SELECT count(*) FROM temp.sqlite_schema WHERE name = 'files'") == ["0"])
        // A later load into the same file goes through SQLite and sees the first.
        try StoreFixture.load([StoreFixture.event("next-day", body: .meetingEnded)], into: directStore, path: "next.jsonl")
        #expect(try directStore.eventCount() == events.count + 1)
        #expect(try StoreFixture.column(directStore, "PRAGMA integrity_check") == ["ok"])
    }

    @Test("a database that already holds events, or is in WAL mode, is loaded through SQLite")
    func onlyFreshDatabases() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try store.beginLoad()
        #expect(try !store.beginDirectEventLoad(), "WAL mode: SQLite's log, not the file, holds the newest pages")
        try store.finishLoad()
        try StoreFixture.load([StoreFixture.event("first", body: .meetingEnded)], into: store)
        try store.beginBulkLoadMode()
        try store.beginLoad()
        #expect(try !store.beginDirectEventLoad())
        try store.finishLoad()
        try store.endBulkLoadMode()
    }

    private func startDirectLoad(_ scratch: StoreScratch, events: [Event]) throws -> EventStore {
        let store = try scratch.open()
        try store.beginBulkLoadMode()
        try store.beginLoad()
        #expect(try store.beginDirectEventLoad())
        for (index, event) in events.enumerated() {
            try store.insert(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: 1, line: index + 1), event: event))
        }
        return store
    }

    /// Another connection, quick to give up when the file is locked.
    private func otherConnection(_ scratch: StoreScratch) throws -> SQLiteDatabase {
        let other = try SQLiteDatabase(path: scratch.path)
        try other.execute("PRAGMA busy_timeout = 50")
        return other
    }

    private var bigRun: String {
        "INSERT INTO runs (command, started_at) VALUES ('other ' || hex(zeroblob(200000)), '2026-11-25T00:00:00Z')"
    }

    @Test("another writer is kept out while the event pages are written past the file's end")
    func otherWritersWait() throws {
        let scratch = try StoreScratch()
        var day = RandomDay(seed: 5)
        let events = day.events(count: 12_000)  // more pages than the writer holds: some are written
        let store = try startDirectLoad(scratch, events: events)
        let other = try otherConnection(scratch)
        #expect {
            try other.execute(bigRun)
        } throws: { error in
            (error as? StoreError)?.code.map { $0 & 0xFF } == 5  // SQLITE_BUSY
        }
        try store.finishDirectEventLoad()
        let fresh = try SQLiteDatabase(path: scratch.path)
        #expect(try integrity(fresh) == "ok")
        #expect(try store.eventCount() == events.count)
        try other.execute(bigRun)
        #expect(try integrity(try SQLiteDatabase(path: scratch.path)) == "ok")
    }

    /// The write lock is let go a moment before the commit takes the exclusive one; a writer
    /// that commits in that moment (here: one that grows the file over pages already written)
    /// keeps its commit, and the load gives up without writing more.
    @Test("a writer in the moment between the two locks stops the commit, and its own commit stands")
    func writerBetweenTheLocks() throws {
        let scratch = try StoreScratch()
        var day = RandomDay(seed: 6)
        let store = try startDirectLoad(scratch, events: day.events(count: 12_000))
        #expect(store.directLoad!.writer.nextPage > store.directLoad!.header.pageCount + 64, "pages were written past the end")
        store.directLoad!.releaseLock()
        let other = try otherConnection(scratch)
        try other.execute(bigRun)
        #expect {
            try store.finishDirectEventLoad()
        } throws: { error in
            guard case StoreError.directLoadFailed(_, let reason) = error else { return false }
            return reason.contains("another connection")
        }
        let fresh = try SQLiteDatabase(path: scratch.path)
        #expect(try integrity(fresh) == "ok")
        let runs = try fresh.prepare("SELECT length(command) FROM runs")
        #expect(try runs.step())
        #expect(runs.int(at: 0) == 400_006)
        #expect(try store.eventCount() == 0)
    }

    @Test("a database opened through a symbolic link keeps its journal where SQLite looks for it")
    func symbolicLink() throws {
        let scratch = try StoreScratch()
        _ = try scratch.open()
        let link = scratch.directory.appendingPathComponent("link.db").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scratch.path)
        let store = try EventStore(path: link)
        try store.beginBulkLoadMode()
        try store.beginLoad()
        #expect(try store.beginDirectEventLoad())
        let target = URL(fileURLWithPath: scratch.path).resolvingSymlinksInPath().path
        #expect(store.directLoad?.journalPath == target + "-journal")
        for (index, event) in StoreFixture.everyType.enumerated() {
            try store.insert(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: 1, line: index + 1), event: event))
        }
        try store.finishDirectEventLoad()
        #expect(try store.eventCount() == StoreFixture.everyType.count)
        #expect(try StoreFixture.column(store, "PRAGMA integrity_check") == ["ok"])
        #expect(!FileManager.default.fileExists(atPath: link + "-journal"))
    }

    @Test("a load killed between committing its events and copying its files is read again whole")
    func orphanEventsGo() throws {
        let scratch = try StoreScratch()
        do {
            let store = try scratch.open()
            try store.beginBulkLoadMode()
            try store.beginLoad()
            #expect(try store.beginDirectEventLoad())
            _ = try store.beginFile(path: "day.jsonl", inputKind: "join_log")
            for (index, event) in StoreFixture.everyType.enumerated() {
                try store.insert(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: 1, line: index + 1), event: event))
            }
            try store.commit()
            // The events' commit alone, as if the process died just after it.
            store.directLoad!.releaseLock()
            store.database.writesOnlyTemporaryTables = false
            try store.database.execute("BEGIN EXCLUSIVE")
            try store.directLoad!.commit()
            try store.database.execute("COMMIT")
            store.directLoad = nil
        }
        let store = try scratch.open()
        #expect(try store.eventCount() == StoreFixture.everyType.count)
        #expect(try StoreFixture.column(store, "SELECT count(*) FROM files") == ["0"])
        try store.beginLoad()
        #expect(try store.eventCount() == 0)
        #expect(try StoreFixture.column(store, "PRAGMA integrity_check") == ["ok"])
    }

    @Test("analyze of a fresh database writes its events directly, and finds what the statement path finds")
    func analyzeTakesTheDirectPath() throws {
        var day = RandomDay(seed: 31)
        var bytes: [UInt8] = []
        for event in day.events(count: 2_000) { JoinLogWriter.appendLine(event, to: &bytes) }
        let input = TestScratch.path("direct-day").path + ".jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let policy = try TenantPolicy(tenantID: "t-1", configuration: MeetingConfiguration(),
                                      policies: [MeetingPolicy(name: "Global", autoAdmittedUsers: .everyone)], assignments: [:])
        func analyze(direct: Bool) throws -> (StreamingAnalysis.Result, [String], [String]) {
            let scratch = try StoreScratch()
            let store = try scratch.open()
            var analysis = StreamingAnalysis(store: store, policies: PolicyHistory([policy]))
            analysis.directEventLoad = direct
            let result = try analysis.run([input])
            let findings = try StoreFixture.column(store, "SELECT kind || ' ' || event_id || ' ' || event_seq FROM findings ORDER BY rowid")
            return (result, try storedRows(store), findings)
        }
        let (directResult, directRows, directFindings) = try analyze(direct: true)
        let (insertResult, insertRows, insertFindings) = try analyze(direct: false)
        #expect(directResult.eventsWrittenDirectly)
        #expect(!insertResult.eventsWrittenDirectly)
        #expect(directRows == insertRows)
        #expect(directFindings == insertFindings)
        #expect(!directFindings.isEmpty)
    }
}
