import JoinAuditCore

/// sources.md §4: an online meeting object as a `meeting_scheduled` (origin `graph`) for each
/// meeting of the input it describes, at the start of the input's day (the object shows the
/// options as they are now), with the meeting's own lobby options and scheduled window.
public enum OnlineMeetingMapping {
    /// A meeting of the input the object matched: its id and what else is known of it.
    public struct Match: Sendable, Equatable {
        public var meetingID: String
        public var facts: MeetingFacts

        public init(meetingID: String, facts: MeetingFacts) {
            self.meetingID = meetingID
            self.facts = facts
        }
    }

    /// `lobbyBypassSettings.scope` → `auto_admitted_users`.
    static let scopes: [String: AutoAdmittedUsers] = [
        "organizer": .organizerOnly,
        "invited": .invitedUsers,
        "organizationexcludingguests": .everyoneInCompanyExcludingGuests,
        "organization": .everyoneInCompany,
        "organizationandfederated": .everyoneInSameAndFederatedCompany,
        "everyone": .everyone,
    ]

    public static func events(for meeting: OnlineMeeting, matches: [Match], dayStart: Timestamp?) throws(ImportProblem) -> MappingResult {
        guard meeting.hasLobbyBypassSettings else {
            throw .missing("lobbyBypassSettings", "the meeting's lobby options (do not leave it out of $select)")
        }
        var autoAdmitted: AutoAdmittedUsers?
        if let scope = meeting.lobbyBypassScope {
            guard let value = scopes[scope.lowercased()] else {
                throw ImportProblem(
                    field: "lobbyBypassSettings.scope",
                    "\(LineProblem.quote(scope)) is not one of organizer, invited, organizationExcludingGuests, organization, organizationAndFederated, everyone")
            }
            autoAdmitted = value
        }
        guard !matches.isEmpty else { return .skipped(.unmatchedMeeting) }
        let start = try SourceTime.parseOptional(meeting.startDateTime, field: "startDateTime")
        let end = try SourceTime.parseOptional(meeting.endDateTime, field: "endDateTime")
        guard let ts = dayStart ?? start.map({ SourceTime.startOfDay($0.0) }) else {
            throw .missing("startDateTime", "no time is known for the input's day")
        }
        let schedule = MeetingSchedule(
            scheduledStart: start?.0, scheduledEnd: end?.0, autoAdmittedUsers: autoAdmitted,
            pstnBypassLobby: meeting.isDialInBypassEnabled)
        let objectID = meeting.id ?? meeting.joinWebUrl ?? meeting.threadID ?? "online-meeting"
        return .events(matches.map { match in
            Event(
                id: "\(objectID):meeting_scheduled:\(match.meetingID)", ts: ts,
                tenantID: match.facts.tenantID ?? meeting.organizerTenantID ?? PurviewMapping.unknownOrganizer,
                meetingID: match.meetingID,
                organizerID: meeting.organizerID ?? match.facts.organizerID ?? PurviewMapping.unknownOrganizer,
                origin: .graph, body: .meetingScheduled(schedule))
        })
    }
}
