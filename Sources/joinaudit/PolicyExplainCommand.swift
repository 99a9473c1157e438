import ArgumentParser
import JoinAuditCore
import JoinAuditIO

extension LoggedIdentity: ExpressibleByArgument {}
extension Client: ExpressibleByArgument {}
extension Trust: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}

struct PolicyExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "The decision for one hypothetical join, with its trace: check a setting before changing it.",
        discussion: """
            Example: joinaudit policy explain --policy samples/policy.json --organizer u-erin --identity anonymous
            Uses the same evaluator as analyze and replay (semantics.md §4). The meeting's own lobby
            options are the policy's unless --meeting-auto-admitted-users or --meeting-pstn-bypass say otherwise.
            """)

    @Option(help: ArgumentHelp("Policy file (policy-format.md).", valueName: "POLICY.json"))
    var policy: String

    @Option(help: ArgumentHelp("The meeting organizer's user id (selects the per-organizer policy).", valueName: "USER"))
    var organizer: String

    @Option(help: "How the participant signs in: internal, guest, external, anonymous, dial_in.")
    var identity: LoggedIdentity

    @Option(help: "The participant's client: teams, acs, pstn, other (default teams; pstn for dial_in).")
    var client: Client?

    @Option(help: "For external participants: the trust between the organizations (mutual, outbound, inbound, none; default none).")
    var trust: Trust?

    @Flag(name: .customLong("external-access-off"), help: "For external participants: their account is not enabled for external access.")
    var externalAccessOff = false

    @Option(help: "The participant's role: organizer, co_organizer, presenter, attendee.")
    var role: Role = .attendee

    @Flag(help: "The participant is on the meeting invitation.")
    var invited = false

    @Flag(help: "A verified participant has already started the session.")
    var started = false

    @Option(name: .customLong("meeting-auto-admitted-users"), help: ArgumentHelp("The meeting's own Who can bypass the lobby, overriding the policy's.", valueName: "VALUE"))
    var meetingAutoAdmittedUsers: String?

    @Option(name: .customLong("meeting-pstn-bypass"), help: ArgumentHelp("The meeting's own People dialing in can bypass the lobby (true or false).", valueName: "BOOL"))
    var meetingPSTNBypass: Bool?

    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func run() throws {
        let tenant: TenantPolicy
        do { tenant = try PolicyFileLoader.load(path: policy) } catch { throw InputError(error.description) }
        var options = MeetingOptions(pstnBypassLobby: meetingPSTNBypass)
        if let text = meetingAutoAdmittedUsers {
            guard let value = AutoAdmittedUsers(caseInsensitive: text) else {
                throw ValidationError("--meeting-auto-admitted-users \(text) is not one of \(AutoAdmittedUsers.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.autoAdmittedUsers = value
        }
        let request = JoinRequest(
            participantID: "hypothetical", identity: identity, homeTenantID: nil,
            trust: identity == .external ? (trust ?? Trust.none) : nil, externalAccess: !externalAccessOff, role: role, invited: invited,
            client: client ?? (identity == .dialIn ? .pstn : .teams), outcome: .admitted)
        let organizerPolicy = tenant.policy(forOrganizer: organizer)
        let settings = MeetingSettings(configuration: tenant.configuration, policy: organizerPolicy, meetingOptions: options, optionsUnknown: false)
        let resolved = ResolvedIdentity(of: request, organizerTenant: tenant.tenantID ?? "the organizer's tenant")
        let decision = JoinEvaluator.decide(request, identity: resolved, settings: settings, sessionStarted: started)
        let out = OutputStream.standardOutput()
        switch format {
        case .text: out.write(JoinExplanationReport.text(decision, request: request, organizer: organizer, policy: organizerPolicy, sessionStarted: started, file: policy))
        case .json: out.write(JoinExplanationReport.json(decision, request: request, organizer: organizer, policy: organizerPolicy, sessionStarted: started, file: policy))
        }
        out.flush()
    }
}
