import JoinAuditCore

/// One finding as findings-format.md writes it: the contract's fields first, in its order,
/// then the extras that explain it (`unverified_*`, actor, app, address, display name).
public enum FindingJSONLine {
    public static func line(_ record: FindingRecord) -> [UInt8] {
        var builder = object(record)
        var bytes = builder.takeFinished()
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func object(_ record: FindingRecord) -> JSONObjectBuilder {
        let f = record.finding
        var o = JSONObjectBuilder(reservingCapacity: 1024)
        o.string("kind", f.kind.rawValue)
        o.string("rule", f.rule.rawValue)
        o.string("severity", f.severity.rawValue)
        o.string("event_id", f.eventID)
        o.string("ts", f.tsText)
        o.string("tenant_id", f.tenantID)
        o.string("meeting_id", f.meetingID)
        o.string("organizer_id", f.organizerID)
        o.string("policy", f.policy)
        o.optionalString("participant_id", f.participantID)
        o.optionalString("identity", f.identity?.rawValue)
        o.optionalString("logged_identity", f.loggedIdentity?.rawValue)
        o.optionalString("client", f.client?.rawValue)
        o.optionalString("expected", f.expected?.rawValue)
        o.optionalString("actual", f.actual?.rawValue)
        o.string("reason", f.reason)
        var source = JSONObjectBuilder()
        source.string("file", record.sourcePath)
        source.number("line", f.source.line)
        o.object("source", source)
        if let detail = f.unverifiedStart {
            o.number("unverified_seconds", detail.unverifiedSeconds)
            o.number("unverified_participants", detail.unverifiedParticipants)
            o.bool("outside_schedule", detail.outsideSchedule)
            o.string("unverified_ended_by", detail.endedBy.rawValue)
        }
        o.optionalString("actor_id", f.actorID)
        o.optionalString("app_id", f.appID)
        o.optionalString("action", f.action?.rawValue)
        o.optionalString("client_ip", f.clientIP)
        o.optionalString("display_name", f.displayName)
        return o
    }
}
