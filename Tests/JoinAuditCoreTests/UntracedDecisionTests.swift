import JoinAuditCore
import Testing

/// The replay decides without recording the trace (`traced: false`); `explain` records it. The
/// decision itself must not depend on that, in any corner of the table.
@Suite("Untraced decisions")
struct UntracedDecisionTests {
    @Test("with and without the trace, every request gets the same outcome, rule and reason")
    func sameDecision() {
        let identities = LoggedIdentity.allCases, clients = Client.allCases, roles = Role.allCases
        let lobbies = AutoAdmittedUsers.allCases
        var compared = 0
        for identity in identities {
            for client in clients {
                for role in roles {
                    for auto in lobbies {
                        for (disable, allowJoin, allowStart, pstn) in [(false, true, false, false), (false, true, true, true),
                                                                       (true, true, true, true), (false, false, true, true)] {
                            for blocked in [[], [BlockableClientType.acs], [.teams, .acs]] {
                                for invited in [true, false, nil] as [Bool?] {
                                    for started in [false, true] {
                                        let event = T.join("e", 0, "p", identity, .admitted, role: role, client: client,
                                                           trust: identity == .external ? .outbound : nil, invited: invited)
                                        guard case .joinRequest(let request) = event.body else { continue }
                                        let policy = T.policy(disableAnonymousJoin: disable, allowAnonymousJoin: allowJoin, allowStart: allowStart,
                                                              auto: auto, pstnBypass: pstn, blocked: blocked)
                                        let settings = MeetingSettings(configuration: policy.configuration, policy: policy.policy(forOrganizer: "u-ada"),
                                                                       meetingOptions: MeetingOptions(), optionsUnknown: false)
                                        let resolved = ResolvedIdentity(of: request, organizerTenant: event.tenantID)
                                        let traced = JoinEvaluator.decide(request, identity: resolved, settings: settings, sessionStarted: started)
                                        let untraced = JoinEvaluator.decide(request, identity: resolved, settings: settings, sessionStarted: started, traced: false)
                                        #expect(untraced.expected == traced.expected)
                                        #expect(untraced.rule == traced.rule)
                                        #expect(untraced.because == traced.because)
                                        #expect(untraced.invitationUnknown == traced.invitationUnknown)
                                        #expect(untraced.trace.isEmpty)
                                        #expect(!traced.trace.isEmpty)
                                        compared += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(compared == identities.count * clients.count * roles.count * lobbies.count * 4 * 3 * 3 * 2)
        #expect(compared > 1_000)
    }
}
