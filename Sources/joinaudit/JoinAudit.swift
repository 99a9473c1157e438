import ArgumentParser

@main
struct JoinAudit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "joinaudit", abstract: "Prove from the logs that a Teams tenant's anonymous-join and lobby policy held.")
}
