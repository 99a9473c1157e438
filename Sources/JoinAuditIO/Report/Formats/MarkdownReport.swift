import JoinAuditCore

/// The report for tickets and wikis: the same sections as the text report, as Markdown tables.
/// Every untrusted value goes through `MarkdownText`, so a display name cannot become a link,
/// an image, raw HTML or a broken table. The findings table stops at ``listedFindings`` rows;
/// the CSV and JSON formats carry them all.
public struct MarkdownReport {
    public let store: EventStore
    public let summary: ReportSummary
    public static let listedFindings = 1000

    public init(store: EventStore, summary: ReportSummary) {
        self.store = store
        self.summary = summary
    }

    public func write(to out: OutputStream) throws {
        let s = summary
        let m = MarkdownText.escape
        out.write("# JoinAudit report\n\n")
        var intro = "\(s.events) events in \(s.meetings) meeting\(s.meetings == 1 ? "" : "s")"
        if let first = s.firstEvent, let last = s.lastEvent { intro += ", from \(m(first)) to \(m(last))" }
        intro += "."
        if let run = s.judgingRun {
            intro += " Judged by `\(run.command)` run \(run.runID) (\(m(run.startedAt))) under "
                + run.policies.map { "\(m($0.path)) (sha256 \($0.sha256.prefix(12)))" }.joined(separator: ", ") + "."
        }
        out.write(intro + "\n\n")

        out.write("## Findings: \(s.findings)\n\n")
        out.write(table(["severity", "findings"], Severity.allCases.map { [$0.rawValue, String(s.count($0))] }))
        for (title, tallies) in [("kind", s.byKind), ("rule", s.byRule), ("organizer", s.byOrganizer), ("policy", s.byPolicy),
                                 ("identity", s.byIdentity), ("client", s.byClient)] where !tallies.isEmpty {
            out.write("**By \(title)**\n\n")
            out.write(table([title, "findings"], tallies.map { [m($0.label), String($0.count)] }))
        }

        out.write("## Unverified sessions\n\n")
        if s.unverifiedSessions.isEmpty {
            out.write("None: every session had a verified participant when it started.\n\n")
        } else {
            out.write(table(["began", "meeting", "organizer", "unverified", "people", "outside schedule", "ended by", "event"],
                s.unverifiedSessions.map { u in
                    [m(u.ts), m(u.meetingID), m(u.organizerID), TextReport.duration(u.seconds), String(u.people),
                     u.outsideSchedule.map { $0 ? "yes" : "no" } ?? "unknown", u.endedBy, m(u.eventID)]
                }))
        }
        out.write("## Blocked-client attempts by source address\n\n")
        if s.blockedSources.isEmpty {
            out.write("None.\n\n")
        } else {
            out.write(table(["address", "attempts", "meetings", "admitted"], s.blockedSources.map { [m($0.address), String($0.attempts), String($0.meetings), String($0.admitted)] }))
        }
        out.write("## Anonymous joins by client type\n\n")
        out.write(s.anonymousJoinsByClient.isEmpty ? "None.\n\n" : table(["client", "join requests"], s.anonymousJoinsByClient.map { [m($0.label), String($0.count)] }))

        let q = s.dataQuality
        out.write("## Data quality\n\n")
        out.write(table(["what", "count"], [["bad lines", String(q.badLines)], ["re-deliveries", String(q.redeliveries)]]
            + q.problems.map { [m($0.label), String($0.count)] }))
        for file in q.damagedFiles { out.write("- damaged: \(m(file.path)): \(m(file.damage ?? ""))\n") }
        if !q.damagedFiles.isEmpty { out.write("\n") }

        out.write("## Findings, most severe first\n\n")
        out.write(row(["severity", "time", "kind", "rule", "meeting", "participant", "reason", "event", "source"]))
        out.write(row(Array(repeating: "---", count: 9)))
        var listed = 0
        try store.forEachFinding(orderedBy: .severity) { record in
            guard listed < Self.listedFindings else { return }
            listed += 1
            let f = record.finding
            let who = [f.participantID.map(m), f.displayName.map { "“" + m($0) + "”" }, f.identity.map { "(\($0.rawValue))" }]
                .compactMap { $0 }.joined(separator: " ")
            out.write(row([f.severity.rawValue, m(f.tsText), f.kind.rawValue, f.rule.rawValue, m(f.meetingID), who, m(f.reason),
                           m(f.eventID), m(record.sourcePath ?? "?") + ":\(f.source.line)"]))
        }
        if s.findings > listed {
            out.write("\n… and \(s.findings - listed) more findings: `joinaudit report --format csv` lists them all.\n")
        }
    }

    private func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }

    private func table(_ header: [String], _ rows: [[String]]) -> String {
        row(header) + row(header.map { _ in "---" }) + rows.map(row).joined() + "\n"
    }
}
