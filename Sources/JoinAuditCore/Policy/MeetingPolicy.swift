/// Anonymous client types a meeting policy can block (`BlockedAnonymousJoinClientTypes`).
public enum BlockableClientType: String, Sendable, CaseIterable, Hashable {
    case acs = "Acs"
    case teams = "Teams"

    /// The join log's client that this type blocks.
    public var client: Client {
        switch self {
        case .acs: .acs
        case .teams: .teams
        }
    }

    public init?(caseInsensitive text: String) {
        let lowered = text.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = match
    }
}

/// A per-organizer meeting policy as written in the policy file: every setting optional,
/// because a key missing from a `Tag:` policy takes `Global`'s value.
public struct MeetingPolicy: Sendable, Equatable {
    /// `Global`, or the tag name without `Tag:`.
    public var name: String
    public var allowAnonymousUsersToJoinMeeting: Bool?
    public var allowAnonymousUsersToStartMeeting: Bool?
    public var autoAdmittedUsers: AutoAdmittedUsers?
    public var allowPSTNUsersToBypassLobby: Bool?
    /// `.some([])` and JSON null both mean "all allowed", but null in a `Tag:` policy is a
    /// value, not a missing key: it overrides `Global`'s list. `nil` means the key is absent.
    public var blockedAnonymousJoinClientTypes: [BlockableClientType]?
    public var allowOrganizersToOverrideLobbySettings: Bool?

    public static let globalName = "Global"

    public init(
        name: String, allowAnonymousUsersToJoinMeeting: Bool? = nil, allowAnonymousUsersToStartMeeting: Bool? = nil,
        autoAdmittedUsers: AutoAdmittedUsers? = nil, allowPSTNUsersToBypassLobby: Bool? = nil,
        blockedAnonymousJoinClientTypes: [BlockableClientType]? = nil, allowOrganizersToOverrideLobbySettings: Bool? = nil
    ) {
        self.name = name
        self.allowAnonymousUsersToJoinMeeting = allowAnonymousUsersToJoinMeeting
        self.allowAnonymousUsersToStartMeeting = allowAnonymousUsersToStartMeeting
        self.autoAdmittedUsers = autoAdmittedUsers
        self.allowPSTNUsersToBypassLobby = allowPSTNUsersToBypassLobby
        self.blockedAnonymousJoinClientTypes = blockedAnonymousJoinClientTypes
        self.allowOrganizersToOverrideLobbySettings = allowOrganizersToOverrideLobbySettings
    }
}

/// An organizer's effective meeting policy: `Global` merged under the assigned `Tag:` policy,
/// with the contract's defaults for keys `Global` leaves out.
public struct OrganizerPolicy: Sendable, Equatable {
    /// The name findings report (`Global` or the tag name).
    public var name: String
    public var allowAnonymousUsersToJoinMeeting: Bool
    /// **Anonymous users and dial-in callers can start a meeting** (off by default: the seed
    /// recommends leaving it off, to prevent abuse of meeting links).
    public var allowAnonymousUsersToStartMeeting: Bool
    public var autoAdmittedUsers: AutoAdmittedUsers
    public var allowPSTNUsersToBypassLobby: Bool
    public var blockedAnonymousJoinClientTypes: [BlockableClientType]
    public var allowOrganizersToOverrideLobbySettings: Bool

    public init(
        name: String, allowAnonymousUsersToJoinMeeting: Bool = true, allowAnonymousUsersToStartMeeting: Bool = false,
        autoAdmittedUsers: AutoAdmittedUsers = .everyoneInCompanyExcludingGuests, allowPSTNUsersToBypassLobby: Bool = false,
        blockedAnonymousJoinClientTypes: [BlockableClientType] = [], allowOrganizersToOverrideLobbySettings: Bool = true
    ) {
        self.name = name
        self.allowAnonymousUsersToJoinMeeting = allowAnonymousUsersToJoinMeeting
        self.allowAnonymousUsersToStartMeeting = allowAnonymousUsersToStartMeeting
        self.autoAdmittedUsers = autoAdmittedUsers
        self.allowPSTNUsersToBypassLobby = allowPSTNUsersToBypassLobby
        self.blockedAnonymousJoinClientTypes = blockedAnonymousJoinClientTypes
        self.allowOrganizersToOverrideLobbySettings = allowOrganizersToOverrideLobbySettings
    }

    /// Applies `policy`'s explicit values over `base`.
    public init(merging policy: MeetingPolicy, over base: OrganizerPolicy) {
        self.name = policy.name
        self.allowAnonymousUsersToJoinMeeting = policy.allowAnonymousUsersToJoinMeeting ?? base.allowAnonymousUsersToJoinMeeting
        self.allowAnonymousUsersToStartMeeting = policy.allowAnonymousUsersToStartMeeting ?? base.allowAnonymousUsersToStartMeeting
        self.autoAdmittedUsers = policy.autoAdmittedUsers ?? base.autoAdmittedUsers
        self.allowPSTNUsersToBypassLobby = policy.allowPSTNUsersToBypassLobby ?? base.allowPSTNUsersToBypassLobby
        self.blockedAnonymousJoinClientTypes = policy.blockedAnonymousJoinClientTypes ?? base.blockedAnonymousJoinClientTypes
        self.allowOrganizersToOverrideLobbySettings =
            policy.allowOrganizersToOverrideLobbySettings ?? base.allowOrganizersToOverrideLobbySettings
    }

    public func blocks(_ client: Client) -> Bool {
        blockedAnonymousJoinClientTypes.contains { $0.client == client }
    }
}
