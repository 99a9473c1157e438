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
        return try Self.history(policy)
    }

    /// Loads policy files into a history; a file that cannot be used is an input error (exit 2).
    static func history(_ paths: [String]) throws -> PolicyHistory {
        var loaded: [TenantPolicy] = []
        for path in paths {
            do { loaded.append(try PolicyFileLoader.load(path: path)) } catch { throw InputError(error.description) }
        }
        return PolicyHistory(loaded)
    }
}

/// An input problem: printed as one sentence, exit status 2.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
