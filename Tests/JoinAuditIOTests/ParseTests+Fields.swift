import JoinAuditCore
import JoinAuditIO
import Testing

/// log-format.md, "Fields of every event" and "Event types": every field read into the model.
@Suite("Join log: fields and defaults")
struct ParseFieldTests {
    typealias F = ParseFixture

    @Test("join_request: every field")
    func joinRequestEveryField() throws {
        let event = try F.parse(F.line("join_request"))
        #expect(
            event
                == Event(
                    id: "e1", version: 1, ts: F.time("2026-11-23T09:00:00Z"), tsText: "2026-11-23T09:00:00Z",
                    tenantID: "t-contoso", meetingID: "m-1", organizerID: "u-ada", origin: .joinLog,
                    body: .joinRequest(
                        JoinRequest(
                            participantID: "p-1", displayName: "Ada", identity: .external,
                            homeTenantID: "t-fabrikam", trust: .mutual, externalAccess: true, role: .presenter,
                            invited: true, client: .teams, clientIP: "198.51.100.4", outcome: .lobby))))
    }

    @Test("join_request: defaults for v, origin, role, external_access, invited")
    func joinRequestDefaults() throws {
        let line = #"{"id":"e2","ts":"2026-11-23T09:58:01.250Z","type":"join_request","tenant_id":"t","meeting_id":"m","organizer_id":"o","participant_id":"anon-7f3","identity":"anonymous","client":"acs","outcome":"lobby"}"#
        let event = try F.parse(line)
        #expect(event.version == 1)
        #expect(event.origin == .joinLog)
        #expect(
            event.body
                == .joinRequest(
                    JoinRequest(
                        participantID: "anon-7f3", displayName: nil, identity: .anonymous, homeTenantID: nil,
                        trust: nil, externalAccess: true, role: .attendee, invited: false, client: .acs,
                        clientIP: nil, outcome: .lobby)))
    }

    @Test("join_request: external_access false, invited false")
    func joinRequestFalseFlags() throws {
        let event = try F.parse(F.line("join_request", setting: ("external_access", "false")))
        let invited = try F.parse(F.line("join_request", setting: ("invited", "false")))
        let request = try #require(event.joinRequest)
        let invitedRequest = try #require(invited.joinRequest)
        #expect(request.externalAccess == false)
        #expect(invitedRequest.invited == false)
    }

    @Test("invited: null means the source does not say")
    func invitedNullIsUnknown() throws {
        let event = try F.parse(F.line("join_request", setting: ("invited", "null")))
        let request = try #require(event.joinRequest)
        #expect(request.invited == nil)
    }

    @Test("external_access: null reads as absent, so the default true")
    func externalAccessNullIsDefault() throws {
        let event = try F.parse(F.line("join_request", setting: ("external_access", "null")))
        let request = try #require(event.joinRequest)
        #expect(request.externalAccess == true)
    }

    @Test("Optional fields given as null are absent")
    func nullOptionalsAreAbsent() throws {
        var line = F.line("join_request", setting: ("display_name", "null"))
        line = line.replacing(#""client_ip":"198.51.100.4""#, with: #""client_ip":null"#)
        line = line.replacing(#""role":"presenter""#, with: #""role":null,"origin":null"#)
        let event = try F.parse(line)
        let request = try #require(event.joinRequest)
        #expect(request.displayName == nil)
        #expect(request.clientIP == nil)
        #expect(request.role == .attendee)
        #expect(event.origin == .joinLog)

        let internalWithNulls = F.line("join_request", setting: ("identity", #""internal""#))
            .replacing(#""home_tenant_id":"t-fabrikam""#, with: #""home_tenant_id":null"#)
            .replacing(#""trust":"mutual""#, with: #""trust":null"#)
        let internalRequest = try #require(try F.parse(internalWithNulls).joinRequest)
        #expect(internalRequest.homeTenantID == nil)
        #expect(internalRequest.trust == nil)

        let left = try F.parse(F.line("left", setting: ("organizer_id", "null")))
        #expect(left.organizerID == nil)
        let removed = try F.parse(F.line("lobby_removed", setting: ("actor_id", "null")))
        #expect(removed.body == .lobbyRemoved(LobbyRemoval(participantID: "p-1", actorID: nil)))
        let scheduled = try F.parse(
            F.line("meeting_scheduled", setting: ("pstn_bypass_lobby", "null"))
                .replacing(#""scheduled_start":"2026-11-23T10:00:00Z""#, with: #""scheduled_start":null"#)
                .replacing(#""auto_admitted_users":"InvitedUsers""#, with: #""auto_admitted_users":null"#))
        #expect(
            scheduled.body
                == .meetingScheduled(MeetingSchedule(scheduledEnd: F.time("2026-11-23T11:00:00Z"))))
    }

    @Test("join_request: internal identity may carry home_tenant_id and trust")
    func internalIdentityKeepsExternalFields() throws {
        let event = try F.parse(F.line("join_request", setting: ("identity", #""guest""#)))
        let request = try #require(event.joinRequest)
        #expect(request.identity == .guest)
        #expect(request.homeTenantID == "t-fabrikam")
        #expect(request.trust == .mutual)
    }

    @Test("Every identity, trust, role, client, outcome, origin and action spelling")
    func everyVocabularyValue() throws {
        for identity in LoggedIdentity.allCases {
            let event = try F.parse(F.line("join_request", setting: ("identity", "\"\(identity.rawValue)\"")))
            let request = try #require(event.joinRequest)
            #expect(request.identity == identity)
        }
        for trust in Trust.allCases {
            let r = try #require(try F.parse(F.line("join_request", setting: ("trust", "\"\(trust.rawValue)\""))).joinRequest)
            #expect(r.trust == trust)
        }
        for role in Role.allCases {
            let r = try #require(try F.parse(F.line("join_request", setting: ("role", "\"\(role.rawValue)\""))).joinRequest)
            #expect(r.role == role)
        }
        for client in Client.allCases {
            let r = try #require(try F.parse(F.line("join_request", setting: ("client", "\"\(client.rawValue)\""))).joinRequest)
            #expect(r.client == client)
        }
        for outcome in Outcome.allCases {
            let r = try #require(try F.parse(F.line("join_request", setting: ("outcome", "\"\(outcome.rawValue)\""))).joinRequest)
            #expect(r.outcome == outcome)
        }
        for origin in Origin.allCases {
            #expect(try F.parse(F.line("left", setting: ("origin", "\"\(origin.rawValue)\""))).origin == origin)
        }
        for action in AppAction.allCases {
            let event = try F.parse(F.line("app_action", setting: ("action", "\"\(action.rawValue)\"")))
            #expect(event.body == .appAction(AppActionEvent(participantID: "p-1", appID: "app-9", action: action)))
        }
    }

    @Test("lobby_admitted: participant_id and actor_id")
    func lobbyAdmitted() throws {
        let event = try F.parse(F.line("lobby_admitted"))
        #expect(event.body == .lobbyAdmitted(LobbyAdmission(participantID: "p-1", actorID: "system")))
        #expect(event.organizerID == nil)
    }

    @Test("lobby_removed: actor_id optional")
    func lobbyRemoved() throws {
        #expect(try F.parse(F.line("lobby_removed")).body == .lobbyRemoved(LobbyRemoval(participantID: "p-1", actorID: "u-ada")))
        #expect(
            try F.parse(F.line("lobby_removed", without: "actor_id")).body
                == .lobbyRemoved(LobbyRemoval(participantID: "p-1", actorID: nil)))
    }

    @Test("left: participant_id; organizer_id optional and kept")
    func left() throws {
        let event = try F.parse(F.line("left", setting: ("organizer_id", #""u-ada""#)))
        #expect(event.body == .left(participantID: "p-1"))
        #expect(event.organizerID == "u-ada")
        #expect(event.participantID == "p-1")
    }

    @Test("meeting_ended: no extra fields")
    func meetingEnded() throws {
        let event = try F.parse(F.line("meeting_ended"))
        #expect(event.body == .meetingEnded)
        #expect(event.type == .meetingEnded)
    }

    @Test("meeting_scheduled: every field")
    func meetingScheduled() throws {
        let event = try F.parse(F.line("meeting_scheduled"))
        #expect(event.organizerID == "u-ada")
        #expect(
            event.body
                == .meetingScheduled(
                    MeetingSchedule(
                        scheduledStart: F.time("2026-11-23T10:00:00Z"), scheduledEnd: F.time("2026-11-23T11:00:00Z"),
                        autoAdmittedUsers: .invitedUsers, pstnBypassLobby: false)))
    }

    @Test("meeting_scheduled: all options optional")
    func meetingScheduledMinimal() throws {
        let line = "{" + F.common("meeting_scheduled") + #","organizer_id":"u-ada"}"#
        #expect(try F.parse(line).body == .meetingScheduled(MeetingSchedule()))
    }

    @Test("auto_admitted_users: PowerShell spellings, any case")
    func autoAdmittedUsersIgnoresCase() throws {
        for users in AutoAdmittedUsers.allCases {
            for spelling in [users.rawValue, users.rawValue.lowercased(), users.rawValue.uppercased()] {
                let event = try F.parse(F.line("meeting_scheduled", setting: ("auto_admitted_users", "\"\(spelling)\"")))
                let schedule = try #require(event.meetingSchedule)
                #expect(schedule.autoAdmittedUsers == users)
            }
        }
    }

    @Test("app_action: participant_id, app_id, action")
    func appAction() throws {
        #expect(
            try F.parse(F.line("app_action")).body
                == .appAction(AppActionEvent(participantID: "p-1", appID: "app-9", action: .add)))
    }

    @Test("origin: imported events keep their source")
    func importedOrigin() throws {
        #expect(try F.parse(F.line("lobby_admitted", setting: ("origin", #""purview""#))).origin == .purview)
    }

    @Test("ts: ordered by instant, the logged text kept exactly")
    func timestampWithOffset() throws {
        let event = try F.parse(F.line("left", setting: ("ts", #""2026-11-23T11:00:10.1234567+01:00""#)))
        #expect(event.tsText == "2026-11-23T11:00:10.1234567+01:00")
        #expect(event.ts == F.time("2026-11-23T10:00:10.1234567Z"))
    }

    @Test("Whitespace around tokens")
    func whitespaceAroundTokens() throws {
        let line = " \t{ \"v\" : 1 ,\t\"id\":\"e1\" , \"ts\" :\"2026-11-23T09:00:00Z\",\"type\":\"left\",\"tenant_id\":\"t\",\"meeting_id\":\"m\",\"participant_id\":\"p\" \r}\t "
        #expect(try F.parse(line).body == .left(participantID: "p"))
    }

    @Test("Field order does not matter")
    func fieldOrder() throws {
        let line = #"{"participant_id":"p","meeting_id":"m","tenant_id":"t","ts":"2026-11-23T09:00:00Z","id":"e1","type":"left"}"#
        #expect(try F.parse(line).body == .left(participantID: "p"))
    }

    @Test("Unknown fields are ignored whatever their value")
    func unknownFieldsIgnored() throws {
        let extras = #""x1":{"a":[1,2,{"b":null}],"c":{}},"x2":[],"x3":-1.5e+10,"x4":"\u00e9\"","x5":true,"x6":false,"x7":null,"x8":[[[["deep"]]]],"v2_field":0"#
        let line = "{" + extras + "," + F.common("left") + #","participant_id":"p","x9":{"id":"shadow","ts":5}}"#
        let event = try F.parse(line)
        #expect(event.id == "e1")
        #expect(event.body == .left(participantID: "p"))
    }

    @Test("Fields of other event types are ignored like unknown fields")
    func otherTypesFieldsIgnored() throws {
        let line = F.line("left", setting: ("identity", #""robot""#))
        #expect(try F.parse(line).body == .left(participantID: "p-1"))
    }

    @Test("A field name written with escapes is the name it spells")
    func escapedFieldName() throws {
        let line = F.line("left", without: "participant_id") .dropLast() + #","p\u0061rticipant_id":"p-2"}"#
        #expect(try F.parse(String(line)).body == .left(participantID: "p-2"))
    }

    @Test("The contract's example lines")
    func contractExamples() throws {
        let lines = [
            #"{"v":1,"id":"e1","ts":"2026-11-23T09:00:00Z","type":"meeting_scheduled","tenant_id":"t-contoso","meeting_id":"m-1","organizer_id":"u-ada","scheduled_start":"2026-11-23T10:00:00Z","scheduled_end":"2026-11-23T11:00:00Z"}"#,
            #"{"v":1,"id":"e2","ts":"2026-11-23T09:58:01.250Z","type":"join_request","tenant_id":"t-contoso","meeting_id":"m-1","organizer_id":"u-ada","participant_id":"anon-7f3","display_name":"Visitor","identity":"anonymous","client":"acs","client_ip":"198.51.100.4","outcome":"lobby"}"#,
            #"{"v":1,"id":"e3","ts":"2026-11-23T10:00:12Z","type":"join_request","tenant_id":"t-contoso","meeting_id":"m-1","organizer_id":"u-ada","participant_id":"u-ada","identity":"internal","role":"organizer","client":"teams","outcome":"admitted"}"#,
            #"{"v":1,"id":"e4","ts":"2026-11-23T10:00:12.400Z","type":"lobby_admitted","tenant_id":"t-contoso","meeting_id":"m-1","participant_id":"anon-7f3","actor_id":"system"}"#,
        ]
        let events = try lines.map { line throws(LineProblem) in try F.parse(line) }
        #expect(events.map(\.id) == ["e1", "e2", "e3", "e4"])
        #expect(events.map(\.type) == [.meetingScheduled, .joinRequest, .joinRequest, .lobbyAdmitted])
        #expect(events[3].tsText == "2026-11-23T10:00:12.400Z")
    }
}

extension Event {
    /// The join request this event carries, for `#require`.
    var joinRequest: JoinRequest? {
        if case .joinRequest(let request) = body { request } else { nil }
    }

    var meetingSchedule: MeetingSchedule? {
        if case .meetingScheduled(let schedule) = body { schedule } else { nil }
    }
}
