import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

@Suite("Store: loads, indexes and re-deliveries")
struct StoreLoadTests {
    static func ended(_ id: String, at ts: String = "2026-11-23T10:00:00Z") -> Event {
        StoreFixture.event(id, at: ts, body: .meetingEnded)
    }

    @Test("no secondary index exists during a load, and all are rebuilt by finishLoad")
    func indexesDroppedDuringLoad() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try store.database.execute("CREATE INDEX by_hand ON events (tenant_id)")
        try store.beginLoad()
        #expect(try StoreFixture.eventIndexNames(store) == [])
        try store.finishLoad()
        #expect(try StoreFixture.eventIndexNames(store) == Schema.eventIndexes.map(\.name).sorted())
    }

    static let strategies: [EventStore.DedupeStrategy] = [.probeEachNewRow, .scanIndex]

    @Test("a repeated id within one load is a re-delivery: the later copy is removed and recorded", arguments: strategies)
    func dedupeWithinOneLoad(strategy: EventStore.DedupeStrategy) throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        store.dedupeStrategyOverride = strategy
        let events = [Self.ended("a"), Self.ended("b"), Self.ended("a", at: "2026-11-23T09:00:00Z"), Self.ended("c"), Self.ended("a"), Self.ended("b")]
        let (fileID, _, redeliveries) = try StoreFixture.load(events, into: store)
        #expect(redeliveries == 3)
        #expect(try StoreFixture.replayed(store).map(\.seq) == [1, 2, 4])
        #expect(try store.redeliveryCount() == 3)
        #expect(try StoreFixture.column(store, "SELECT event_id || '@' || file_id || ':' || line || '->' || first_seq FROM redeliveries ORDER BY line")
            == ["a@\(fileID):3->1", "a@\(fileID):5->1", "b@\(fileID):6->2"])
        let file = try #require(try store.files().first)
        #expect(file.redeliveries == 3)
        #expect(file.summary.events == 6)
    }

    @Test("ingesting the same file twice adds nothing: every event of the second is a re-delivery", arguments: strategies)
    func dedupeAcrossLoads(strategy: EventStore.DedupeStrategy) throws {
        let scratch = try StoreScratch()
        let events = StoreFixture.everyType
        let (firstID, firstLogged, firstRedeliveries) = try StoreFixture.load(events, into: try scratch.open())
        #expect(firstRedeliveries == 0)

        let store = try scratch.open()  // a second run, a new connection
        store.dedupeStrategyOverride = strategy
        let (secondID, secondLogged, secondRedeliveries) = try StoreFixture.load(events, into: store, path: "day-again.jsonl")
        #expect(secondRedeliveries == events.count)
        #expect(secondLogged.first?.seq == Int64(events.count + 1))
        #expect(try store.eventCount() == events.count)
        #expect(try StoreFixture.replayed(store) == firstLogged)
        let files = try store.files()
        #expect(files.map(\.fileID) == [firstID, secondID])
        #expect(files.map(\.redeliveries) == [0, events.count])
        let rows = try StoreFixture.column(store, "SELECT file_id || ':' || line || '->' || first_seq FROM redeliveries ORDER BY line")
        #expect(rows == (1...events.count).map { "\(secondID):\($0)->\($0)" })
        #expect(try StoreFixture.eventIndexNames(store) == Schema.eventIndexes.map(\.name).sorted())
    }

    @Test("a small load onto a large store probes; a load that is a large share scans the index")
    func strategyChoice() {
        #expect(EventStore.DedupeStrategy.choose(newRows: 1_000, storedBefore: 0) == .scanIndex)
        #expect(EventStore.DedupeStrategy.choose(newRows: 1_000, storedBefore: 8_000) == .scanIndex)
        #expect(EventStore.DedupeStrategy.choose(newRows: 1_000, storedBefore: 8_001) == .probeEachNewRow)
    }

    @Test("a small load onto many stored events finds its re-deliveries")
    func smallLoadOntoLargeStore() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try StoreFixture.load((1...100).map { Self.ended("e\($0)") }, into: store)
        let (fileID, _, redeliveries) = try StoreFixture.load([Self.ended("new"), Self.ended("e50"), Self.ended("new")], into: store, path: "late.jsonl")
        #expect(redeliveries == 2)
        #expect(try StoreFixture.column(store, "SELECT event_id || '@' || file_id || ':' || line || '->' || first_seq FROM redeliveries ORDER BY line")
            == ["e50@\(fileID):2->50", "new@\(fileID):3->101"])
        #expect(try store.eventCount() == 101)
    }

    @Test("a load that died before finishLoad is de-duplicated by the next one")
    func interruptedLoadIsFinishedLater() throws {
        let scratch = try StoreScratch()
        do {
            let store = try scratch.open()
            try StoreFixture.load([Self.ended("a")], into: store)
            try store.beginLoad()
            let fileID = try store.beginFile(path: "b.jsonl", inputKind: "join_log")
            try store.insert(StoreFixture.logged(2, file: fileID, line: 1, Self.ended("a")))
            try store.commit()
            // The process dies here: no finishLoad().
        }
        let store = try scratch.open()
        try StoreFixture.load([Self.ended("b")], into: store)
        #expect(try StoreFixture.replayed(store).map(\.event.id) == ["a", "b"])
        #expect(try store.redeliveryCount() == 1)
        #expect(try StoreFixture.column(store, "SELECT count(*) FROM pending_load") == ["0"])
    }

    @Test("a file row goes from reading to complete, or to damaged with the reason")
    func fileStatus() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try store.beginLoad()
        let good = try store.beginFile(path: "good.jsonl.gz", inputKind: "join_log")
        let bad = try store.beginFile(path: "bad.jsonl.gz", inputKind: "join_log")
        #expect(try store.files().map(\.status) == [.reading, .reading])
        try store.finishFile(fileID: good, summary: .init(sizeBytes: 120, sha256: "ab12", lines: 3, events: 2, badLines: 1))
        try store.finishFile(fileID: bad, summary: .init(lines: 7, events: 7, badLines: 0, damage: "gzip stream truncated at byte 4096"))
        try store.finishLoad()
        let files = try store.files()
        #expect(files.map(\.status) == [.complete, .damaged])
        #expect(files[0].summary == .init(sizeBytes: 120, sha256: "ab12", lines: 3, events: 2, badLines: 1))
        #expect(files[1].summary.damage == "gzip stream truncated at byte 4096")
        #expect(files.allSatisfy { $0.finishedAt != nil && ($0.seconds ?? -1) >= 0 })
        #expect(files[0].startedAt.hasSuffix("Z"))
    }

    @Test("a run is recorded with its command, policy files and counts")
    func runsRecorded() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let runID = try store.beginRun(command: "analyze", policyFiles: ["p1.json", "p2.json"])
        try store.finishRun(runID: runID, counts: .init(files: 2, events: 10, findings: 1), exitStatus: 1)
        #expect(try StoreFixture.column(store, "SELECT command || '|' || policy_files || '|' || events || '|' || exit_status FROM runs")
            == ["analyze|p1.json\np2.json|10|1"])
    }
}
