/// What anonymous people may do with apps (seed: "anonymous users can only interact with apps
/// that are already available in a meeting and cannot acquire and/or manage these apps").
public enum AppActionJudge {
    public struct Violation: Sendable, Equatable {
        public var rule: RuleName
        public var severity: Severity
        public var because: String
    }

    /// `nil` when the action is allowed. Only anonymous people are restricted.
    public static func judge(_ action: AppActionEvent, identity: EffectiveIdentity, configuration: MeetingConfiguration) -> Violation? {
        guard identity == .anonymous else { return nil }
        if action.action.managesApp {
            return Violation(rule: .anonymousAppManage, severity: .high,
                because: "anonymous people cannot acquire or manage apps, yet one tried to \(action.action.rawValue) app \(action.appID)")
        }
        if configuration.disableAppInteractionForAnonymousUsers {
            return Violation(rule: .anonymousAppsOff, severity: .medium,
                because: "DisableAppInteractionForAnonymousUsers is true (anonymous app interaction is Off), yet an anonymous participant used app \(action.appID)")
        }
        return nil
    }
}
