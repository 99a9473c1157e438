import Foundation
import JoinAuditCore

/// `analyze` on a fresh database, with both cores busy: one thread reads, inflates, parses,
/// de-duplicates and judges each event as it streams past; the calling thread writes events
/// and findings to SQLite. Measured on 1M events: the stored-then-sorted path took 13.9 s;
/// see docs/performance.md for this one.
///
/// Judging while reading is exact only when the input is in time order within
/// `reorderWindow` and every re-delivery is recognised while reading. When either fails, the
/// stored events are de-duplicated exactly and judged again in sorted order (`StoredReplay`),
/// and `Result.fallback` says why.
public struct StreamingAnalysis {
    public let store: EventStore
    public let policies: PolicyHistory
    public var progress: ProgressLine?
    /// How far out of order events may arrive and still be judged while streaming.
    public var reorderWindow: Int64 = 30 * 1_000_000_000
    /// How many of the latest ids the re-delivery filter knows exactly; tests make it small so
    /// that re-deliveries take the path of uncertain ids.
    var recentIDCapacity = 16_384
    /// Where the reader's ledger of stored ids goes (`StoredIDLedger`); tests set nil to take
    /// the store's check of uncertain ids instead.
    var ledgerDirectory: String? = NSTemporaryDirectory()
    /// Whether a fresh database's events may be written page by page rather than inserted
    /// (`EventStore.beginDirectEventLoad()`); tests turn it off to take the statement path.
    var directEventLoad = true

    public init(store: EventStore, policies: PolicyHistory, progress: ProgressLine? = nil) {
        self.store = store
        self.policies = policies
        self.progress = progress
    }

    public struct Result: Sendable {
        public var ingestion = Ingestion.Report()
        public var replay = StoredReplay.Result()
        /// Why the events were judged again from the store, when they were.
        public var fallback: String?
        /// The events' pages were written directly (a fresh database), not inserted.
        public var eventsWrittenDirectly = false
    }

