/// **Who can bypass the lobby** for verified participants other than organizers and
/// co-organizers (semantics.md §4, the table under rule 13).
public enum LobbyBypass: Sendable, Equatable {
    case bypasses
    /// `InvitedUsers` and the source does not say whether they were invited: the benefit of
    /// the doubt, counted in the data-quality summary.
    case bypassesInvitationUnknown
    case waits

    public init(_ setting: AutoAdmittedUsers, identity: EffectiveIdentity, invited: Bool?) {
        let lets: Bool
        switch setting {
        case .organizerOnly:
            lets = false
        case .invitedUsers:
            switch invited {
            case .some(true): lets = true
            case .some(false): lets = false
            case .none:
                self = identity == .anonymous || identity == .dialIn ? .waits : .bypassesInvitationUnknown
                return
            }
        case .everyoneInCompanyExcludingGuests:
            lets = identity == .internal
        case .everyoneInCompany:
            lets = identity == .internal || identity == .guest
        case .everyoneInSameAndFederatedCompany, .everyone:
            lets = identity == .internal || identity == .guest || identity == .federated
        }
        self = lets ? .bypasses : .waits
    }

    /// Who the setting lets past the lobby, in words, for reasons.
    static func who(_ setting: AutoAdmittedUsers) -> String {
        switch setting {
        case .organizerOnly: "only organizers and co-organizers bypass the lobby"
        case .invitedUsers: "only invited people bypass the lobby"
        case .everyoneInCompanyExcludingGuests: "only people in the organization, not guests, bypass the lobby"
        case .everyoneInCompany: "only people in the organization and guests bypass the lobby"
        case .everyoneInSameAndFederatedCompany: "people in the organization, guests and people from trusted organizations bypass the lobby"
        case .everyone: "everyone bypasses the lobby"
        }
    }
}
