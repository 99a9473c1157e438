/// A meeting is identified by its tenant and id: one join link, which may host many sessions.
public struct MeetingKey: Hashable, Sendable {
    public init(tenantID: String, meetingID: String) {
        self.tenantID = tenantID
        self.meetingID = meetingID
    }

    public var tenantID: String
    public var meetingID: String
}

/// A person known to the meeting through their latest join request.
struct KnownParticipant {
    var request: JoinRequest
    var identity: ResolvedIdentity
    /// The event of the join request, for findings about what follows.
    var requestEventID: String
}

/// An `unverified_start` whose numbers are not known yet: the finding is held until a verified
/// participant arrives or the session ends, so it can say how long the session ran unverified.
struct PendingUnverifiedStart {
    var finding: Finding
    var since: Timestamp
    var unverifiedParticipants: Set<String>
}

/// One session of a meeting: who is in it, whether a verified participant has started it.
/// Seed: once started, it stays started even if the organizer leaves.
struct Session {
    var present: [String: KnownParticipant] = [:]
    var started = false
    var pendingUnverifiedStart: PendingUnverifiedStart?

    /// An admitted organizer, co-organizer or presenter who is verified could have let someone
    /// in from the lobby.
    var hasEligibleAdmitter: Bool {
        present.values.contains { $0.identity.isVerified && $0.request.role.mayAdmitFromLobby }
    }
}

/// What JoinAudit remembers of one meeting while it replays. Participants, lobby and session
/// are dropped at `meeting_ended`; the schedule and the meeting's own options stay, because a
/// recurring link keeps them across sessions.
struct MeetingState {
    var organizerID: String?
    var scheduledStart: Timestamp?
    var scheduledEnd: Timestamp?
    var options = MeetingOptions()
    /// A `meeting_scheduled` of this meeting has been seen: its options are known.
    var optionsKnown = false
    var lobby: [String: KnownParticipant] = [:]
    var session: Session?
    /// Effective identity from each participant's latest join request, for app actions.
    var latestIdentity: [String: EffectiveIdentity] = [:]
    var lastEventAt: Timestamp
    var reportedOrganizerUnknown = false
    /// The tenant has been compared with the policy's (once per meeting).
    var tenantChecked = false

    init(firstEventAt: Timestamp) { lastEventAt = firstEventAt }

    /// Ended, with no schedule and no options of its own: forgetting it changes no finding (only
    /// the once-per-meeting data-quality notes may then repeat for its next session).
    var holdsNothingToRemember: Bool {
        session == nil && lobby.isEmpty && !optionsKnown && scheduledStart == nil && scheduledEnd == nil
    }

    /// Whether `ts` falls outside the scheduled window; `nil` when no window is known.
    func isOutsideSchedule(_ ts: Timestamp) -> Bool? {
        guard scheduledStart != nil || scheduledEnd != nil else { return nil }
        if let start = scheduledStart, ts < start { return true }
        if let end = scheduledEnd, ts > end { return true }
        return false
    }
}
