/// Several policy files over time: each event is judged by the newest file whose
/// `effective_from` is not after the event (policy-format.md).
public struct PolicyHistory: Sendable {
    /// Sorted by `effectiveFrom` (files without one first), keeping the given order on ties, so
    /// that of two files in force from the same instant the one given later wins.
    public let versions: [TenantPolicy]

    public init(_ policies: [TenantPolicy]) {
        precondition(!policies.isEmpty, "a policy history needs at least one policy")
        versions = policies.enumerated().sorted { a, b in
            let ta = a.element.effectiveFrom?.nanoseconds ?? Int64.min
            let tb = b.element.effectiveFrom?.nanoseconds ?? Int64.min
            return ta != tb ? ta < tb : a.offset < b.offset
        }.map(\.element)
    }

    /// The policy in force at `ts`. Before the earliest `effective_from` no file is in force;
    /// the earliest one is used then (documented in docs/decisions.md), rather than judging
    /// nothing.
    public func policy(at ts: Timestamp) -> TenantPolicy {
        versions[index(at: ts)]
    }

    /// Where in `versions` the policy in force at `ts` is: the replay reads what it needs of
    /// it in place, as a copy of the whole policy retains and releases every string and table
    /// in it, for every event.
    func index(at ts: Timestamp) -> Int {
        var chosen = 0
        for index in versions.indices.dropFirst() {
            guard let from = versions[index].effectiveFrom, from <= ts else { break }
            chosen = index
        }
        return chosen
    }
}
