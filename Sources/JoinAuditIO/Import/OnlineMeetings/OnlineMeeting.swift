/// A Graph online meeting object (sources.md §4): the meeting's own lobby options.
public struct OnlineMeeting: Sendable, Equatable {
    public var id: String?
    public var joinWebUrl: String?
    /// `chatInfo.threadId`: matches `MeetingDetail.ChatThreadId`.
    public var threadID: String?
    public var startDateTime: String?
    public var endDateTime: String?
    /// `participants.organizer.identity.user.id`.
    public var organizerID: String?
    public var organizerTenantID: String?
    /// `lobbyBypassSettings.scope`.
    public var lobbyBypassScope: String?
    /// `lobbyBypassSettings.isDialInBypassEnabled`.
    public var isDialInBypassEnabled: Bool?
    /// Whether the object has `lobbyBypassSettings` at all (a `$select` may leave it out).
    public var hasLobbyBypassSettings: Bool

    public init(
        id: String? = nil, joinWebUrl: String? = nil, threadID: String? = nil, startDateTime: String? = nil,
        endDateTime: String? = nil, organizerID: String? = nil, organizerTenantID: String? = nil,
        lobbyBypassScope: String? = nil, isDialInBypassEnabled: Bool? = nil, hasLobbyBypassSettings: Bool? = nil
    ) {
        self.id = id
        self.joinWebUrl = joinWebUrl
        self.threadID = threadID
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.organizerID = organizerID
        self.organizerTenantID = organizerTenantID
        self.lobbyBypassScope = lobbyBypassScope
        self.isDialInBypassEnabled = isDialInBypassEnabled
        self.hasLobbyBypassSettings = hasLobbyBypassSettings ?? (lobbyBypassScope != nil || isDialInBypassEnabled != nil)
    }
}

extension OnlineMeeting {
    init(json node: JSONNode) throws(ImportProblem) {
        guard node.object != nil else { throw ImportProblem("expected an online meeting object, found \(node.phrase)") }
        let organizer = node["participants"]?["organizer"]?["identity"]?["user"]
        let lobby = node["lobbyBypassSettings"]
        self.init(
            id: node["id"]?.string, joinWebUrl: node["joinWebUrl"]?.string ?? node["joinUrl"]?.string,
            threadID: node["chatInfo"]?["threadId"]?.string, startDateTime: node["startDateTime"]?.string,
            endDateTime: node["endDateTime"]?.string, organizerID: organizer?["id"]?.string,
            organizerTenantID: organizer?["tenantId"]?.string, lobbyBypassScope: lobby?["scope"]?.string,
            isDialInBypassEnabled: lobby?["isDialInBypassEnabled"]?.bool,
            hasLobbyBypassSettings: lobby?.object != nil)
    }
}
