import JoinAuditCore

/// Judges the stored events again, in replay order (instant, then file and line), and
/// replaces the stored findings and data-quality problems with the new judgement.
public struct StoredReplay {
    public let store: EventStore
    public let policies: PolicyHistory

    /// False when the caller has just finished the load itself and built what replay order
    /// needs (`finishVerifiedLoadForReplay`).
    let finishesLoad: Bool

    public init(store: EventStore, policies: PolicyHistory, finishesLoad: Bool = true) {
        self.store = store
        self.policies = policies
        self.finishesLoad = finishesLoad
    }

    public struct Result: Sendable {
        public var eventsJudged = 0
        public var findings = 0
        public var problems = 0
    }

    /// Findings are written in batches while the events stream past, so memory holds only the
    /// meetings in progress and one batch.
    public func run() throws -> Result {
        // A load left unfinished (or a streaming analyze that left the indexes for later) is
        // finished first: re-deliveries removed, indexes built.
        if finishesLoad { try store.finishLoad() }
        var replay = Replay(policies: policies)
        // Without a temporary directory the meetings stay in memory: slower to grow, not wrong.
        let archive = try? SQLiteMeetingArchive()
        replay.archive = archive
        var out = ReplayOutput()
        var result = Result()
        try store.begin()
        try store.beginFindings()
        func flush() throws {
            for finding in out.findings { try store.insert(finding) }
            for problem in out.problems { try store.insert(problem) }
            result.findings += out.findings.count
            result.problems += out.problems.count
            out.removeAll()
        }
        let judge: (LoggedEvent) throws -> Void = { logged in
            replay.process(logged, into: &out)
            if out.findings.count + out.problems.count >= 1024 { try flush() }
        }
        if let feed = try StoredEventFeed(store: store) {
            feed.start()
            try feed.forEach(judge)
        } else {
            try store.forEachEventInReplayOrder(judge)
        }
        replay.finish(into: &out)
        if let failure = archive?.failure { throw failure }
        try flush()
        try store.commit()
        result.eventsJudged = replay.eventsJudged
        return result
    }
}
