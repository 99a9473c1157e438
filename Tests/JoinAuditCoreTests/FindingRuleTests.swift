import JoinAuditCore
import Testing

/// semantics.md §5: one test per finding rule, on small replays.
@Suite("Finding rules")
struct FindingRuleTests {
    @Test("unexpected_admit is critical when the join should have been refused")
    func unexpectedAdmitCritical() {
        let out = T.replay([T.join("e0", 0, "u-ada", .internal, .admitted, role: .organizer), T.join("e1", 1, "anon", .anonymous, .admitted)], T.policy(disableAnonymousJoin: true))
        #expect(T.triples(out) == ["unexpected_admit e1 org_anonymous_join_off"])
        #expect(out.findings[0].severity == .critical)
        #expect(out.findings[0].expected == .rejected)
        #expect(out.findings[0].actual == .admitted)
    }

    @Test("unexpected_admit is high when the join should have waited in the lobby")
    func unexpectedAdmitHigh() {
        let out = T.replay([T.join("e1", 1, "x", .external, .admitted, trust: .outbound)], T.policy(auto: .everyoneInSameAndFederatedCompany))
        #expect(T.triples(out) == ["unexpected_admit e1 lobby_required", "unverified_start e1 start_not_allowed"])
        #expect(out.findings[0].severity == .high)
        #expect(out.findings[0].identity == .anonymous)
        #expect(out.findings[0].loggedIdentity == .external)
        #expect(out.findings[0].reason.hasPrefix("external participant from an organization (t-fabrikam) that does not trust t-contoso counts as anonymous"))
    }

    @Test("unexpected_lobby: placed in the lobby when it should have been refused")
    func unexpectedLobby() {
        let out = T.replay([T.join("e1", 1, "anon", .anonymous, .lobby)], T.policy(allowAnonymousJoin: false))
        #expect(T.triples(out) == ["unexpected_lobby e1 organizer_anonymous_join_off"])
        #expect(out.findings[0].severity == .medium)
    }

    @Test("unexpected_denial bypass_allowed: held in the lobby though the bypass table lets them in")
    func unexpectedDenialBypass() {
        let out = T.replay([T.join("e1", 1, "u", .internal, .lobby)], T.policy())
        #expect(T.triples(out) == ["unexpected_denial e1 bypass_allowed"])
        #expect(out.findings[0].severity == .low)
    }

    @Test("unexpected_denial lobby_allowed: refused though they should have waited in the lobby")
    func unexpectedDenialLobby() {
        let out = T.replay([T.join("e1", 1, "anon", .anonymous, .rejected)], T.policy())
        #expect(T.triples(out) == ["unexpected_denial e1 lobby_allowed"])
    }

    @Test("imported events give no unexpected_lobby and no unexpected_denial")
    func importedAdmissionsOnly() {
        let p = T.policy(allowAnonymousJoin: false)
        let out = T.replay([
            T.scheduled("s", 0, auto: .everyoneInCompanyExcludingGuests),
            T.join("e1", 1, "anon", .anonymous, .lobby, origin: .purview),
            T.join("e2", 2, "u", .internal, .lobby, origin: .purview),
        ], p)
        #expect(out.findings.isEmpty)
    }

    @Test("blocked_client_attempt whatever the outcome, with severity by outcome, even when rule 1 decided")
    func blockedClientAttempt() {
        let out = T.replay([
            T.join("e1", 1, "a1", .anonymous, .rejected, client: .acs),
            T.join("e2", 2, "a2", .anonymous, .lobby, client: .acs),
            T.join("e3", 3, "a3", .anonymous, .admitted, client: .acs),
        ], T.policy(disableAnonymousJoin: true, blocked: [.acs]))
        let blocked = out.findings.filter { $0.kind == .blockedClientAttempt }
        #expect(blocked.map(\.severity) == [.info, .medium, .critical])
        #expect(blocked.allSatisfy { $0.rule == .clientBlocked })
    }

