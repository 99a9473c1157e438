import ArgumentParser
import Foundation
import JoinAuditIO

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Stream join logs into a SQLite database for queries, without judging them.",
        discussion: """
            Example: joinaudit ingest --db day.db samples/day-2026-11-23.jsonl.gz
            Bad lines go to the bad_lines table and are listed on standard error; an event id already
            stored is a re-delivery, counted and not stored again. Exit status 2 on a damaged gzip stream
            (its complete lines are kept) or an unreadable file.
            """)

    @Option(help: ArgumentHelp("The SQLite database to create or add to.", valueName: "FILE"))
    var db: String

    @Option(name: .customLong("input-format"), help: ArgumentHelp("The inputs' kind, instead of detecting each file's from its first bytes.", valueName: "KIND"))
    var inputFormat: InputKind?

    @Flag(help: "No progress line and no closing summary on standard error.")
    var quiet = false

    @Argument(help: ArgumentHelp("Join logs: .jsonl.gz, .jsonl, directories of them, or - for standard input.", valueName: "LOG"))
    var logs: [String]

    func run() throws {
        let store = try EventStore(path: db)
        let runID = try store.beginRun(command: "ingest")
        let report: Ingestion.Report
        do {
            // The run's end is recorded in the load's last commit: a run killed after it is
            // done, one killed before it is resumed by the next ingest (docs/reliability.md).
            report = try Ingestion(store: store, progress: ProgressLine(quiet: quiet)).run(logs, forcedKind: inputFormat) { report in
                try store.finishRun(runID: runID, counts: EventStore.RunCounts(
                    files: report.files.count, events: report.events, badLines: report.badLines, redeliveries: report.redeliveries),
                    exitStatus: Self.status(report))
            }
        } catch {
            throw InputError(String(describing: error))
        }
        let status = Self.status(report)
        try InputDiagnostics.reportBadLines(store, files: Set(report.files.map(\.fileID)))
        InputDiagnostics.reportDamage(report)
        if !quiet {
            if report.resumedFiles > 0 {
                Stderr.line("resumed a killed load: \(report.resumedFiles) file(s) it had committed were not read again")
            }
            let rate = report.seconds > 0 ? Int(Double(report.events + report.redeliveries) / report.seconds) : 0
            Stderr.line("ingested \(report.files.count) file(s): \(report.events) new events, \(report.redeliveries) re-deliveries, "
                + "\(report.badLines) bad lines in " + String(format: "%.2f s", report.seconds) + " (\(rate) events/s) into \(db)")
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// 2 when a file was damaged or could not be read, else 0.
    static func status(_ report: Ingestion.Report) -> Int32 {
        report.damageMessages.isEmpty && report.failures.isEmpty ? 0 : 2
    }
}
