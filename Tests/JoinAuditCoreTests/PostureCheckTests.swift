import JoinAuditCore
import Testing

/// docs/policy-posture.md: one test per check id, each on a policy that trips it and one that
/// does not, so every test can fail.
@Suite("Policy posture")
struct PostureCheckTests {
    /// The findings of one check.
    func found(_ check: PostureCheck, _ policy: TenantPolicy) -> [PostureFinding] {
        PostureReview.review(policy).filter { $0.check == check }
    }

    /// A policy that trips none of the checks: anonymous join off, internal people bypass.
    let quiet = T.policy(allowAnonymousJoin: false)

    @Test("a policy with anonymous join off per organizer, lobby for outsiders, no bypass for callers: no findings")
    func quietPolicy() {
        #expect(PostureReview.review(quiet).isEmpty)
    }

    @Test("anonymous_join_on: the org-wide and the organizer's setting both allow anonymous join")
    func anonymousJoinOn() {
        #expect(found(.anonymousJoinOn, T.policy()).map(\.policies) == [["Global"]])
        #expect(found(.anonymousJoinOn, T.policy(disableAnonymousJoin: true)).isEmpty)
        #expect(found(.anonymousJoinOn, quiet).isEmpty)
    }

    @Test("anonymous_start_allowed (MS.TEAMS.1.2, high): judged in every policy, with its organizers")
    func anonymousStartAllowed() {
        let tag = MeetingPolicy(name: "Events", allowAnonymousUsersToStartMeeting: true, autoAdmittedUsers: .everyone)
        let findings = found(.anonymousStartAllowed, T.policy(allowAnonymousJoin: false, tags: [tag], assignments: ["u-erin": "Events"]))
        #expect(findings.count == 1)
        #expect(findings.first?.policies == ["Events"])
        #expect(findings.first?.organizers == ["u-erin"])
        #expect(findings.first?.severity == .high)
        #expect(PostureCheck.anonymousStartAllowed.baselineIDs == ["MS.TEAMS.1.2"])
        #expect(findings.first?.detail.contains("dial-in callers (anonymous join is off)") == true)
    }

    @Test("anonymous_start_allowed says when it cannot take effect: AutoAdmittedUsers not Everyone and not overridable")
    func anonymousStartDormant() {
        let tag = MeetingPolicy(name: "Locked", allowAnonymousUsersToStartMeeting: true, allowOrganizersToOverrideLobbySettings: false)
        let finding = found(.anonymousStartAllowed, T.policy(tags: [tag], assignments: ["u-a": "Locked"])).first
        #expect(finding?.detail.contains("no effect today") == true)
    }

    @Test("everyone_bypasses_lobby (MS.TEAMS.1.3): AutoAdmittedUsers Everyone")
    func everyoneBypassesLobby() {
        #expect(found(.everyoneBypassesLobby, T.policy(auto: .everyone)).count == 1)
        #expect(found(.everyoneBypassesLobby, T.policy(auto: .everyoneInSameAndFederatedCompany)).isEmpty)
        #expect(PostureCheck.everyoneBypassesLobby.baselineIDs == ["MS.TEAMS.1.3"])
    }

    @Test("external_bypasses_lobby: guests or trusted organizations bypass the lobby")
    func externalBypassesLobby() {
        #expect(found(.externalBypassesLobby, T.policy(auto: .everyoneInCompany)).count == 1)
        #expect(found(.externalBypassesLobby, T.policy(auto: .everyoneInSameAndFederatedCompany)).count == 1)
        #expect(found(.externalBypassesLobby, T.policy(auto: .everyoneInCompanyExcludingGuests)).isEmpty)
        #expect(found(.externalBypassesLobby, T.policy(auto: .everyone)).isEmpty)
    }

