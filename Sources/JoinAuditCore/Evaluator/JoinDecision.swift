/// The expected outcome of a join request, the rule of semantics.md §4 that decided it, and
/// the settings and facts it looked at, in the order it looked at them.
public struct JoinDecision: Sendable, Equatable {
    public var expected: Outcome
    public var rule: RuleName
    /// Spells the deciding clause when it is read. The replay decides every join request but
    /// quotes the clause only in its findings (about one decision in twenty); spelling it for
    /// every decision was about 2k instructions a join request (callgrind).
    private var spellReason: @Sendable () -> String
    public var trace: [TraceStep]
    /// The lobby bypass was granted only because the source does not record the invitation.
    public var invitationUnknown: Bool

    /// The deciding clause, e.g. "AutoAdmittedUsers is EveryoneInCompany, so anonymous people
    /// wait in the lobby".
    public var because: String {
        get { spellReason() }
        set { spellReason = { newValue } }
    }

    public init(
        expected: Outcome, rule: RuleName, because: @autoclosure @escaping @Sendable () -> String, trace: [TraceStep],
        invitationUnknown: Bool = false
    ) {
        self.expected = expected
        self.rule = rule
        self.spellReason = because
        self.trace = trace
        self.invitationUnknown = invitationUnknown
    }

    public static func == (lhs: JoinDecision, rhs: JoinDecision) -> Bool {
        lhs.expected == rhs.expected && lhs.rule == rhs.rule && lhs.invitationUnknown == rhs.invitationUnknown
            && lhs.trace == rhs.trace && lhs.because == rhs.because
    }
}