    /// `judgeWhileReading`: true for join logs (in time order); false for imported records,
    /// which are loaded on two threads and then judged from the store.
    public func run(_ operands: [String], forcedKind: InputKind? = nil, judgeWhileReading: Bool = true) throws -> Result {
        let started = Date()
        let paths = try InputExpansion.expand(operands)
        let firstSeq = try store.nextSeq()
        // Few, small batches in flight: 8 × 4096 events held 263 MB at 1M events, 4 × 256
        // holds 118 MB, and runs faster (7.5 s against 10.3 s; docs/performance.md).
        let queue = BlockingQueue<LoadMessage>(capacity: 4)
        let filterSettings = EventIDFilter.Settings(expectedEvents: Self.estimateEvents(paths), recentIDs: recentIDCapacity,
                                                    ledgerDirectory: ledgerDirectory)
        var threads: [Thread] = []
        if judgeWhileReading {
            let reader = StreamReader(paths: paths, firstSeq: firstSeq, filterSettings: filterSettings)
            let judge = StreamJudge(policies: policies, window: reorderWindow)
            let read = BlockingQueue<LoadMessage>(capacity: 4)
            threads.append(Thread { reader.run(into: read) })
            threads.append(Thread { judge.run(from: read, into: queue) })
        } else {
            let reader = ImportReader(operands: operands, forcedKind: forcedKind, firstSeq: firstSeq,
                                      filterSettings: filterSettings)
            threads.append(Thread { reader.run(into: queue) })
        }
        for thread in threads {
            thread.stackSize = 8 << 20
            thread.start()
        }

        var writer = StreamWriter(store: store, progress: progress)
        // 1 MiB, and 512 KiB for the uncertain ids and the findings' sort: on a 10M-event day
        // 3.3 MB less peak RSS than 2 MiB each and no slower (docs/performance.md).
        try store.setPageCache(kibibytes: 1 << 10, temporaryKibibytes: 1 << 9)
        try store.beginBulkLoadMode()
        try store.beginLoad()
        try store.beginFindings()
        try store.beginUncertainIDs()
        var result = Result()
        if directEventLoad { result.eventsWrittenDirectly = try store.beginDirectEventLoad() }
        var finish: StreamReader.Finish?
        var failure: Error?
        while finish == nil {
            let message = queue.take()
            do {
                if case .finished(let end) = message { finish = end } else { try writer.handle(message) }
            } catch {
                // Keep draining so the reader can finish; report the first failure.
                if failure == nil { failure = error }
                if case .finished(let end) = message { finish = end }
            }
        }
        if let failure {
            store.abandonDirectEventLoad()
            throw failure
        }
        guard let finish else { throw CocoaError(.fileReadUnknown) }
        try store.finishDirectEventLoad()
        result.ingestion = writer.report
        result.replay.eventsJudged = finish.eventsJudged
        result.replay.findings = writer.findings
        result.replay.problems = writer.problems

        var fallback: String? = finish.lateEvent.map { "event \($0) arrived more than \(reorderWindow / 1_000_000_000) s out of time order" }
        if fallback == nil, writer.duplicateFinding {
            fallback = "an event was delivered twice far apart"
        }
        if fallback == nil, finish.uncertainIDs > 0 {
            if let candidates = finish.sharedIDCandidates {
                for candidate in candidates {
                    if let id = try store.sharedID(ofStoredEvents: candidate.firstSeq, candidate.laterSeq) {
                        fallback = "event \(id) was delivered twice far apart"
                        break
                    }
                }
            } else if let why = finish.ledgerFailure {
                fallback = "the check of re-deliveries lost its temporary file (\(why))"
            } else {
                let repeated = try store.uncertainIDsStoredMoreThanOnce()
                if let id = repeated.first { fallback = "event \(id) was delivered twice far apart" }
            }
        }
        if fallback != nil {
            result.fallback = fallback
            let removed = try store.finishLoad()
            result.ingestion.redeliveries += removed
            result.ingestion.events -= removed
            // Back to WAL first: the stored replay reads on a second connection while it writes.
            try store.endBulkLoadMode()
            result.replay = try StoredReplay(store: store, policies: policies).run()
        } else if !judgeWhileReading {
            // Imported records: every re-delivery was removed while reading, so only the
            // time order is built before judging from the store.
            try store.finishVerifiedLoadForReplay()
            try store.endBulkLoadMode()
            result.replay = try StoredReplay(store: store, policies: policies, finishesLoad: false).run()
        } else {
            try store.finishVerifiedLoad()
        }
        try store.endBulkLoadMode()
        result.ingestion.seconds = Date().timeIntervalSince(started)
        progress?.finish()
        return result
    }

    /// Sizes the re-delivery filter from the input's size: about 300 bytes a line, gzip
    /// about 6:1. Standard input is unknown: sized for ten million events.
    static func estimateEvents(_ paths: [String]) -> Int {
        var total = 0
        for path in paths {
            guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let size = attributes[.size] as? Int else { return 10_000_000 }
            total += path.hasSuffix(".gz") ? size * 6 / 300 : size / 300
        }
        return total
    }
}

/// What the reading thread hands to the writing thread.
enum LoadMessage: Sendable {
    case fileStarted(index: Int, path: String, kind: InputKind)
    case batch(LoadBatch)
    case fileFinished(index: Int, summary: ReadSummary, events: Int, badLines: Int, kind: InputKind, failure: String?)
    case failed(String)
    case finished(StreamReader.Finish)
}

struct LoadBatch: Sendable {
    /// Events to store, in reading order; `source.fileID` is the file's index in this run.
    var events: [LoggedEvent] = []
    var badLines: [BadLineItem] = []
    var redeliveries: [RedeliveryItem] = []
    /// Ids of `events` the reader could not be sure were new: the writer lists them in the
    /// store for the check at the end, rather than every thread holding them for the day.
    var uncertainIDs: [String] = []
    var findings: [Finding] = []
    var problems: [DataQualityProblem] = []

    var count: Int { events.count + badLines.count + redeliveries.count + findings.count + problems.count }
}

struct BadLineItem: Sendable {
    var fileIndex: Int
    var line: Int
    var field: String?
    var reason: String
    var raw: [UInt8]
}

struct RedeliveryItem: Sendable {
    var eventID: String
    var fileIndex: Int
    var line: Int
    var firstSeq: Int64
}
