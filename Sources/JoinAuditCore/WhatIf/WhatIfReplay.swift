/// Replays one stream of events under two policy histories side by side and keeps what
/// differs. It drives two ordinary `Replay`s, so what-if and analyze share every decision
/// (STYLE.md: no second copy of the evaluator); memory is that of two replays plus the
/// changes found.
public struct WhatIfReplay: Sendable {
    private var current: Replay
    private var proposed: Replay
    private var currentOut = ReplayOutput(recordsJoinDecisions: true)
    private var proposedOut = ReplayOutput(recordsJoinDecisions: true)
    /// Decisions and unverified starts seen on one side only so far, keyed by event `seq`.
    /// Both replays follow the same logged day, so in practice each is matched at once.
    private var unmatchedJoins: [Int64: (current: JudgedJoin?, proposed: JudgedJoin?)] = [:]
    private var unmatchedStarts: [Int64: (current: Finding?, proposed: Finding?)] = [:]
    private var result = WhatIfResult()

    public init(current: PolicyHistory, proposed: PolicyHistory) {
        self.current = Replay(policies: current)
        self.proposed = Replay(policies: proposed)
    }

    public mutating func process(_ logged: LoggedEvent) {
        current.process(logged, into: &currentOut)
        proposed.process(logged, into: &proposedOut)
        result.eventsJudged += 1
        drain()
    }

    /// Closes both replays (sessions still unverified at the end of the input) and returns
    /// the changes, in replay order.
    public mutating func finish() -> WhatIfResult {
        current.finish(into: &currentOut)
        proposed.finish(into: &proposedOut)
        drain()
        result.joinChanges.sort { ($0.current.ts, $0.current.eventSeq) < ($1.current.ts, $1.current.eventSeq) }
        result.sessionChanges.sort { ($0.current.ts, $0.current.eventSeq) < ($1.current.ts, $1.current.eventSeq) }
        return result
    }

    private mutating func drain() {
        for join in currentOut.judgedJoins { unmatchedJoins[join.eventSeq, default: (nil, nil)].current = join }
        for join in proposedOut.judgedJoins { unmatchedJoins[join.eventSeq, default: (nil, nil)].proposed = join }
        for finding in currentOut.findings {
            result.findingsCurrent[finding.kind, default: 0] += 1
            if finding.kind == .unverifiedStart { unmatchedStarts[finding.eventSeq, default: (nil, nil)].current = finding }
        }
        for finding in proposedOut.findings {
            result.findingsProposed[finding.kind, default: 0] += 1
            if finding.kind == .unverifiedStart { unmatchedStarts[finding.eventSeq, default: (nil, nil)].proposed = finding }
        }
        currentOut.removeAll()
        proposedOut.removeAll()
        for (seq, pair) in unmatchedJoins {
            guard let a = pair.current, let b = pair.proposed else { continue }
            unmatchedJoins[seq] = nil
            result.joinsJudged += 1
            if a.decision.expected != b.decision.expected { result.joinChanges.append(JoinChange(current: a, proposed: b)) }
        }
        for (seq, pair) in unmatchedStarts {
            guard let a = pair.current, let b = pair.proposed else { continue }
            unmatchedStarts[seq] = nil
            result.unverifiedStarts += 1
            if a.rule != b.rule { result.sessionChanges.append(SessionChange(current: a, proposed: b)) }
        }
    }
}
