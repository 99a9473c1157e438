import JoinAuditCore

/// One admission into a meeting session, as the sources record it: who came in, when, whether
/// through the lobby and (when a participant let them in) by whom, and when they left.
struct SourceAdmission {
    /// The join request as the join log has it (its `outcome` is what the service first did).
    var request: JoinRequest
    /// The join log's id of the join request: record and session ids are made from it.
    var joinEventID: String
    /// When they got into the meeting: the join request's time, or the lobby admission's.
    var admittedAt: Timestamp
    var leftAt: Timestamp?
    var throughLobby: Bool
    /// The participant who let them in from the lobby (not `system`), with what the sources
    /// would say of them.
    var admitter: SourcePerson?
}

/// A signed-in person as the audit records name them (`InviterInfo`, `Organizer`).
struct SourcePerson {
    var id: String
    var upn: String
    var organizationID: String
}

/// One meeting session (from its first admission to its `meeting_ended`), as the sources
/// record it: a `MeetingDetail` record, a call record.
struct SourceSession {
    var tenantID: String
    /// The join log's `meeting_id`: the Teams thread id (`ChatThreadId`).
    var threadID: String
    var organizerID: String
    /// The organizer, when they joined this session (their name and UPN are known then).
    var organizer: SourcePerson?
    var organizerName: String?
    var isScheduled: Bool
    /// The join log's id of the session's first admission: the session's record ids are made from it.
    var firstEventID: String
    var startedAt: Timestamp
    var endedAt: Timestamp?

    /// The `MeetingDetail` record's `Id`, which participant records name as `MeetingDetailId`.
    var meetingDetailID: String { SourceTexts.guid(for: firstEventID, salt: SourceTexts.meetingRecordSalt) }
    var callRecordID: String { SourceTexts.guid(for: firstEventID, salt: SourceTexts.callRecordSalt) }
    var joinWebURL: String { SourceTexts.joinWebURL(threadID: threadID, tenantID: tenantID, organizerID: organizerID) }
}

/// Where the converter hands what the sources would record.
protocol SourceRecordSink: AnyObject {
    /// Whether `sessionEnded` needs the session's admissions (call records list them; audit
    /// records are written one by one as people leave, and nothing is kept).
    var needsAdmissionsAtEnd: Bool { get }
    /// Someone left (or the session ended with them in it, or the day stopped): their record.
    func admissionEnded(_ admission: SourceAdmission, session: SourceSession) throws
    /// The session ended (or the day stopped): its record, with its admissions when asked for.
    func sessionEnded(_ session: SourceSession, admissions: [SourceAdmission]) throws
    func finish() throws
}

/// The inverse of the importers' mapping (sources.md): follows the join log's events meeting
/// by meeting and tells the sink what Microsoft's sources would have recorded of them. Only
/// admissions reach the sources: refused people, people who never left the lobby, app
/// actions and the meeting's scheduling are not there.
///
/// Bounded: it holds the meetings in progress, their lobby and the people in them (and, for
/// call records, who has already left the session), never the day.
final class SourceDayConverter {
    private final class Meeting {
        let threadID: String
        let tenantID: String
        var organizerID: String?
        var isScheduled = false
        var session: SourceSession?
        var present: [String: SourceAdmission] = [:]
        /// Join requests waiting in the lobby, by participant.
        var lobby: [String: (request: JoinRequest, eventID: String)] = [:]
        /// Admissions of this session that have ended (kept only for call records).
        var ended: [SourceAdmission] = []

        init(threadID: String, tenantID: String) {
            self.threadID = threadID
            self.tenantID = tenantID
        }
    }

    private let sink: SourceRecordSink
    private var meetings: [String: Meeting] = [:]
    private(set) var summary = SourceWriteSummary()

    init(sink: SourceRecordSink) {
        self.sink = sink
    }

