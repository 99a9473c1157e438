/// What the replay has judged so far. The caller drains it as often as it likes (after every
/// event, or in batches), so the replay itself keeps no history.
public struct ReplayOutput: Sendable {
    public var findings: [Finding] = []
    public var problems: [DataQualityProblem] = []

    public init() {}

    public var isEmpty: Bool { findings.isEmpty && problems.isEmpty }

    public mutating func removeAll() {
        findings.removeAll(keepingCapacity: true)
        problems.removeAll(keepingCapacity: true)
    }
}
