import JoinAuditCore

/// sources.md §3: an attendance report as join-log events: per attendance interval, a
/// `join_request` (`admitted`) at `joinDateTime` and a `left` at `leaveDateTime`. Reports say
/// nothing of the lobby, the client or the address. Origin `attendance`.
public enum AttendanceMapping {
    public struct Output: Sendable, Equatable {
        public var result: MappingResult
        public var recordProblems: [ImportProblem] = []
        public var skippedRecords: [SkipReason] = []
    }

    public static func events(for report: AttendanceReport) throws(ImportProblem) -> Output {
        guard let meetingID = report.meetingID ?? report.id, !meetingID.isEmpty else {
            throw .missing("@odata.context", "which meeting the report is of (keep the response's @odata.context)")
        }
        guard !report.records.isEmpty else {
            throw .missing("attendanceRecords", "nobody attended, or the records were not expanded ($expand=attendanceRecords)")
        }
        let organizer = report.records.first { $0.role?.lowercased() == "organizer" }
        let organizerID = organizer?.id.flatMap { $0.isEmpty ? nil : $0 } ?? PurviewMapping.unknownOrganizer
        let tenantID = organizer?.tenantID.flatMap { $0.isEmpty ? nil : $0 } ?? PurviewMapping.unknownOrganizer
        let reportID = report.id ?? meetingID
        var output = Output(result: .events([]))
        var events: [Event] = []
        for (index, record) in report.records.enumerated() {
            let path = "attendanceRecords[\(index)]"
            guard let participant = participant(record, tenantID: tenantID) else {
                output.skippedRecords.append(
                    (record.identityType ?? "").lowercased().contains("application")
                        ? .application : .unsupportedIdentity(record.identityType ?? "unknown"))
                continue
            }
            let role = PurviewMapping.role(record.role)
            for (k, interval) in record.intervals.enumerated() {
                do throws(ImportProblem) {
                    guard let joinText = interval.joinDateTime else {
                        throw ImportProblem.missing("\(path).attendanceIntervals[\(k)].joinDateTime", "when the participant joined")
                    }
                    let join = try SourceTime.parse(joinText, field: "\(path).attendanceIntervals[\(k)].joinDateTime")
                    let leave = try SourceTime.parseOptional(interval.leaveDateTime, field: "\(path).attendanceIntervals[\(k)].leaveDateTime")
                    let eventID = "\(reportID):\(participant.id):\(join.1)"
                    events.append(Event(
                        id: eventID, ts: join.0, tsText: join.1, tenantID: tenantID, meetingID: meetingID, organizerID: organizerID,
                        origin: .attendance,
                        body: .joinRequest(JoinRequest(
                            participantID: participant.id, displayName: record.displayName, identity: participant.identity,
                            homeTenantID: participant.homeTenantID, trust: participant.identity == .external ? .mutual : nil,
                            role: role, invited: nil, client: client(record, participant.identity), outcome: .admitted))))
                    if let leave, leave.0 >= join.0 {
                        events.append(Event(
                            id: eventID + ":left", ts: leave.0, tsText: leave.1, tenantID: tenantID, meetingID: meetingID,
                            origin: .attendance, body: .left(participantID: participant.id)))
                    }
                } catch {
                    output.recordProblems.append(error)
                }
            }
            if record.intervals.isEmpty {
                output.recordProblems.append(.missing("\(path).attendanceIntervals", "when the participant was there"))
            }
        }
        output.result = .events(events)
        return output
    }

    /// By the identity's `@odata.type` when given: an ACS identity → `anonymous` (client
    /// `acs`); a guest or anonymous identity → `anonymous`; a phone identity → `dial_in`; an
    /// application → nil. Otherwise a user: of another stated tenant → `external` (`mutual`),
    /// else `internal` (reports often leave `tenantId` null even for the tenant's own people,
    /// and cannot tell guests from members); with no id at all → `anonymous`.
    static func participant(_ record: AttendanceRecord, tenantID: String) -> PurviewMapping.Participant? {
        let type = (record.identityType ?? "").lowercased()
        let id = record.id.flatMap { $0.isEmpty ? nil : $0 } ?? record.emailAddress.flatMap { $0.isEmpty ? nil : $0 }
        if type.contains("application") { return nil }
        if type.contains("encrypted") { return nil }
        let fallback = "attendee:" + (record.displayName ?? "?")
        if type.contains("azurecommunicationservices") || type.contains("acs") || type.contains("guest") || type.contains("anonymous") {
            return .init(id: id ?? fallback, identity: .anonymous)
        }
        if type.contains("phone") { return .init(id: id ?? fallback, identity: .dialIn) }
        guard let id else { return .init(id: fallback, identity: .anonymous) }
        if tenantID != PurviewMapping.unknownOrganizer, let home = record.tenantID, !home.isEmpty,
            !home.equalsIgnoringASCIICase(tenantID)
        {
            return .init(id: id, identity: .external, homeTenantID: home)
        }
        return .init(id: id, identity: .internal)
    }

    static func client(_ record: AttendanceRecord, _ identity: LoggedIdentity) -> Client {
        if identity == .dialIn { return .pstn }
        let type = (record.identityType ?? "").lowercased()
        if type.contains("azurecommunicationservices") || type.contains("acs") { return .acs }
        return .other
    }
}
