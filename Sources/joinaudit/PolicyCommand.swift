import ArgumentParser

/// `joinaudit policy …`: the settings themselves, without a day of logs: build the policy file
/// from PowerShell exports, judge it, and explain one hypothetical join.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Import, check and explain the tenant's anonymous-join and lobby settings.",
        subcommands: [PolicyImportCommand.self, PolicyCheckCommand.self, PolicyExplainCommand.self])
}

/// Output of `policy check` and `policy explain`.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
