import ArgumentParser
import JoinAuditCore
import JoinAuditIO

/// A severity threshold for the exit status, or `none` to always exit 0 on findings.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low, info, none

    var severity: Severity? { Severity(rawValue: rawValue) }
}

enum FindingsFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, text
}

/// `--policy`, repeatable: a policy history.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Policy file (policy-format.md). Repeat for a policy history judged by effective_from.", valueName: "POLICY.json"))
    var policy: [String] = []

    func load() throws -> PolicyHistory {
        guard !policy.isEmpty else { throw ValidationError("give at least one --policy file") }
        var loaded: [TenantPolicy] = []
        for path in policy {
            do { loaded.append(try PolicyFileLoader.load(path: path)) } catch { throw InputError(error.description) }
        }
        return PolicyHistory(loaded)
    }
}

/// An input problem: printed as one sentence, exit status 2.
/// A usage or input error (exit 2), printed as one line on standard error. Its text may
/// carry what the input said (a file name from a directory listing, a policy value), so it is
/// escaped for the terminal like every other untrusted text.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = TerminalText.escape(description) }
}
