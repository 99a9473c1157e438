import Foundation
import JoinAuditCore

/// The reading thread of `StreamingAnalysis`: read → parse → recognise re-deliveries,
/// handing batches through a bounded queue to the judging thread (`StreamJudge`), which
/// restores time order and judges them on their way to the writer.
final class StreamReader: @unchecked Sendable {
    let paths: [String]
    let firstSeq: Int64
    let filterSettings: EventIDFilter.Settings
    static let batchSize = 256

    struct Finish: Sendable {
        var eventsJudged = 0
        /// How many ids the reader could not be sure were new.
        var uncertainIDs = 0
        /// When the reader's ledger settled those ids: the pairs of stored events that may
        /// share an id, to compare in the store. Nil when it did not: the ids were then sent
        /// in the batches' `uncertainIDs`, or `ledgerFailure` says why nothing is known.
        var sharedIDCandidates: [StoredIDLedger.Candidate]?
        var ledgerFailure: String?
        /// The first event found too far out of order, if any.
        var lateEvent: String?

        init() {}

        /// The end of reading: settles the filter's uncertain ids.
        init(settling filter: inout EventIDFilter) {
            uncertainIDs = filter.uncertainCount
            sharedIDCandidates = filter.settleUncertainIDs()
            ledgerFailure = filter.ledgerFailure
        }
    }

    init(paths: [String], firstSeq: Int64, filterSettings: EventIDFilter.Settings) {
        self.paths = paths
        self.firstSeq = firstSeq
        self.filterSettings = filterSettings
    }

    func run(into queue: BlockingQueue<LoadMessage>) {
        var seq = firstSeq
        var filter = filterSettings.make()
        var batch = LoadBatch()
        let parser = JoinLogLineParser()
        var pending = PendingIDChecks()

        // Takes the batch by reference rather than capturing it: a variable that a local
        // function captures is checked for exclusive access at run time on every use, twice a
        // line in the loop below (callgrind, perf).
        func flush(_ batch: inout LoadBatch) {
            if batch.count > 0 { queue.put(.batch(batch)) }
            batch = LoadBatch()
            batch.events.reserveCapacity(Self.batchSize)
        }

        for (index, path) in paths.enumerated() {
            queue.put(.fileStarted(index: index, path: path, kind: .joinLog))
            let reader = path == "-" ? LogReader(fileDescriptor: STDIN_FILENO, name: "-") : LogReader(path: path)
            var events = 0, badLines = 0
            do {
                let summary = try reader.readLines { line in
                    if line.isOversized {
                        Self.settleAll(&pending, filter: &filter, batch: &batch, seq: &seq, events: &events)
                        batch.badLines.append(BadLineItem(fileIndex: index, line: line.number, field: nil,
                            reason: "line is \(line.length) bytes, longer than the 1 MiB limit", raw: Array(line.bytes)))
                        badLines += 1
                    } else {
                        do {
                            let event = try parser.parse(line.bytes)
                            let fingerprint = EventIDFilter.fingerprint(of: event.idText)
                            filter.prefetch(fingerprint)
                            let logged = LoggedEvent(seq: 0, source: SourceLocation(fileID: index, line: line.number), event: event)
                            if let due = pending.push(PendingIDChecks.Pending(logged: logged, fingerprint: fingerprint)) {
                                Self.settle(due, filter: &filter, batch: &batch, seq: &seq, events: &events)
                            }
                        } catch let problem as LineProblem {
                            Self.settleAll(&pending, filter: &filter, batch: &batch, seq: &seq, events: &events)
                            batch.badLines.append(BadLineItem(fileIndex: index, line: line.number, field: problem.field,
                                                              reason: problem.description, raw: Array(line.bytes)))
                            badLines += 1
                        }
                    }
                    if batch.count >= Self.batchSize { flush(&batch) }
                }
                Self.settleAll(&pending, filter: &filter, batch: &batch, seq: &seq, events: &events)
                flush(&batch)
                queue.put(.fileFinished(index: index, summary: summary, events: events, badLines: badLines, kind: .joinLog, failure: nil))
            } catch {
                Self.settleAll(&pending, filter: &filter, batch: &batch, seq: &seq, events: &events)
                flush(&batch)
                queue.put(.failed(String(describing: error)))
                queue.put(.finished(Finish()))
                return
            }
        }
        flush(&batch)
        queue.put(.finished(Finish(settling: &filter)))
    }

    /// Settles every event still waiting, oldest first: before a bad line, so the batch keeps
    /// reading order, and at the end of a file.
    private static func settleAll(_ pending: inout PendingIDChecks, filter: inout EventIDFilter,
                                  batch: inout LoadBatch, seq: inout Int64, events: inout Int) {
        while let due = pending.pop() {
            settle(due, filter: &filter, batch: &batch, seq: &seq, events: &events)
        }
    }

    /// The re-delivery check of one parsed event, which then goes into the batch as a new
    /// event or as a re-delivery of an earlier one.
    private static func settle(_ due: consuming PendingIDChecks.Pending, filter: inout EventIDFilter,
                               batch: inout LoadBatch, seq: inout Int64, events: inout Int) {
        switch filter.check(fingerprint: due.fingerprint, seq: seq) {
        case .repeated(let first):
            batch.redeliveries.append(RedeliveryItem(eventID: due.logged.event.id, fileIndex: due.logged.source.fileID,
                                                     line: due.logged.source.line, firstSeq: first))
            // `files.events` counts re-deliveries too (schema.md), as ingest does.
            events += 1
        case .uncertain:
            if !filter.settlesUncertainIDs { batch.uncertainIDs.append(due.logged.event.id) }
            fallthrough
        case .new:
            var logged = due.logged
            logged.seq = seq
            batch.events.append(logged)
            seq += 1
            events += 1
        }
    }
}

