/// What the replay has judged so far. The caller drains it as often as it likes (after every
/// event, or in batches), so the replay itself keeps no history.
public struct ReplayOutput: Sendable {
    public var findings: [Finding] = []
    public var problems: [DataQualityProblem] = []
    /// Every join request's decision, when `recordsJoinDecisions` is set: what-if compares
    /// them between two policies. Off by default, so analyze and replay pay nothing for it.
    public var judgedJoins: [JudgedJoin] = []
    public var recordsJoinDecisions = false

    public init(recordsJoinDecisions: Bool = false) {
        self.recordsJoinDecisions = recordsJoinDecisions
    }

    public var isEmpty: Bool { findings.isEmpty && problems.isEmpty }

    public mutating func removeAll() {
        findings.removeAll(keepingCapacity: true)
        problems.removeAll(keepingCapacity: true)
        judgedJoins.removeAll(keepingCapacity: true)
    }
}
