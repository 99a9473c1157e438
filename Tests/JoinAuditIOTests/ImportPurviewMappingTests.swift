import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// sources.md §1, row by row: audit records of Teams meetings as join-log events.
@Suite("Import: Purview mapping")
struct ImportPurviewMappingTests {
    static let facts = MeetingFacts(tenantID: "t-contoso", organizerID: "u-ada", organizerUPN: "ada@contoso.com")

    static func record(
        _ attendee: AuditAttendee = AuditAttendee(recipientType: "User", userObjectID: "u-ben", displayName: "Ben", upn: "ben@contoso.com", organizationID: "t-contoso"),
        lobby: Bool = false, join: String? = "2026-11-23T10:04:05.1234567Z", leave: String? = "2026-11-23T10:30:00Z",
        userAgent: String? = "Mozilla/5.0 Teams/1.6.00.1381"
    ) -> ParticipantDetailRecord {
        ParticipantDetailRecord(
            id: "rec-1", organizationID: "t-contoso", meetingDetailID: "md-1", joinTime: join, leaveTime: leave,
            clientIP: "198.51.100.4", isJoinedFromLobby: lobby, userAgent: userAgent, attendee: attendee)
    }

    static func events(_ record: ParticipantDetailRecord, facts: MeetingFacts? = facts) throws -> [Event] {
        guard case .events(let events) = try PurviewMapping.events(for: record, meeting: facts) else {
            Issue.record("skipped")
            return []
        }
        return events
    }

    static func request(_ record: ParticipantDetailRecord) throws -> JoinRequest? {
        guard case .joinRequest(let request)? = try events(record).first?.body else { return nil }
        return request
    }

    static func problem(_ record: ParticipantDetailRecord) -> ImportProblem? {
        do {
            _ = try PurviewMapping.events(for: record, meeting: facts)
            return nil
        } catch {
            return error
        }
    }

