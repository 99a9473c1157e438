/// **Who can bypass the lobby**: the values of the `AutoAdmittedUsers` policy setting, spelled
/// as Teams PowerShell prints them, from most to least restrictive.
public enum AutoAdmittedUsers: String, Sendable, CaseIterable, Hashable {
    case organizerOnly = "OrganizerOnly"
    case invitedUsers = "InvitedUsers"
    case everyoneInCompanyExcludingGuests = "EveryoneInCompanyExcludingGuests"
    case everyoneInCompany = "EveryoneInCompany"
    case everyoneInSameAndFederatedCompany = "EveryoneInSameAndFederatedCompany"
    case everyone = "Everyone"

    /// Parses the PowerShell spelling, case-insensitively (PowerShell compares enum names so).
    public init?(caseInsensitive text: String) {
        let lowered = text.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else {
            return nil
        }
        self = match
    }
}
