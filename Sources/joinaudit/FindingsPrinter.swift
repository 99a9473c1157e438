import ArgumentParser
import Foundation
import JoinAuditCore
import JoinAuditIO

/// What `analyze`, `replay` and `report` share once the findings are stored: write them in
/// the chosen format, and decide the exit status.
struct FindingsPrinter {
    let store: EventStore
    let output: ReportOptions

    func print() throws {
        let out: JoinAuditIO.OutputStream
        if let path = output.output {
            do { out = try JoinAuditIO.OutputStream.file(path) } catch { throw InputError(error.description) }
        } else {
            out = JoinAuditIO.OutputStream.standardOutput()
        }
        let writer = ReportWriter(store: store, format: output.format, colour: output.output == nil && Terminal.wantsColour)
        do { try writer.write(to: out) } catch let error as WriteError { throw InputError(error.description) }
    }

    /// 1 when a finding at or above the threshold exists, else 0.
    func status(failOn: FailOn) throws -> Int32 {
        guard let threshold = failOn.severity else { return 0 }
        let counts = try store.findingCountsBySeverity()
        return counts.contains { $0.key >= threshold && $0.value > 0 } ? 1 : 0
    }
}

/// Whether standard output is a person's terminal that wants colour (https://no-color.org).
enum Terminal {
    static var wantsColour: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}

/// Standard-error reporting of bad lines and damage, shared by `ingest` and `analyze`.
enum InputDiagnostics {
    static let shownBadLines = 50

    static func reportBadLines(_ store: EventStore, files: Set<Int>) throws {
        var shown = 0
        var total = 0
        try store.forEachBadLine { bad in
            guard files.contains(bad.fileID) else { return }
            total += 1
            guard shown < shownBadLines else { return }
            shown += 1
            Stderr.line("bad line: \(TerminalText.escape(bad.path ?? "?")):\(bad.line): \(TerminalText.escape(bad.reason))")
        }
        if total > shown { Stderr.line("bad line: … and \(total - shown) more (table bad_lines)") }
    }

    static func reportDamage(_ report: Ingestion.Report) {
        for damage in report.damageMessages { Stderr.line("joinaudit: \(TerminalText.escape(damage))") }
        for failure in report.failures where !report.damages.contains(where: { $0.path == failure.path }) {
            Stderr.line("joinaudit: \(TerminalText.escape(failure.path)): \(TerminalText.escape(failure.reason))")
        }
    }
}
