import JoinAuditCore

/// The summary a person reads at a terminal: counts by kind and severity, then every finding,
/// most severe first. All untrusted text goes through `TerminalText`.
public struct TextReport {
    public let store: EventStore

    public init(store: EventStore) { self.store = store }

    public func write(to out: OutputStream) throws {
        let byKind = try store.findingCountsByKind()
        let bySeverity = try store.findingCountsBySeverity()
        let total = byKind.values.reduce(0, +)
        out.write("JoinAudit findings: \(total)\n")
        if total > 0 {
            out.write("  by severity: " + Severity.allCases.compactMap { s in bySeverity[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ") + "\n")
            out.write("  by kind:     " + FindingKind.allCases.compactMap { k in byKind[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ") + "\n")
        }
        let problems = try store.dataQualityCountsByKind()
        let bad = try store.badLineCount()
        let redeliveries = try store.redeliveryCount()
        out.write("Data quality: \(bad) bad lines, \(redeliveries) re-deliveries")
        for kind in DataQualityKind.allCases { if let n = problems[kind] { out.write(", \(n) \(kind.rawValue)") } }
        out.write("\n")
        for severity in Severity.allCases {
            var header = false
            try store.forEachFinding { record in
                guard record.finding.severity == severity else { return }
                if !header {
                    out.write("\n\(severity.rawValue.uppercased())\n")
                    header = true
                }
                out.write(Self.describe(record))
            }
        }
        out.flush()
    }

    static func describe(_ record: FindingRecord) -> String {
        let f = record.finding
        let who = [f.participantID.map { TerminalText.escape($0) }, f.displayName.map { "\"" + TerminalText.escape($0) + "\"" }]
            .compactMap { $0 }.joined(separator: " ")
        var line = "  \(f.tsText)  \(f.kind.rawValue) [\(f.rule.rawValue)]  meeting \(TerminalText.escape(f.meetingID))"
        if !who.isEmpty { line += "  \(who)" }
        if let identity = f.identity { line += " (\(identity.rawValue))" }
        line += "\n    \(TerminalText.escape(f.reason))\n"
        line += "    event \(TerminalText.escape(f.eventID)) at \(TerminalText.escape(record.sourcePath ?? "?")):\(f.source.line), policy \(TerminalText.escape(f.policy))\n"
        return line
    }
}
