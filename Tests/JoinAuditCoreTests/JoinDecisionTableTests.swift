import JoinAuditCore
import Testing

/// semantics.md §4: one test per row of the join decision table, named after its rule.
@Suite("Join decision table")
struct JoinDecisionTableTests {
    @Test("1 org_anonymous_join_off: DisableAnonymousJoin refuses anonymous people whatever the organizer policy says")
    func orgAnonymousJoinOff() {
        let d = T.decide(T.join("e", 0, "anon", .anonymous, .admitted), T.policy(disableAnonymousJoin: true, allowStart: true, auto: .everyone))
        #expect(d.expected == .rejected)
        #expect(d.rule == .orgAnonymousJoinOff)
    }

    @Test("2 organizer_anonymous_join_off: per-organizer AllowAnonymousUsersToJoinMeeting false refuses anonymous people")
    func organizerAnonymousJoinOff() {
        let d = T.decide(T.join("e", 0, "anon", .anonymous, .admitted), T.policy(allowAnonymousJoin: false, auto: .everyone))
        #expect(d.expected == .rejected)
        #expect(d.rule == .organizerAnonymousJoinOff)
    }

    @Test("2 also applies to external people without mutual trust, who count as anonymous")
    func organizerOffCoversOneWayTrust() {
        let d = T.decide(T.join("e", 0, "x", .external, .admitted, trust: .outbound), T.policy(allowAnonymousJoin: false))
        #expect(d.rule == .organizerAnonymousJoinOff)
    }

    @Test("3 client_blocked: an anonymous join from a blocked client type is refused, case-insensitively")
    func clientBlocked() {
        let p = T.policy(blocked: [.acs])
        #expect(T.decide(T.join("e", 0, "anon", .anonymous, .admitted, client: .acs), p).rule == .clientBlocked)
        #expect(T.decide(T.join("e", 0, "anon", .anonymous, .admitted, client: .teams), p).rule == .lobbyRequired)
        #expect(T.decide(T.join("e", 0, "anon", .anonymous, .admitted, client: .teams), T.policy(blocked: [.teams])).rule == .clientBlocked)
    }

    @Test("3 client blocks do not apply to verified people")
    func clientBlockOnlyForAnonymous() {
        let d = T.decide(T.join("e", 0, "u", .internal, .admitted, client: .acs), T.policy(blocked: [.acs]))
        #expect(d.rule == .lobbyBypass)
    }

    @Test("4 organizer_bypass: verified organizers and co-organizers always bypass the lobby")
    func organizerBypass() {
        let p = T.policy(auto: .organizerOnly)
        #expect(T.decide(T.join("e", 0, "u-ada", .internal, .lobby, role: .organizer), p).rule == .organizerBypass)
        #expect(T.decide(T.join("e", 0, "g", .guest, .lobby, role: .coOrganizer), p).expected == .admitted)
        #expect(T.decide(T.join("e", 0, "u-ada", .dialIn, .lobby, role: .organizer), p).rule == .organizerBypass)
    }

    @Test("4 does not cover a dial-in co-organizer, who is unverified")
    func dialInCoOrganizerIsUnverified() {
        let d = T.decide(T.join("e", 0, "p", .dialIn, .admitted, role: .coOrganizer), T.policy())
        #expect(d.rule == .lobbyRequired)
    }

    @Test("5 lobby_required: dial-in callers wait when PSTN bypass is off")
    func dialInLobbyRequired() {
        let d = T.decide(T.join("e", 0, "p", .dialIn, .admitted), T.policy(allowStart: true, auto: .everyone, pstnBypass: false), started: true)
        #expect(d.expected == .lobby)
        #expect(d.rule == .lobbyRequired)
    }

    @Test("5 the meeting's own pstn_bypass_lobby overrides the policy")
    func dialInMeetingOption() {
        let d = T.decide(T.join("e", 0, "p", .dialIn, .admitted), T.policy(pstnBypass: false), started: true, meetingOptions: MeetingOptions(pstnBypassLobby: true))
        #expect(d.rule == .pstnBypass)
    }

    @Test("6 pstn_bypass: with bypass on, dial-in callers join a started session")
    func pstnBypass() {
        let d = T.decide(T.join("e", 0, "p", .dialIn, .lobby), T.policy(pstnBypass: true), started: true)
        #expect(d.expected == .admitted)
        #expect(d.rule == .pstnBypass)
    }

    @Test("7 start_allowed: dial-in callers may start when Everyone and AllowAnonymousUsersToStartMeeting")
    func dialInStartAllowed() {
        let d = T.decide(T.join("e", 0, "p", .dialIn, .admitted), T.policy(allowStart: true, auto: .everyone, pstnBypass: true))
        #expect(d.expected == .admitted)
        #expect(d.rule == .startAllowed)
    }

    @Test("7 applies to dial-in callers even when anonymous join is off (seed: the start setting then only applies to dial-in)")
    func dialInStartWithAnonymousOff() {
        let d = T.decide(T.join("e", 0, "p", .dialIn, .admitted), T.policy(disableAnonymousJoin: true, allowStart: true, auto: .everyone, pstnBypass: true))
        #expect(d.rule == .startAllowed)
    }

