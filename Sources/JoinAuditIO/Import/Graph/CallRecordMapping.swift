import JoinAuditCore

/// sources.md §2: a Graph call record as join-log events: per session, a `join_request`
/// (`admitted`: call records know nothing of the lobby) at its start and a `left` at its end.
/// Origin `graph`.
public enum CallRecordMapping {
    /// What one call record makes: its events, and a problem for each session that could not
    /// be mapped (the other sessions still count).
    public struct Output: Sendable, Equatable {
        public var result: MappingResult
        public var sessionProblems: [ImportProblem] = []
        public var skippedSessions: [SkipReason] = []
    }

    public static func events(for record: CallRecord) throws(ImportProblem) -> Output {
        guard let id = record.id, !id.isEmpty else { throw .missing("id", "the call record's id, from which event ids are made") }
        if let type = record.type, type.lowercased() == "peertopeer" { return Output(result: .skipped(.notAMeeting(type))) }
        guard let meetingID = record.joinWebUrl, !meetingID.isEmpty else {
            throw .missing("joinWebUrl", "the meeting link, which is the meeting's id")
        }
        guard let organizer = record.organizer else { throw .missing("organizer_v2", "whose meeting this is") }
        guard let tenantID = organizer.tenantID, !tenantID.isEmpty else {
            throw .missing("organizer_v2.identity.user.tenantId", "the meeting's tenant, to tell internal from external users")
        }
        guard !record.sessions.isEmpty else {
            throw .missing("sessions", "no sessions: request the call record with $expand=sessions")
        }
        let organizerID = organizer.id ?? PurviewMapping.unknownOrganizer
        var output = Output(result: .events([]))
        var events: [Event] = []
        for (index, session) in record.sessions.enumerated() {
            do throws(ImportProblem) {
                switch try sessionEvents(session, index: index, recordID: id, tenantID: tenantID, meetingID: meetingID, organizerID: organizerID) {
                case .events(let made): events += made
                case .skipped(let reason): output.skippedSessions.append(reason)
                }
            } catch {
                output.sessionProblems.append(error)
            }
        }
        output.result = .events(events)
        return output
    }

    static func sessionEvents(
        _ session: CallSession, index: Int, recordID: String, tenantID: String, meetingID: String, organizerID: String
    ) throws(ImportProblem) -> MappingResult {
        let path = "sessions[\(index)]"
        guard let sessionID = session.id, !sessionID.isEmpty else { throw .missing("\(path).id", "the session's id") }
        guard let startText = session.startDateTime else { throw .missing("\(path).startDateTime", "when the participant joined") }
        let start = try SourceTime.parse(startText, field: "\(path).startDateTime")
        let end = try SourceTime.parseOptional(session.endDateTime, field: "\(path).endDateTime")
        // In a meeting the participant calls the conference: the caller, unless only the callee is named.
        guard let endpoint = [session.caller, session.callee].compactMap({ $0 }).first(where: { $0.identity != nil }),
            let identity = endpoint.identity
        else {
            throw .missing("\(path).caller.identity", "who joined")
        }
        if identity.kind == "user" || identity.kind == "onPremises", (identity.id ?? "").isEmpty {
            throw .missing("\(path).caller.identity.\(identity.kind).id", "who the user is")
        }
        guard let participant = participant(identity, sessionID: sessionID, tenantID: tenantID) else {
            let kind = identity.kind.lowercased()
            return .skipped(kind.hasPrefix("application") || kind == "acsapplicationinstance" ? .application : .unsupportedIdentity(identity.kind))
        }
        let client = client(of: participant.identity, kind: identity.kind, endpoint: endpoint)
        let eventID = "\(recordID):\(sessionID)"
        var events = [Event(
            id: eventID, ts: start.0, tsText: start.1, tenantID: tenantID, meetingID: meetingID, organizerID: organizerID,
            origin: .graph,
            body: .joinRequest(JoinRequest(
                participantID: participant.id, displayName: identity.displayName, identity: participant.identity,
                homeTenantID: participant.homeTenantID, trust: participant.identity == .external ? .mutual : nil,
                role: participant.id == organizerID ? .organizer : .attendee, invited: nil, client: client,
                outcome: .admitted)))]
        if let end, end.0 >= start.0 {
            events.append(Event(
                id: eventID + ":left", ts: end.0, tsText: end.1, tenantID: tenantID, meetingID: meetingID, origin: .graph,
                body: .left(participantID: participant.id)))
        }
        return .events(events)
    }

    /// `user` of the organizer's tenant (or of no stated tenant) → `internal`, of another →
    /// `external` (`mutual`); `guest` (in Graph: joined without signing in) → `anonymous`;
    /// `acsUser` / `azureCommunicationServicesUser` → `anonymous`; `phone` → `dial_in`;
    /// `onPremises` (a hybrid user of the tenant) → `internal`; anything else → nil.
    static func participant(_ identity: GraphIdentity, sessionID: String, tenantID: String) -> PurviewMapping.Participant? {
        let id = identity.id.flatMap { $0.isEmpty ? nil : $0 }
        switch identity.kind {
        case "user", "onPremises":
            guard let id else { return nil }
            if identity.kind == "user", let home = identity.tenantID, !home.isEmpty, !home.equalsIgnoringASCIICase(tenantID) {
                return .init(id: id, identity: .external, homeTenantID: home)
            }
            return .init(id: id, identity: .internal)
        case "guest":
            return .init(id: id ?? "guest:\(sessionID)", identity: .anonymous)
        case "acsUser", "azureCommunicationServicesUser":
            return .init(id: id ?? "acs:\(sessionID)", identity: .anonymous)
        case "phone":
            return .init(id: "phone:\(sessionID)", identity: .dialIn)
        default:
            return nil
        }
    }

    /// `pstn` for a phone; `acs` for an ACS identity or product family
    /// `azureCommunicationServices`; `teams` for product family `teams…` or a Teams user agent;
    /// else `other`.
    static func client(of identity: LoggedIdentity, kind: String, endpoint: CallEndpoint) -> Client {
        if identity == .dialIn { return .pstn }
        if kind == "acsUser" || kind == "azureCommunicationServicesUser" { return .acs }
        let family = endpoint.productFamily?.lowercased() ?? ""
        if family == "azurecommunicationservices" { return .acs }
        if family.hasPrefix("teams") { return .teams }
        return UserAgentClassifier.client(endpoint.userAgentHeader) ?? .other
    }
}
