import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

@Suite("Store: events")
struct StoreEventTests {
    @Test("every event type, with its optionals set and unset, reads back exactly as inserted")
    func roundTripEveryType() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let (_, logged, _) = try StoreFixture.load(StoreFixture.everyType, into: store)
        #expect(Set(StoreFixture.everyType.map(\.type)) == Set(EventType.allCases))
        let back = try StoreFixture.replayed(store)
        #expect(back.count == logged.count)
        for (stored, inserted) in zip(back, logged) {
            #expect(stored == inserted)
        }
    }

    @Test("invited is stored as 1, 0 or NULL, and external_access false as 0")
    func invitedAndExternalAccessColumns() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try StoreFixture.load(StoreFixture.everyType, into: store)
        let rows = try StoreFixture.column(store, """
            SELECT id || ':' || coalesce(invited, 'NULL') || ':' || coalesce(external_access, 'NULL')
            FROM events WHERE type = 'join_request' ORDER BY seq
            """)
        #expect(rows == ["jr-full:1:0", "jr-bare:NULL:1", "jr-uninvited:0:1"])
    }

    @Test("fields a type does not have are NULL: no join_request defaults on other types")
    func otherTypesLeaveJoinFieldsNull() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try StoreFixture.load(StoreFixture.everyType, into: store)
        let leaks = try StoreFixture.column(store, """
            SELECT id FROM events WHERE type <> 'join_request'
              AND (external_access IS NOT NULL OR role IS NOT NULL OR invited IS NOT NULL OR identity IS NOT NULL
                   OR client IS NOT NULL OR outcome IS NOT NULL)
            """)
        #expect(leaks == [])
        #expect(try StoreFixture.column(store, "SELECT type || '=' || count(*) FROM events WHERE participant_id IS NULL GROUP BY type ORDER BY type")
            == ["meeting_ended=1", "meeting_scheduled=2"])
    }

    @Test("enum columns hold the contract's spelling")
    func enumColumnsUseContractSpelling() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try StoreFixture.load(StoreFixture.everyType, into: store)
        #expect(try StoreFixture.column(store, "SELECT role || ',' || identity FROM events WHERE id = 'jr-uninvited'") == ["organizer,internal"])
        #expect(try StoreFixture.column(store, "SELECT auto_admitted_users FROM events WHERE id = 'sched-full'") == ["EveryoneInSameAndFederatedCompany"])
        #expect(try StoreFixture.column(store, "SELECT origin || ',' || type FROM events WHERE id = 'app'") == ["purview,app_action"])
        #expect(try StoreFixture.column(store, "SELECT scheduled_end || ',' || scheduled_end_ns FROM events WHERE id = 'sched-full'")
            == ["2026-11-23T11:00:00.123456789Z,1795431600123456789"])
    }

    @Test("replay is ordered by instant, not text, then by seq on ties")
    func replayOrder() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let events = [
            StoreFixture.event("late", at: "2026-11-23T10:00:20Z", body: .meetingEnded),
            StoreFixture.event("tie-a", at: "2026-11-23T10:00:05Z", body: .left(participantID: "p1")),
            // 11:00:10+01:00 is 10:00:10Z: before "late" although its text sorts after.
            StoreFixture.event("offset", at: "2026-11-23T11:00:10+01:00", body: .left(participantID: "p2")),
            StoreFixture.event("tie-b", at: "2026-11-23T10:00:05.000Z", body: .left(participantID: "p3")),
            StoreFixture.event("early", at: "2026-11-23T09:59:59.999999999Z", body: .left(participantID: "p4")),
        ]
        try StoreFixture.load(events, into: store)
        #expect(try StoreFixture.replayed(store).map(\.event.id) == ["early", "tie-a", "tie-b", "offset", "late"])
    }

    @Test("hostile text (SQL, NUL bytes, emoji, empty) is stored and read back unchanged")
    func hostileStrings() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let hostile = [
            "'); DROP TABLE events;--", "nul\u{0}in\u{0}the middle", "🧑🏽‍💻 Visitor ☃️", "", "\"quoted\" \\ back\\slash",
        ]
        let events = hostile.enumerated().map { index, text in
            StoreFixture.event("\(text)#\(index)", meeting: text, body: .joinRequest(JoinRequest(
                participantID: text, displayName: text, identity: .anonymous, client: .acs, clientIP: text, outcome: .lobby)))
        }
        let (_, logged, _) = try StoreFixture.load(events, into: store)
        #expect(try StoreFixture.replayed(store) == logged)
        #expect(try store.eventCount() == hostile.count)
        #expect(try StoreFixture.column(store, "SELECT length(CAST(display_name AS BLOB)) FROM events WHERE seq = 2") == ["17"])
    }

    @Test("events inserted without beginLoad are refused")
    func insertRequiresLoad() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        let event = StoreFixture.logged(1, file: 1, StoreFixture.event("e1", body: .meetingEnded))
        #expect(throws: StoreError.noLoadInProgress(path: scratch.path)) { try store.insert(event) }
    }

    @Test("nextSeq continues after the largest stored seq, starting at 1")
    func nextSeqContinues() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        #expect(try store.nextSeq() == 1)
        try StoreFixture.load(Array(StoreFixture.everyType.prefix(3)), into: store)
        #expect(try store.nextSeq() == 4)
    }

    @Test("a second seq equal to a stored one is refused")
    func duplicateSeqRefused() throws {
        let scratch = try StoreScratch()
        let store = try scratch.open()
        try store.beginLoad()
        let fileID = try store.beginFile(path: "a.jsonl", inputKind: "join_log")
        try store.insert(StoreFixture.logged(1, file: fileID, StoreFixture.event("e1", body: .meetingEnded)))
        let error = #expect(throws: StoreError.self) {
            try store.insert(StoreFixture.logged(1, file: fileID, StoreFixture.event("e2", body: .meetingEnded)))
        }
        #expect(error?.isConstraintViolation == true)
    }
}
