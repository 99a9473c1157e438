/// The org-wide meeting settings (`Get-CsTeamsMeetingConfiguration`) that JoinAudit judges.
public struct MeetingConfiguration: Sendable, Equatable {
    /// True: the org-wide **Anonymous users can join a meeting** is Off. It beats any
    /// per-organizer policy: "the more restrictive setting will be effective".
    public var disableAnonymousJoin: Bool
    /// True: **Anonymous users can interact with apps in meetings** is Off.
    public var disableAppInteractionForAnonymousUsers: Bool

    public init(disableAnonymousJoin: Bool = false, disableAppInteractionForAnonymousUsers: Bool = false) {
        self.disableAnonymousJoin = disableAnonymousJoin
        self.disableAppInteractionForAnonymousUsers = disableAppInteractionForAnonymousUsers
    }
}
