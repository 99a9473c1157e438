import Testing
@testable import JoinAuditCore

/// The replay keeps one state per meeting key; two meetings must never share one.
@Suite struct MeetingKeyTests {
    /// Ids built at run time, so that equal keys do not share their strings' storage.
    private static func key(_ tenant: String, _ meeting: String) -> MeetingKey {
        MeetingKey(tenantID: String(tenant.reversed().reversed()), meetingID: String(meeting.reversed().reversed()))
    }

    @Test("the same tenant and meeting id make one key, however the strings were made")
    func equalIDsAreOneKey() {
        let tenant = "8f2d6c1e-54b0-4a8e-9f3a-1c2b3d4e5f60", meeting = "19:meeting_abc@thread.v2"
        #expect(Self.key(tenant, meeting) == Self.key(tenant, meeting))
        #expect(Self.key(tenant, meeting).hashValue == Self.key(tenant, meeting).hashValue)
    }

    @Test("a key differs when its tenant differs, when its meeting id differs, or when the two are swapped")
    func eitherPartDiffering() {
        let base = Self.key("tenant-a", "meeting-1")
        #expect(base != Self.key("tenant-b", "meeting-1"))
        #expect(base != Self.key("tenant-a", "meeting-2"))
        #expect(Self.key("a", "b") != Self.key("b", "a"))
        #expect(Self.key("ab", "c") != Self.key("a", "bc"))
    }

    /// The replay looks meetings up with the key the reading thread made (`LoggedEvent`); an
    /// explanation, with keys made from the ids. Both must be one key.
    @Test("a logged event's meeting key is the key made from its ids")
    func loggedKeyIsTheSameKey() {
        let event = Event(id: "e-1", ts: Timestamp(nanoseconds: 0), tenantID: "8f2d6c1e-54b0-4a8e-9f3a-1c2b3d4e5f60",
                          meetingID: "19:meeting_abc@thread.v2", body: .meetingEnded)
        let logged = LoggedEvent(seq: 1, source: SourceLocation(fileID: 0, line: 1), event: event)
        #expect(logged.meetingKey == Self.key(event.tenantID, event.meetingID))
        #expect(logged.meetingKey.hashValue == Self.key(event.tenantID, event.meetingID).hashValue)
        #expect(logged.meetingKey != Self.key(event.tenantID, "19:meeting_abd@thread.v2"))
    }

    @Test("a table of many meetings of two tenants finds each one, and no other")
    func tableOfMeetings() {
        var table: [MeetingKey: Int] = [:]
        for index in 0..<2_000 { table[Self.key(index.isMultiple(of: 2) ? "t-1" : "t-2", "m-\(index / 2)")] = index }
        #expect(table.count == 2_000)
        for index in 0..<2_000 {
            #expect(table[Self.key(index.isMultiple(of: 2) ? "t-1" : "t-2", "m-\(index / 2)")] == index)
        }
        #expect(table[Self.key("t-3", "m-0")] == nil)
    }
}
