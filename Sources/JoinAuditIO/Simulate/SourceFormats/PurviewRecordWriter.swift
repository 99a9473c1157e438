import JoinAuditCore

/// Writes admissions and sessions as Microsoft 365 audit records (sources.md §1): a
/// `MeetingParticipantDetail` record when a participant leaves (or the session ends with them
/// in it), a `MeetingDetail` record when the session ends. Records therefore come in the
/// order people left, not the order they joined, as audit records do (they are written hours
/// after the meeting; their `CreationTime` says so).
///
/// Two framings of the same `AuditData`: a Purview audit search export (CSV, newer header set,
/// UTF-8 byte-order mark, CRLF, `AuditData` a quoted field with its quotes doubled), or the
/// Management Activity API's JSON array of records (each record the `AuditData` object itself).
final class PurviewRecordWriter: SourceRecordSink, JSONRecordBuilding {
    enum Framing {
        case csv
        case managementAPI
    }

    static let csvHeader = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames"

    private let framing: Framing
    private let output: SourceOutputBuffer
    var record: [UInt8] = []
    /// A CSV row, reused.
    private var row: [UInt8] = []
    private var records = 0

    init(framing: Framing, output: SourceOutputBuffer) {
        self.framing = framing
        self.output = output
        record.reserveCapacity(4096)
        switch framing {
        case .csv:
            output.append([0xEF, 0xBB, 0xBF])
            output.append(Self.csvHeader + "\r\n")
        case .managementAPI:
            output.append("[")
        }
    }

    var needsAdmissionsAtEnd: Bool { false }

    func admissionEnded(_ admission: SourceAdmission, session: SourceSession) throws {
        let request = admission.request
        let id = SourceTexts.guid(for: admission.joinEventID, salt: SourceTexts.participantRecordSalt)
        let created = creationTime(after: admission.leftAt ?? admission.admittedAt, id: id)
        let organizerUPN = organizerUPN(session)
        record.removeAll(keepingCapacity: true)
        begin(id: id, operation: "MeetingParticipantDetail", created: created, session: session, organizerUPN: organizerUPN)
        if let ip = request.clientIP {
            member("ClientIP", ip)
            raw(",")
        }
        key("Attendees")
        raw("[{")
        attendee(request, session: session)
        if admission.throughLobby, let admitter = admission.admitter {
            raw(",")
            key("InviterInfo")
            raw("{")
            key("UPN")
            string(admitter.upn)
            raw(",")
            key("OrganizationId")
            string(admitter.organizationID)
            raw("}")
        }
        raw("}],")
        let agent = SourceTexts.agent(request.client, participantID: request.participantID)
        member("DeviceInformation", agent?.device ?? "Phone")
        raw(",")
        key("ExtraProperties")
        raw("[")
        if let agent {
            raw("{")
            key("Key")
            string("UserAgent")
            raw(",")
            key("Value")
            string(agent.header)
            raw("}")
        }
        raw("],")
        member("ItemName", itemName(session))
        raw(",")
        key("JoinTime")
        time(admission.admittedAt, offset: true)
        raw(",")
        if let left = admission.leftAt {
            key("LeaveTime")
            time(left, offset: true)
            raw(",")
        }
        member("MeetingDetailId", session.meetingDetailID)
        if admission.throughLobby {
            raw(",")
            key("IsJoinedFromLobby")
            raw("true")
        }
        raw("}")
        try emit(id: id, operation: "MeetingParticipantDetail", created: created, userID: organizerUPN)
    }

