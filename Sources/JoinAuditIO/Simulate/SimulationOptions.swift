import JoinAuditCore

/// What to simulate: how many lines, from which seed, on which day, and how often the
/// service and the log shipper misbehave.
public struct SimulationOptions: Sendable, Equatable {
    /// Lines to write, exactly: re-delivered duplicates and orphan events included.
    public var events: Int
    public var seed: UInt64
    /// The simulated day, `YYYY-MM-DD` (UTC).
    public var date: String
    /// Roughly the share of events that are policy violations, spread evenly over the kinds
    /// of `SimulatedViolation` the policy makes possible. 0: the service follows the policy.
    public var violationRate: Double
    /// Roughly the share of lines disturbed by the log pipeline: a few seconds out of order
    /// (this rate), re-delivered (half of it), `left` for nobody (a tenth of it).
    public var noiseRate: Double

    public static let defaultDate = "2026-11-23"
    public static let defaultViolationRate = 0.002
    public static let defaultNoiseRate = 0.001

    public init(
        events: Int, seed: UInt64 = 1, date: String = SimulationOptions.defaultDate,
        violationRate: Double = SimulationOptions.defaultViolationRate, noiseRate: Double = SimulationOptions.defaultNoiseRate
    ) {
        self.events = events
        self.seed = seed
        self.date = date
        self.violationRate = violationRate
        self.noiseRate = noiseRate
    }
}

/// Policy violations the simulated service commits, each producing findings of a known kind
/// when the day is analyzed (semantics.md §5).
public enum SimulatedViolation: String, Sendable, CaseIterable, Hashable {
    /// A join request admitted that should have waited in the lobby: `unexpected_admit` (high).
    case admittedPastLobby = "admitted_past_lobby"
    /// A join request admitted that should have been refused: `unexpected_admit` (critical).
    case admittedWhenRefused = "admitted_when_refused"
    /// Placed in the lobby instead of refused: `unexpected_lobby`.
    case lobbyWhenRefused = "lobby_when_refused"
    /// Refused, or held in the lobby, though the policy lets them further: `unexpected_denial`.
    case deniedWhenAllowed = "denied_when_allowed"
    /// An anonymous join from a blocked client type, let into the meeting or the lobby:
    /// `blocked_client_attempt` (critical or medium) with `unexpected_admit` or `unexpected_lobby`.
    case blockedClientLetThrough = "blocked_client_let_through"
    /// An anonymous person or dial-in caller admitted before anyone verified, where the policy
    /// says they wait: `unverified_start` (`start_not_allowed`) and `unexpected_admit`.
    case unverifiedStart = "unverified_start"
    /// Let in from the lobby by an attendee: `unexpected_admit` (`unverified_actor`).
    case admittedByAttendee = "admitted_by_attendee"
    /// Let in from the lobby by the service where the rules keep them waiting:
    /// `unexpected_admit` on the `lobby_admitted`.
    case admittedBySystem = "admitted_by_system"
    /// An anonymous participant adds, removes or configures an app: `app_violation` (high).
    case anonymousAppManage = "anonymous_app_manage"
    /// An anonymous participant uses an app while that is off org-wide: `app_violation` (medium).
    case anonymousAppUse = "anonymous_app_use"
}

/// What a simulation wrote.
public struct SimulationSummary: Sendable, Equatable {
    /// Lines written (the requested count).
    public var lines = 0
    /// Lines by event type, re-deliveries included.
    public var linesByType: [EventType: Int] = [:]
    public var meetings = 0
    public var sessions = 0
    public var violations: [SimulatedViolation: Int] = [:]
    public var redeliveries = 0
    public var outOfOrder = 0
    public var orphanLeaves = 0
    /// The first and last `ts` written.
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    /// Most meetings with state held at once (bounded memory: this, not the day, sets it).
    public var peakMeetingsInProgress = 0
    /// Most actions waiting in the simulator's queue at once.
    public var peakQueuedActions = 0

    public init() {}

    public var violationsTotal: Int { violations.values.reduce(0, +) }
}
