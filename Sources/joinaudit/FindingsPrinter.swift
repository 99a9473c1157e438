import ArgumentParser
import JoinAuditCore
import JoinAuditIO

/// What `analyze` and `replay` share once the findings are stored: print them, and decide
/// the exit status.
struct FindingsPrinter {
    let store: EventStore
    let format: FindingsFormat

    func print() throws {
        let out = OutputStream.standardOutput()
        switch format {
        case .jsonl:
            try store.forEachFinding { out.write(FindingJSONLine.line($0)) }
            out.flush()
        case .text:
            try TextReport(store: store).write(to: out)
        }
    }

    /// 1 when a finding at or above the threshold exists, else 0.
    func status(failOn: FailOn) throws -> Int32 {
        guard let threshold = failOn.severity else { return 0 }
        let counts = try store.findingCountsBySeverity()
        return counts.contains { $0.key >= threshold && $0.value > 0 } ? 1 : 0
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
