import ArgumentParser
import Foundation
import JoinAuditIO

/// `--from`: the library's spellings (`purview-csv`, `audit-json`, `graph`, …).
extension InputKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { argumentSpellings }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn Purview audit exports, Graph call records, attendance reports and online meetings into join-log events.",
        discussion: """
            Example: joinaudit import --output day.jsonl.gz samples/sources/purview-export.csv samples/sources/online-meetings.json

            Writes exactly the events analyze would judge (log-format.md), to standard output or to --output. \
            Each file's kind is detected from its first bytes unless --from gives it. Records not about meetings \
            are skipped and counted; a meeting record that lacks what the mapping needs is listed on standard \
            error as file:line (record N): reason, and the rest goes on.

            Exit status: 0 done; 2 an input could not be read, a gzip stream was damaged (its complete records \
            are still imported), or a file was not of the kind --from named.
            """)

    @Option(name: .customLong("from"), help: ArgumentHelp(
        "The inputs' kind, instead of detecting each file's from its first bytes.", valueName: "KIND"))
    var from: InputKind?

    @Option(help: ArgumentHelp("Write the join log here instead of standard output; gzip'd when the name ends in .gz.", valueName: "FILE"))
    var output: String?

    @Flag(help: "No closing summary on standard error (bad records are still listed).")
    var quiet = false

    @Argument(help: ArgumentHelp("Inputs: files (gzip'd or not), directories of them, or - for standard input.", valueName: "FILE"))
    var files: [String]

    func run() throws {
        let started = Date()
        let out: JoinLogOutput
        do {
            out = try output.map { path throws(WriteError) in try JoinLogOutput(path: path) } ?? JoinLogOutput.standardOutput()
        } catch let error as WriteError {
            throw InputError(error.description)
        }
        var shownBad = 0
        let summary: ImportSummary
        do {
            summary = try SourceImport(paths: files, forcedKind: from).run { item in
                switch item {
                case .event(let event, _):
                    try out.write(event)
                case .badRecord(let bad):
                    shownBad += 1
                    if shownBad <= InputDiagnostics.shownBadLines { Stderr.line("bad record: " + TerminalText.escape(bad.description)) }
                case .fileStarted, .fileFinished, .skipped:
                    break
                }
            }
            try out.finish()
        } catch let error as WriteError {
            throw InputError(error.description)
        } catch {
            throw InputError(String(describing: error))
        }
        if shownBad > InputDiagnostics.shownBadLines {
            Stderr.line("bad record: … and \(shownBad - InputDiagnostics.shownBadLines) more")
        }
        for damage in summary.damages { Stderr.line("joinaudit: " + TerminalText.escape(damage.description)) }
        for failure in summary.failures { Stderr.line("joinaudit: \(TerminalText.escape(failure.name)): \(failure.reason)") }
        if !quiet {
            for file in summary.files {
                let skips = file.skippedByReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                Stderr.line("  \(TerminalText.escape(file.file.name)) [\(file.file.kind.rawValue)]: \(file.records) records, "
                    + "\(file.events) events, \(file.skipped) skipped\(skips.isEmpty ? "" : " (\(skips))"), \(file.badRecords) bad")
            }
            Stderr.line("imported \(summary.files.count) file(s): \(summary.records) records, \(summary.events) events, "
                + "\(summary.skipped) skipped, \(summary.badRecords) bad records in "
                + String(format: "%.2f s", Date().timeIntervalSince(started)) + (output.map { " into \($0)" } ?? ""))
        }
        if !summary.damages.isEmpty || !summary.failures.isEmpty { throw ExitCode(2) }
    }
}
