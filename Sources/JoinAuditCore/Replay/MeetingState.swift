/// A meeting is identified by its tenant and id: one join link, which may host many sessions.
///
/// Both ids are hashed once, when the key is made, and the replay's table compares that hash
/// before any text. A day usually has one tenant, so every key it probed on the way compared
/// 36 equal bytes of tenant id (and read them from another allocation) before the meeting ids
/// told them apart: 7 % of the judging thread (perf, 1M events). The hash is `IDDigest`,
/// seeded per process, so ids chosen to collide cannot be prepared in advance.
public struct MeetingKey: Hashable, Sendable {
    public let tenantID: String
    public let meetingID: String
    private let digest: Int

    /// The hash of both ids, seeded per process: for tables of this run's own (the meeting
    /// archive keys its file by it), never to be stored across runs.
    public var runDigest: Int { digest }

    public init(tenantID: String, meetingID: String) {
        self.init(tenantID: tenantID, meetingID: meetingID, digest: Self.digest(tenantID: tenantID, meetingID: meetingID))
    }

    /// With a digest of the caller's choosing: tests make two keys share one.
    init(tenantID: String, meetingID: String, digest: Int) {
        self.tenantID = tenantID
        self.meetingID = meetingID
        self.digest = digest
    }

    static func digest(tenantID: String, meetingID: String) -> Int {
        Int(truncatingIfNeeded: IDDigest.of(meetingID, continuing: IDDigest.of(tenantID)))
    }

    public static func == (lhs: MeetingKey, rhs: MeetingKey) -> Bool {
        lhs.digest == rhs.digest && lhs.meetingID == rhs.meetingID && lhs.tenantID == rhs.tenantID
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }

    /// The digest mixed with the table's seed, with no `Hasher` in between (see
    /// `ParticipantKey`): the replay looks a meeting up for every event.
    public func _rawHashValue(seed: Int) -> Int {
        IDDigest.tableHash(UInt64(truncatingIfNeeded: digest), seed: seed)
    }
}

/// A policy's place, kept in 8 bytes because every meeting in memory holds one.
struct ResolvedPolicy: Equatable {
    var version: Int32
    var place: Int32

    static let none = ResolvedPolicy(version: -1, place: -1)
}

/// A person waiting in the lobby, known through their latest join request.
struct KnownParticipant {
    var request: JoinRequest
    var identity: ResolvedIdentity
}

/// An `unverified_start` whose numbers are not known yet: the finding is held until a verified
/// participant arrives or the session ends, so it can say how long the session ran unverified.
struct PendingUnverifiedStart {
    var finding: Finding
    var since: Timestamp
    var unverifiedParticipants: Set<ParticipantKey>
}

/// Someone in a session: all that later events ask of them is whether they could have let
/// people in from the lobby. Kept this small because the largest days hold tens of thousands
/// of sessions at once (a whole `KnownParticipant` here made the replay's memory grow with them).
struct PresentParticipant {
    var role: Role
    var isVerified: Bool
}

/// Someone who asked to join since the meeting last ended: the identity their latest join
/// request resolved to (app actions are judged by it) and, while they are in the session, how.
/// One table for both, because a join request reads and writes both: two tables hashed and
/// compared the participant id twice, and each kept its own copy of it.
struct Person {
    var identity: EffectiveIdentity
    var presence: PresentParticipant?
}

/// One session of a meeting: how many are in it (who they are is in `MeetingState.people`),
/// whether a verified participant has started it. Seed: once started, it stays started even
/// if the organizer leaves.
struct Session {
    var presentCount = 0
    var started = false
    /// Out of line, in an immutable box: it is large (a whole finding), rare, and would
    /// otherwise be stored inline in every meeting of the replay's table.
    private var pendingBox: Box<PendingUnverifiedStart>?

    /// Whether a finding is held, without copying it out of its box to ask.
    var hasPendingUnverifiedStart: Bool { pendingBox != nil }

    var pendingUnverifiedStart: PendingUnverifiedStart? {
        get { pendingBox?.value }
        _modify {
            var value = pendingBox?.value
            // Drop the box first, so the value's own storage (its set of people) is unshared
            // and a change does not copy it.
            pendingBox = nil
            defer { pendingBox = value.map(Box.init) }
            yield &value
        }
    }
}

/// What JoinAudit remembers of one meeting while it replays. Participants, lobby and session
/// are dropped at `meeting_ended`; the schedule and the meeting's own options stay, because a
/// recurring link keeps them across sessions.
struct MeetingState {
    var organizerID: String? {
        didSet { resolvedPolicy = .none }
    }
    /// Where the meeting policy of `organizerID` is: which policy file of the history
    /// (`PolicyHistory.versions`) and which of its policies (`TenantPolicy.policyPlace`). Most
    /// events carry no organizer or the meeting's own, and looking theirs up hashed a 36-byte
    /// id in two tables per event (callgrind); cleared whenever `organizerID` changes.
    var resolvedPolicy = ResolvedPolicy.none
    var scheduledStart: Timestamp?
    var scheduledEnd: Timestamp?
    var options = MeetingOptions()
    /// A `meeting_scheduled` of this meeting has been seen: its options are known.
    var optionsKnown = false
    var lobby: [ParticipantKey: KnownParticipant] = [:]
    var session: Session?
    /// Everyone who asked to join since the meeting last ended, by participant id.
    var people: [ParticipantKey: Person] = [:]
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

    /// An admitted organizer, co-organizer or presenter who is verified could have let someone
    /// in from the lobby.
    var hasEligibleAdmitter: Bool {
        session != nil && people.values.contains { person in
            guard let presence = person.presence else { return false }
            return presence.isVerified && presence.role.mayAdmitFromLobby
        }
    }

    /// How the participant is in the session, if they are.
    func presence(of participantID: String) -> PresentParticipant? {
        session == nil ? nil : people[ParticipantKey(participantID)]?.presence
    }

    /// Whether `ts` falls outside the scheduled window; `nil` when no window is known.
    func isOutsideSchedule(_ ts: Timestamp) -> Bool? {
        guard scheduledStart != nil || scheduledEnd != nil else { return nil }
        if let start = scheduledStart, ts < start { return true }
        if let end = scheduledEnd, ts > end { return true }
        return false
    }
}
