import Foundation
import JoinAuditCore

/// The reading thread of `StreamingAnalysis` for inputs that are not join logs: it imports
/// records (`SourceImport`) and hands their events to the writer, without judging them. Such
/// records are never in time order (a leave is recorded with its join, hours ahead), so they
/// are judged afterwards from the store; the gain is that importing and writing overlap.
final class ImportReader: @unchecked Sendable {
    let operands: [String]
    let forcedKind: InputKind?
    let firstSeq: Int64
    let filterSettings: EventIDFilter.Settings

    init(operands: [String], forcedKind: InputKind?, firstSeq: Int64, filterSettings: EventIDFilter.Settings) {
        self.operands = operands
        self.forcedKind = forcedKind
        self.firstSeq = firstSeq
        self.filterSettings = filterSettings
    }

    func run(into queue: BlockingQueue<LoadMessage>) {
        var seq = firstSeq
        var batch = LoadBatch()
        // Re-deliveries are told apart here, as for join logs, so that the load needs no
        // de-duplication pass (and no id index) unless an uncertain id turns out repeated.
        var filter = filterSettings.make()
        // The batch is passed by reference, not captured, as in `StreamReader`: a captured
        // variable is checked for exclusive access at run time on every use in the loop.
        func flush(_ batch: inout LoadBatch) {
            if batch.count > 0 { queue.put(.batch(batch)) }
            batch = LoadBatch()
        }
        do {
            _ = try SourceImport(paths: operands, forcedKind: forcedKind).run { item in
                switch item {
                case .fileStarted(let file):
                    flush(&batch)
                    queue.put(.fileStarted(index: file.index, path: file.name, kind: file.kind))
                case .event(let event, let position):
                    switch filter.check(event.idText, seq: seq) {
                    case .repeated(let first):
                        batch.redeliveries.append(RedeliveryItem(eventID: event.id, fileIndex: position.fileIndex, line: position.line, firstSeq: first))
                    case .uncertain:
                        if !filter.settlesUncertainIDs { batch.uncertainIDs.append(event.id) }
                        fallthrough
                    case .new:
                        batch.events.append(LoggedEvent(seq: seq, source: SourceLocation(fileID: position.fileIndex, line: position.line), event: event))
                        seq += 1
                    }
                case .badRecord(let bad):
                    batch.badLines.append(BadLineItem(fileIndex: bad.position.fileIndex, line: bad.position.line, field: bad.field, reason: bad.reason, raw: bad.raw))
                case .skipped:
                    break
                case .fileFinished(let summary):
                    flush(&batch)
                    queue.put(.fileFinished(index: summary.file.index, summary: summary.read, events: summary.events,
                                            badLines: summary.badRecords, kind: summary.file.kind, failure: summary.failure))
                }
                if batch.count >= StreamReader.batchSize { flush(&batch) }
            }
        } catch {
            flush(&batch)
            queue.put(.failed(String(describing: error)))
        }
        flush(&batch)
        queue.put(.finished(StreamReader.Finish(settling: &filter)))
    }
}
