import JoinAuditCore
import Testing

@Suite("Policy model")
struct PolicyModelTests {
    @Test("a Tag: policy takes Global's value for every key it leaves out")
    func tagMergedOverGlobal() throws {
        let tag = MeetingPolicy(name: "ExternalEvents", autoAdmittedUsers: .everyone)
        let p = T.policy(allowStart: false, auto: .organizerOnly, pstnBypass: true, blocked: [.acs], tags: [tag], assignments: ["u-ada": "ExternalEvents"])
        let merged = p.policy(forOrganizer: "u-ada")
        #expect(merged.name == "ExternalEvents")
        #expect(merged.autoAdmittedUsers == .everyone)
        #expect(merged.allowPSTNUsersToBypassLobby)
        #expect(merged.blockedAnonymousJoinClientTypes == [.acs])
        #expect(p.policy(forOrganizer: "u-other").name == "Global")
    }

    @Test("keys missing from Global take the contract's defaults")
    func defaults() throws {
        let p = try TenantPolicy(tenantID: nil, configuration: MeetingConfiguration(), policies: [MeetingPolicy(name: "Global")], assignments: [:])
        #expect(p.global == OrganizerPolicy(name: "Global", allowAnonymousUsersToJoinMeeting: true, allowAnonymousUsersToStartMeeting: false,
                                            autoAdmittedUsers: .everyoneInCompanyExcludingGuests, allowPSTNUsersToBypassLobby: false,
                                            blockedAnonymousJoinClientTypes: [], allowOrganizersToOverrideLobbySettings: true))
    }

    @Test("a file without Global and an assignment to a missing policy are errors")
    func structuralErrors() {
        #expect(throws: TenantPolicy.BuildError.missingGlobal) {
            try TenantPolicy(tenantID: nil, configuration: MeetingConfiguration(), policies: [MeetingPolicy(name: "X")], assignments: [:])
        }
        #expect(throws: TenantPolicy.BuildError.danglingAssignment(organizer: "u", policy: "Nope")) {
            try TenantPolicy(tenantID: nil, configuration: MeetingConfiguration(), policies: [MeetingPolicy(name: "Global")], assignments: ["u": "Nope"])
        }
    }

    @Test("assignments accept Tag: and any letter case")
    func assignmentSpelling() throws {
        let p = try TenantPolicy(tenantID: nil, configuration: MeetingConfiguration(), policies: [MeetingPolicy(name: "Global"), MeetingPolicy(name: "Phone", allowPSTNUsersToBypassLobby: true)],
                                 assignments: ["u": "Tag:PHONE"])
        #expect(p.policy(forOrganizer: "u").allowPSTNUsersToBypassLobby)
    }

    @Test("a policy's place names the same policy as the organizer's look-up, for assigned, unassigned and unknown organizers")
    func policyPlaces() throws {
        let tags = [MeetingPolicy(name: "ExternalEvents", allowAnonymousUsersToJoinMeeting: false),
                    MeetingPolicy(name: "Webinars", autoAdmittedUsers: .everyone), MeetingPolicy(name: "global2")]
        let p = T.policy(tags: tags, assignments: ["u-ada": "Tag:externalevents", "u-bob": "WEBINARS", "u-cy": "Global", "u-di": "global2"])
        for organizer in ["u-ada", "u-bob", "u-cy", "u-di", "u-nobody", nil] as [String?] {
            #expect(p.policy(atPlace: p.policyPlace(forOrganizer: organizer)) == p.policy(forOrganizer: organizer), "\(organizer ?? "nil")")
        }
        #expect(Set(["u-ada", "u-bob", "u-cy", "u-di"].map { p.policyPlace(forOrganizer: $0) }).count == 4)
    }

    @Test("history: the newest effective_from not after the event; the earliest before any")
    func history() {
        let a = T.policy(auto: .organizerOnly)
        let b = T.policy(auto: .everyone, effectiveFrom: T.at(10))
        let history = PolicyHistory([b, a])
        #expect(history.policy(at: T.at(9)).global.autoAdmittedUsers == .organizerOnly)
        #expect(history.policy(at: T.at(10)).global.autoAdmittedUsers == .everyone)
        let onlyLater = PolicyHistory([b])
        #expect(onlyLater.policy(at: T.at(0)).global.autoAdmittedUsers == .everyone)
    }
}
