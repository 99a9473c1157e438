import ArgumentParser
import Foundation
import JoinAuditIO

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Judge the stored events again under a (corrected or proposed) policy, replacing the stored findings.",
        discussion: "Example: joinaudit replay --db day.db --policy samples/policy.json --format text")

    @Option(help: ArgumentHelp("A database made by ingest or analyze --db.", valueName: "FILE"))
    var db: String

    @OptionGroup var policies: PolicyOptions

    @OptionGroup var output: ReportOptions

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding of this severity or worse exists (critical, high, medium, low, info, none).")
    var failOn: FailOn = .high

    @Flag(help: "No closing summary on standard error.")
    var quiet = false

    func run() throws {
        let (history, policySources) = try policies.loadWithSources()
        let store = try ExistingDatabase.open(db)
        let runID = try store.beginRun(command: "replay", policyFiles: policies.policy)
        try store.recordPolicies(runID: runID, policySources)
        let result = try StoredReplay(store: store, policies: history).run()
        let printer = FindingsPrinter(store: store, output: output)
        try printer.print()
        let status = try printer.status(failOn: failOn)
        try store.finishRun(runID: runID, counts: EventStore.RunCounts(events: result.eventsJudged, findings: result.findings, dataQuality: result.problems), exitStatus: status)
        if !quiet { Stderr.line("replayed \(result.eventsJudged) events: \(result.findings) findings, \(result.problems) data-quality notes") }
        if status != 0 { throw ExitCode(status) }
    }
}