    @Test("unverified_start start_not_allowed: anonymous admitted into a session no verified participant started")
    func unverifiedStartNotAllowed() {
        let out = T.replay([
            T.join("e1", 1, "anon-1", .anonymous, .admitted),
            T.join("e2", 3, "anon-2", .anonymous, .admitted),
            T.join("e3", 11, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e4", 12, "anon-3", .anonymous, .admitted),
        ], T.policy(auto: .everyone))
        #expect(T.triples(out) == ["unexpected_admit e1 verified_required", "unexpected_admit e2 verified_required", "unverified_start e1 start_not_allowed"])
        let start = out.findings.first { $0.kind == .unverifiedStart }!
        #expect(start.severity == .high)
        #expect(start.unverifiedStart == UnverifiedStartDetail(unverifiedSeconds: 10, unverifiedParticipants: 2, outsideSchedule: nil, endedBy: .verifiedArrived))
    }

    @Test("unverified_start start_allowed: an allowed anonymous start is still reported, as low")
    func unverifiedStartAllowed() {
        let out = T.replay([
            T.scheduled("s", 0, start: 3600, end: 7200),
            T.join("e1", 1, "anon-1", .anonymous, .admitted),
            T.left("e2", 61, "anon-1"),
        ], T.policy(allowStart: true, auto: .everyone))
        #expect(T.triples(out) == ["unverified_start e1 start_allowed"])
        #expect(out.findings[0].severity == .low)
        #expect(out.findings[0].unverifiedStart == UnverifiedStartDetail(unverifiedSeconds: 60, unverifiedParticipants: 1, outsideSchedule: true, endedBy: .sessionEnded))
    }

    @Test("unverified_start left open at the end of the input counts up to the meeting's last event")
    func unverifiedStartEndOfInput() {
        let out = T.replay([
            T.join("e1", 1, "p-1", .dialIn, .admitted),
            T.join("e2", 31, "p-2", .dialIn, .admitted),
        ], T.policy(allowStart: true, auto: .everyone, pstnBypass: true))
        let start = out.findings.first { $0.kind == .unverifiedStart }!
        #expect(start.rule == .startAllowed)
        #expect(start.unverifiedStart?.endedBy == .endOfInput)
        #expect(start.unverifiedStart?.unverifiedSeconds == 30)
        #expect(start.unverifiedStart?.unverifiedParticipants == 2)
    }

    @Test("a session stays started after the organizer leaves; once everyone has left the next one is not started")
    func sessionLifecycle() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "anon-1", .anonymous, .admitted),
            T.left("e3", 3, "u-ada"),
            T.join("e4", 4, "anon-2", .anonymous, .admitted),
            T.left("e5", 5, "anon-1"),
            T.left("e6", 6, "anon-2"),
            T.join("e7", 7, "anon-3", .anonymous, .admitted),
        ], T.policy(auto: .everyone))
        #expect(T.triples(out) == ["unexpected_admit e7 verified_required", "unverified_start e7 start_not_allowed"])
    }

    @Test("someone admitted twice is in the session once: the session ends when they leave once")
    func admittedTwiceCountsOnce() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "anon-1", .anonymous, .admitted),
            T.join("e3", 3, "anon-1", .anonymous, .admitted),
            T.left("e4", 4, "u-ada"),
            T.left("e5", 5, "anon-1"),
            T.join("e6", 6, "anon-2", .anonymous, .admitted),
        ], T.policy(auto: .everyone))
        // e6 opens a new session that no verified participant started.
        #expect(T.triples(out) == ["unexpected_admit e6 verified_required", "unverified_start e6 start_not_allowed"])
    }

    @Test("a join request that puts someone in the session back in the lobby takes them out of the session")
    func backToTheLobbyLeavesTheSession() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "u-ben", .internal, .admitted),
            T.join("e3", 3, "u-ben", .internal, .lobby),
            T.left("e4", 4, "u-ada"),
            T.join("e5", 5, "anon-1", .anonymous, .admitted),
        ], T.policy(auto: .everyone))
        #expect(T.triples(out) == ["unexpected_denial e3 bypass_allowed", "unexpected_admit e5 verified_required", "unverified_start e5 start_not_allowed"])
    }

    @Test("app actions are judged by the identity of the latest join request, a refused one too")
    func appActionsUseTheLatestRequest() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "x", .external, .admitted, trust: .mutual),
            T.app("e3", 3, "x", .use),
            T.join("e4", 4, "x", .external, .rejected, trust: .inbound),
            T.app("e5", 5, "x", .use),
        ], T.policy(disableApps: true, auto: .everyone))
        // Trusted both ways, x counts as a federated user; trusted one way, as anonymous.
        #expect(T.triples(out) == ["unexpected_denial e4 bypass_allowed", "app_violation e5 anonymous_apps_off"])
    }

    @Test("meeting_ended ends the session and empties the lobby")
    func meetingEnded() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "anon-1", .anonymous, .lobby),
            T.ended("e3", 3),
            T.admitted("e4", 4, "anon-1", by: "system"),
            T.join("e5", 5, "anon-2", .anonymous, .admitted),
        ], T.policy(auto: .everyone))
        // anon-1 waited though Everyone lets anonymous people into a started session.
        #expect(T.triples(out) == ["unexpected_denial e2 bypass_allowed", "unexpected_admit e5 verified_required", "unverified_start e5 start_not_allowed"])
        #expect(out.problems.map(\.kind) == [.admittedNotInLobby])
    }

    @Test("lobby_admitted by the service is fine only when the join would now be admitted")
    func systemAdmission() {
        let out = T.replay([
            T.join("e1", 1, "anon-1", .anonymous, .lobby),
            T.join("e2", 2, "p-1", .dialIn, .lobby),
            T.join("e3", 3, "u-ada", .internal, .admitted, role: .organizer),
            T.admitted("e4", 4, "anon-1", by: "system"),
            T.admitted("e5", 5, "p-1", by: "system"),
        ], T.policy(auto: .everyone, pstnBypass: false))
        #expect(T.triples(out) == ["unexpected_admit e5 lobby_required"])
    }

    @Test("lobby_admitted of someone who should have been refused is critical, whoever let them in")
    func admittedWhenRejectedExpected() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "anon-1", .anonymous, .lobby),
            T.admitted("e3", 3, "anon-1", by: "u-ada"),
        ], T.policy(allowAnonymousJoin: false))
        #expect(T.triples(out) == ["unexpected_lobby e2 organizer_anonymous_join_off", "unexpected_admit e3 organizer_anonymous_join_off"])
        #expect(out.findings[1].severity == .critical)
    }

    @Test("unverified_actor: only verified organizers, co-organizers and presenters in the meeting may admit")
    func unverifiedActor() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "u-ben", .internal, .admitted),
            T.join("e3", 3, "p-cy", .dialIn, .lobby, role: .presenter),
            T.join("e4", 4, "anon-1", .anonymous, .lobby),
            T.join("e5", 5, "anon-2", .anonymous, .lobby),
            T.join("e6", 6, "anon-3", .anonymous, .lobby),
            T.admitted("e7", 7, "anon-1", by: "u-ben"),
            T.admitted("e8", 8, "anon-2", by: "u-gone"),
            T.admitted("e9", 9, "anon-3", by: "u-ada"),
        ], T.policy())
        #expect(T.triples(out) == ["unexpected_admit e7 unverified_actor", "unexpected_admit e8 unverified_actor"])
        #expect(out.findings[0].actorID == "u-ben")
    }

    @Test("an unknown admitter is fine when the join would be admitted or an eligible admitter was present")
    func unknownAdmitter() {
        let out = T.replay([
            T.join("e1", 1, "anon-1", .anonymous, .lobby),
            T.admitted("e2", 2, "anon-1", by: "unknown"),
            T.join("e3", 3, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e4", 4, "p-1", .dialIn, .lobby),
            T.admitted("e5", 5, "p-1", by: "unknown"),
        ], T.policy(auto: .everyone))
        #expect(T.triples(out) == ["unexpected_admit e2 verified_required", "unverified_start e2 start_not_allowed"])
        #expect(out.problems.filter { $0.kind == .unknownAdmitter }.count == 2)
    }

    @Test("anonymous_app_manage: anonymous people may never add, remove or configure apps")
    func anonymousAppManage() {
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "anon-1", .anonymous, .admitted),
            T.app("e3", 3, "anon-1", .add),
            T.app("e4", 4, "anon-1", .remove),
            T.app("e5", 5, "anon-1", .configure),
            T.app("e6", 6, "anon-1", .use),
            T.app("e7", 7, "u-ada", .configure),
        ], T.policy(auto: .everyone))
        #expect(T.triples(out) == ["app_violation e3 anonymous_app_manage", "app_violation e4 anonymous_app_manage", "app_violation e5 anonymous_app_manage"])
        #expect(out.findings.allSatisfy { $0.severity == .high })
    }

    @Test("anonymous_apps_off: using an app is a violation only when the org turned app interaction off")
    func anonymousAppsOff() {
        let events = [T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer), T.join("e2", 2, "x", .external, .admitted, trust: .inbound), T.app("e3", 3, "x", .use)]
        #expect(T.triples(T.replay(events, T.policy(disableApps: true, auto: .everyone))) == ["app_violation e3 anonymous_apps_off"])
        #expect(T.replay(events, T.policy(disableApps: false, auto: .everyone)).findings.isEmpty)
    }

    @Test("events that make no sense are data-quality problems, not findings")
    func orphans() {
        let out = T.replay([T.left("e1", 1, "ghost"), T.removed("e2", 2, "ghost"), T.admitted("e3", 3, "ghost", by: "system"), T.app("e4", 4, "ghost", .add)], T.policy())
        #expect(out.findings.isEmpty)
        #expect(out.problems.map(\.kind) == [.leftNotPresent, .removedNotInLobby, .admittedNotInLobby, .appActionUnknownParticipant])
    }

    @Test("a meeting's own options apply from their time on")
    func meetingOptions() {
        let out = T.replay([
            T.join("e1", 1, "g-1", .guest, .admitted, meeting: "m-open"),
            T.scheduled("s", 2, meeting: "m-open", auto: .everyoneInCompany),
            T.join("e3", 3, "g-2", .guest, .admitted, meeting: "m-open"),
        ], T.policy(auto: .organizerOnly))
        #expect(T.triples(out) == ["unexpected_admit e1 lobby_required"])
    }

    @Test("imported admissions with unknown options are judged under the most permissive options, unless overriding is off")
    func importedOptionsUnknown() {
        let locked = MeetingPolicy(name: "Locked", allowOrganizersToOverrideLobbySettings: false)
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer, origin: .purview),
            T.join("e2", 2, "anon-1", .anonymous, .admitted, origin: .purview),
            T.join("e3", 3, "u-bob", .internal, .admitted, role: .organizer, meeting: "m-bob", organizer: "u-bob", origin: .purview),
            T.join("e4", 4, "anon-2", .anonymous, .admitted, meeting: "m-bob", organizer: "u-bob", origin: .purview),
        ], T.policy(tags: [locked], assignments: ["u-bob": "Locked"]))
        #expect(T.triples(out) == ["unexpected_admit e4 lobby_required"])
        #expect(out.problems.map(\.kind) == [.allowedOnlyIfOptionsChanged])
        #expect(out.findings[0].policy == "Locked")
    }

    @Test("policy history: each event is judged by the policy in force at its time")
    func policyHistory() {
        let before = T.policy(allowAnonymousJoin: true)
        let after = T.policy(allowAnonymousJoin: false, effectiveFrom: T.at(3))
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "anon-1", .anonymous, .lobby),
            T.admitted("e3", 3, "anon-1", by: "u-ada"),
        ], after, before)
        #expect(T.triples(out) == ["unexpected_admit e3 organizer_anonymous_join_off"])
    }

    @Test("a meeting whose organizer changes is judged under the new organizer's policy, for events that name nobody too")
    func organizerChangesMidMeeting() {
        let locked = MeetingPolicy(name: "Locked", allowAnonymousUsersToJoinMeeting: false)
        let policy = T.policy(tags: [locked], assignments: ["u-bob": "Locked"])
        let out = T.replay([
            T.join("e1", 1, "u-ada", .internal, .admitted, role: .organizer),
            T.join("e2", 2, "anon-1", .anonymous, .lobby),
            T.admitted("e3", 3, "anon-1", by: "u-ada"),
            // Rescheduled by u-bob: from here the meeting is his.
            T.event("s4", 4, organizer: "u-bob", .meetingScheduled(MeetingSchedule())),
            T.join("e5", 5, "anon-2", .anonymous, .lobby, organizer: "u-bob"),
            T.admitted("e6", 6, "anon-2", by: "u-ada"),
            // A request that names another organizer is judged under that one's policy, and the meeting follows it.
            T.join("e7", 7, "anon-3", .anonymous, .lobby, organizer: "u-ada"),
            T.admitted("e8", 8, "anon-3", by: "u-ada"),
        ], policy)
        #expect(T.triples(out) == [
            "unexpected_lobby e5 organizer_anonymous_join_off", "unexpected_admit e6 organizer_anonymous_join_off",
        ])
        #expect(out.findings.allSatisfy { $0.policy == "Locked" })
    }

    @Test("invitation unknown under InvitedUsers is counted as a caveat")
    func invitationUnknownCaveat() {
        let out = T.replay([T.join("e1", 1, "u-ben", .internal, .admitted, invited: nil)], T.policy(auto: .invitedUsers))
        #expect(out.findings.isEmpty)
        #expect(out.problems.map(\.kind) == [.invitationUnknown])
    }
}
