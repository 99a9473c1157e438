/// A join request that the proposed policy decides differently from the current one: admitted
/// instead of held in the lobby, rejected instead of admitted, and so on.
public struct JoinChange: Sendable, Equatable {
    public var current: JudgedJoin
    public var proposed: JudgedJoin

    /// Stricter: the proposed policy lets the person less far (rejected < lobby < admitted).
    public var isStricter: Bool { proposed.decision.expected < current.decision.expected }

    public var organizerID: String? { proposed.organizerID }
}

/// A session whose start by an unverified participant (an anonymous person or a dial-in
/// caller admitted with nobody verified present) the two policies judge differently: allowed
/// under one, not under the other.
public struct SessionChange: Sendable, Equatable {
    /// The `unverified_start` finding under the current policy.
    public var current: Finding
    /// The same session's `unverified_start` finding under the proposed policy.
    public var proposed: Finding

    /// True when the proposed policy no longer allows the unverified start.
    public var isStricter: Bool { proposed.rule == .startNotAllowed && current.rule == .startAllowed }
}

/// Changes that share an organizer and the proposed policy's deciding rule: the unit an admin
/// reads ("u-ada's anonymous visitors: now refused by organizer_anonymous_join_off").
public struct JoinChangeGroup: Sendable, Equatable {
    public var organizerID: String?
    public var rule: RuleName
    public var changes: [JoinChange]
}