    func sessionEnded(_ session: SourceSession, admissions: [SourceAdmission]) throws {
        let id = session.meetingDetailID
        let created = creationTime(after: session.endedAt ?? session.startedAt, id: id)
        let organizerUPN = organizerUPN(session)
        record.removeAll(keepingCapacity: true)
        begin(id: id, operation: "MeetingDetail", created: created, session: session, organizerUPN: organizerUPN)
        member("ChatThreadId", session.threadID)
        raw(",")
        member("CommunicationSubType", session.isScheduled ? "ScheduledMeeting" : "AdHocMeeting")
        raw(",")
        member("CommunicationType", "GroupCall")
        raw(",")
        if let end = session.endedAt {
            key("EndTime")
            time(end, offset: false)
            raw(",")
        }
        member("ItemName", itemName(session))
        raw(",")
        member("MeetingURL", session.joinWebURL)
        raw(",")
        key("Modalities")
        raw(#"["Audio","Video","ScreenSharing"],"#)
        key("Organizer")
        raw("{")
        member("OrganizationId", session.tenantID)
        raw(",")
        member("RecipientType", "User")
        raw(",")
        member("UPN", organizerUPN)
        raw(",")
        member("UserObjectId", session.organizerID)
        raw("},")
        key("StartTime")
        time(session.startedAt, offset: false)
        raw("}")
        try emit(id: id, operation: "MeetingDetail", created: created, userID: organizerUPN)
    }

    func finish() throws {
        if framing == .managementAPI { output.append(records == 0 ? "]\n" : "\n]\n") }
    }

    // MARK: Record parts

    /// The members every record has, up to and including the comma after `Workload`.
    private func begin(id: String, operation: String, created: Timestamp, session: SourceSession, organizerUPN: String) {
        raw("{")
        key("CreationTime")
        time(created, fractionDigits: 0, offset: false)
        raw(",")
        member("Id", id)
        raw(",")
        member("Operation", operation)
        raw(",")
        member("OrganizationId", session.tenantID)
        raw(",")
        key("RecordType")
        raw("25,")
        member("UserKey", session.organizerID)
        raw(",")
        key("UserType")
        raw("0,")
        key("Version")
        raw("1,")
        member("Workload", "MicrosoftTeams")
        raw(",")
        // A participant record's `UserId` names the meeting's organizer, not the participant.
        member("UserId", organizerUPN)
        raw(",")
    }

    /// `Attendees[0]`'s members (sources.md §1, the mapping's inverse).
    private func attendee(_ request: JoinRequest, session: SourceSession) {
        switch request.identity {
        case .anonymous:
            // No UPN, no OrganizationId; the id where the records may carry it, the DisplayName
            // (`8:teamsvisitor:…`, `8:acs:…`), which is what the importer reads it back from.
            member("DisplayName", request.participantID)
            raw(",")
            member("RecipientType", "Anonymous")
        case .dialIn:
            member("DisplayName", request.displayName ?? "")
            raw(",")
            member("RecipientType", "Phone")
            if request.role == .organizer {
                // The organizer dialing in, recognised by their PIN: their own id.
                raw(",")
                member("UserObjectId", request.participantID)
            }
        case .internal, .guest, .external:
            let home = request.identity == .external ? request.homeTenantID ?? session.tenantID : session.tenantID
            member("DisplayName", request.displayName ?? "")
            raw(",")
            member("OrganizationId", home)
            raw(",")
            member("RecipientType", "User")
            raw(",")
            member("UPN", SourceTexts.upn(
                participantID: request.participantID, displayName: request.displayName, identity: request.identity,
                homeTenantID: request.homeTenantID, tenantID: session.tenantID))
            raw(",")
            member("UserObjectId", request.participantID)
        }
        raw(",")
        member("Role", Self.roleText(request.role))
    }

    static func roleText(_ role: Role) -> String {
        switch role {
        case .organizer: "Organizer"
        case .coOrganizer: "Coorganizer"
        case .presenter: "Presenter"
        case .attendee: "Attendee"
        }
    }

    private func itemName(_ session: SourceSession) -> String {
        session.isScheduled ? "ScheduledMeeting" : "AdHocMeeting"
    }

    private func organizerUPN(_ session: SourceSession) -> String {
        session.organizer?.upn ?? SourceTexts.upn(
            participantID: session.organizerID, displayName: nil, identity: .internal, homeTenantID: nil, tenantID: session.tenantID)
    }

    /// Audit records are written hours after the fact: one to six, by the record's id.
    private func creationTime(after ts: Timestamp, id: String) -> Timestamp {
        let hours = 1 + Int64(SimulatedIdentifiers.stableHash(id) % 5)
        let seconds = Int64((SimulatedIdentifiers.stableHash(id) >> 32) % 3600)
        return Timestamp(nanoseconds: (ts.nanoseconds / 1_000_000_000 + hours * 3600 + seconds) * 1_000_000_000)
    }

    private func emit(id: String, operation: String, created: Timestamp, userID: String) throws {
        records += 1
        switch framing {
        case .managementAPI:
            output.append(records == 1 ? "\n" : ",\n")
            output.append(record)
        case .csv:
            row.removeAll(keepingCapacity: true)
            row.append(contentsOf: id.utf8)
            row.append(UInt8(ascii: ","))
            SourceTexts.appendExportDate(created, to: &row)
            row.append(contentsOf: ",MicrosoftTeams,".utf8)
            row.append(contentsOf: operation.utf8)
            row.append(UInt8(ascii: ","))
            Self.appendCSVField(userID, to: &row)
            row.append(contentsOf: ",\"".utf8)
            record.withUnsafeBufferPointer { bytes in
                // Runs between quotes at once, each quote doubled.
                var start = 0
                for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "\"") {
                    row.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...i]))
                    row.append(UInt8(ascii: "\""))
                    start = i + 1
                }
                row.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            }
            row.append(contentsOf: "\",,\r\n".utf8)
            output.append(row)
        }
        try output.flushIfFull()
    }

    /// A CSV field, quoted (quotes doubled) when it holds a comma, quote or line break.
    static func appendCSVField(_ text: String, to out: inout [UInt8]) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: JSON

    private func time(_ ts: Timestamp, fractionDigits: Int = 7, offset: Bool) {
        record.append(UInt8(ascii: "\""))
        SourceTexts.appendTime(ts, fractionDigits: fractionDigits, offset: offset, to: &record)
        record.append(UInt8(ascii: "\""))
    }
}