    @Test("8 verified_required: otherwise dial-in callers wait until a verified participant starts the session")
    func dialInVerifiedRequired() {
        #expect(T.decide(T.join("e", 0, "p", .dialIn, .admitted), T.policy(allowStart: false, auto: .everyone, pstnBypass: true)).rule == .verifiedRequired)
        #expect(T.decide(T.join("e", 0, "p", .dialIn, .admitted), T.policy(allowStart: true, auto: .everyoneInCompany, pstnBypass: true)).rule == .verifiedRequired)
    }

    @Test("9 lobby_required: anonymous people wait unless AutoAdmittedUsers is Everyone")
    func anonymousLobbyRequired() {
        for setting in AutoAdmittedUsers.allCases where setting != .everyone {
            let d = T.decide(T.join("e", 0, "anon", .anonymous, .admitted, invited: true), T.policy(allowStart: true, auto: setting), started: true)
            #expect(d.expected == .lobby)
            #expect(d.rule == .lobbyRequired)
        }
    }

    @Test("10 lobby_bypass: with Everyone, anonymous people join a started session directly")
    func anonymousLobbyBypass() {
        let d = T.decide(T.join("e", 0, "anon", .anonymous, .admitted), T.policy(auto: .everyone), started: true)
        #expect(d.expected == .admitted)
        #expect(d.rule == .lobbyBypass)
    }

    @Test("11 start_allowed: with Everyone and AllowAnonymousUsersToStartMeeting, anonymous people may start")
    func anonymousStartAllowed() {
        let d = T.decide(T.join("e", 0, "anon", .anonymous, .admitted), T.policy(allowStart: true, auto: .everyone))
        #expect(d.expected == .admitted)
        #expect(d.rule == .startAllowed)
    }

    @Test("12 verified_required: otherwise anonymous people wait until a verified participant starts the session")
    func anonymousVerifiedRequired() {
        let d = T.decide(T.join("e", 0, "anon", .anonymous, .admitted), T.policy(allowStart: false, auto: .everyone))
        #expect(d.expected == .lobby)
        #expect(d.rule == .verifiedRequired)
    }

    @Test("13 lobby_bypass and 14 lobby_required: verified people follow the bypass table")
    func verifiedBypassTable() {
        // Expected bypass per (setting, identity): the table under rule 13.
        let table: [(AutoAdmittedUsers, LoggedIdentity, Bool)] = [
            (.organizerOnly, .internal, false), (.organizerOnly, .guest, false), (.organizerOnly, .external, false),
            (.everyoneInCompanyExcludingGuests, .internal, true), (.everyoneInCompanyExcludingGuests, .guest, false), (.everyoneInCompanyExcludingGuests, .external, false),
            (.everyoneInCompany, .internal, true), (.everyoneInCompany, .guest, true), (.everyoneInCompany, .external, false),
            (.everyoneInSameAndFederatedCompany, .internal, true), (.everyoneInSameAndFederatedCompany, .guest, true), (.everyoneInSameAndFederatedCompany, .external, true),
            (.everyone, .internal, true), (.everyone, .guest, true), (.everyone, .external, true),
        ]
        for (setting, identity, bypasses) in table {
            let d = T.decide(T.join("e", 0, "p", identity, .admitted), T.policy(auto: setting))
            #expect(d.rule == (bypasses ? .lobbyBypass : .lobbyRequired), "\(setting) \(identity)")
            #expect(d.expected == (bypasses ? .admitted : .lobby), "\(setting) \(identity)")
        }
    }

    @Test("13 InvitedUsers: invited people bypass, uninvited wait, unknown invitation gets the benefit of the doubt")
    func invitedUsers() {
        let p = T.policy(auto: .invitedUsers)
        for identity in [LoggedIdentity.internal, .guest, .external] {
            #expect(T.decide(T.join("e", 0, "p", identity, .admitted, invited: true), p).rule == .lobbyBypass)
            #expect(T.decide(T.join("e", 0, "p", identity, .admitted, invited: false), p).rule == .lobbyRequired)
            let unknown = T.decide(T.join("e", 0, "p", identity, .admitted, invited: nil), p)
            #expect(unknown.rule == .lobbyBypass)
            #expect(unknown.invitationUnknown)
        }
    }

    @Test("a decision's trace names the settings it looked at")
    func traceNamesSettings() {
        let d = T.decide(T.join("e", 0, "x", .external, .admitted, trust: .outbound), T.policy(auto: .everyoneInCompany))
        #expect(d.trace.map(\.name) == ["identity", "DisableAnonymousJoin", "AllowAnonymousUsersToJoinMeeting", "BlockedAnonymousJoinClientTypes", "role", "AutoAdmittedUsers"])
        #expect(d.because == "AutoAdmittedUsers is EveryoneInCompany, so anonymous people wait in the lobby")
    }
}
