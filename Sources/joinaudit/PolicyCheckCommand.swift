import ArgumentParser
import JoinAuditCore
import JoinAuditIO

struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge the settings themselves: lobby, anonymous join and start, against the seed and CISA SCuBA's Teams baseline.",
        discussion: """
            Example: joinaudit policy check --policy samples/policy.json
            Every policy is judged, not only Global; each finding names its check id, severity, the
            matching baseline item (MS.TEAMS.1.2 to 1.5) where one exists, the policies and their
            organizers. Checks are described in docs/policy-posture.md.
            """)

    @Option(help: ArgumentHelp("Policy file (policy-format.md).", valueName: "POLICY.json"))
    var policy: String

    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding of this severity or worse exists (critical, high, medium, low, info, none).")
    var failOn: FailOn = .high

    func run() throws {
        let tenant: TenantPolicy
        do { tenant = try PolicyFileLoader.load(path: policy) } catch { throw InputError(error.description) }
        let findings = PostureReview.review(tenant)
        let out = OutputStream.standardOutput()
        switch format {
        case .text: out.write(PostureReport.text(findings, tenant: tenant, file: policy))
        case .json: out.write(PostureReport.json(findings, tenant: tenant, file: policy))
        }
        out.flush()
        if let threshold = failOn.severity, findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }
}
