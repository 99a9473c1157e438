import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// sources.md §2–4, row by row: call records, attendance reports, online meetings.
@Suite("Import: Graph call record mapping")
struct ImportCallRecordMappingTests {
    static func record(_ sessions: [CallSession], type: String = "groupCall") -> CallRecord {
        CallRecord(
            id: "c1", type: type, joinWebUrl: "https://teams.microsoft.com/l/meetup-join/x", startDateTime: "2026-11-23T10:00:00Z",
            organizer: GraphIdentity(kind: "user", id: "u-ada", tenantID: "t-contoso"), sessions: sessions)
    }

    static func session(_ identity: GraphIdentity, family: String? = "teams", id: String = "s1") -> CallSession {
        CallSession(id: id, startDateTime: "2026-11-23T10:01:00.5Z", endDateTime: "2026-11-23T10:20:00Z",
                    caller: CallEndpoint(identity: identity, productFamily: family), callee: CallEndpoint())
    }

    static func request(_ identity: GraphIdentity, family: String? = "teams") throws -> JoinRequest? {
        let output = try CallRecordMapping.events(for: record([session(identity, family: family)]))
        guard case .events(let events) = output.result, case .joinRequest(let request)? = events.first?.body else { return nil }
        return request
    }

    @Test("Per session: join_request admitted at its start, left at its end, origin graph")
    func session() throws {
        let output = try CallRecordMapping.events(for: Self.record([Self.session(GraphIdentity(kind: "user", id: "u-ben", displayName: "Ben", tenantID: "t-contoso"))]))
        guard case .events(let events) = output.result else { return }
        #expect(events.map(\.id) == ["c1:s1", "c1:s1:left"])
        #expect(events[0].meetingID == "https://teams.microsoft.com/l/meetup-join/x")
        #expect(events[0].tenantID == "t-contoso")
        #expect(events[0].organizerID == "u-ada")
        #expect(events[0].origin == .graph)
        #expect(events[0].tsText == "2026-11-23T10:01:00.5Z")
        #expect(events[0].body == .joinRequest(JoinRequest(
            participantID: "u-ben", displayName: "Ben", identity: .internal, invited: nil, client: .teams, outcome: .admitted)))
        #expect(events[1].body == .left(participantID: "u-ben"))
    }

    @Test("Identities", arguments: [
        (GraphIdentity(kind: "user", id: "u-1", tenantID: "t-contoso"), LoggedIdentity.internal, Client.teams),
        (GraphIdentity(kind: "user", id: "u-1"), .internal, .teams),
        (GraphIdentity(kind: "user", id: "x-1", tenantID: "t-fabrikam"), .external, .teams),
        (GraphIdentity(kind: "guest", id: "g-1", displayName: "Visitor"), .anonymous, .teams),
        (GraphIdentity(kind: "acsUser", id: "8:acs:1"), .anonymous, .acs),
        (GraphIdentity(kind: "azureCommunicationServicesUser", id: "8:acs:2"), .anonymous, .acs),
        (GraphIdentity(kind: "phone", id: "+15550100"), .dialIn, .pstn),
        (GraphIdentity(kind: "onPremises", id: "u-2"), .internal, .teams),
    ])
    func identities(_ identity: GraphIdentity, _ logged: LoggedIdentity, _ client: Client) throws {
        let request = try #require(try Self.request(identity))
        #expect(request.identity == logged)
        #expect(request.client == client)
        if logged == .external {
            #expect(request.homeTenantID == "t-fabrikam")
            #expect(request.trust == .mutual)
        }
    }

    @Test("Client from the product family or user agent")
    func clients() throws {
        let guest = GraphIdentity(kind: "guest", id: "g")
        #expect(try Self.request(guest, family: "azureCommunicationServices")?.client == .acs)
        #expect(try Self.request(guest, family: "skypeForBusiness")?.client == .other)
        #expect(try Self.request(guest, family: nil)?.client == .other)
    }

    @Test("The organizer's own session gets the organizer role")
    func organizerRole() throws {
        #expect(try Self.request(GraphIdentity(kind: "user", id: "u-ada", tenantID: "t-contoso"))?.role == .organizer)
    }

    @Test("Applications and identities that cannot be judged are skipped; the rest of the record counts")
    func skippedSessions() throws {
        let output = try CallRecordMapping.events(for: Self.record([
            Self.session(GraphIdentity(kind: "application", id: "bot"), id: "s1"),
            Self.session(GraphIdentity(kind: "encrypted", id: "e"), id: "s2"),
            Self.session(GraphIdentity(kind: "user", id: "u-1"), id: "s3"),
        ]))
        #expect(output.skippedSessions == [.application, .unsupportedIdentity("encrypted")])
        guard case .events(let events) = output.result else { return }
        #expect(events.map(\.id) == ["c1:s3", "c1:s3:left"])
    }

    @Test("A session without a start is a problem of its own")
    func sessionProblem() throws {
        var bad = Self.session(GraphIdentity(kind: "user", id: "u-1"), id: "s1")
        bad.startDateTime = nil
        let output = try CallRecordMapping.events(for: Self.record([bad, Self.session(GraphIdentity(kind: "user", id: "u-2"), id: "s2")]))
        #expect(output.sessionProblems.map(\.field) == ["sessions[0].startDateTime"])
        guard case .events(let events) = output.result else { return }
        #expect(events.count == 2)
    }

    @Test("Peer-to-peer calls are not meetings; a record without link, organizer tenant or sessions is bad")
    func recordLevel() throws {
        #expect(try CallRecordMapping.events(for: Self.record([], type: "peerToPeer")).result == .skipped(.notAMeeting("peerToPeer")))
        var record = Self.record([Self.session(GraphIdentity(kind: "user", id: "u-1"))])
        record.joinWebUrl = nil
        #expect(throws: ImportProblem.missing("joinWebUrl", "the meeting link, which is the meeting's id")) { try CallRecordMapping.events(for: record) }
        record = Self.record([])
        #expect(throws: ImportProblem.self) { try CallRecordMapping.events(for: record) }
        record = Self.record([Self.session(GraphIdentity(kind: "user", id: "u-1"))])
        record.organizer?.tenantID = nil
        #expect(throws: ImportProblem.self) { try CallRecordMapping.events(for: record) }
    }

    @Test("Reading a call record's JSON: organizer_v2, sessions, the identity set's one member")
    func readJSON() throws {
        let node = try JSONNode.parse(#"""
            {"id":"c1","type":"groupCall","joinWebUrl":"https://x","startDateTime":"2026-11-23T10:00:00Z",
             "organizer_v2":{"id":"u-ada","identity":{"user":{"id":"u-ada","tenantId":"t-contoso"}}},
             "sessions":[{"id":"s1","startDateTime":"2026-11-23T10:00:01Z","endDateTime":"2026-11-23T10:10:00Z",
               "caller":{"identity":{"user":null,"guest":{"id":"g-1","displayName":"V"}},"userAgent":{"productFamily":"teams","headerValue":"h"}},
               "callee":{"userAgent":{"role":"conferencing"}}}]}
            """#)
        let record = try CallRecord(json: node)
        #expect(record.organizer == GraphIdentity(kind: "user", id: "u-ada", tenantID: "t-contoso"))
        #expect(record.sessions.first?.caller == CallEndpoint(identity: GraphIdentity(kind: "guest", id: "g-1", displayName: "V"), productFamily: "teams", userAgentHeader: "h"))
        #expect(record.sessions.first?.callee?.identity == nil)
    }
}

@Suite("Import: attendance report mapping")
struct ImportAttendanceMappingTests {
    static let report = AttendanceReport(
        id: "r1", meetingID: "M1", meetingStartDateTime: "2026-11-23T10:00:00Z",
        records: [
            AttendanceRecord(id: "u-ada", displayName: "Ada", tenantID: "t-contoso", role: "Organizer",
                             intervals: [AttendanceInterval(joinDateTime: "2026-11-23T10:00:00Z", leaveDateTime: "2026-11-23T10:30:00Z")]),
            AttendanceRecord(id: "x-1", tenantID: "t-fabrikam", role: "Presenter",
                             intervals: [AttendanceInterval(joinDateTime: "2026-11-23T10:05:00Z", leaveDateTime: "2026-11-23T10:10:00Z"),
                                         AttendanceInterval(joinDateTime: "2026-11-23T10:12:00Z", leaveDateTime: nil)]),
            AttendanceRecord(identityType: "#microsoft.graph.azureCommunicationServicesUserIdentity", id: "8:acs:1", role: "Attendee",
                             intervals: [AttendanceInterval(joinDateTime: "2026-11-23T10:06:00Z")]),
            AttendanceRecord(displayName: "Visitor", role: "Attendee", intervals: [AttendanceInterval(joinDateTime: "2026-11-23T10:07:00Z")]),
        ])

    @Test("Per interval: join_request admitted and left; organizer and tenant from the Organizer record")
    func intervals() throws {
        let output = try AttendanceMapping.events(for: Self.report)
        guard case .events(let events) = output.result else { return }
        #expect(output.recordProblems.isEmpty)
        #expect(events.count == 7)
        #expect(Set(events.map(\.tenantID)) == ["t-contoso"])
        #expect(Set(events.map(\.meetingID)) == ["M1"])
        #expect(Set(events.compactMap(\.organizerID)) == ["u-ada"])
        #expect(Set(events.map(\.origin)) == [.attendance])
        let requests = events.compactMap { event -> JoinRequest? in
            if case .joinRequest(let request) = event.body { return request }
            return nil
        }
        #expect(requests.map(\.identity) == [.internal, .external, .external, .anonymous, .anonymous])
        #expect(requests.map(\.role) == [.organizer, .presenter, .presenter, .attendee, .attendee])
        #expect(requests.map(\.client) == [.other, .other, .other, .acs, .other])
        #expect(requests.map(\.participantID).last == "attendee:Visitor")
        #expect(events.first?.id == "r1:u-ada:2026-11-23T10:00:00Z")
    }

    @Test("A report with no records, or of no known meeting, is bad")
    func bad() {
        #expect(throws: ImportProblem.self) { try AttendanceMapping.events(for: AttendanceReport(id: "r", meetingID: "M")) }
        #expect(throws: ImportProblem.self) { try AttendanceMapping.events(for: AttendanceReport(records: Self.report.records)) }
    }

    @Test("The meeting's id comes from the saved response's @odata.context")
    func context() throws {
        let node = try JSONNode.parse(#"{"id":"r1","attendanceRecords":[]}"#)
        let report = try AttendanceReport(json: node, context: "https://graph.microsoft.com/v1.0/$metadata#users('u')/onlineMeetings('MSpkYz')/attendanceReports")
        #expect(report.meetingID == "MSpkYz")
    }
}

@Suite("Import: online meeting mapping")
struct ImportOnlineMeetingMappingTests {
    static let day = Timestamp(rfc3339: "2026-11-23T00:00:00Z")!
    static let match = OnlineMeetingMapping.Match(meetingID: "md-1", facts: MeetingFacts(tenantID: "t-contoso", organizerID: "u-ada"))

    static func meeting(scope: String?, dialIn: Bool? = false) -> OnlineMeeting {
        OnlineMeeting(
            id: "M1", joinWebUrl: "https://x", threadID: "19:t", startDateTime: "2026-11-23T10:00:00Z", endDateTime: "2026-11-23T11:00:00Z",
            organizerID: "u-ada", lobbyBypassScope: scope, isDialInBypassEnabled: dialIn, hasLobbyBypassSettings: true)
    }

    @Test("The scope table", arguments: [
        ("organizer", AutoAdmittedUsers.organizerOnly), ("invited", .invitedUsers),
        ("organizationExcludingGuests", .everyoneInCompanyExcludingGuests), ("organization", .everyoneInCompany),
        ("organizationAndFederated", .everyoneInSameAndFederatedCompany), ("everyone", .everyone),
    ])
    func scopes(_ scope: String, _ value: AutoAdmittedUsers) throws {
        let result = try OnlineMeetingMapping.events(for: Self.meeting(scope: scope, dialIn: true), matches: [Self.match], dayStart: Self.day)
        #expect(result == .events([Event(
            id: "M1:meeting_scheduled:md-1", ts: Self.day, tenantID: "t-contoso", meetingID: "md-1", organizerID: "u-ada", origin: .graph,
            body: .meetingScheduled(MeetingSchedule(
                scheduledStart: Timestamp(rfc3339: "2026-11-23T10:00:00Z"), scheduledEnd: Timestamp(rfc3339: "2026-11-23T11:00:00Z"),
                autoAdmittedUsers: value, pstnBypassLobby: true)))]))
    }

    @Test("Unmatched: skipped; no lobbyBypassSettings or an unknown scope: bad")
    func edges() throws {
        #expect(try OnlineMeetingMapping.events(for: Self.meeting(scope: "everyone"), matches: [], dayStart: Self.day) == .skipped(.unmatchedMeeting))
        var meeting = Self.meeting(scope: nil, dialIn: nil)
        meeting.hasLobbyBypassSettings = false
        #expect(throws: ImportProblem.self) { try OnlineMeetingMapping.events(for: meeting, matches: [Self.match], dayStart: Self.day) }
        #expect(throws: ImportProblem.self) { try OnlineMeetingMapping.events(for: Self.meeting(scope: "anyone"), matches: [Self.match], dayStart: Self.day) }
    }

    @Test("Reading an online meeting's JSON")
    func readJSON() throws {
        let node = try JSONNode.parse(#"""
            {"id":"M1","joinWebUrl":"https://x","chatInfo":{"threadId":"19:t"},"startDateTime":"2026-11-23T10:00:00Z",
             "participants":{"organizer":{"identity":{"user":{"id":"u-ada","tenantId":"t-contoso"}}}},
             "lobbyBypassSettings":{"scope":"organization","isDialInBypassEnabled":false}}
            """#)
        #expect(try OnlineMeeting(json: node) == OnlineMeeting(
            id: "M1", joinWebUrl: "https://x", threadID: "19:t", startDateTime: "2026-11-23T10:00:00Z", organizerID: "u-ada",
            organizerTenantID: "t-contoso", lobbyBypassScope: "organization", isDialInBypassEnabled: false))
    }
}
