/// Something in the input that is not a policy finding but that an auditor must know: events
/// that make no sense against the replayed state, and judgements made on incomplete facts.
public enum DataQualityKind: String, Sendable, CaseIterable, Hashable {
    /// `lobby_admitted` for someone not waiting in the lobby.
    case admittedNotInLobby = "admitted_not_in_lobby"
    /// `lobby_removed` for someone not waiting in the lobby.
    case removedNotInLobby = "removed_not_in_lobby"
    /// `left` for someone not in the meeting.
    case leftNotPresent = "left_not_present"
    /// `app_action` by someone who never asked to join the meeting.
    case appActionUnknownParticipant = "app_action_unknown_participant"
    /// An admission whose admitter the source does not record (`actor_id` `unknown`).
    case unknownAdmitter = "unknown_admitter"
    /// A lobby bypass under `InvitedUsers` granted because the source does not say whether the
    /// person was invited (`invited` null).
    case invitationUnknown = "invitation_unknown"
    /// An imported admission allowed only if the organizer changed the meeting's options.
    case allowedOnlyIfOptionsChanged = "allowed_only_if_options_changed"
    /// An imported event whose organizer is unknown, judged under `Global`.
    case organizerUnknown = "organizer_unknown"
    /// An event of a tenant other than the one the policy file names.
    case tenantMismatch = "tenant_mismatch"

    /// Problems with the data itself, as opposed to caveats on how it could be judged.
    public var isOrphan: Bool {
        switch self {
        case .admittedNotInLobby, .removedNotInLobby, .leftNotPresent, .appActionUnknownParticipant: true
        default: false
        }
    }
}

public struct DataQualityProblem: Sendable, Equatable {
    public var kind: DataQualityKind
    public var eventSeq: Int64
    public var eventID: String
    public var meetingID: String
    public var participantID: String?
    public var detail: String

    public init(kind: DataQualityKind, logged: LoggedEvent, detail: String) {
        self.kind = kind
        self.eventSeq = logged.seq
        self.eventID = logged.event.id
        self.meetingID = logged.event.meetingID
        self.participantID = logged.event.participantID
        self.detail = detail
    }
}