/// The judging thread of `StreamingAnalysis`, between the reader and the writer: it restores
/// time order within the reorder window and judges each event, adding the findings to the
/// batch they travel in. A stage of its own because reading and judging together kept one
/// core busy while the writer's waited (perf: 62 % of samples on the reading thread, 38 % on
/// the writer's); three stages share two cores evenly.
final class StreamJudge: @unchecked Sendable {
    let policies: PolicyHistory
    let window: Int64

    init(policies: PolicyHistory, window: Int64) {
        self.policies = policies
        self.window = window
    }

    func run(from input: BlockingQueue<LoadMessage>, into output: BlockingQueue<LoadMessage>) {
        var reorder = ReorderBuffer(window: window)
        var replay = Replay(policies: policies)
        // Without a temporary directory the meetings stay in memory: slower to grow, not wrong.
        let archive = try? SQLiteMeetingArchive()
        replay.archive = archive
        var out = ReplayOutput()
        var lateEvent: String?
        while true {
            let message = input.take()
            switch message {
            case .batch(var batch):
                if lateEvent == nil {
                    for logged in batch.events {
                        if reorder.push(logged) == .late {
                            // Time order is lost: the writer will judge from the store.
                            lateEvent = logged.event.id
                            break
                        }
                        reorder.release { replay.process($0, into: &out) }
                    }
                    batch.findings.append(contentsOf: out.findings)
                    batch.problems.append(contentsOf: out.problems)
                    out.removeAll()
                }
                output.put(.batch(batch))
            case .finished(var finish):
                if lateEvent == nil {
                    reorder.drain { replay.process($0, into: &out) }
                    replay.finish(into: &out)
                    if !out.isEmpty {
                        var last = LoadBatch()
                        last.findings = out.findings
                        last.problems = out.problems
                        output.put(.batch(last))
                    }
                }
                if let failure = archive?.failure {
                    output.put(.failed("the replay's meeting archive failed: \(failure)"))
                }
                finish.eventsJudged = replay.eventsJudged
                finish.lateEvent = lateEvent
                output.put(.finished(finish))
                return
            case .fileStarted, .fileFinished, .failed:
                output.put(message)
            }
        }
    }
}

/// The writing side of `StreamingAnalysis`: everything that touches SQLite, on the calling
/// thread.
struct StreamWriter {
    let store: EventStore
    let progress: ProgressLine?
    private(set) var report = Ingestion.Report()
    private(set) var findings = 0
    private(set) var problems = 0
    /// A finding repeated for one event: an event was judged twice, so a re-delivery slipped by.
    private(set) var duplicateFinding = false
    private var fileIDs: [Int] = []
    private var bytesDone = 0

    init(store: EventStore, progress: ProgressLine?) {
        self.store = store
        self.progress = progress
    }

    mutating func handle(_ message: LoadMessage) throws {
        switch message {
        case .fileStarted(let index, let path, let kind):
            precondition(index == fileIDs.count, "files start in order")
            // One transaction per file, its `files` row included: all of it, or nothing.
            try store.begin()
            fileIDs.append(try store.beginFile(path: path, inputKind: kind.rawValue))
        case .batch(let batch):
            try write(batch)
        case .fileFinished(let index, let summary, let events, let badLines, let kind, let failure):
            let fileID = fileIDs[index]
            try store.finishFile(fileID: fileID, summary: EventStore.FileSummary(
                sizeBytes: Int64(summary.compressedBytes), sha256: summary.sha256, lines: summary.lines,
                events: events, badLines: badLines, damage: summary.damage?.description ?? failure))
            try store.commit()
            report.files.append(Ingestion.FileResult(path: summary.path, fileID: fileID, events: events, badLines: badLines,
                                                     damage: summary.damage, kind: kind, failure: failure))
            bytesDone += summary.compressedBytes
        case .failed(let message):
            throw InputFailure(message: message)
        case .finished:
            break
        }
    }

    private mutating func write(_ batch: LoadBatch) throws {
        for var logged in batch.events {
            logged.source.fileID = fileIDs[logged.source.fileID]
            try store.insert(logged)
        }
        for bad in batch.badLines {
            try bad.raw.withUnsafeBytes { raw in
                try store.insertBadLine(fileID: fileIDs[bad.fileIndex], line: bad.line, field: bad.field, reason: bad.reason, raw: raw)
            }
        }
        for id in batch.uncertainIDs { try store.recordUncertainID(id) }
        for redelivery in batch.redeliveries {
            try store.recordRedelivery(eventID: redelivery.eventID, fileID: fileIDs[redelivery.fileIndex], line: redelivery.line,
                                       firstSeq: redelivery.firstSeq)
        }
        for var finding in batch.findings {
            finding.source.fileID = fileIDs[finding.source.fileID]
            do {
                try store.insert(finding)
                findings += 1
            } catch let error as StoreError where error.isConstraintViolation {
                duplicateFinding = true
            }
        }
        for problem in batch.problems { try store.insert(problem) }
        problems += batch.problems.count
        report.events += batch.events.count
        report.badLines += batch.badLines.count
        report.redeliveries += batch.redeliveries.count
        progress?.update(bytes: bytesDone, events: report.events, badLines: report.badLines)
    }
}

/// A reading failure reported by the reading thread (a file that cannot be opened or read).
public struct InputFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
