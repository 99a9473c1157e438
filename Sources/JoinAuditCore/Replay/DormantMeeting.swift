/// What the replay must still know of a meeting nobody is in: its schedule and its own options
/// (a recurring link keeps them across sessions), the identities its app actions are judged by,
/// and its once-per-meeting notes. Everything in `MeetingState` but the session and the lobby,
/// which are empty when a meeting goes dormant.
public struct DormantMeeting: Sendable, Equatable {
    public var organizerID: String?
    public var scheduledStart: Timestamp?
    public var scheduledEnd: Timestamp?
    public var options: MeetingOptions
    public var optionsKnown: Bool
    public var latestIdentity: [ParticipantKey: EffectiveIdentity]
    public var lastEventAt: Timestamp
    public var reportedOrganizerUnknown: Bool
    public var tenantChecked: Bool

    public init(
        organizerID: String?, scheduledStart: Timestamp?, scheduledEnd: Timestamp?, options: MeetingOptions,
        optionsKnown: Bool, latestIdentity: [ParticipantKey: EffectiveIdentity], lastEventAt: Timestamp,
        reportedOrganizerUnknown: Bool, tenantChecked: Bool
    ) {
        self.organizerID = organizerID
        self.scheduledStart = scheduledStart
        self.scheduledEnd = scheduledEnd
        self.options = options
        self.optionsKnown = optionsKnown
        self.latestIdentity = latestIdentity
        self.lastEventAt = lastEventAt
        self.reportedOrganizerUnknown = reportedOrganizerUnknown
        self.tenantChecked = tenantChecked
    }
}

/// Where the replay puts meetings nobody is in, so that its memory follows the meetings in
/// progress and not the length of the day (issue 4: flat memory at ten million events). A
/// meeting is recalled when an event of it comes again; a recalled meeting may be archived
/// again later, replacing what was kept.
public protocol MeetingArchive: AnyObject, Sendable {
    func keep(_ meeting: DormantMeeting, for key: MeetingKey)
    func recall(_ key: MeetingKey) -> DormantMeeting?
    /// Drops what was kept of a meeting the replay has let go of entirely, so a later event of
    /// it starts afresh, as it would with no archive.
    func forget(_ key: MeetingKey)
}

/// An archive in memory: for tests, and to check that archiving changes no finding. Used by one
/// replay on one thread at a time.
public final class InMemoryMeetingArchive: MeetingArchive, @unchecked Sendable {
    public private(set) var kept: [MeetingKey: DormantMeeting] = [:]
    public private(set) var recalls = 0

    public init() {}

    public func keep(_ meeting: DormantMeeting, for key: MeetingKey) { kept[key] = meeting }

    public func forget(_ key: MeetingKey) { kept[key] = nil }

    public func recall(_ key: MeetingKey) -> DormantMeeting? {
        guard let meeting = kept[key] else { return nil }
        recalls += 1
        return meeting
    }
}

extension MeetingState {
    init(_ dormant: DormantMeeting) {
        self.init(firstEventAt: dormant.lastEventAt)
        organizerID = dormant.organizerID
        scheduledStart = dormant.scheduledStart
        scheduledEnd = dormant.scheduledEnd
        options = dormant.options
        optionsKnown = dormant.optionsKnown
        people = dormant.latestIdentity.mapValues { Person(identity: $0) }
        reportedOrganizerUnknown = dormant.reportedOrganizerUnknown
        tenantChecked = dormant.tenantChecked
    }

    /// Nobody in the meeting or its lobby: it can be archived without losing anything.
    var isDormant: Bool { session == nil && lobby.isEmpty }

    var dormant: DormantMeeting {
        DormantMeeting(
            organizerID: organizerID, scheduledStart: scheduledStart, scheduledEnd: scheduledEnd, options: options,
            optionsKnown: optionsKnown, latestIdentity: people.mapValues(\.identity), lastEventAt: lastEventAt,
            reportedOrganizerUnknown: reportedOrganizerUnknown, tenantChecked: tenantChecked)
    }
}
