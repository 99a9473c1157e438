/// Where an event was read: the input file (its number in the run) and the 1-based line or
/// record number. Findings carry it so that every finding points at evidence.
public struct SourceLocation: Sendable, Hashable {
    public var fileID: Int
    public var line: Int

    public init(fileID: Int, line: Int) {
        self.fileID = fileID
        self.line = line
    }
}

/// One line of the join log, parsed and validated: the fields every event has, and the
/// fields of its type in `body`. Built once at the edge; the evaluator never sees text it
/// has to interpret.
public struct Event: Sendable, Equatable {
    /// The id, kept in the event itself when short (`InlineText`); `id` spells it.
    public var idText: InlineText
    public var version: Int
    public var ts: Timestamp
    /// The timestamp exactly as logged, for findings and evidence; `tsText` spells it.
    public var loggedTime: InlineText
    public var tenantID: String
    public var meetingID: String
    /// Required for `join_request` and `meeting_scheduled`; optional elsewhere.
    public var organizerID: String?
    public var origin: Origin
    public var body: EventBody

    public init(
        id: String, version: Int = 1, ts: Timestamp, tsText: String? = nil, tenantID: String,
        meetingID: String, organizerID: String? = nil, origin: Origin = .joinLog, body: EventBody
    ) {
        self.init(idText: InlineText(id), version: version, ts: ts, loggedTime: InlineText(tsText ?? ts.description),
                  tenantID: tenantID, meetingID: meetingID, organizerID: organizerID, origin: origin, body: body)
    }

    /// For the parser, which makes the id and logged time from the line's bytes.
    public init(
        idText: InlineText, version: Int, ts: Timestamp, loggedTime: InlineText, tenantID: String,
        meetingID: String, organizerID: String?, origin: Origin, body: EventBody
    ) {
        self.idText = idText
        self.version = version
        self.ts = ts
        self.loggedTime = loggedTime
        self.tenantID = tenantID
        self.meetingID = meetingID
        self.organizerID = organizerID
        self.origin = origin
        self.body = body
    }

    public var id: String {
        get { idText.string }
        set { idText = InlineText(newValue) }
    }

    /// The timestamp exactly as logged.
    public var tsText: String {
        get { loggedTime.string }
        set { loggedTime = InlineText(newValue) }
    }

    public var type: EventType { body.type }

    /// The participant the event is about, for every type that names one.
    public var participantID: String? {
        switch body {
        case .joinRequest(let request): request.participantID
        case .lobbyAdmitted(let admission): admission.participantID
        case .lobbyRemoved(let removal): removal.participantID
        case .left(let participantID): participantID
        case .appAction(let action): action.participantID
        case .meetingEnded, .meetingScheduled: nil
        }
    }
}

/// The type-specific part of an event.
public enum EventBody: Sendable, Equatable {
    case joinRequest(JoinRequest)
    case lobbyAdmitted(LobbyAdmission)
    case lobbyRemoved(LobbyRemoval)
    case left(participantID: String)
    case meetingEnded
    case meetingScheduled(MeetingSchedule)
    case appAction(AppActionEvent)

    public var type: EventType {
        switch self {
        case .joinRequest: .joinRequest
        case .lobbyAdmitted: .lobbyAdmitted
        case .lobbyRemoved: .lobbyRemoved
        case .left: .left
        case .meetingEnded: .meetingEnded
        case .meetingScheduled: .meetingScheduled
        case .appAction: .appAction
        }
    }
}

/// Somebody asks to join, and what the service did with the request.
public struct JoinRequest: Sendable, Equatable {
    public var participantID: String
    /// Attacker-controlled for anonymous people: never trusted, always escaped on output.
    public var displayName: String?
    public var identity: LoggedIdentity
    /// Required when `identity` is `external`.
    public var homeTenantID: String?
    /// Required when `identity` is `external`.
    public var trust: Trust?
    /// False when the participant's own account is not enabled for external access.
    public var externalAccess: Bool
    public var role: Role
    /// `nil` when the source does not say (imported audit records).
    public var invited: Bool?
    public var client: Client
    public var clientIP: String?
    public var outcome: Outcome

    public init(
        participantID: String, displayName: String? = nil, identity: LoggedIdentity,
        homeTenantID: String? = nil, trust: Trust? = nil, externalAccess: Bool = true,
        role: Role = .attendee, invited: Bool? = false, client: Client, clientIP: String? = nil,
        outcome: Outcome
    ) {
        self.participantID = participantID
        self.displayName = displayName
        self.identity = identity
        self.homeTenantID = homeTenantID
        self.trust = trust
        self.externalAccess = externalAccess
        self.role = role
        self.invited = invited
        self.client = client
        self.clientIP = clientIP
        self.outcome = outcome
    }
}

/// A person waiting in the lobby is let in.
public struct LobbyAdmission: Sendable, Equatable {
    public var participantID: String
    /// A participant id, or one of the two reserved actors.
    public var actorID: String

    /// The service admitted them by itself (for example when a verified participant arrived).
    public static let systemActor = "system"
    /// The source does not say who admitted them (imported audit records).
    public static let unknownActor = "unknown"

    public init(participantID: String, actorID: String) {
        self.participantID = participantID
        self.actorID = actorID
    }
}

/// A person leaves the lobby without being let in.
public struct LobbyRemoval: Sendable, Equatable {
    public var participantID: String
    /// Who denied them; `nil` or `timeout` when they gave up or timed out.
    public var actorID: String?

    public init(participantID: String, actorID: String? = nil) {
        self.participantID = participantID
        self.actorID = actorID
    }
}

/// The organizer schedules the meeting or changes its own options.
public struct MeetingSchedule: Sendable, Equatable {
    public var scheduledStart: Timestamp?
    public var scheduledEnd: Timestamp?
    /// The meeting's own "Who can bypass the lobby"; overrides the organizer policy.
    public var autoAdmittedUsers: AutoAdmittedUsers?
    /// The meeting's own "People dialing in can bypass the lobby".
    public var pstnBypassLobby: Bool?

    public init(
        scheduledStart: Timestamp? = nil, scheduledEnd: Timestamp? = nil,
        autoAdmittedUsers: AutoAdmittedUsers? = nil, pstnBypassLobby: Bool? = nil
    ) {
        self.scheduledStart = scheduledStart
        self.scheduledEnd = scheduledEnd
        self.autoAdmittedUsers = autoAdmittedUsers
        self.pstnBypassLobby = pstnBypassLobby
    }
}

/// A participant uses or manages an app in the meeting.
public struct AppActionEvent: Sendable, Equatable {
    public var participantID: String
    public var appID: String
    public var action: AppAction

    public init(participantID: String, appID: String, action: AppAction) {
        self.participantID = participantID
        self.appID = appID
        self.action = action
    }
}
