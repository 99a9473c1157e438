/// The checks `policy check` runs on the settings themselves, without looking at any log.
/// Each has a stable id (used in output, tests and docs/policy-posture.md), one severity, and
/// the public baseline items it matches (CISA SCuBA's Microsoft Teams baseline), where any.
public enum PostureCheck: String, Sendable, CaseIterable, Hashable {
    /// Anonymous people can join the meetings of a policy's organizers (both the org-wide
    /// setting and the policy allow it; seed: "Any other combination ... will prevent").
    case anonymousJoinOn = "anonymous_join_on"
    /// **Anonymous users and dial-in callers can start a meeting** is on.
    case anonymousStartAllowed = "anonymous_start_allowed"
    /// `AutoAdmittedUsers` is `Everyone`: anonymous people skip the lobby.
    case everyoneBypassesLobby = "everyone_bypasses_lobby"
    /// `AutoAdmittedUsers` lets people from other organizations skip the lobby.
    case externalBypassesLobby = "external_bypasses_lobby"
    /// `AutoAdmittedUsers` makes people of the organization wait (`OrganizerOnly`, `InvitedUsers`).
    case internalNotAutoAdmitted = "internal_not_auto_admitted"
    /// **People dialing in can bypass the lobby** is on.
    case dialInBypassesLobby = "dial_in_bypasses_lobby"
    /// Anonymous join is on and no anonymous client type is blocked.
    case noAnonymousClientBlocked = "no_anonymous_client_blocked"
    /// The org-wide `DisableAnonymousJoin` does the work the seed says the per-organizer
    /// policy should do: when it is deprecated, these policies let anonymous people in.
    case orgWideAnonymousSetting = "org_wide_anonymous_setting"
    /// A `Tag:` policy that no organizer in the file is assigned.
    case unusedPolicy = "unused_policy"
    /// Organizers whose effective settings differ from `Global`.
    case organizerDiffersFromGlobal = "organizer_differs_from_global"

    public var id: String { rawValue }

    public var severity: Severity {
        switch self {
        case .anonymousStartAllowed, .everyoneBypassesLobby: .high
        case .dialInBypassesLobby, .orgWideAnonymousSetting, .externalBypassesLobby: .medium
        case .anonymousJoinOn, .noAnonymousClientBlocked, .internalNotAutoAdmitted: .low
        case .unusedPolicy, .organizerDiffersFromGlobal: .info
        }
    }

    /// CISA SCuBA Microsoft Teams baseline items (without their version suffix) that this
    /// check judges, for auditors who map findings to a baseline.
    public var baselineIDs: [String] {
        switch self {
        case .anonymousStartAllowed: ["MS.TEAMS.1.2"]
        case .everyoneBypassesLobby: ["MS.TEAMS.1.3"]
        case .dialInBypassesLobby: ["MS.TEAMS.1.3", "MS.TEAMS.1.5"]
        case .internalNotAutoAdmitted: ["MS.TEAMS.1.4"]
        case .anonymousJoinOn, .externalBypassesLobby, .noAnonymousClientBlocked, .orgWideAnonymousSetting,
             .unusedPolicy, .organizerDiffersFromGlobal: []
        }
    }

    /// What the check looks for, in a short phrase.
    public var title: String {
        switch self {
        case .anonymousJoinOn: "anonymous people can join meetings"
        case .anonymousStartAllowed: "anonymous people and dial-in callers can start meetings"
        case .everyoneBypassesLobby: "everyone, anonymous people included, bypasses the lobby"
        case .externalBypassesLobby: "people from other organizations bypass the lobby"
        case .internalNotAutoAdmitted: "people of the organization wait in the lobby"
        case .dialInBypassesLobby: "dial-in callers bypass the lobby"
        case .noAnonymousClientBlocked: "no anonymous client type is blocked"
        case .orgWideAnonymousSetting: "anonymous join is controlled by the org-wide setting that is to be deprecated"
        case .unusedPolicy: "meeting policy assigned to no organizer"
        case .organizerDiffersFromGlobal: "organizers whose settings differ from Global"
        }
    }
}
