import JoinAuditCore
import Testing

/// What-if: the same events judged under two policies; only what the policies decide
/// differently is reported.
@Suite("What-if")
struct WhatIfTests {
    func compare(_ events: [Event], current: TenantPolicy, proposed: TenantPolicy) -> WhatIfResult {
        var whatIf = WhatIfReplay(current: PolicyHistory([current]), proposed: PolicyHistory([proposed]))
        for (index, event) in events.enumerated() {
            whatIf.process(LoggedEvent(seq: Int64(index + 1), source: SourceLocation(fileID: 1, line: index + 1), event: event))
        }
        return whatIf.finish()
    }

    let day = [
        T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
        T.join("e2", 2, "anon-1", .anonymous, .lobby),
        T.join("e3", 3, "u-ben", .internal, .admitted),
        T.join("e4", 4, "g-1", .guest, .lobby),
    ]

    @Test("the same policy twice changes nothing")
    func samePolicy() {
        let result = compare(day, current: T.policy(), proposed: T.policy())
        #expect(result.joinChanges.isEmpty)
        #expect(result.joinsJudged == 4)
        #expect(result.eventsJudged == 4)
    }

    @Test("anonymous join turned off: the anonymous join is now rejected instead of held in the lobby (stricter)")
    func stricter() {
        let result = compare(day, current: T.policy(), proposed: T.policy(allowAnonymousJoin: false))
        #expect(result.joinChanges.map(\.current.eventID) == ["e2"])
        #expect(result.joinChanges.first?.isStricter == true)
        #expect(result.joinChanges.first?.proposed.decision.rule == .organizerAnonymousJoinOff)
        #expect(result.joinChanges.first?.current.decision.expected == .lobby)
        #expect(result.stricterJoins == 1 && result.looserJoins == 0)
    }

    @Test("guests let past the lobby: the guest's join is now admitted (looser), and the stricter internal rule the reverse")
    func looserAndStricter() {
        let result = compare(day, current: T.policy(), proposed: T.policy(auto: .everyoneInCompany))
        #expect(result.joinChanges.map(\.current.eventID) == ["e4"])
        #expect(result.joinChanges.first?.isStricter == false)
        let reverse = compare(day, current: T.policy(), proposed: T.policy(auto: .organizerOnly))
        #expect(reverse.joinChanges.map(\.current.eventID) == ["e3"])
        #expect(reverse.joinChanges.first?.isStricter == true)
    }

    @Test("an unverified start allowed now is not under a policy without AllowAnonymousUsersToStartMeeting")
    func sessionChange() {
        let events = [T.join("s1", 1, "anon-1", .anonymous, .admitted), T.join("s2", 60, "u-ada", .internal, .admitted, role: .organizer)]
        let result = compare(events, current: T.policy(allowStart: true, auto: .everyone), proposed: T.policy(auto: .everyone))
        #expect(result.unverifiedStarts == 1)
        #expect(result.sessionChanges.map(\.current.eventID) == ["s1"])
        #expect(result.sessionChanges.first?.current.rule == .startAllowed)
        #expect(result.sessionChanges.first?.proposed.rule == .startNotAllowed)
        #expect(result.sessionChanges.first?.isStricter == true)
        #expect(result.findingsCurrent[.unverifiedStart] == 1)
        #expect(result.findingsProposed[.unexpectedAdmit] == 1)
        #expect(result.findingsCurrent[.unexpectedAdmit] == nil)
    }

    @Test("changes are grouped by organizer, then by the proposed rule")
    func grouping() {
        let events = [
            T.join("a1", 1, "anon-1", .anonymous, .lobby, organizer: "u-bob"),
            T.join("a2", 2, "anon-2", .anonymous, .lobby, meeting: "m-2", organizer: "u-ada"),
            T.join("a3", 3, "pstn-1", .dialIn, .lobby, meeting: "m-2", organizer: "u-ada"),
            T.join("a4", 4, "anon-3", .anonymous, .lobby, meeting: "m-2", organizer: "u-ada"),
        ]
        let result = compare(events, current: T.policy(), proposed: T.policy(allowAnonymousJoin: false, pstnBypass: true, blocked: []))
        // pstn-1 waits under both (session not started, no start allowed): not a change.
        #expect(result.joinGroups.map { "\($0.organizerID ?? "-") \($0.rule.rawValue) \($0.changes.map(\.current.eventID))" }
                == ["u-ada organizer_anonymous_join_off [\"a2\", \"a4\"]", "u-bob organizer_anonymous_join_off [\"a1\"]"])
    }
}
