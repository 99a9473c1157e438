import JoinAuditCore

/// One row per finding, every field in its own column, for spreadsheets. Every text cell goes
/// through `CSVText`, so a display name cannot run as a formula.
public struct CSVReport {
    public let store: EventStore

    public init(store: EventStore) { self.store = store }

    public static let header = [
        "severity", "kind", "rule", "ts", "event_id", "tenant_id", "meeting_id", "organizer_id", "policy",
        "participant_id", "display_name", "identity", "logged_identity", "client", "client_ip", "expected", "actual",
        "actor_id", "app_id", "action", "unverified_seconds", "unverified_participants", "outside_schedule",
        "unverified_ended_by", "reason", "source_file", "source_line",
    ]

    public func write(to out: OutputStream) throws {
        out.write(CSVText.row(Self.header))
        try store.forEachFinding { out.write(CSVText.row(Self.cells($0))) }
    }

    static func cells(_ record: FindingRecord) -> [String] {
        let f = record.finding
        let text: (String?) -> String = { $0.map(CSVText.cell) ?? "" }
        let u = f.unverifiedStart
        return [
            f.severity.rawValue, f.kind.rawValue, f.rule.rawValue, text(f.tsText), text(f.eventID), text(f.tenantID),
            text(f.meetingID), text(f.organizerID), text(f.policy), text(f.participantID), text(f.displayName),
            f.identity?.rawValue ?? "", f.loggedIdentity?.rawValue ?? "", f.client?.rawValue ?? "", text(f.clientIP),
            f.expected?.rawValue ?? "", f.actual?.rawValue ?? "", text(f.actorID), text(f.appID), f.action?.rawValue ?? "",
            CSVText.number(u?.unverifiedSeconds), CSVText.number(u.map { Double($0.unverifiedParticipants) }),
            u?.outsideSchedule.map { $0 ? "true" : "false" } ?? "", u?.endedBy.rawValue ?? "",
            text(f.reason), text(record.sourcePath), String(f.source.line),
        ]
    }
}
