/// The closed vocabularies of the join log (log-format.md). Each raw value is the contract's
/// own spelling, so parsing and writing never need a second table.

/// How the participant signed in, as the service logged it (before trust is applied).
public enum LoggedIdentity: String, Sendable, CaseIterable, Hashable {
    case `internal`
    case guest
    case external
    case anonymous
    case dialIn = "dial_in"
}

/// External-access trust between the organizer's tenant and an external participant's.
public enum Trust: String, Sendable, CaseIterable, Hashable {
    /// Each organization allows the other: the participant is federated.
    case mutual
    /// The organizer's tenant allows the participant's organization, not the other way round.
    case outbound
    /// The participant's organization allows the organizer's tenant, not the other way round.
    case inbound
    case none
}

/// The participant's role in this meeting.
public enum Role: String, Sendable, CaseIterable, Hashable {
    case organizer
    case coOrganizer = "co_organizer"
    case presenter
    case attendee

    /// Organizers, co-organizers and presenters may let people in from the lobby.
    public var mayAdmitFromLobby: Bool { self != .attendee }
}

/// The kind of client a participant joined from.
public enum Client: String, Sendable, CaseIterable, Hashable {
    case teams
    /// A custom client built on Azure Communication Services.
    case acs
    case pstn
    case other

    /// The client's name in sentences: "an Azure Communication Services (ACS) client".
    public var withArticle: String {
        switch self {
        case .teams: "a Teams client"
        case .acs: "an Azure Communication Services (ACS) client"
        case .pstn: "a telephone"
        case .other: "another client"
        }
    }
}

/// What the service did with a join request, ordered from most to least restrictive.
public enum Outcome: String, Sendable, CaseIterable, Hashable, Comparable {
    case rejected
    case lobby
    case admitted

    private var openness: Int {
        switch self {
        case .rejected: 0
        case .lobby: 1
        case .admitted: 2
        }
    }

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.openness < rhs.openness }
}

/// Where an event came from. Imported sources record admissions only (semantics.md §5).
public enum Origin: String, Sendable, CaseIterable, Hashable {
    case joinLog = "join_log"
    case purview
    case graph
    case attendance

    /// Sources that see only admissions cannot show who waited in the lobby or was refused.
    public var recordsAdmissionsOnly: Bool { self != .joinLog }
}

/// What a participant did with an app.
public enum AppAction: String, Sendable, CaseIterable, Hashable {
    /// Interact with an app already in the meeting.
    case use
    case add
    case remove
    case configure

    /// Acquiring or managing an app, which the seed says anonymous people can never do.
    public var managesApp: Bool { self != .use }
}

/// The event types of the join log.
public enum EventType: String, Sendable, CaseIterable, Hashable {
    case joinRequest = "join_request"
    case lobbyAdmitted = "lobby_admitted"
    case lobbyRemoved = "lobby_removed"
    case left
    case meetingEnded = "meeting_ended"
    case meetingScheduled = "meeting_scheduled"
    case appAction = "app_action"
}

/// The effective identity of a participant once trust and external access are applied
/// (semantics.md §1).
public enum EffectiveIdentity: String, Sendable, CaseIterable, Hashable {
    case `internal`
    case guest
    case federated
    case anonymous
    case dialIn = "dial_in"
}
