import JoinAuditCore

/// `whatif`'s output: the joins decided differently, grouped by organizer and the proposed
/// policy's deciding rule, and the sessions whose unverified start changes, as text (escaped
/// for the terminal), JSON, or Markdown (escaped for tables).
public struct WhatIfReport {
    public var result: WhatIfResult
    public var currentFiles: [String]
    public var proposedFiles: [String]
    public var database: String

    public init(result: WhatIfResult, currentFiles: [String], proposedFiles: [String], database: String) {
        self.result = result
        self.currentFiles = currentFiles
        self.proposedFiles = proposedFiles
        self.database = database
    }

    /// One line: the counts an admin reads first.
    public var summary: String {
        "\(result.eventsJudged) events judged; \(result.joinsJudged) join requests, \(result.joinChanges.count) decided differently (\(result.stricterJoins) stricter, \(result.looserJoins) looser); \(result.unverifiedStarts) sessions started unverified, \(result.sessionChanges.count) judged differently"
    }

    // MARK: text

    public func text() -> String {
        var out = "what-if on \(TerminalText.escape(database)): current \(currentFiles.map(TerminalText.escape).joined(separator: ", ")), proposed \(proposedFiles.map(TerminalText.escape).joined(separator: ", "))\n"
        out += summary + "\n"
        if !result.joinChanges.isEmpty { out += "\njoins decided differently, by organizer and proposed rule:\n" }
        for group in result.joinGroups {
            out += "\n  organizer \(TerminalText.escape(group.organizerID ?? "unknown")), now decided by \(group.rule.rawValue) (\(group.changes.count)):\n"
            for change in group.changes {
                let a = change.current, b = change.proposed
                var who = TerminalText.escape(a.participantID)
                if let name = a.displayName { who += " \"" + TerminalText.escape(name) + "\"" }
                out += "    \(TerminalText.escape(a.tsText))  \(TerminalText.escape(a.meetingID))  \(who)  \(a.identity.rawValue) \(a.client.rawValue)\n"
                out += "      \(a.decision.expected.rawValue) (\(a.decision.rule.rawValue), policy \(TerminalText.escape(a.policy))) -> \(b.decision.expected.rawValue) (\(b.decision.rule.rawValue), policy \(TerminalText.escape(b.policy))); logged \(a.logged.rawValue); event \(TerminalText.escape(a.eventID))\n"
            }
        }
        if !result.sessionChanges.isEmpty { out += "\nsessions started by an unverified participant, judged differently:\n" }
        for change in result.sessionChanges {
            let a = change.current
            out += "  \(TerminalText.escape(a.tsText))  \(TerminalText.escape(a.meetingID))  organizer \(TerminalText.escape(a.organizerID ?? "unknown"))  first admitted \(TerminalText.escape(a.participantID ?? "?"))\n"
            out += "    \(a.rule.rawValue) -> \(change.proposed.rule.rawValue)\(Self.stretch(a)); event \(TerminalText.escape(a.eventID))\n"
        }
        out += "\nfindings by kind (current -> proposed): " + findingCounts().map { "\($0.kind) \($0.current) -> \($0.proposed)" }.joined(separator: ", ") + "\n"
        return out
    }

    // MARK: JSON

    public func json() -> String {
        var root = JSONObjectBuilder()
        root.string("database", database)
        root.strings("current_policy", currentFiles)
        root.strings("proposed_policy", proposedFiles)
        var counts = JSONObjectBuilder()
        counts.number("events", result.eventsJudged)
        counts.number("join_requests", result.joinsJudged)
        counts.number("joins_changed", result.joinChanges.count)
        counts.number("joins_stricter", result.stricterJoins)
        counts.number("joins_looser", result.looserJoins)
        counts.number("unverified_starts", result.unverifiedStarts)
        counts.number("sessions_changed", result.sessionChanges.count)
        root.object("counts", counts)
        root.array("join_groups", result.joinGroups.map { group in
            var object = JSONObjectBuilder()
            object.string("organizer_id", group.organizerID)
            object.string("rule", group.rule.rawValue)
            object.array("joins", group.changes.map(Self.json))
            return object
        })
        root.array("sessions", result.sessionChanges.map { change in
            var object = JSONObjectBuilder()
            let a = change.current
            object.string("event_id", a.eventID)
            object.string("ts", a.tsText)
            object.string("meeting_id", a.meetingID)
            object.string("organizer_id", a.organizerID)
            object.string("participant_id", a.participantID)
            object.string("current_rule", a.rule.rawValue)
            object.string("proposed_rule", change.proposed.rule.rawValue)
            object.string("direction", change.isStricter ? "stricter" : "looser")
            if let detail = a.unverifiedStart {
                object.number("unverified_seconds", detail.unverifiedSeconds)
                object.number("unverified_participants", detail.unverifiedParticipants)
            }
            return object
        })
        var findings = JSONObjectBuilder()
        for row in findingCounts() {
            var pair = JSONObjectBuilder()
            pair.number("current", row.current)
            pair.number("proposed", row.proposed)
            findings.object(row.kind, pair)
        }
        root.object("findings_by_kind", findings)
        return root.line
    }

