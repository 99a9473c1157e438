extension OrganizerPolicy {
    /// The settings judged by JoinAudit whose value differs from `other`'s, each as
    /// "KEY VALUE (Global: VALUE)", in the policy file's key order.
    public func settingDifferences(from other: OrganizerPolicy) -> [String] {
        var differences: [String] = []
        func compare(_ key: String, _ mine: String, _ theirs: String) {
            if mine != theirs { differences.append("\(key) \(mine) (\(other.name): \(theirs))") }
        }
        compare("AllowAnonymousUsersToJoinMeeting", String(allowAnonymousUsersToJoinMeeting), String(other.allowAnonymousUsersToJoinMeeting))
        compare("AllowAnonymousUsersToStartMeeting", String(allowAnonymousUsersToStartMeeting), String(other.allowAnonymousUsersToStartMeeting))
        compare("AutoAdmittedUsers", autoAdmittedUsers.rawValue, other.autoAdmittedUsers.rawValue)
        compare("AllowPSTNUsersToBypassLobby", String(allowPSTNUsersToBypassLobby), String(other.allowPSTNUsersToBypassLobby))
        compare("BlockedAnonymousJoinClientTypes", Self.shown(blockedAnonymousJoinClientTypes), Self.shown(other.blockedAnonymousJoinClientTypes))
        compare("AllowOrganizersToOverrideLobbySettings", String(allowOrganizersToOverrideLobbySettings), String(other.allowOrganizersToOverrideLobbySettings))
        return differences
    }

    /// The same settings, whatever the names: what an organizer actually gets.
    public func hasSameSettings(as other: OrganizerPolicy) -> Bool {
        var renamed = other
        renamed.name = name
        return self == renamed
    }

    private static func shown(_ types: [BlockableClientType]) -> String {
        types.isEmpty ? "null" : "[" + types.map(\.rawValue).sorted().joined(separator: ", ") + "]"
    }
}
