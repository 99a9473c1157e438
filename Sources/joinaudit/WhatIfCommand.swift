import ArgumentParser
import Foundation
import JoinAuditCore
import JoinAuditIO

enum WhatIfFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Judge the stored day under a proposed policy and list the joins and sessions it would decide differently.",
        discussion: """
            Example: joinaudit whatif --db day.db --proposed samples/policy-proposed.json --policy samples/policy.json
            Without --policy, the policy the database's latest analyze or replay kept (table
            run_policies, the files' whole text) is the current one; if it has none, --policy is
            required. The database is only read: its stored findings stay those of the last replay.
            """)

    @Option(help: ArgumentHelp("A database made by ingest or analyze --db.", valueName: "FILE"))
    var db: String

    @Option(help: ArgumentHelp("The proposed policy file. Repeat for a policy history.", valueName: "POLICY.json"))
    var proposed: [String] = []

    @OptionGroup var current: PolicyOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: WhatIfFormat = .text

    func run() throws {
        guard !proposed.isEmpty else { throw ValidationError("give the proposed policy with --proposed") }
        let store = try ExistingDatabase.open(db)
        let (currentHistory, currentSources) = try StoredPolicy.load(current, store: store)
        let currentFiles = currentSources.map(\.path)
        if current.policy.isEmpty {
            Stderr.line("current policy: \(currentFiles.map(TerminalText.escape).joined(separator: ", ")) (as the database's last analyze or replay kept it)")
        }
        let proposedHistory = try PolicyOptions.history(proposed)
        let result = try StoredWhatIf(store: store, current: currentHistory, proposed: proposedHistory).run()
        let report = WhatIfReport(result: result, currentFiles: currentFiles, proposedFiles: proposed, database: db)
        let out = OutputStream.standardOutput()
        switch format {
        case .text: out.write(report.text())
        case .json: out.write(report.json())
        case .markdown: out.write(report.markdown())
        }
        out.flush()
    }
}
