/// The kinds of finding of findings-format.md.
public enum FindingKind: String, Sendable, CaseIterable, Hashable {
    case unexpectedAdmit = "unexpected_admit"
    case unexpectedLobby = "unexpected_lobby"
    case unexpectedDenial = "unexpected_denial"
    case blockedClientAttempt = "blocked_client_attempt"
    case unverifiedStart = "unverified_start"
    case appViolation = "app_violation"
}

/// Finding severities; `Comparable` so that `critical` is the greatest.
public enum Severity: String, Sendable, CaseIterable, Hashable, Comparable {
    case critical, high, medium, low, info

    public var rank: Int {
        switch self {
        case .critical: 4
        case .high: 3
        case .medium: 2
        case .low: 1
        case .info: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The rule names of semantics.md: the rows of the join decision table and the finding rules.
public enum RuleName: String, Sendable, CaseIterable, Hashable {
    // Join decision table (semantics.md §4), in table order.
    case orgAnonymousJoinOff = "org_anonymous_join_off"
    case organizerAnonymousJoinOff = "organizer_anonymous_join_off"
    case clientBlocked = "client_blocked"
    case organizerBypass = "organizer_bypass"
    case lobbyRequired = "lobby_required"
    case pstnBypass = "pstn_bypass"
    case startAllowed = "start_allowed"
    case verifiedRequired = "verified_required"
    case lobbyBypass = "lobby_bypass"
    // Finding rules (semantics.md §5).
    case bypassAllowed = "bypass_allowed"
    case lobbyAllowed = "lobby_allowed"
    case unverifiedActor = "unverified_actor"
    case startNotAllowed = "start_not_allowed"
    case anonymousAppManage = "anonymous_app_manage"
    case anonymousAppsOff = "anonymous_apps_off"
}

/// What `unverified_start` adds: how long the session ran with nobody verified in it, how many
/// unverified people were in it meanwhile, and whether it began outside the scheduled window.
public struct UnverifiedStartDetail: Sendable, Equatable {
    /// Seconds from the unverified admission until a verified participant was admitted or the
    /// session ended; when neither happened in the input, until the meeting's last event.
    public var unverifiedSeconds: Double
    /// Distinct unverified participants admitted while no verified participant had been.
    public var unverifiedParticipants: Int
    /// `nil` when the meeting's schedule is unknown.
    public var outsideSchedule: Bool?
    /// How the unverified stretch ended: a verified participant arrived, the session ended, or
    /// the input ran out with the session still unverified.
    public var endedBy: UnverifiedStretchEnd

    public init(unverifiedSeconds: Double, unverifiedParticipants: Int, outsideSchedule: Bool?, endedBy: UnverifiedStretchEnd) {
        self.unverifiedSeconds = unverifiedSeconds
        self.unverifiedParticipants = unverifiedParticipants
        self.outsideSchedule = outsideSchedule
        self.endedBy = endedBy
    }
}

public enum UnverifiedStretchEnd: String, Sendable, Hashable {
    case verifiedArrived = "verified_arrived"
    case sessionEnded = "session_ended"
    case endOfInput = "end_of_input"
}

/// One judged departure from the policy, about one event, with the settings that decided.
/// `(kind, eventID)` identifies it: one event yields at most one finding of each kind.
public struct Finding: Sendable, Equatable {
    public var kind: FindingKind
    public var rule: RuleName
    public var severity: Severity
    public var eventSeq: Int64
    public var eventID: String
    public var ts: Timestamp
    public var tsText: String
    public var tenantID: String
    public var meetingID: String
    public var organizerID: String?
    /// The organizer's policy name (`Global` or the tag name without `Tag:`).
    public var policy: String
    public var participantID: String?
    public var identity: EffectiveIdentity?
    public var loggedIdentity: LoggedIdentity?
    public var client: Client?
    public var expected: Outcome?
    public var actual: Outcome?
    /// One plain sentence naming the settings and values that decided.
    public var reason: String
    public var source: SourceLocation
    public var actorID: String?
    public var appID: String?
    public var action: AppAction?
    public var clientIP: String?
    public var displayName: String?
    public var unverifiedStart: UnverifiedStartDetail?

    public init(
        kind: FindingKind, rule: RuleName, severity: Severity, logged: LoggedEvent, policy: String,
        reason: String
    ) {
        self.kind = kind
        self.rule = rule
        self.severity = severity
        self.eventSeq = logged.seq
        self.eventID = logged.event.id
        self.ts = logged.event.ts
        self.tsText = logged.event.tsText
        self.tenantID = logged.event.tenantID
        self.meetingID = logged.event.meetingID
        self.organizerID = logged.event.organizerID
        self.policy = policy
        self.participantID = logged.event.participantID
        self.reason = reason
        self.source = logged.source
    }
}
