import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

@Suite("Store: schema and migrations")
struct StoreSchemaTests {
    @Test("an empty file is migrated to the current version with every table, the view and the indexes")
    func migratesFromEmpty() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        #expect(try Schema.userVersion(store.database) == Schema.version)
        #expect(Schema.version == Schema.migrations.count)
        let tables = try StoreFixture.column(store, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        #expect(tables == ["bad_lines", "data_quality", "events", "files", "findings", "pending_load", "redeliveries", "run_policies", "runs"])
        #expect(try StoreFixture.column(store, "SELECT name FROM sqlite_schema WHERE type = 'view'") == ["events_readable"])
        #expect(try StoreFixture.eventIndexNames(store) == Schema.eventIndexes.map(\.name).sorted())
    }

    @Test("the connection runs in WAL mode with synchronous NORMAL")
    func pragmas() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        #expect(try StoreFixture.column(store, "PRAGMA journal_mode") == ["wal"])
        #expect(try StoreFixture.column(store, "PRAGMA synchronous") == ["1"])
    }

    @Test("reopening a current database changes nothing and keeps its rows")
    func reopenIsNoOp() throws {
        let scratch = try StoreScratch()
        do {
            let store = try scratch.open()
            try StoreFixture.load([StoreFixture.everyType[0]], into: store)
        }
        let store = try scratch.open()
        #expect(try Schema.userVersion(store.database) == Schema.version)
        #expect(try store.eventCount() == 1)
    }

    @Test("a database from a newer joinaudit is refused with both versions named")
    func newerSchemaRefused() throws {
        let scratch = try StoreScratch()
        do {
            let database = try SQLiteDatabase(path: scratch.path)
            try database.execute("PRAGMA user_version = \(Schema.version + 1)")
        }
        #expect(throws: StoreError.schemaTooNew(path: scratch.path, found: Schema.version + 1, supported: Schema.version)) {
            _ = try scratch.open()
        }
    }

    @Test("replay order is read through events_by_time, without a sort")
    func replayUsesTheTimeIndex() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        // EXPLAIN QUERY PLAN rows are (id, parent, notused, detail).
        let statement = try store.database.prepare("EXPLAIN QUERY PLAN " + EventColumn.replaySQL)
        var detail: [String] = []
        while try statement.step() { detail.append(statement.string(at: 3) ?? "") }
        #expect(detail.contains { $0.contains("events_by_time") })
        #expect(!detail.contains { $0.contains("TEMP B-TREE") })
    }

    @Test("findings are read in event order through findings_by_event, without a sort")
    func findingsUseTheEventOrderIndex() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let statement = try store.database.prepare("EXPLAIN QUERY PLAN " + EventStore.findingsSQL(orderedBy: .event, kinds: nil))
        var detail: [String] = []
        while try statement.step() { detail.append(statement.string(at: 3) ?? "") }
        #expect(detail.contains { $0.contains("findings_by_event") })
        #expect(!detail.contains { $0.contains("TEMP B-TREE") })
    }

    @Test("events_readable shows the instant in UTC for people")
    func readableView() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let event = StoreFixture.event("e1", at: "2026-11-23T11:00:10.250+01:00", body: .meetingEnded)
        try StoreFixture.load([event], into: store)
        #expect(try StoreFixture.column(store, "SELECT utc || ' ' || ts || ' ' || file FROM events_readable")
            == ["2026-11-23T10:00:10.250Z 2026-11-23T11:00:10.250+01:00 day.jsonl"])
    }
}
