/// One thing `policy check` found in the settings: which check, which policies (and the
/// organizers who have them), and a sentence naming the settings and values.
public struct PostureFinding: Sendable, Equatable {
    public var check: PostureCheck
    /// Policy names (`Global` or the tag name without `Tag:`); empty for org-wide findings
    /// that concern no policy in particular.
    public var policies: [String]
    /// Organizers (policy file user ids) the finding applies to. For `Global`, the organizers
    /// the file names who have no other policy; every organizer not named has `Global` too.
    public var organizers: [String]
    /// True when the finding concerns `Global`, which also covers every organizer not named
    /// in the file's assignments.
    public var includesUnassignedOrganizers: Bool
    public var detail: String

    public var severity: Severity { check.severity }

    public init(check: PostureCheck, policies: [String], organizers: [String], includesUnassignedOrganizers: Bool = false, detail: String) {
        self.check = check
        self.policies = policies
        self.organizers = organizers
        self.includesUnassignedOrganizers = includesUnassignedOrganizers
        self.detail = detail
    }
}
