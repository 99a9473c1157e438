import JoinAuditCore

/// Writes sessions as Microsoft Graph call records (sources.md §2): one `groupCall` record per
/// meeting session, written when it ends, with `sessions` expanded (one per admission: the
/// participant's leg from getting in to leaving) and `organizer_v2`; in
/// `{"@odata.context": …, "value": […], "@odata.nextLink": …}` pages of 50 records, one page
/// per line, as a saved `GET /communications/callRecords?$expand=sessions` writes them.
///
/// Identities as Graph spells them: members and guest accounts are `user`s of the tenant,
/// other organizations' people `user`s of theirs; anonymous people `guest` (Graph's word for
/// "not signed in") or, on an ACS client, `azureCommunicationServicesUser`; phones `phone`. The
/// organizer dialing in, recognised by their PIN, is their own `user` on a PSTN leg. Call
/// records have no lobby: a session starts when the participant got into the meeting.
final class GraphCallRecordWriter: SourceRecordSink, JSONRecordBuilding {
    static let pageSize = 50
    static let context = "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords(sessions())"

    private let output: SourceOutputBuffer
    var record: [UInt8] = []
    private var inPage = 0
    private var pages = 0

    init(output: SourceOutputBuffer) {
        self.output = output
        record.reserveCapacity(64 * 1024)
    }

    var needsAdmissionsAtEnd: Bool { true }

    func admissionEnded(_ admission: SourceAdmission, session: SourceSession) throws {}

