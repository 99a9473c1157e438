import ArgumentParser
import Foundation
import JoinAuditIO

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the stored findings of a database as a report: text, jsonl, json, csv, markdown, html or ocsf.",
        discussion: """
            Reads what the last analyze or replay stored; judges nothing again.
            Example: joinaudit report --db day.db --format html --output day.html
            Exit status follows --fail-on (default none: a report is not a gate); 2 on a usage or input error.
            """)

    @Option(help: ArgumentHelp("A database made by analyze --db, ingest and replay.", valueName: "FILE"))
    var db: String

    @OptionGroup var output: ReportOptions

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding of this severity or worse exists (critical, high, medium, low, info, none).")
    var failOn: FailOn = .none

    func run() throws {
        let store = try ExistingDatabase.open(db)
        let printer = FindingsPrinter(store: store, output: output)
        try printer.print()
        let status = try printer.status(failOn: failOn)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Opens a database that must already exist: a mistyped path is an input error, not a new
/// empty file.
enum ExistingDatabase {
    static func open(_ path: String) throws -> EventStore {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError("\(TerminalText.escape(path)): no such database") }
        do { return try EventStore(path: path) } catch { throw InputError("\(TerminalText.escape(path)): \(error)") }
    }
}
