import JoinAuditCore
import JoinAuditIO
import Testing

/// `JoinLogWriter` is the exact inverse of `JoinLogLineParser`: parse(write(e)) == e.
@Suite("Join log: writer")
struct JoinLogWriterTests {
    static let t0 = Timestamp(rfc3339: "2026-11-23T09:00:00Z")!

    static func event(
        _ body: EventBody, id: String = "e1", organizerID: String? = "u-ada", origin: Origin = .joinLog
    ) -> Event {
        Event(id: id, ts: t0, tenantID: "t-contoso", meetingID: "m-1", organizerID: organizerID, origin: origin, body: body)
    }

    static let events: [Event] = [
        event(
            .joinRequest(
                JoinRequest(
                    participantID: "p-1", displayName: "Ada", identity: .external, homeTenantID: "t-fabrikam",
                    trust: .inbound, externalAccess: false, role: .coOrganizer, invited: true, client: .teams,
                    clientIP: "2001:db8::1", outcome: .admitted))),
        event(.joinRequest(JoinRequest(participantID: "anon", identity: .anonymous, client: .acs, outcome: .lobby))),
        event(.joinRequest(JoinRequest(participantID: "g", identity: .guest, invited: nil, client: .other, outcome: .rejected))),
        event(.joinRequest(JoinRequest(participantID: "+15550100", identity: .dialIn, client: .pstn, outcome: .lobby)), origin: .graph),
        event(.lobbyAdmitted(LobbyAdmission(participantID: "anon", actorID: LobbyAdmission.unknownActor)), organizerID: nil, origin: .purview),
        event(.lobbyAdmitted(LobbyAdmission(participantID: "anon", actorID: "u-ada"))),
        event(.lobbyRemoved(LobbyRemoval(participantID: "anon", actorID: "timeout")), organizerID: nil),
        event(.lobbyRemoved(LobbyRemoval(participantID: "anon")), organizerID: nil),
        event(.left(participantID: "p-1"), organizerID: nil, origin: .attendance),
        event(.meetingEnded),
        event(.meetingScheduled(MeetingSchedule())),
        event(
            .meetingScheduled(
                MeetingSchedule(
                    scheduledStart: Timestamp(rfc3339: "2026-11-23T10:00:00.123456789Z")!,
                    scheduledEnd: Timestamp(rfc3339: "2026-11-23T11:00:00+05:30")!,
                    autoAdmittedUsers: .everyoneInSameAndFederatedCompany, pstnBypassLobby: true))),
        event(.meetingScheduled(MeetingSchedule(autoAdmittedUsers: .organizerOnly, pstnBypassLobby: false))),
        event(.appAction(AppActionEvent(participantID: "p-1", appID: "app-9", action: .configure))),
        Event(
            id: "e-offset", ts: Timestamp(rfc3339: "2026-11-23T11:00:10.5+01:00")!,
            tsText: "2026-11-23T11:00:10.5+01:00", tenantID: "t", meetingID: "m", body: .meetingEnded),
    ]

    @Test("Round trip: every type and optional", arguments: events)
    func roundTrip(_ event: Event) throws {
        let line = JoinLogWriter.line(event)
        #expect(try JoinLogLineParser().parse(line) == event, "\(line)")
    }

