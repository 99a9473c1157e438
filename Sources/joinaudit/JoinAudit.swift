import ArgumentParser
import Foundation

/// The `joinaudit` command. Exit statuses follow findings-format.md: 0 no finding at or above
/// `--fail-on`, 1 some, 2 a usage or input error (argument-parser's own 64 is mapped to 2).
@main
struct JoinAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "joinaudit",
        abstract: "Prove from the logs that a Microsoft Teams tenant's anonymous-join and lobby policy held.",
        subcommands: [AnalyzeCommand.self, IngestCommand.self, ReplayCommand.self, ReportCommand.self, QueryCommand.self, ExplainCommand.self,
                      ImportCommand.self, SimulateCommand.self, PolicyCommand.self, WhatIfCommand.self])

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            if exitCode(for: error) == .success { self.exit(withError: error) }
            FileHandle.standardError.write(Data(("joinaudit: " + fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
