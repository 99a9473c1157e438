/// What judging a stored day under a proposed policy changes, compared with the current one.
/// Both policies see the same day as it happened (who the service admitted, when sessions
/// started): only the expected decisions differ, so every change is about one logged event.
public struct WhatIfResult: Sendable {
    public var eventsJudged = 0
    /// Join requests judged (under each policy).
    public var joinsJudged = 0
    /// Sessions started by an unverified participant (under each policy: the same sessions).
    public var unverifiedStarts = 0
    public var joinChanges: [JoinChange] = []
    public var sessionChanges: [SessionChange] = []
    public var findingsCurrent: [FindingKind: Int] = [:]
    public var findingsProposed: [FindingKind: Int] = [:]

    public init() {}

    public var stricterJoins: Int { joinChanges.count { $0.isStricter } }
    public var looserJoins: Int { joinChanges.count - stricterJoins }

    /// The join changes by organizer (unknown organizers last) and then by the proposed
    /// policy's deciding rule, each group in replay order.
    public var joinGroups: [JoinChangeGroup] {
        var groups: [JoinChangeGroup] = []
        var index: [String: Int] = [:]
        for change in joinChanges {
            let key = (change.organizerID ?? "") + "\u{0}" + change.proposed.decision.rule.rawValue
            if let at = index[key] {
                groups[at].changes.append(change)
            } else {
                index[key] = groups.count
                groups.append(JoinChangeGroup(organizerID: change.organizerID, rule: change.proposed.decision.rule, changes: [change]))
            }
        }
        return groups.sorted { a, b in
            switch (a.organizerID, b.organizerID) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.rule.rawValue < b.rule.rawValue
            }
        }
    }
}
