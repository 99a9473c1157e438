/// The fields JoinAudit reads from Microsoft 365 unified audit log records of Teams meetings
/// (sources.md §1), as plain values: what `AuditDataReader` takes from a record's `AuditData`
/// and what `PurviewMapping` turns into join-log events. Absent and `null` are both `nil`.
public enum AuditRecord: Sendable, Equatable {
    case participant(ParticipantDetailRecord)
    case meeting(MeetingDetailRecord)
    /// Any other operation: not about meetings, skipped and counted.
    case other(operation: String)
}

/// A `MeetingParticipantDetail` record: one participant's join.
public struct ParticipantDetailRecord: Sendable, Equatable {
    public var id: String?
    /// The meeting's tenant.
    public var organizationID: String?
    /// The `Id` of the meeting's `MeetingDetail` record.
    public var meetingDetailID: String?
    public var joinTime: String?
    public var leaveTime: String?
    public var clientIP: String?
    /// Absent means false (sources.md).
    public var isJoinedFromLobby: Bool
    /// `ExtraProperties` entry `UserAgent`.
    public var userAgent: String?
    /// `Attendees[0]`; in practice the list has one entry.
    public var attendee: AuditAttendee?
    public var attendeeCount: Int

    public init(
        id: String? = nil, organizationID: String? = nil, meetingDetailID: String? = nil, joinTime: String? = nil,
        leaveTime: String? = nil, clientIP: String? = nil, isJoinedFromLobby: Bool = false, userAgent: String? = nil,
        attendee: AuditAttendee? = nil, attendeeCount: Int? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.meetingDetailID = meetingDetailID
        self.joinTime = joinTime
        self.leaveTime = leaveTime
        self.clientIP = clientIP
        self.isJoinedFromLobby = isJoinedFromLobby
        self.userAgent = userAgent
        self.attendee = attendee
        self.attendeeCount = attendeeCount ?? (attendee == nil ? 0 : 1)
    }
}

/// An entry of a participant record's `Attendees`.
public struct AuditAttendee: Sendable, Equatable {
    /// `User`, `Anonymous`, `Phone`, `Applications`.
    public var recipientType: String?
    public var userObjectID: String?
    /// A phone number for `Phone`; the typed name or an id (`8:teamsvisitor:…`) for anonymous people.
    public var displayName: String?
    public var upn: String?
    /// The attendee's own tenant (absent for `Anonymous` and `Phone`).
    public var organizationID: String?
    public var role: String?
    /// Undocumented; read by third-party tools as who let the person in.
    public var inviter: AuditInviter?

    public init(
        recipientType: String? = nil, userObjectID: String? = nil, displayName: String? = nil, upn: String? = nil,
        organizationID: String? = nil, role: String? = nil, inviter: AuditInviter? = nil
    ) {
        self.recipientType = recipientType
        self.userObjectID = userObjectID
        self.displayName = displayName
        self.upn = upn
        self.organizationID = organizationID
        self.role = role
        self.inviter = inviter
    }
}

/// `Attendees[].InviterInfo`.
public struct AuditInviter: Sendable, Equatable {
    public var upn: String?
    public var organizationID: String?
    /// Not in the field lists seen; used when present.
    public var userObjectID: String?

    public init(upn: String? = nil, organizationID: String? = nil, userObjectID: String? = nil) {
        self.upn = upn
        self.organizationID = organizationID
        self.userObjectID = userObjectID
    }
}

/// A `MeetingDetail` record: one per meeting session.
public struct MeetingDetailRecord: Sendable, Equatable {
    /// What participant records name as their `MeetingDetailId`.
    public var id: String?
    public var organizationID: String?
    public var organizerUserObjectID: String?
    public var organizerUPN: String?
    public var organizerOrganizationID: String?
    public var startTime: String?
    public var endTime: String?
    /// Matches an online meeting's `chatInfo.threadId`.
    public var chatThreadID: String?
    /// The join link: matches an online meeting's `joinWebUrl`.
    public var meetingURL: String?

    public init(
        id: String? = nil, organizationID: String? = nil, organizerUserObjectID: String? = nil, organizerUPN: String? = nil,
        organizerOrganizationID: String? = nil, startTime: String? = nil, endTime: String? = nil,
        chatThreadID: String? = nil, meetingURL: String? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.organizerUserObjectID = organizerUserObjectID
        self.organizerUPN = organizerUPN
        self.organizerOrganizationID = organizerOrganizationID
        self.startTime = startTime
        self.endTime = endTime
        self.chatThreadID = chatThreadID
        self.meetingURL = meetingURL
    }
}
