import Foundation
import JoinAuditCore

/// Streams inputs of any kind into the store: read (gzip or plain) → parse or import each line
/// or record → insert, one transaction per file, bad lines kept aside with their reason,
/// re-deliveries removed at the end. Memory does not grow with the input.
public struct Ingestion {
    public let store: EventStore
    public var progress: ProgressLine?

    public init(store: EventStore, progress: ProgressLine? = nil) {
        self.store = store
        self.progress = progress
    }

    /// What a whole ingestion came to.
    public struct Report: Sendable {
        public var files: [FileResult] = []
        public var events = 0
        public var badLines = 0
        public var redeliveries = 0
        public var seconds = 0.0
        /// Damaged gzip streams: every complete line before the damage was kept.
        public var damages: [ReadDamage] { files.compactMap(\.damage) }
        /// What to say about every damaged file: the damage found now, and the damage that a
        /// killed run recorded for a file it committed and this run did not read again.
        public var damageMessages: [String] {
            files.compactMap { file in file.damage?.description ?? (file.resumed ? file.storedDamage : nil) }
        }
        /// Files a killed run had committed whole, taken as they were stored instead of read again.
        public var resumedFiles: Int { files.filter(\.resumed).count }
        /// Files that could not be read as the kind they were taken for, with why.
        public var failures: [(path: String, reason: String)] { files.compactMap { f in f.failure.map { (f.path, $0) } } }
        /// Input kinds read, for the coverage statement.
        public var kinds: Set<InputKind> { Set(files.map(\.kind)) }
    }

    public struct FileResult: Sendable {
        public var path: String
        public var fileID: Int
        public var events: Int
        public var badLines: Int
        public var damage: ReadDamage?
        public var kind: InputKind = .joinLog
        /// Records not about meetings (imported sources).
        public var skipped = 0
        public var failure: String?
        /// Not read: a killed run had committed this very file (same path, size and SHA-256)
        /// in the load this run finishes. Its counts are the stored ones.
        public var resumed = false
        /// For a resumed file, the damage stored with it (`files.damage`).
        public var storedDamage: String?
    }

    /// Ingests every operand (files, directories, `-`) in order, whatever its kind (join log,
    /// Purview export, Graph records, …; detected from its first bytes unless `forcedKind`).
    /// Throws only for what makes going on pointless (a file that cannot be opened, a store that
    /// cannot be written); gzip damage is reported in the result so that the good lines of
    /// every file are kept.
    ///
    /// `recordingEnd` is called with the finished report inside the transaction that ends the
    /// load, for the command to record its run's end in the same commit.
    public func run(_ operands: [String], forcedKind: InputKind? = nil, recordingEnd: (Report) throws -> Void = { _ in }) throws -> Report {
        let started = Date()
        var report = Report()
        try store.beginLoad()
        let plan = try ResumePlan(operands: InputExpansion.expand(operands), committed: forcedKind == nil || forcedKind == .joinLog
                                  ? store.filesOfPendingLoad() : [])
        report.files = plan.resumed
        var seq = try store.nextSeq()
        var fileIDs: [Int: Int] = [:]
        var bytesDone = 0
        var eventsSeen = plan.resumed.reduce(0) { $0 + $1.events }
        report.badLines = plan.resumed.reduce(0) { $0 + $1.badLines }
        _ = try SourceImport(paths: plan.toRead, forcedKind: forcedKind).run { item in
            switch item {
            case .fileStarted(let file):
                // One transaction per file, its `files` row included: all of it, or nothing.
                try store.begin()
                fileIDs[file.index] = try store.beginFile(path: file.name, inputKind: file.kind.rawValue)
            case .event(let event, let position):
                let fileID = fileIDs[position.fileIndex]!
                try store.insert(LoggedEvent(seq: seq, source: SourceLocation(fileID: fileID, line: position.line), event: event))
                seq += 1
                eventsSeen += 1
                if eventsSeen & 0xFFF == 0 { progress?.update(bytes: bytesDone, events: eventsSeen, badLines: report.badLines) }
            case .badRecord(let bad):
                try bad.raw.withUnsafeBytes { raw in
                    try store.insertBadLine(fileID: fileIDs[bad.position.fileIndex]!, line: bad.position.line, field: bad.field, reason: bad.reason, raw: raw)
                }
                report.badLines += 1
            case .skipped:
                break
            case .fileFinished(let summary):
                let fileID = fileIDs[summary.file.index]!
                try store.finishFile(fileID: fileID, summary: EventStore.FileSummary(
                    sizeBytes: Int64(summary.read.compressedBytes), sha256: summary.read.sha256, lines: summary.read.lines,
                    events: summary.events, badLines: summary.badRecords, damage: summary.read.damage?.description ?? summary.failure))
                try store.commit()
                bytesDone += summary.read.compressedBytes
                report.files.append(FileResult(path: summary.file.name, fileID: fileID, events: summary.events, badLines: summary.badRecords,
                                               damage: summary.read.damage, kind: summary.file.kind, skipped: summary.skipped, failure: summary.failure))
            }
        }
        report.files.sort { $0.fileID < $1.fileID }
        report.events = eventsSeen
        try store.finishLoad { found in
            report.redeliveries = found
            report.events -= found
            report.seconds = Date().timeIntervalSince(started)
            try recordingEnd(report)
        }
        progress?.finish()
        return report
    }
}
