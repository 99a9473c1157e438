import CSQLite
import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

@Suite("Store: the SQLite wrapper")
struct StoreSQLiteTests {
    @Test("a failed statement names the database, the SQL and SQLite's message, in one sentence")
    func errorCarriesContext() throws {
        let scratch = try StoreScratch()
        let database = try SQLiteDatabase(path: scratch.path)
        let error = #expect(throws: StoreError.self) { try database.prepare("SELECT x FROM nowhere") }
        guard case .sqlite(let path, let sql, _, let message) = error else {
            Issue.record("expected .sqlite, got \(String(describing: error))")
            return
        }
        #expect(path == scratch.path)
        #expect(sql == "SELECT x FROM nowhere")
        #expect(message == "no such table: nowhere")
        #expect(database.lastError == error)
        let sentence = error?.description ?? ""
        #expect(sentence.contains(scratch.path) && sentence.contains("SELECT x FROM nowhere") && sentence.hasSuffix("."))
        #expect(!sentence.contains("\n"))
    }

    @Test("SQLite keeps no memory statistics: its allocations take no global lock")
    func noMemoryStatistics() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (x TEXT); INSERT INTO t VALUES (printf('%.*c', 100000, 'x'))")
        var current: Int64 = -1, highest: Int64 = -1
        #expect(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highest, 0) == SQLITE_OK)
        #expect(current == 0 && highest == 0)
    }

    @Test("a database that cannot be opened says so with its path")
    func cannotOpen() throws {
        let scratch = try StoreScratch()
        let missing = scratch.directory.appendingPathComponent("no/such/dir/x.db").path
        let error = #expect(throws: StoreError.self) { try SQLiteDatabase(path: missing) }
        #expect(error?.path == missing)
        #expect(error?.description.hasPrefix("Cannot open the database \(missing)") == true)
    }

    @Test("prepare takes one statement")
    func prepareRefusesTwoStatements() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        #expect(throws: StoreError.self) { try database.prepare("SELECT 1; SELECT 2") }
        #expect(try database.prepare("SELECT 1;  ").step())
    }

    @Test("values of every kind bind and read back, NUL bytes and empty text included")
    func bindAndRead() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let statement = try database.prepare("SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7")
        statement.bind(Int64.min, at: 1)
        statement.bind(2.5 as Double?, at: 2)
        statement.bind("a\u{0}b", at: 3)
        statement.bind("", at: 4)
        statement.bind(nil as String?, at: 5)
        statement.bind(false as Bool?, at: 6)
        [UInt8(0), 0xFF].withUnsafeBytes { statement.bind(bytes: $0, at: 7) }
        #expect(try statement.step())
        #expect(statement.value(at: 0) == .integer(Int64.min))
        #expect(statement.value(at: 1) == .real(2.5))
        #expect(statement.value(at: 2) == .text("a\u{0}b"))
        #expect(statement.value(at: 3) == .text(""))
        #expect(statement.value(at: 4) == .null)
        #expect(statement.bool(at: 5) == false)
        #expect(statement.value(at: 6) == .blob([0, 0xFF]))
    }

    @Test("text larger than the statement's own buffer is bound whole, and the buffer is reused after clearBindings")
    func largeTextAndBufferReuse() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let statement = try database.prepare("SELECT ?1, ?2")
        let large = String(repeating: "é", count: 20_000)
        for round in 0..<3 {
            statement.clearBindings()
            statement.bind("round \(round)", at: 1)
            statement.bind(large, at: 2)
            #expect(try statement.step())
            #expect(statement.string(at: 0) == "round \(round)")
            #expect(statement.string(at: 1) == large)
            statement.reset()
        }
    }

    @Test("rows rebinding every parameter store each value or NULL as bound, whatever the row before held")
    func rebindingNullAfterValues() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (n INTEGER, a TEXT, b REAL, c INTEGER, d BLOB)")
        let insert = try database.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)", persistent: true)
        // Each kind of value, then NULL in its place, twice over, and NULL twice running.
        let rows: [(String?, Double?, Bool?, [UInt8]?)] = [
            ("x", 1.5, true, [1]), (nil, nil, nil, nil), (nil, nil, nil, nil), ("y", nil, false, nil),
            (nil, 2.5, nil, [2]), ("z", nil, true, nil), (nil, nil, nil, nil),
        ]
        for (n, row) in rows.enumerated() {
            insert.startRebindingAll()
            insert.bind(n, at: 1)
            insert.bind(row.0, at: 2)
            insert.bind(row.1, at: 3)
            insert.bind(row.2, at: 4)
            if let blob = row.3 { blob.withUnsafeBytes { insert.bind(bytes: $0, at: 5) } } else { insert.bindNull(at: 5) }
            try insert.step()
            insert.reset()
        }
        let select = try database.prepare("SELECT a, b, c, d FROM t ORDER BY n")
        var back: [[SQLiteValue]] = []
        while try select.step() { back.append((0..<4).map { select.value(at: $0) }) }
        var expected: [[SQLiteValue]] = []
        for row in rows {
            let a: SQLiteValue = row.0.map { .text($0) } ?? .null
            let b: SQLiteValue = row.1.map { .real($0) } ?? .null
            let c: SQLiteValue = row.2.map { .integer($0 ? 1 : 0) } ?? .null
            let d: SQLiteValue = row.3.map { .blob($0) } ?? .null
            expected.append([a, b, c, d])
        }
        #expect(back == expected)
    }

    /// A bind of what a parameter holds already is skipped: the rows must still read back as
    /// bound, when integers and constant spellings repeat, change, give way to text or NULL and
    /// come back, and after the bindings are cleared.
    @Test("rebinding the same integer or constant spelling keeps every row right")
    func rebindingWhatIsHeld() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (n INTEGER, i INTEGER, s TEXT)")
        let insert = try database.prepare("INSERT INTO t VALUES (?1, ?2, ?3)", persistent: true)
        let roles = ConstantSpellings<Role>()
        enum Text { case role(Role), other(String), none }
        let rows: [(Int64?, Text)] = [
            (7, .role(.organizer)), (7, .role(.organizer)), (8, .role(.presenter)), (8, .other("presenter")),
            (nil, .role(.presenter)), (nil, .none), (7, .role(.presenter)), (7, .role(.presenter)), (0, .other("x")),
            (0, .role(.attendee)), (5, .role(.attendee)),
        ]
        for (n, row) in rows.enumerated() {
            // Cleared between two equal rows: the second must bind again what SQLite let go.
            if n == 7 { insert.clearBindings() }
            insert.startRebindingAll()
            insert.bind(n, at: 1)
            insert.bind(row.0, at: 2)
            switch row.1 {
            case .role(let role): insert.bind(constant: roles(role), at: 3)
            case .other(let text): insert.bind(text, at: 3)
            case .none: insert.bind(constant: roles(nil), at: 3)
            }
            try insert.step()
            insert.reset()
        }
        let select = try database.prepare("SELECT i, s FROM t ORDER BY n")
        var back: [[SQLiteValue]] = []
        while try select.step() { back.append([select.value(at: 0), select.value(at: 1)]) }
        let expected: [[SQLiteValue]] = rows.map { row in
            let i: SQLiteValue = row.0.map { .integer($0) } ?? .null
            switch row.1 {
            case .role(let role): return [i, .text(role.rawValue)]
            case .other(let text): return [i, .text(text)]
            case .none: return [i, .null]
            }
        }
        #expect(back == expected)
    }

    @Test("a bind to a parameter that does not exist is reported by step")
    func badBindReportedByStep() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let statement = try database.prepare("SELECT ?1")
        statement.bind(1, at: 2)
        #expect(throws: StoreError.self) { try statement.step() }
    }

    @Test("a transaction whose body throws is rolled back, a nested one to its savepoint")
    func transactionRollsBack() throws {
        struct Boom: Error {}
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (x INTEGER)")
        try database.transaction {
            try database.execute("INSERT INTO t VALUES (1)")
            _ = try? database.transaction {
                try database.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(throws: Boom.self) {
            try database.transaction {
                try database.execute("INSERT INTO t VALUES (3)")
                throw Boom()
            }
        }
        #expect(!database.isInTransaction)
        let count = try database.prepare("SELECT group_concat(x) FROM t")
        try count.step()
        #expect(count.string(at: 0) == "1")
    }
}