    @Test("internal_not_auto_admitted (MS.TEAMS.1.4): OrganizerOnly and InvitedUsers make colleagues wait")
    func internalNotAutoAdmitted() {
        #expect(found(.internalNotAutoAdmitted, T.policy(auto: .organizerOnly)).count == 1)
        #expect(found(.internalNotAutoAdmitted, T.policy(auto: .invitedUsers)).count == 1)
        #expect(found(.internalNotAutoAdmitted, T.policy(auto: .everyoneInCompanyExcludingGuests)).isEmpty)
        #expect(PostureCheck.internalNotAutoAdmitted.baselineIDs == ["MS.TEAMS.1.4"])
    }

    @Test("dial_in_bypasses_lobby (MS.TEAMS.1.3 and 1.5): judged in a Tag: policy too, not only Global")
    func dialInBypassesLobby() {
        let tag = MeetingPolicy(name: "Phone", allowPSTNUsersToBypassLobby: true)
        let findings = found(.dialInBypassesLobby, T.policy(tags: [tag], assignments: ["u-dan": "Phone"]))
        #expect(findings.map(\.policies) == [["Phone"]])
        #expect(findings.first?.organizers == ["u-dan"])
        #expect(PostureCheck.dialInBypassesLobby.baselineIDs == ["MS.TEAMS.1.3", "MS.TEAMS.1.5"])
        #expect(found(.dialInBypassesLobby, T.policy()).isEmpty)
    }

    @Test("no_anonymous_client_blocked: anonymous join on and BlockedAnonymousJoinClientTypes null")
    func noAnonymousClientBlocked() {
        #expect(found(.noAnonymousClientBlocked, T.policy()).count == 1)
        #expect(found(.noAnonymousClientBlocked, T.policy(blocked: [.acs])).isEmpty)
        #expect(found(.noAnonymousClientBlocked, T.policy(allowAnonymousJoin: false)).isEmpty)
    }

    @Test("org_wide_anonymous_setting: DisableAnonymousJoin does the work while per-organizer policies allow anonymous join")
    func orgWideAnonymousSetting() {
        let tag = MeetingPolicy(name: "Closed", allowAnonymousUsersToJoinMeeting: false)
        let policy = T.policy(disableAnonymousJoin: true, tags: [tag, MeetingPolicy(name: "Open")], assignments: ["u-a": "Open", "u-b": "Closed"])
        let findings = found(.orgWideAnonymousSetting, policy)
        #expect(findings.count == 1)
        #expect(findings.first?.policies == ["Global", "Open"])
        #expect(findings.first?.organizers == ["u-a"])
        #expect(findings.first?.includesUnassignedOrganizers == true)
        #expect(found(.orgWideAnonymousSetting, T.policy(disableAnonymousJoin: true, allowAnonymousJoin: false)).isEmpty)
        #expect(found(.orgWideAnonymousSetting, T.policy()).isEmpty)
    }

    @Test("unused_policy: a Tag: policy no organizer is assigned")
    func unusedPolicy() {
        let policy = T.policy(tags: [MeetingPolicy(name: "Used"), MeetingPolicy(name: "Forgotten")], assignments: ["u-a": "Used"])
        #expect(found(.unusedPolicy, policy).map(\.policies) == [["Forgotten"]])
    }

    @Test("organizer_differs_from_global: names the organizers and the differing settings; identical tags are not reported")
    func organizerDiffersFromGlobal() {
        let policy = T.policy(tags: [MeetingPolicy(name: "Phone", allowPSTNUsersToBypassLobby: true), MeetingPolicy(name: "Same")],
                              assignments: ["u-dan": "Phone", "u-cy": "Same"])
        let findings = found(.organizerDiffersFromGlobal, policy)
        #expect(findings.map(\.organizers) == [["u-dan"]])
        #expect(findings.first?.detail.contains("AllowPSTNUsersToBypassLobby true (Global: false)") == true)
    }

    @Test("findings come most severe first")
    func order() {
        let severities = PostureReview.review(T.policy(auto: .everyone, pstnBypass: true)).map(\.severity)
        #expect(severities == severities.sorted(by: >))
        #expect(severities.first == .high)
    }
}