    func sessionEnded(_ session: SourceSession, admissions: [SourceAdmission]) throws {
        guard !admissions.isEmpty else { return }
        record.removeAll(keepingCapacity: true)
        raw("{")
        member("id", session.callRecordID)
        raw(",")
        key("version")
        raw("1,")
        member("type", "groupCall")
        raw(",")
        key("modalities")
        raw(#"["audio","video","screenSharing"],"#)
        let last = session.endedAt ?? admissions.compactMap(\.leftAt).max() ?? session.startedAt
        key("lastModifiedDateTime")
        time(Timestamp(nanoseconds: last.nanoseconds + 1_800_000_000_000))
        raw(",")
        key("startDateTime")
        time(session.startedAt)
        raw(",")
        key("endDateTime")
        if let end = session.endedAt { time(end) } else { raw("null") }
        raw(",")
        member("joinWebUrl", session.joinWebURL)
        raw(",")
        key("organizer_v2")
        raw("{")
        member("id", session.organizerID)
        raw(",")
        key("identity")
        raw("{")
        key("user")
        raw("{")
        member("id", session.organizerID)
        raw(",")
        key("displayName")
        if let name = session.organizerName { string(name) } else { raw("null") }
        raw(",")
        member("tenantId", session.tenantID)
        raw("}}},")
        key("sessions@odata.context")
        string("https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('" + session.callRecordID + "')/sessions")
        raw(",")
        key("sessions")
        raw("[")
        for (i, admission) in admissions.enumerated() {
            if i > 0 { raw(",") }
            callSession(admission, session: session)
        }
        raw("]}")
        try emit()
    }

    func finish() throws {
        if pages == 0 {
            openPage()
        }
        output.append("]}\n")
    }

    // MARK: Parts

    private func callSession(_ admission: SourceAdmission, session: SourceSession) {
        let request = admission.request
        raw("{")
        member("id", SourceTexts.guid(for: admission.joinEventID, salt: SourceTexts.sessionSalt))
        raw(",")
        key("modalities")
        raw(request.client == .pstn ? #"["audio"],"# : #"["audio","video"],"#)
        key("startDateTime")
        time(admission.admittedAt)
        raw(",")
        key("endDateTime")
        if let left = admission.leftAt { time(left) } else { raw("null") }
        raw(",")
        key("isTest")
        raw("false,")
        key("caller")
        raw("{")
        member("@odata.type", "#microsoft.graph.callRecords.participantEndpoint")
        raw(",")
        key("userAgent")
        raw("{")
        if request.client == .pstn {
            member("@odata.type", "#microsoft.graph.callRecords.serviceUserAgent")
            raw(",")
            key("headerValue")
            raw("null,")
            member("role", "unknown")
            raw(",")
            member("productFamily", "unknown")
        } else {
            let agent = SourceTexts.agent(request.client, participantID: request.participantID)
            member("@odata.type", "#microsoft.graph.callRecords.clientUserAgent")
            raw(",")
            key("headerValue")
            if let agent { string(agent.header) } else { raw("null") }
            raw(",")
            member("platform", agent?.platform ?? "unknown")
            raw(",")
            member("productFamily", request.client == .teams ? "teams" : request.client == .acs ? "azureCommunicationServices" : "unknown")
        }
        raw("},")
        key("identity")
        identity(request, session: session)
        raw("},")
        key("callee")
        raw("{")
        member("@odata.type", "#microsoft.graph.callRecords.participantEndpoint")
        raw(",")
        key("userAgent")
        raw("{")
        member("@odata.type", "#microsoft.graph.callRecords.serviceUserAgent")
        raw(",")
        key("headerValue")
        raw("null,")
        member("role", "conferencing")
        raw(",")
        member("productFamily", "unknown")
        raw("},")
        key("identity")
        raw("{}}}")
    }

    private func identity(_ request: JoinRequest, session: SourceSession) {
        raw("{")
        switch request.identity {
        case .internal, .guest, .external:
            user(request.participantID, name: request.displayName, tenant: request.identity == .external ? request.homeTenantID ?? session.tenantID : session.tenantID)
        case .anonymous:
            key(request.client == .acs ? "azureCommunicationServicesUser" : "guest")
            raw("{")
            member("id", request.participantID)
            raw(",")
            key("displayName")
            if let name = request.displayName { string(name) } else { raw("null") }
            raw("}")
        case .dialIn:
            if request.role == .organizer {
                user(request.participantID, name: session.organizerName, tenant: session.tenantID)
                raw(",")
            }
            key("phone")
            raw("{")
            member("id", request.displayName ?? "")
            raw(",")
            key("displayName")
            raw("null}")
        }
        raw("}")
    }

    private func user(_ id: String, name: String?, tenant: String) {
        key("user")
        raw("{")
        member("id", id)
        raw(",")
        key("displayName")
        if let name { string(name) } else { raw("null") }
        raw(",")
        member("tenantId", tenant)
        raw("}")
    }

    // MARK: Pages

    private func openPage() {
        pages += 1
        inPage = 0
        var head: [UInt8] = []
        head.append(contentsOf: "{".utf8)
        JoinLogWriter.appendString("@odata.context", to: &head)
        head.append(UInt8(ascii: ":"))
        JoinLogWriter.appendString(Self.context, to: &head)
        head.append(contentsOf: ",\"value\":[".utf8)
        output.append(head)
    }

    /// Adds the record to the page, first closing a full page with a link to the next: a page
    /// is closed only when another record follows it, so the last page has no `nextLink`.
    private func emit() throws {
        if pages == 0 {
            openPage()
        } else if inPage == Self.pageSize {
            var tail: [UInt8] = Array("],".utf8)
            JoinLogWriter.appendString("@odata.nextLink", to: &tail)
            tail.append(UInt8(ascii: ":"))
            JoinLogWriter.appendString("https://graph.microsoft.com/v1.0/communications/callRecords?$expand=sessions&$skiptoken=" + String(pages * Self.pageSize), to: &tail)
            tail.append(contentsOf: "}\n".utf8)
            output.append(tail)
            openPage()
        }
        if inPage > 0 { output.append(",") }
        output.append(record)
        inPage += 1
        try output.flushIfFull()
    }

    // MARK: JSON

    /// Graph's times: `2026-11-23T10:04:05.1230000Z`.
    private func time(_ ts: Timestamp) {
        record.append(UInt8(ascii: "\""))
        SourceTexts.appendTime(ts, to: &record)
        record.append(UInt8(ascii: "\""))
    }
}
