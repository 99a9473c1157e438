import ArgumentParser
import Foundation
import JoinAuditCore
import JoinAuditIO

/// A severity threshold for the exit status, or `none` to always exit 0 on findings.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low, info, none

    var severity: Severity? { Severity(rawValue: rawValue) }
}

extension ReportFormat: ExpressibleByArgument {}

/// `--format` and `--output`, for every command that writes findings.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: jsonl (findings-format.md), text, json, csv, markdown, html or ocsf (OCSF Detection Finding per line).")
    var format: ReportFormat = .jsonl

    @Option(help: ArgumentHelp("Write the output to this file (replaced whole at the end) instead of standard output.", valueName: "PATH"))
    var output: String?
}

/// `--policy`, repeatable: a policy history.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Policy file (policy-format.md). Repeat for a policy history judged by effective_from.", valueName: "POLICY.json"))
    var policy: [String] = []

    func load() throws -> PolicyHistory { try loadWithSources().history }

    /// The history and the files' texts, which a judging run keeps in its database.
    func loadWithSources() throws -> (history: PolicyHistory, sources: [PolicySource]) {
        guard !policy.isEmpty else { throw ValidationError("give at least one --policy file") }
        return try Self.load(policy)
    }

    /// Loads policy files into a history; a file that cannot be used is an input error (exit 2).
    static func history(_ paths: [String]) throws -> PolicyHistory { try load(paths).history }

    static func load(_ paths: [String]) throws -> (history: PolicyHistory, sources: [PolicySource]) {
        var loaded: [TenantPolicy] = []
        var sources: [PolicySource] = []
        for path in paths {
            do { loaded.append(try PolicyFileLoader.load(path: path)) } catch { throw InputError(error.description) }
            let data = FileManager.default.contents(atPath: path) ?? Data()
            sources.append(PolicySource(path: path, content: String(decoding: data, as: UTF8.self)))
        }
        return (PolicyHistory(loaded), sources)
    }
}

/// The policy for commands that read a database: the `--policy` files when given, else the
/// ones the database's last judging run kept (`run_policies`).
enum StoredPolicy {
    static func load(_ options: PolicyOptions, store: EventStore) throws -> (history: PolicyHistory, sources: [PolicySource]) {
        if !options.policy.isEmpty { return try options.loadWithSources() }
        guard let run = try store.latestJudgingRun(), !run.policies.isEmpty else {
            throw InputError("\(TerminalText.escape(store.path)): no run judged these events with a policy yet; give --policy")
        }
        var loaded: [TenantPolicy] = []
        for source in run.policies {
            do { loaded.append(try PolicyFileLoader.load(data: Data(source.content.utf8), name: source.path)) } catch {
                throw InputError(error.description)
            }
        }
        return (PolicyHistory(loaded), run.policies)
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
