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
    }

    /// Ingests every operand (files, directories, `-`) in order, whatever its kind (join log,
    /// Purview export, Graph records, …; detected from its first bytes unless `forcedKind`).
    /// Throws only for what makes going on pointless (a file that cannot be opened, a store that
    /// cannot be written); gzip damage is reported in the result so that the good lines of
    /// every file are kept.
    public func run(_ operands: [String], forcedKind: InputKind? = nil) throws -> Report {
        let started = Date()
        var report = Report()
        try store.beginLoad()
        var seq = try store.nextSeq()
        var fileIDs: [Int: Int] = [:]
        var bytesDone = 0
        var eventsSeen = 0
        _ = try SourceImport(paths: operands, forcedKind: forcedKind).run { item in
            switch item {
            case .fileStarted(let file):
                fileIDs[file.index] = try store.beginFile(path: file.name, inputKind: file.kind.rawValue)
                try store.begin()
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
        report.events = eventsSeen
        report.redeliveries = try store.finishLoad()
        report.events -= report.redeliveries
        report.seconds = Date().timeIntervalSince(started)
        progress?.finish()
        return report
    }
}