    @Test("A user of the meeting's tenant: join_request admitted, then left at LeaveTime")
    func internalUser() throws {
        let events = try Self.events(Self.record())
        #expect(events.map(\.id) == ["rec-1", "rec-1:left"])
        let join = events[0]
        #expect(join.tsText == "2026-11-23T10:04:05.1234567Z")
        #expect(join.ts == Timestamp(rfc3339: "2026-11-23T10:04:05.1234567Z"))
        #expect(join.tenantID == "t-contoso")
        #expect(join.meetingID == "md-1")
        #expect(join.organizerID == "u-ada")
        #expect(join.origin == .purview)
        #expect(join.body == .joinRequest(JoinRequest(
            participantID: "u-ben", displayName: "Ben", identity: .internal, role: .attendee, invited: nil, client: .teams,
            clientIP: "198.51.100.4", outcome: .admitted)))
        #expect(events[1].body == .left(participantID: "u-ben"))
        #expect(events[1].organizerID == nil)
        #expect(events[1].tsText == "2026-11-23T10:30:00Z")
    }

    @Test("Without the meeting's MeetingDetail record the organizer is unknown")
    func organizerUnknown() throws {
        #expect(try Self.events(Self.record(), facts: nil).first?.organizerID == "unknown")
    }

    @Test("A UPN with #EXT# is a guest")
    func guest() throws {
        let attendee = AuditAttendee(recipientType: "User", userObjectID: "g-1", upn: "pat_example.com#ext#@contoso.onmicrosoft.com", organizationID: "t-contoso")
        #expect(try Self.request(Self.record(attendee))?.identity == .guest)
    }

    @Test("A user of another OrganizationId is external, trust mutual, with their tenant")
    func external() throws {
        let attendee = AuditAttendee(recipientType: "User", userObjectID: "x-1", upn: "kim@fabrikam.com", organizationID: "t-fabrikam")
        let request = try #require(try Self.request(Self.record(attendee)))
        #expect(request.identity == .external)
        #expect(request.homeTenantID == "t-fabrikam")
        #expect(request.trust == .mutual)
    }

    @Test("Tenant ids compare without regard to case")
    func tenantCase() throws {
        let attendee = AuditAttendee(recipientType: "User", userObjectID: "u-1", organizationID: "T-CONTOSO")
        #expect(try Self.request(Self.record(attendee))?.identity == .internal)
    }

    @Test("Anonymous: id from UserObjectId, else an 8:… display name, else the record's id")
    func anonymous() throws {
        let cases: [(AuditAttendee, String)] = [
            (AuditAttendee(recipientType: "Anonymous", userObjectID: "anon-1", displayName: "Visitor"), "anon-1"),
            (AuditAttendee(recipientType: "anonymous", displayName: "8:teamsvisitor:abc"), "8:teamsvisitor:abc"),
            (AuditAttendee(recipientType: "Anonymous", displayName: "Visitor"), "anonymous:rec-1"),
        ]
        for (attendee, id) in cases {
            let request = try #require(try Self.request(Self.record(attendee)))
            #expect(request.identity == .anonymous)
            #expect(request.participantID == id)
            #expect(request.displayName == attendee.displayName)
        }
    }

    @Test("Phone: dial_in from a telephone, an id for this join")
    func phone() throws {
        let request = try #require(try Self.request(Self.record(AuditAttendee(recipientType: "Phone", displayName: "+1 555 0100"), userAgent: nil)))
        #expect(request.identity == .dialIn)
        #expect(request.client == .pstn)
        #expect(request.participantID == "phone:rec-1")
        #expect(request.displayName == "+1 555 0100")
    }

    @Test("Applications are not participants: skipped")
    func applications() throws {
        let result = try PurviewMapping.events(for: Self.record(AuditAttendee(recipientType: "Applications", userObjectID: "bot")), meeting: Self.facts)
        #expect(result == .skipped(.application))
    }

    @Test("Client: 8:acs: ids and ACS user agents are acs; Teams user agents teams; else other")
    func clients() throws {
        let anonymous = { (name: String) in AuditAttendee(recipientType: "Anonymous", displayName: name) }
        #expect(try Self.request(Self.record(anonymous("8:acs:abc_123"), userAgent: nil))?.client == .acs)
        #expect(try Self.request(Self.record(anonymous("Kiosk"), userAgent: "azsdk-js-communication-calling/1.20.1 (Chrome)"))?.client == .acs)
        #expect(try Self.request(Self.record(anonymous("Visitor"), userAgent: "Mozilla/5.0 ... Teams/24165.1410"))?.client == .teams)
        #expect(try Self.request(Self.record(anonymous("Visitor"), userAgent: "Mozilla/5.0 Safari/605.1.15"))?.client == .other)
        #expect(try Self.request(Self.record(anonymous("Visitor"), userAgent: nil))?.client == .other)
    }

    @Test("Role spellings", arguments: [
        ("Organizer", Role.organizer), ("organizer", .organizer), ("Coorganizer", .coOrganizer), ("CoOrganizer", .coOrganizer),
        ("Co-organizer", .coOrganizer), ("CO-ORGANIZER", .coOrganizer), ("Presenter", .presenter), ("Attendee", .attendee),
        ("None", .attendee), ("", .attendee),
    ])
    func roles(_ text: String, _ role: Role) throws {
        let attendee = AuditAttendee(recipientType: "User", userObjectID: "u-1", organizationID: "t-contoso", role: text)
        #expect(try Self.request(Self.record(attendee))?.role == role)
        #expect(PurviewMapping.role(nil) == .attendee)
    }

    @Test("IsJoinedFromLobby: lobby at JoinTime, then lobby_admitted by an unknown actor")
    func joinedFromLobby() throws {
        let events = try Self.events(Self.record(lobby: true))
        #expect(events.map(\.id) == ["rec-1", "rec-1:lobby_admitted", "rec-1:left"])
        guard case .joinRequest(let request) = events[0].body else { return }
        #expect(request.outcome == .lobby)
        #expect(events[1].ts == events[0].ts)
        #expect(events[1].body == .lobbyAdmitted(LobbyAdmission(participantID: "u-ben", actorID: "unknown")))
        #expect(events[1].origin == .purview)
    }

    @Test("InviterInfo names the admitter: its UserObjectId, or the organizer by UPN; else unknown")
    func inviter() throws {
        func actor(_ inviter: AuditInviter) throws -> String? {
            var attendee = AuditAttendee(recipientType: "Anonymous", displayName: "Visitor")
            attendee.inviter = inviter
            guard case .lobbyAdmitted(let admission)? = try Self.events(Self.record(attendee, lobby: true)).dropFirst().first?.body else { return nil }
            return admission.actorID
        }
        #expect(try actor(AuditInviter(upn: "cy@contoso.com", userObjectID: "u-cy")) == "u-cy")
        #expect(try actor(AuditInviter(upn: "ADA@contoso.com", organizationID: "t-contoso")) == "u-ada")
        #expect(try actor(AuditInviter(upn: "someone@contoso.com")) == "unknown")
    }

    @Test("Times without an offset are UTC; the logged text gets a Z")
    func timesWithoutOffset() throws {
        let events = try Self.events(Self.record(join: "2026-11-23T10:04:05.1234567", leave: "2026-11-23T11:30:00+01:00"))
        #expect(events[0].tsText == "2026-11-23T10:04:05.1234567Z")
        #expect(events[0].ts == Timestamp(rfc3339: "2026-11-23T10:04:05.1234567Z"))
        #expect(events[1].tsText == "2026-11-23T11:30:00+01:00")
    }

    @Test("No LeaveTime, or .NET's empty date: no left")
    func noLeave() throws {
        #expect(try Self.events(Self.record(leave: nil)).map(\.id) == ["rec-1"])
        #expect(try Self.events(Self.record(leave: "0001-01-01T00:00:00")).map(\.id) == ["rec-1"])
    }

    @Test("Bad records name the field", arguments: [
        ("JoinTime", Self.record(join: nil)),
        ("JoinTime", Self.record(join: "yesterday")),
        ("LeaveTime", Self.record(leave: "2026-11-23T09:00:00Z")),
        ("LeaveTime", Self.record(leave: "soon")),
        ("Attendees", Self.record(AuditAttendee())),
        ("Attendees[0].RecipientType", Self.record(AuditAttendee(recipientType: "Robot", userObjectID: "r"))),
        ("Attendees[0].UserObjectId", Self.record(AuditAttendee(recipientType: "User"))),
    ])
    func badRecords(_ field: String, _ record: ParticipantDetailRecord) {
        var record = record
        if field == "Attendees" { record.attendee = nil }
        #expect(Self.problem(record)?.field == field, "\(String(describing: Self.problem(record)))")
    }

    @Test("A record without its ids or tenant is bad")
    func missingIDs() {
        var record = Self.record()
        record.meetingDetailID = nil
        #expect(Self.problem(record)?.field == "MeetingDetailId")
        record = Self.record()
        record.organizationID = ""
        #expect(Self.problem(record)?.field == "OrganizationId")
        record = Self.record()
        record.id = nil
        #expect(Self.problem(record)?.field == "Id")
    }

    @Test("MeetingDetail: meeting_ended at EndTime; none without EndTime")
    func meetingEnded() throws {
        let detail = MeetingDetailRecord(id: "md-1", organizationID: "t-contoso", organizerUserObjectID: "u-ada", endTime: "2026-11-23T10:45:00.5")
        let result = try PurviewMapping.events(for: detail)
        #expect(result == .events([Event(
            id: "md-1:meeting_ended", ts: Timestamp(rfc3339: "2026-11-23T10:45:00.5Z")!, tsText: "2026-11-23T10:45:00.5Z",
            tenantID: "t-contoso", meetingID: "md-1", origin: .purview, body: .meetingEnded)]))
        #expect(try PurviewMapping.events(for: MeetingDetailRecord(id: "md-1", organizationID: "t")) == .events([]))
        #expect(throws: ImportProblem.self) { try PurviewMapping.events(for: MeetingDetailRecord(id: "md-1", organizationID: "t", endTime: "later")) }
    }
}

