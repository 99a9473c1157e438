import JoinAuditCore
import Testing

/// semantics.md §1: the effective identity table and who is verified.
@Suite("Effective identity")
struct EffectiveIdentityTests {
    private func resolve(_ identity: LoggedIdentity, trust: Trust? = nil, externalAccess: Bool = true, role: Role = .attendee) -> ResolvedIdentity {
        ResolvedIdentity(of: JoinRequest(participantID: "p", identity: identity, homeTenantID: "t-other", trust: trust,
                                         externalAccess: externalAccess, role: role, client: .teams, outcome: .admitted), organizerTenant: "t-contoso")
    }

    @Test("internal, guest and anonymous keep their identity")
    func plain() {
        #expect(resolve(.internal).effective == .internal)
        #expect(resolve(.guest).effective == .guest)
        #expect(resolve(.anonymous).effective == .anonymous)
    }

    @Test("external with mutual trust and external access is federated")
    func federated() {
        #expect(resolve(.external, trust: .mutual).effective == .federated)
        #expect(resolve(.external, trust: .mutual).isVerified)
    }

    @Test("external with any other trust, or external access off, counts as anonymous (seed)")
    func externalAsAnonymous() {
        for trust in [Trust.outbound, .inbound, .none] {
            #expect(resolve(.external, trust: trust).effective == .anonymous)
        }
        #expect(resolve(.external, trust: .mutual, externalAccess: false).effective == .anonymous)
        #expect(resolve(.external, trust: .outbound).explanation.contains("does not trust t-contoso"))
    }

    @Test("verified: internal, guest, federated, and a dial-in organizer; unverified: anonymous and other dial-in")
    func verified() {
        #expect(resolve(.internal).isVerified)
        #expect(resolve(.guest).isVerified)
        #expect(!resolve(.anonymous).isVerified)
        #expect(!resolve(.dialIn).isVerified)
        #expect(!resolve(.dialIn, role: .coOrganizer).isVerified)
        #expect(resolve(.dialIn, role: .organizer).isVerified)
    }
}
