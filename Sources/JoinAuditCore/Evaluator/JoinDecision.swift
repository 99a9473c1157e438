/// The expected outcome of a join request, the rule of semantics.md §4 that decided it, and
/// the settings and facts it looked at, in the order it looked at them.
public struct JoinDecision: Sendable, Equatable {
    public var expected: Outcome
    public var rule: RuleName
    /// The deciding clause, e.g. "AutoAdmittedUsers is EveryoneInCompany, so anonymous people
    /// wait in the lobby".
    public var because: String
    public var trace: [TraceStep]
    /// The lobby bypass was granted only because the source does not record the invitation.
    public var invitationUnknown: Bool

    public init(expected: Outcome, rule: RuleName, because: String, trace: [TraceStep], invitationUnknown: Bool = false) {
        self.expected = expected
        self.rule = rule
        self.because = because
        self.trace = trace
        self.invitationUnknown = invitationUnknown
    }
}
