import JoinAuditCore

/// sources.md §1: Microsoft 365 audit records of Teams meetings as join-log events. Pure
/// functions of a record (and, for participants, the facts of its meeting), tested row by row.
public enum PurviewMapping {
    /// `organizer_id` when the meeting's `MeetingDetail` record is not in the input.
    public static let unknownOrganizer = "unknown"

    /// A `MeetingParticipantDetail` record: a `join_request` at `JoinTime` (`admitted`, or
    /// `lobby` followed by a `lobby_admitted` when `IsJoinedFromLobby`), and a `left` at
    /// `LeaveTime`. An `Applications` attendee is skipped.
    public static func events(for record: ParticipantDetailRecord, meeting: MeetingFacts?) throws(ImportProblem) -> MappingResult {
        guard let id = record.id, !id.isEmpty else { throw .missing("Id", "the record's id, from which event ids are made") }
        guard let tenantID = record.organizationID, !tenantID.isEmpty else {
            throw .missing("OrganizationId", "the meeting's tenant")
        }
        guard let meetingID = record.meetingDetailID, !meetingID.isEmpty else {
            throw .missing("MeetingDetailId", "which meeting was joined")
        }
        guard let joinText = record.joinTime, !joinText.isEmpty else { throw .missing("JoinTime", "when the participant joined") }
        let (joinTS, joinTSText) = try SourceTime.parse(joinText, field: "JoinTime")
        guard let attendee = record.attendee else { throw .missing("Attendees", "no attendee, so nobody to judge") }
        guard let participant = try self.participant(attendee, recordID: id, tenantID: tenantID) else {
            return .skipped(.application)
        }
        let leave = try SourceTime.parseOptional(record.leaveTime, field: "LeaveTime")
        if let leave, leave.0 < joinTS {
            throw ImportProblem(field: "LeaveTime", "\(LineProblem.quote(leave.1)) is before JoinTime \(LineProblem.quote(joinTSText))")
        }

        let organizerID = meeting?.organizerID ?? unknownOrganizer
        let client = self.client(recipientType: participant.identity, participantID: participant.id, userAgent: record.userAgent)
        var events: [Event] = []
        events.append(Event(
            id: id, ts: joinTS, tsText: joinTSText, tenantID: tenantID, meetingID: meetingID, organizerID: organizerID,
            origin: .purview,
            body: .joinRequest(JoinRequest(
                participantID: participant.id, displayName: attendee.displayName, identity: participant.identity,
                homeTenantID: participant.homeTenantID, trust: participant.identity == .external ? .mutual : nil,
                role: role(attendee.role, participantID: participant.id, organizerID: meeting?.organizerID), invited: nil,
                client: client, clientIP: record.clientIP,
                outcome: record.isJoinedFromLobby ? .lobby : .admitted))))
        if record.isJoinedFromLobby {
            events.append(Event(
                id: id + ":lobby_admitted", ts: joinTS, tsText: joinTSText, tenantID: tenantID, meetingID: meetingID,
                origin: .purview,
                body: .lobbyAdmitted(LobbyAdmission(
                    participantID: participant.id, actorID: admitter(attendee.inviter, meeting: meeting)))))
        }
        if let (leaveTS, leaveText) = leave {
            events.append(Event(
                id: id + ":left", ts: leaveTS, tsText: leaveText, tenantID: tenantID, meetingID: meetingID, origin: .purview,
                body: .left(participantID: participant.id)))
        }
        return .events(events)
    }

    /// A `MeetingDetail` record: a `meeting_ended` at `EndTime`, when it has one.
    public static func events(for record: MeetingDetailRecord) throws(ImportProblem) -> MappingResult {
        guard let id = record.id, !id.isEmpty else { throw .missing("Id", "the meeting's id") }
        guard let end = try SourceTime.parseOptional(record.endTime, field: "EndTime") else { return .events([]) }
        guard let tenantID = record.organizationID ?? record.organizerOrganizationID, !tenantID.isEmpty else {
            throw .missing("OrganizationId", "the meeting's tenant")
        }
        return .events([Event(
            id: id + ":meeting_ended", ts: end.0, tsText: end.1, tenantID: tenantID, meetingID: id, origin: .purview,
            body: .meetingEnded)])
    }

    /// Who joined, as the join log names them; nil for an application.
    struct Participant: Equatable {
        var id: String
        var identity: LoggedIdentity
        var homeTenantID: String?
    }

