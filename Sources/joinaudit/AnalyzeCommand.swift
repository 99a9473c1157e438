import ArgumentParser
import Foundation
import JoinAuditCore
import JoinAuditIO

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Ingest a day of join logs, judge every event against the policy, and print the findings.",
        discussion: """
            Example: joinaudit analyze --policy samples/policy.json --format text samples/day-2026-11-23.jsonl.gz
            Exit status: 0 no finding at or above --fail-on, 1 some, 2 a usage or input error (a damaged
            gzip stream is one: every complete line before the damage is still judged).
            """)

    @OptionGroup var policies: PolicyOptions

    @Option(help: ArgumentHelp("Keep the SQLite database here for queries (default: a temporary one, removed afterwards).", valueName: "FILE"))
    var db: String?

    @OptionGroup var output: ReportOptions

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding of this severity or worse exists (critical, high, medium, low, info, none).")
    var failOn: FailOn = .high

    @Option(name: .customLong("input-format"), help: ArgumentHelp("The inputs' kind, instead of detecting each file's from its first bytes.", valueName: "KIND"))
    var inputFormat: InputKind?

    @Flag(help: "No progress line and no closing summary on standard error.")
    var quiet = false

    @Argument(help: ArgumentHelp("Join logs: .jsonl.gz, .jsonl, directories of them, or - for standard input.", valueName: "LOG"))
    var logs: [String]

    func run() throws {
        let started = Date()
        let (history, policySources) = try policies.loadWithSources()
        let database = try WorkingDatabase(path: db)
        defer { database.removeIfTemporary() }
        let store = try EventStore(path: database.path)
        let runID = try store.beginRun(command: "analyze", policyFiles: policies.policy)
        try store.recordPolicies(runID: runID, policySources)
        // The load stays pending until the run's end is recorded, so that a run killed while
        // judging or printing is resumed by the next one, not read twice (docs/reliability.md).
        store.holdsLoadOpen = !database.isTemporary
        let ingestion: Ingestion.Report
        let replay: StoredReplay.Result
        do {
            if try store.holdsNoEvents() {
                // A fresh database: both cores busy. Join logs are judged while they are read;
                // imported records after loading, in sorted order.
                let result = try StreamingAnalysis(store: store, policies: history, progress: ProgressLine(quiet: quiet))
                    .run(logs, forcedKind: inputFormat, judgeWhileReading: try allJoinLogs())
                ingestion = result.ingestion
                replay = result.replay
                if let why = result.fallback, !quiet { Stderr.line("note: judged again from the stored events: \(why)") }
            } else {
                // Events already stored: add these, de-duplicate against all, judge everything again.
                ingestion = try Ingestion(store: store, progress: ProgressLine(quiet: quiet)).run(logs, forcedKind: inputFormat)
                replay = try StoredReplay(store: store, policies: history).run()
            }
        } catch let error as ReadError {
            throw InputError(error.description)
        } catch let error as InputFailure {
            throw InputError(error.description)
        }
        let printer = FindingsPrinter(store: store, output: output)
        try printer.print()
        try InputDiagnostics.reportBadLines(store, files: Set(ingestion.files.map(\.fileID)))
        InputDiagnostics.reportDamage(ingestion)
        let coverage = Coverage(kinds: ingestion.kinds).statement(caveats: try store.dataQualityCountsByKind())
        if !coverage.isEmpty && !quiet { Stderr.line(coverage) }
        let status: Int32 = ingestion.damageMessages.isEmpty && ingestion.failures.isEmpty ? try printer.status(failOn: failOn) : 2
        try store.database.transaction {
            try store.finishRun(runID: runID, counts: EventStore.RunCounts(
                files: ingestion.files.count, events: ingestion.events, badLines: ingestion.badLines,
                redeliveries: ingestion.redeliveries, findings: replay.findings, dataQuality: replay.problems), exitStatus: status)
            try store.endHeldLoad()
        }
        if !quiet {
            Stderr.line("analyzed \(ingestion.files.count) file(s): \(ingestion.events) events, \(ingestion.redeliveries) re-deliveries, "
                + "\(ingestion.badLines) bad lines; \(replay.findings) findings, \(replay.problems) data-quality notes in "
                + String(format: "%.2f s", Date().timeIntervalSince(started)) + (db.map { "; database \($0)" } ?? ""))
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Judging while reading needs inputs already in time order: join logs are; imported
    /// records are not (a record's leave comes hours after its join), so they go straight to
    /// the stored, sorted replay.
    private func allJoinLogs() throws -> Bool {
        if let inputFormat { return inputFormat == .joinLog }
        for path in try InputExpansion.expand(logs) {
            if path == "-" { return false }
            if try InputKindDetector.detect(path: path) != .joinLog { return false }
        }
        return true
    }
}

/// The database `analyze` works in: the user's file, or a temporary one removed at the end.
struct WorkingDatabase {
    let path: String
    let isTemporary: Bool

    init(path: String?) throws {
        if let path {
            self.path = path
            isTemporary = false
        } else {
            self.path = (NSTemporaryDirectory() as NSString).appendingPathComponent("joinaudit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).db")
            isTemporary = true
        }
    }

    func removeIfTemporary() {
        guard isTemporary else { return }
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
