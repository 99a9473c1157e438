/// Where a meeting's lobby option came from (semantics.md §2).
public enum OptionSource: String, Sendable, Equatable {
    /// The meeting's own `meeting_scheduled` option.
    case meeting
    /// The organizer policy's value.
    case policy
    /// Unknown meeting options of an imported event: the most permissive value the organizer
    /// could have chosen, because the policy lets organizers override the lobby settings.
    case assumedPermissive = "assumed_permissive"
}

/// Everything that applies to one meeting at one instant: org-wide configuration, the
/// organizer's policy, and the meeting's own lobby options where it has any.
public struct MeetingSettings: Sendable, Equatable {
    public var configuration: MeetingConfiguration
    public var policy: OrganizerPolicy
    public var autoAdmittedUsers: AutoAdmittedUsers
    public var autoAdmittedUsersSource: OptionSource
    public var pstnBypassLobby: Bool
    public var pstnBypassSource: OptionSource

    public init(configuration: MeetingConfiguration, policy: OrganizerPolicy, meetingOptions: MeetingOptions, optionsUnknown: Bool) {
        self.configuration = configuration
        self.policy = policy
        if optionsUnknown && policy.allowOrganizersToOverrideLobbySettings {
            autoAdmittedUsers = .everyone
            autoAdmittedUsersSource = .assumedPermissive
            pstnBypassLobby = true
            pstnBypassSource = .assumedPermissive
            return
        }
        if let own = meetingOptions.autoAdmittedUsers {
            autoAdmittedUsers = own
            autoAdmittedUsersSource = .meeting
        } else {
            autoAdmittedUsers = policy.autoAdmittedUsers
            autoAdmittedUsersSource = .policy
        }
        if let own = meetingOptions.pstnBypassLobby {
            pstnBypassLobby = own
            pstnBypassSource = .meeting
        } else {
            pstnBypassLobby = policy.allowPSTNUsersToBypassLobby
            pstnBypassSource = .policy
        }
    }

    /// The same settings with the policy's own lobby options instead of assumed ones: what an
    /// imported admission would have met had the organizer not changed the meeting's options.
    public var withPolicyDefaults: MeetingSettings {
        MeetingSettings(configuration: configuration, policy: policy, meetingOptions: MeetingOptions(), optionsUnknown: false)
    }

    public var optionsAssumed: Bool {
        autoAdmittedUsersSource == .assumedPermissive || pstnBypassSource == .assumedPermissive
    }

    var autoAdmittedUsersStep: TraceStep {
        TraceStep("AutoAdmittedUsers", autoAdmittedUsers.rawValue, Self.describe(autoAdmittedUsersSource, policy: policy.name))
    }

    var pstnBypassStep: TraceStep {
        let name = pstnBypassSource == .policy ? "AllowPSTNUsersToBypassLobby" : "pstn_bypass_lobby"
        return TraceStep(name, String(pstnBypassLobby), Self.describe(pstnBypassSource, policy: policy.name))
    }

    private static func describe(_ source: OptionSource, policy: String) -> String {
        switch source {
        case .meeting: "the meeting's own option"
        case .policy: "from meeting policy \(policy)"
        case .assumedPermissive:
            "meeting options unknown and policy \(policy) lets organizers change them: the most permissive choice is assumed"
        }
    }
}

/// The lobby options a meeting set for itself (`meeting_scheduled`); `nil`: not set.
public struct MeetingOptions: Sendable, Equatable {
    public var autoAdmittedUsers: AutoAdmittedUsers?
    public var pstnBypassLobby: Bool?

    public init(autoAdmittedUsers: AutoAdmittedUsers? = nil, pstnBypassLobby: Bool? = nil) {
        self.autoAdmittedUsers = autoAdmittedUsers
        self.pstnBypassLobby = pstnBypassLobby
    }
}