    static let hostileNames = [
        #"say "hi""#, #"C:\Users\"#, "\\\"", "</script><script>alert(1)</script>", "line\u{2028}sep\u{2029}",
        "😀 Renée 日本", "tab\there\nnewline\r\u{0}nul\u{1B}[31mred", "\u{7F}\u{80}\u{9F}", "e\u{301}",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }), "", "\\u0041", "\u{FEFF}bom", "\u{10FFFF}",
    ]

    @Test("Round trip: hostile display names", arguments: hostileNames)
    func hostileDisplayName(_ name: String) throws {
        let event = Self.event(.joinRequest(JoinRequest(participantID: "anon", displayName: name, identity: .anonymous, client: .acs, outcome: .lobby)))
        let line = JoinLogWriter.line(event)
        #expect(try JoinLogLineParser().parse(line) == event, "\(line)")
    }

    @Test("Round trip: pseudo-random text in every string field")
    func randomText() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func text() -> String {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(next() % 12 + 1) {
                let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF, 0x2028...0x2029]
                let range = ranges[Int(next() % UInt64(ranges.count))]
                s.append(Unicode.Scalar(range.lowerBound + UInt32(next() % UInt64(range.count)))!)
            }
            return String(s)
        }
        for _ in 0..<500 {
            let event = Event(
                id: text(), ts: Self.t0, tenantID: text(), meetingID: text(), organizerID: text(),
                body: .joinRequest(
                    JoinRequest(
                        participantID: text(), displayName: text(), identity: .external, homeTenantID: text(),
                        trust: Trust.none, client: .teams, clientIP: text(), outcome: .lobby)))
            let line = JoinLogWriter.line(event)
            #expect(try JoinLogLineParser().parse(line) == event, "\(line)")
        }
    }

    @Test("Control characters, DEL, U+2028 and U+2029 are written as \\u escapes")
    func escaping() {
        let name = "a\"b\\c\u{0}\u{1F}\n\u{7F}\u{2028}\u{2029}😀</script>"
        let line = JoinLogWriter.line(Self.event(.joinRequest(JoinRequest(participantID: "x", displayName: name, identity: .anonymous, client: .acs, outcome: .lobby))))
        #expect(line.contains(#""display_name":"a\"b\\c\u0000\u001f\u000a\u007f\u2028\u2029😀</script>""#))
        #expect(!line.utf8.contains { $0 < 0x20 })
    }

    @Test("C1 controls and bidi embeddings, overrides and isolates are written as \\u escapes; their neighbours are not")
    func escapingC1AndBidi() throws {
        let name = "\u{80}\u{85}\u{9B}\u{9F}\u{A0}é\u{202A}\u{202E}\u{202F}\u{2027}\u{2066}\u{2069}\u{206A}"
        let line = JoinLogWriter.line(Self.event(.joinRequest(JoinRequest(participantID: "x", displayName: name, identity: .anonymous, client: .acs, outcome: .lobby))))
        #expect(line.contains(#""display_name":"\u0080\u0085\u009b\u009f\#u{A0}é\u202a\u202e\#u{202F}\#u{2027}\u2066\u2069\#u{206A}""#))
        guard case .joinRequest(let read) = try JoinLogLineParser().parse(line).body else {
            Issue.record("not read back as a join_request")
            return
        }
        #expect(read.displayName == name)
    }

    @Test("The contract's example line e3, with role and external_access written out")
    func contractExample() throws {
        let e3 = #"{"v":1,"id":"e3","ts":"2026-11-23T10:00:12Z","type":"join_request","tenant_id":"t-contoso","meeting_id":"m-1","organizer_id":"u-ada","participant_id":"u-ada","identity":"internal","role":"organizer","client":"teams","outcome":"admitted"}"#
        let event = try JoinLogLineParser().parse(e3)
        #expect(
            JoinLogWriter.line(event)
                == #"{"v":1,"id":"e3","ts":"2026-11-23T10:00:12Z","type":"join_request","tenant_id":"t-contoso","meeting_id":"m-1","organizer_id":"u-ada","participant_id":"u-ada","identity":"internal","external_access":true,"role":"organizer","client":"teams","outcome":"admitted"}"#)
    }

    @Test("invited: true and null written, false left out; origin only when imported")
    func defaultsLeftOut() {
        func request(_ invited: Bool?) -> Event {
            Self.event(.joinRequest(JoinRequest(participantID: "x", identity: .guest, invited: invited, client: .teams, outcome: .lobby)))
        }
        #expect(JoinLogWriter.line(request(true)).contains(#""invited":true"#))
        #expect(JoinLogWriter.line(request(nil)).contains(#""invited":null"#))
        #expect(!JoinLogWriter.line(request(false)).contains("invited"))
        #expect(!JoinLogWriter.line(request(false)).contains("origin"))
        #expect(JoinLogWriter.line(Self.event(.meetingEnded, origin: .purview)).contains(#""origin":"purview""#))
    }

    @Test("appendLine: one line, ended by \\n, appended to what the buffer holds")
    func appendLine() throws {
        var buffer = Array("prefix\n".utf8)
        JoinLogWriter.appendLine(Self.events[0], to: &buffer)
        JoinLogWriter.appendLine(Self.events[1], to: &buffer)
        let lines = buffer.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines.last?.isEmpty == true)
        #expect(try JoinLogLineParser().parse(Array(lines[1])) == Self.events[0])
        #expect(try JoinLogLineParser().parse(Array(lines[2])) == Self.events[1])
    }
}