    /// `Anonymous` → `anonymous`; `Phone` → `dial_in`; `User` whose UPN carries `#EXT#` →
    /// `guest`; `User` of another `OrganizationId` → `external` (its tenant, trust `mutual`:
    /// the service let them in signed in, so it federated them); other `User` → `internal`;
    /// `Applications` → nil. Never from the record's `UserId`/`UserKey`, which name the organizer.
    static func participant(_ attendee: AuditAttendee, recordID: String, tenantID: String) throws(ImportProblem) -> Participant? {
        guard let type = attendee.recipientType, !type.isEmpty else {
            throw .missing("Attendees[0].RecipientType", "what kind of participant this is")
        }
        let objectID = attendee.userObjectID.flatMap { $0.isEmpty ? nil : $0 }
        /// An anonymous attendee's `DisplayName` may be its id (`8:teamsvisitor:…`, `8:acs:…`).
        let displayID = attendee.displayName.flatMap { $0.hasPrefix("8:") ? $0 : nil }
        switch type.lowercased() {
        case "anonymous":
            return Participant(id: objectID ?? displayID ?? "anonymous:\(recordID)", identity: .anonymous)
        case "phone":
            return Participant(id: objectID ?? "phone:\(recordID)", identity: .dialIn)
        case "applications", "application":
            return nil
        case "user":
            guard let id = objectID ?? attendee.upn.flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw .missing("Attendees[0].UserObjectId", "who the user is")
            }
            if let upn = attendee.upn, upn.containsIgnoringASCIICase("#ext#") {
                return Participant(id: id, identity: .guest)
            }
            if let home = attendee.organizationID, !home.isEmpty, !home.equalsIgnoringASCIICase(tenantID) {
                return Participant(id: id, identity: .external, homeTenantID: home)
            }
            return Participant(id: id, identity: .internal)
        default:
            throw ImportProblem(
                field: "Attendees[0].RecipientType", "\(LineProblem.quote(type)) is not one of User, Anonymous, Phone, Applications")
        }
    }

    /// `pstn` for a phone; `acs` when the participant's id (`8:acs:…`) or user agent marks Azure
    /// Communication Services; `teams` when the user agent is a Teams client; else `other`.
    static func client(recipientType identity: LoggedIdentity, participantID: String, userAgent: String?) -> Client {
        if identity == .dialIn { return .pstn }
        if participantID.hasPrefix("8:acs:") { return .acs }
        return UserAgentClassifier.client(userAgent) ?? .other
    }

    /// `Organizer` → `organizer`; `Coorganizer`, `CoOrganizer`, `Co-organizer` (any case) →
    /// `co_organizer`; `Presenter` → `presenter`; anything else → `attendee`. When `Role` is
    /// absent, the meeting's own organizer (by `MeetingDetail.Organizer`) is still its
    /// organizer: taking them for an attendee would make every admission while they were
    /// present look unexplained (docs/sources/purview-audit.md).
    static func role(_ text: String?, participantID: String? = nil, organizerID: String? = nil) -> Role {
        if text == nil, let participantID, let organizerID, participantID == organizerID { return .organizer }
        return switch text?.lowercased() {
        case "organizer"?: .organizer
        case "coorganizer"?, "co-organizer"?: .coOrganizer
        case "presenter"?: .presenter
        default: .attendee
        }
    }

    /// Who let a lobby participant in: the inviter's id when `InviterInfo` names a participant
    /// (its `UserObjectId`, or the UPN of the meeting's organizer), else `unknown`.
    static func admitter(_ inviter: AuditInviter?, meeting: MeetingFacts?) -> String {
        if let id = inviter?.userObjectID, !id.isEmpty { return id }
        if let upn = inviter?.upn, let organizerUPN = meeting?.organizerUPN, let organizerID = meeting?.organizerID,
            upn.equalsIgnoringASCIICase(organizerUPN)
        {
            return organizerID
        }
        return LobbyAdmission.unknownActor
    }
}

/// Client types from user-agent strings. The markers are guesses (no reference list exists):
/// Azure Communication Services SDKs send `azsdk-…communication-calling…` or name "Azure
/// Communication Services"; Teams clients carry `Teams/…` (desktop, mobile, the new client's
/// `MicrosoftTeams`) or `SkypeSpaces` (the web client). ACS markers win over Teams ones.
enum UserAgentClassifier {
    static let acsMarkers: [StaticString] = [
        "azure communication services", "azure-communication", "azurecommunicationservices", "communication-calling", "azsdk-",
    ]
    static let teamsMarkers: [StaticString] = ["teams", "skypespaces"]

    /// `acs`, `teams`, or nil when the agent says neither. One pass over the agent, trying
    /// the markers that start with each letter (measured: seven scans cost 4% of an import).
    static func client(_ userAgent: String?) -> Client? {
        guard var userAgent, !userAgent.isEmpty else { return nil }
        return userAgent.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var teams = false
            for i in 0..<bytes.count {
                switch ASCIIText.lower(bytes[i]) {
                case UInt8(ascii: "a"), UInt8(ascii: "c"):
                    for marker in acsMarkers where ASCIIText.hasPrefix(bytes, at: i, lowercased: marker) { return .acs }
                case UInt8(ascii: "t"), UInt8(ascii: "s"):
                    if !teams { teams = teamsMarkers.contains { ASCIIText.hasPrefix(bytes, at: i, lowercased: $0) } }
                default:
                    break
                }
            }
            return teams ? .teams : nil
        }
    }
}
