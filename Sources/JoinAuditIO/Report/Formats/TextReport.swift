import JoinAuditCore

/// The report a person reads at a terminal: what was judged and by which policy, the counts,
/// the unverified sessions and the addresses behind blocked-client attempts, data quality,
/// then every finding, most severe first. All untrusted text goes through `TerminalText`;
/// colour marks severities only, and only when the caller says the output is a terminal.
public struct TextReport {
    public let store: EventStore
    public let summary: ReportSummary
    public let colour: Bool

    public init(store: EventStore, summary: ReportSummary, colour: Bool = false) {
        self.store = store
        self.summary = summary
        self.colour = colour
    }

    public func write(to out: OutputStream) throws {
        let s = summary
        let e = TerminalText.escape
        var head = "JoinAudit report: \(s.events) events in \(s.meetings) meeting\(s.meetings == 1 ? "" : "s")"
        if let first = s.firstEvent, let last = s.lastEvent { head += ", \(first) to \(last)" }
        out.write(head + "\n")
        if let run = s.judgingRun {
            out.write("Judged by \(run.command) run \(run.runID) (\(e(run.startedAt))) under "
                + run.policies.map { "\(e($0.path)) (sha256 \($0.sha256.prefix(12)))" }.joined(separator: ", ") + "\n")
        }
        out.write("\nFindings: \(s.findings)\n")
        if s.findings > 0 {
            out.write(row("severity", Severity.allCases.map { sev in paint(sev, "\(sev.rawValue) \(s.count(sev))") }.joined(separator: "  ")))
            out.write(row("kind", Self.list(s.byKind)))
            out.write(row("rule", Self.list(s.byRule)))
            out.write(row("organizer", Self.list(s.byOrganizer) + (s.byOrganizer.count == ReportSummary.topRows ? " (top \(ReportSummary.topRows))" : "")))
            out.write(row("policy", Self.list(s.byPolicy)))
            out.write(row("identity", Self.list(s.byIdentity)))
            out.write(row("client", Self.list(s.byClient)))
        }
        out.write(row("anonymous joins", s.anonymousJoinsByClient.isEmpty ? "none" : Self.list(s.anonymousJoinsByClient) + " (by client type)"))

        if !s.unverifiedSessions.isEmpty {
            out.write("\nUnverified sessions (anonymous people or dial-in callers with nobody verified), longest first:\n")
            for u in s.unverifiedSessions {
                var line = "  \(e(u.ts))  meeting \(e(u.meetingID)) of \(e(u.organizerID)): \(Self.duration(u.seconds)) unverified, "
                line += u.people == 1 ? "1 person" : "\(u.people) people"
                line += u.outsideSchedule == true ? ", outside the scheduled window" : u.outsideSchedule == nil ? ", schedule unknown" : ""
                line += ", ended by \(u.endedBy) [\(u.rule)] event \(e(u.eventID))\n"
                out.write(line)
            }
        }
        if !s.blockedSources.isEmpty {
            out.write("\nBlocked-client attempts by source address:\n")
            for b in s.blockedSources {
                out.write("  \(e(b.address))  \(b.attempts) attempt\(b.attempts == 1 ? "" : "s") in \(b.meetings) meeting\(b.meetings == 1 ? "" : "s")"
                    + (b.admitted > 0 ? ", \(b.admitted) admitted all the same" : "") + "\n")
            }
        }
        let q = s.dataQuality
        out.write("\nData quality: \(q.badLines) bad lines, \(q.redeliveries) re-deliveries"
            + q.problems.map { ", \($0.count) \(e($0.label))" }.joined() + "\n")
        for file in q.damagedFiles { out.write("  damaged: \(e(file.path)): \(e(file.damage ?? ""))\n") }

        var current: Severity?
        try store.forEachFinding(orderedBy: .severity) { record in
            let severity = record.finding.severity
            if severity != current {
                current = severity
                out.write("\n" + paint(severity, "\(severity.rawValue.uppercased()) (\(s.count(severity)))") + "\n")
            }
            out.write(Self.describe(record))
        }
        out.flush()
    }

    private func row(_ label: String, _ value: String) -> String {
        "  " + label.padding(toLength: 16, withPad: " ", startingAt: 0) + value + "\n"
    }

    /// ANSI colour by severity, when allowed.
    private func paint(_ severity: Severity, _ text: String) -> String {
        guard colour else { return text }
        let code = switch severity {
        case .critical: "1;31"
        case .high: "31"
        case .medium: "33"
        case .low: "36"
        case .info: "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    static func list(_ tallies: [Tally]) -> String {
        tallies.map { "\(TerminalText.escape($0.label)) \($0.count)" }.joined(separator: ", ")
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600) h \(s % 3600 / 60) min" : s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
    }

    static func describe(_ record: FindingRecord) -> String {
        let f = record.finding
        let who = [f.participantID.map { TerminalText.escape($0) }, f.displayName.map { "\"" + TerminalText.escape($0) + "\"" }]
            .compactMap { $0 }.joined(separator: " ")
        var line = "  \(TerminalText.escape(f.tsText))  \(f.kind.rawValue) [\(f.rule.rawValue)]  meeting \(TerminalText.escape(f.meetingID))"
        if !who.isEmpty { line += "  \(who)" }
        if let identity = f.identity { line += " (\(identity.rawValue))" }
        line += "\n    \(TerminalText.escape(f.reason))\n"
        line += "    event \(TerminalText.escape(f.eventID)) at \(TerminalText.escape(record.sourcePath ?? "?")):\(f.source.line), policy \(TerminalText.escape(f.policy))\n"
        return line
    }
}