/// Reading `AuditData`: the fields taken, leniency about the rest, strictness about those needed.
@Suite("Import: AuditData reader")
struct ImportAuditDataReaderTests {
    static func read(_ json: String) throws(ImportProblem) -> AuditRecord {
        var json = json
        return try json.withUTF8 { utf8 in
            Result { () throws(ImportProblem) in try AuditDataReader.read(UnsafeRawBufferPointer(utf8)) }
        }.get()
    }

    @Test func participantFields() throws {
        let json = AuditFixture.participant(attendee: #"{"RecipientType":"Anonymous","DisplayName":"V\u00e9 \"x\"","Role":"Presenter","InviterInfo":{"UPN":"ada@contoso.com","OrganizationId":"t-contoso"}}"#,
                                            ["IsJoinedFromLobby": "true", "DeviceInformation": #"{"os":"x"}"#, "ExtraProperties": #"[{"Key":"Region","Value":"EU"},{"Key":"useragent","Value":"UA/1"}]"#])
        guard case .participant(let record) = try Self.read(json) else {
            Issue.record("not a participant")
            return
        }
        #expect(record == ParticipantDetailRecord(
            id: "rec-1", organizationID: "t-contoso", meetingDetailID: "md-1", joinTime: "2026-11-23T10:04:05.1234567Z",
            leaveTime: "2026-11-23T10:30:00Z", clientIP: "198.51.100.4", isJoinedFromLobby: true, userAgent: "UA/1",
            attendee: AuditAttendee(recipientType: "Anonymous", displayName: "Vé \"x\"", role: "Presenter",
                                    inviter: AuditInviter(upn: "ada@contoso.com", organizationID: "t-contoso"))))
    }

