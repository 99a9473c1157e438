import Foundation
import Testing

@testable import JoinAuditIO

/// A load that died after committing some files, continued by the next one (ResumePlan). The
/// death is made by throwing from `recordingEnd`, inside the transaction that would end the
/// load: the files stay committed, the load stays pending. The kill test with real SIGKILLs
/// is CLI `CrashSafetyTests`.
@Suite("resuming a killed load")
struct ResumeTests {
    struct Killed: Error {}

    static func line(_ id: String) -> String {
        #"{"id":"\#(id)","ts":"2026-11-23T10:00:00Z","type":"left","tenant_id":"t","meeting_id":"m","participant_id":"p"}"#
    }

    static func killedLoad(_ paths: [String], into store: EventStore) {
        #expect(throws: Killed.self) { try Ingestion(store: store).run(paths) { _ in throw Killed() } }
    }

    @Test("files the dead load committed are not read again: no extra rows, no re-deliveries")
    func committedFilesAreTakenAsStored() throws {
        let scratch = try ReadScratchDirectory()
        let a = try scratch.write("a.jsonl", Self.line("a1") + "\n{bad\n" + Self.line("a2") + "\n")
        let b = try scratch.write("b.jsonl", Self.line("b1") + "\n")
        let store = try EventStore(path: scratch.path + "/r.db")
        Self.killedLoad([a, b], into: store)
        #expect(try StoreFixture.column(store, "SELECT count(*) FROM pending_load") == ["1"])

        let report = try Ingestion(store: store).run([a, b])
        #expect(report.resumedFiles == 2)
        #expect(report.files.map(\.fileID) == [1, 2])
        #expect(report.events == 3 && report.badLines == 1 && report.redeliveries == 0)
        #expect(try StoreFixture.column(store, "SELECT file_id || ':' || path FROM files ORDER BY file_id") == ["1:\(a)", "2:\(b)"])
        #expect(try store.redeliveryCount() == 0)
        #expect(try StoreFixture.column(store, "SELECT count(*) FROM pending_load") == ["0"])
    }

    @Test("a file changed since the dead load committed it is read again; so is a file named twice")
    func onlyTheSameBytesAreTakenAsStored() throws {
        let scratch = try ReadScratchDirectory()
        let a = try scratch.write("a.jsonl", Self.line("a1") + "\n")
        let b = try scratch.write("b.jsonl", Self.line("b1") + "\n")
        let store = try EventStore(path: scratch.path + "/r.db")
        Self.killedLoad([a, b, a], into: store)
        try scratch.write("b.jsonl", Self.line("b1") + "\n" + Self.line("b2") + "\n")  // the shipper appended

        let report = try Ingestion(store: store).run([a, b, a])
        // a (twice) was committed twice and matches twice; b changed and is read again.
        #expect(report.files.map(\.resumed) == [true, true, false])
        #expect(try StoreFixture.column(store, "SELECT id FROM events ORDER BY seq") == ["a1", "b1", "b2"])
        // The first b's b1 is the stored copy; the new reading's b1 is a re-delivery.
        #expect(try StoreFixture.column(store, "SELECT event_id || '@' || file_id FROM redeliveries ORDER BY rowid") == ["a1@3", "b1@4"])
    }

    @Test("without a pending load nothing is skipped: ingesting a file again counts re-deliveries")
    func finishedLoadsAreNotResumed() throws {
        let scratch = try ReadScratchDirectory()
        let a = try scratch.write("a.jsonl", Self.line("a1") + "\n")
        let store = try EventStore(path: scratch.path + "/r.db")
        _ = try Ingestion(store: store).run([a])
        let again = try Ingestion(store: store).run([a])
        #expect(again.resumedFiles == 0 && again.redeliveries == 1)
    }
}