    func take(_ event: Event) throws {
        switch event.body {
        case .meetingScheduled:
            let meeting = self.meeting(event)
            meeting.isScheduled = true
            summary.eventsNotCarried += 1
        case .joinRequest(let request):
            let meeting = self.meeting(event)
            if let organizer = event.organizerID { meeting.organizerID = organizer }
            if let earlier = meeting.present[request.participantID] {
                // Joined again without a `left`: the earlier stay ends here.
                try end(earlier, in: meeting, at: event.ts)
            }
            meeting.lobby[request.participantID] = nil
            switch request.outcome {
            case .admitted:
                try admit(request, eventID: event.id, in: meeting, at: event.ts, throughLobby: false, admitter: nil)
            case .lobby:
                meeting.lobby[request.participantID] = (request, event.id)
            case .rejected:
                summary.joinsNotAdmitted += 1
            }
        case .lobbyAdmitted(let admission):
            guard let meeting = meetings[event.meetingID], let waiting = meeting.lobby.removeValue(forKey: admission.participantID) else {
                summary.orphansIgnored += 1
                return
            }
            let admitter = meeting.present[admission.actorID].map { person(of: $0.request, tenantID: meeting.tenantID) }
            try admit(waiting.request, eventID: waiting.eventID, in: meeting, at: event.ts, throughLobby: true, admitter: admitter)
        case .lobbyRemoved(let removal):
            summary.eventsNotCarried += 1
            if meetings[event.meetingID]?.lobby.removeValue(forKey: removal.participantID) != nil {
                summary.joinsNotAdmitted += 1
            }
        case .left(let participantID):
            guard let meeting = meetings[event.meetingID] else {
                summary.orphansIgnored += 1
                return
            }
            if let admission = meeting.present[participantID] {
                try end(admission, in: meeting, at: event.ts)
            } else if meeting.lobby.removeValue(forKey: participantID) != nil {
                summary.joinsNotAdmitted += 1  // gave up waiting in the lobby
            } else {
                summary.orphansIgnored += 1
            }
        case .meetingEnded:
            guard let meeting = meetings.removeValue(forKey: event.meetingID) else { return }
            summary.joinsNotAdmitted += meeting.lobby.count
            try close(meeting, at: event.ts)
        case .appAction:
            summary.eventsNotCarried += 1
        }
    }

    /// The day stopped: the meetings still in progress are written as they stand (people
    /// still in them have no leave time, sessions no end).
    func finish() throws {
        for key in meetings.keys.sorted() {
            let meeting = meetings[key]!
            summary.joinsNotAdmitted += meeting.lobby.count
            try close(meeting, at: nil)
        }
        meetings.removeAll()
        try sink.finish()
    }

    private func meeting(_ event: Event) -> Meeting {
        if let meeting = meetings[event.meetingID] { return meeting }
        let meeting = Meeting(threadID: event.meetingID, tenantID: event.tenantID)
        meetings[event.meetingID] = meeting
        summary.peakMeetingsHeld = max(summary.peakMeetingsHeld, meetings.count)
        return meeting
    }

    private func person(of request: JoinRequest, tenantID: String) -> SourcePerson {
        SourcePerson(
            id: request.participantID,
            upn: SourceTexts.upn(
                participantID: request.participantID, displayName: request.displayName, identity: request.identity,
                homeTenantID: request.homeTenantID, tenantID: tenantID),
            organizationID: request.identity == .external ? request.homeTenantID ?? tenantID : tenantID)
    }

    private func admit(_ request: JoinRequest, eventID: String, in meeting: Meeting, at ts: Timestamp, throughLobby: Bool, admitter: SourcePerson?) throws {
        if meeting.session == nil {
            meeting.session = SourceSession(
                tenantID: meeting.tenantID, threadID: meeting.threadID, organizerID: meeting.organizerID ?? PurviewMapping.unknownOrganizer,
                isScheduled: meeting.isScheduled, firstEventID: eventID, startedAt: ts)
        }
        if request.participantID == meeting.session!.organizerID && meeting.session!.organizer == nil && request.identity == .internal {
            meeting.session!.organizer = person(of: request, tenantID: meeting.tenantID)
            meeting.session!.organizerName = request.displayName
        }
        meeting.present[request.participantID] = SourceAdmission(
            request: request, joinEventID: eventID, admittedAt: ts, throughLobby: throughLobby, admitter: admitter)
    }

    private func end(_ admission: SourceAdmission, in meeting: Meeting, at ts: Timestamp?) throws {
        var admission = admission
        admission.leftAt = ts
        if ts == nil { summary.stillPresentAtEnd += 1 }
        meeting.present[admission.request.participantID] = nil
        summary.participantRecords += 1
        try sink.admissionEnded(admission, session: meeting.session!)
        if sink.needsAdmissionsAtEnd { meeting.ended.append(admission) }
    }

    private func close(_ meeting: Meeting, at ts: Timestamp?) throws {
        guard var session = meeting.session else { return }
        // Whoever is still in: in the order they came in (the dictionary has no order).
        for admission in meeting.present.values.sorted(by: { ($0.admittedAt, $0.joinEventID) < ($1.admittedAt, $1.joinEventID) }) {
            try end(admission, in: meeting, at: ts)
        }
        session.endedAt = ts
        summary.meetingRecords += 1
        try sink.sessionEnded(session, admissions: meeting.ended)
        meeting.ended.removeAll()
        meeting.session = nil
    }
}