    @Test func meetingFields() throws {
        guard case .meeting(let record) = try Self.read(AuditFixture.meeting()) else {
            Issue.record("not a meeting")
            return
        }
        #expect(record.id == "md-1")
        #expect(record.organizerUserObjectID == "u-ada")
        #expect(record.organizerUPN == "ada@contoso.com")
        #expect(record.chatThreadID == "19:meeting_md-1@thread.v2")
        #expect(record.endTime == "2026-11-23T10:45:00")
    }

    @Test("One attendee object instead of a list, as ConvertTo-Json writes it")
    func attendeeObject() throws {
        let json = AuditFixture.participant(["Attendees": #"{"RecipientType":"Phone","DisplayName":"+1"}"#])
        guard case .participant(let record) = try Self.read(json) else { return }
        #expect(record.attendee?.recipientType == "Phone")
        #expect(record.attendeeCount == 1)
    }

    @Test("A ConvertTo-Json record: AuditData as a JSON string, or as an object")
    func nestedAuditData() throws {
        let inner = AuditFixture.participant()
        let asString = #"{"RecordType":25,"CreationDate":"\/Date(1763870703000)\/","Operations":"MeetingParticipantDetail","AuditData":"# + AuditFixture.json(inner) + "}"
        let asObject = #"{"RecordType":25,"Operations":"MeetingParticipantDetail","AuditData":"# + inner + "}"
        let expected = try Self.read(inner)
        #expect(try Self.read(asString) == expected)
        #expect(try Self.read(asObject) == expected)
    }

    @Test("Other operations are recognised as such")
    func otherOperation() throws {
        #expect(try Self.read(AuditFixture.other()) == .other(operation: "FileAccessed"))
    }

    @Test("Strict about what the mapping needs", arguments: [
        (AuditFixture.participant(["JoinTime": "20261123"]), "JoinTime"),
        (AuditFixture.participant(["Id": "null", "Operation": "1"]), "Operation"),
        (AuditFixture.participant(attendee: #"{"RecipientType":3}"#), "Attendees[0].RecipientType"),
        (AuditFixture.participant().replacingOccurrences(of: #""ClientIP""#, with: #""JoinTime":"x","ClientIP""#), "JoinTime"),
        (AuditFixture.participant(["Attendees": #"["x"]"#]), "Attendees[0]"),
        ("{\"Id\":\"r\",", "AuditData"),
        ("[1]", nil),
    ])
    func strict(_ json: String, _ field: String?) {
        #expect(throws: ImportProblem.self) { try Self.read(json) }
        do {
            _ = try Self.read(json)
        } catch {
            if let field { #expect(error.field == field, "\(error)") }
        }
    }

    @Test("Lenient about the rest: odd types of fields not needed are ignored")
    func lenient() throws {
        let json = AuditFixture.participant(["ClientIP": "42", "ExtraProperties": "{}", "IsJoinedFromLobby": #""True""#])
        guard case .participant(let record) = try Self.read(json) else { return }
        #expect(record.clientIP == nil)
        #expect(record.userAgent == nil)
        #expect(record.isJoinedFromLobby)
    }
}

@Suite("Purview organizer role")
struct PurviewOrganizerRoleTests {
    @Test("a participant without Role who is the meeting's organizer joins as organizer; others as attendees")
    func organizerWithoutRole() {
        #expect(PurviewMapping.role(nil, participantID: "u-ada", organizerID: "u-ada") == .organizer)
        #expect(PurviewMapping.role(nil, participantID: "u-ben", organizerID: "u-ada") == .attendee)
        #expect(PurviewMapping.role("Attendee", participantID: "u-ada", organizerID: "u-ada") == .attendee)
        #expect(PurviewMapping.role(nil) == .attendee)
    }
}