    private static func json(_ change: JoinChange) -> JSONObjectBuilder {
        let a = change.current, b = change.proposed
        var object = JSONObjectBuilder()
        object.string("event_id", a.eventID)
        object.string("ts", a.tsText)
        object.string("meeting_id", a.meetingID)
        object.string("participant_id", a.participantID)
        object.optionalString("display_name", a.displayName)
        object.string("identity", a.identity.rawValue)
        object.string("client", a.client.rawValue)
        object.string("logged", a.logged.rawValue)
        object.string("current_expected", a.decision.expected.rawValue)
        object.string("current_rule", a.decision.rule.rawValue)
        object.string("current_policy", a.policy)
        object.string("proposed_expected", b.decision.expected.rawValue)
        object.string("proposed_rule", b.decision.rule.rawValue)
        object.string("proposed_policy", b.policy)
        object.string("direction", change.isStricter ? "stricter" : "looser")
        object.string("because", b.decision.because)
        return object
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = "# What if: \(Self.md(proposedFiles.joined(separator: ", "))) instead of \(Self.md(currentFiles.joined(separator: ", ")))\n\n"
        out += "Database `\(Self.md(database))`: \(summary).\n"
        for group in result.joinGroups {
            out += "\n## Organizer \(Self.md(group.organizerID ?? "unknown")): now `\(group.rule.rawValue)` (\(group.changes.count))\n\n"
            out += "| time | meeting | participant | identity | logged | current | proposed | event |\n|---|---|---|---|---|---|---|---|\n"
            for change in group.changes {
                let a = change.current, b = change.proposed
                var who = a.participantID
                if let name = a.displayName { who += " \"\(name)\"" }
                out += "| \(Self.md(a.tsText)) | \(Self.md(a.meetingID)) | \(Self.md(who)) | \(a.identity.rawValue) (\(a.client.rawValue)) | \(a.logged.rawValue) | \(a.decision.expected.rawValue) (`\(a.decision.rule.rawValue)`) | \(b.decision.expected.rawValue) (`\(b.decision.rule.rawValue)`) | \(Self.md(a.eventID)) |\n"
            }
        }
        if !result.sessionChanges.isEmpty {
            out += "\n## Sessions started by an unverified participant\n\n| time | meeting | organizer | first admitted | current | proposed | event |\n|---|---|---|---|---|---|---|\n"
            for change in result.sessionChanges {
                let a = change.current
                out += "| \(Self.md(a.tsText)) | \(Self.md(a.meetingID)) | \(Self.md(a.organizerID ?? "unknown")) | \(Self.md(a.participantID ?? "?")) | `\(a.rule.rawValue)` | `\(change.proposed.rule.rawValue)` | \(Self.md(a.eventID)) |\n"
            }
        }
        out += "\n## Findings by kind\n\n| kind | current | proposed |\n|---|---|---|\n"
        for row in findingCounts() { out += "| \(row.kind) | \(row.current) | \(row.proposed) |\n" }
        return out
    }

    /// Text for a Markdown table cell: the one Markdown escaper of the reports.
    static func md(_ text: String) -> String { MarkdownText.escape(text) }

    // MARK: shared

    private func findingCounts() -> [(kind: String, current: Int, proposed: Int)] {
        FindingKind.allCases.compactMap { kind in
            let a = result.findingsCurrent[kind] ?? 0, b = result.findingsProposed[kind] ?? 0
            return a == 0 && b == 0 ? nil : (kind.rawValue, a, b)
        }
    }

    private static func stretch(_ finding: Finding) -> String {
        guard let detail = finding.unverifiedStart else { return "" }
        let seconds = Int(detail.unverifiedSeconds.rounded())
        return "; \(seconds) s with nobody verified, \(detail.unverifiedParticipants) unverified \(detail.unverifiedParticipants == 1 ? "person" : "people")"
    }
}
