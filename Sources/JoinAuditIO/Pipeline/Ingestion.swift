import Foundation
import JoinAuditCore

/// Streams log files into the store: read (gzip or plain) → parse each line → insert, one
/// transaction per file, bad lines kept aside with their reason, re-deliveries removed at the
/// end. Memory does not grow with the input: lines are borrowed from the reader's buffer.
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
    }

    public struct FileResult: Sendable {
        public var path: String
        public var fileID: Int
        public var events: Int
        public var badLines: Int
        public var damage: ReadDamage?
    }

    /// Ingests every operand (files, directories, `-`) in order. Throws only for what makes
    /// going on pointless (a file that cannot be opened, a store that cannot be written);
    /// gzip damage is reported in the result so that the good lines of every file are kept.
    public func run(_ operands: [String]) throws -> Report {
        let started = Date()
        let paths = try InputExpansion.expand(operands)
        var report = Report()
        try store.beginLoad()
        var bytesBefore = 0
        for path in paths {
            let result = try ingest(path, bytesBefore: &bytesBefore, totals: report)
            report.files.append(result)
            report.events += result.events
            report.badLines += result.badLines
        }
        report.redeliveries = try store.finishLoad()
        report.events -= report.redeliveries
        report.seconds = Date().timeIntervalSince(started)
        progress?.finish()
        return report
    }

    private func ingest(_ path: String, bytesBefore: inout Int, totals: Report) throws -> FileResult {
        let reader = path == "-" ? LogReader(fileDescriptor: STDIN_FILENO, name: "-") : LogReader(path: path)
        let fileID = try store.beginFile(path: path, inputKind: "join_log")
        try store.begin()
        var seq = try store.nextSeq()
        var events = 0
        var badLines = 0
        let parser = JoinLogLineParser()
        var storeError: Error?
        let summary = try reader.readLines { line in
            if line.isOversized {
                try store.insertBadLine(fileID: fileID, line: line.number, field: nil,
                                        reason: "line is \(line.length) bytes, longer than the 1 MiB limit", raw: line.bytes)
                badLines += 1
                return
            }
            do {
                let event = try parser.parse(line.bytes)
                try store.insert(LoggedEvent(seq: seq, source: SourceLocation(fileID: fileID, line: line.number), event: event))
                seq += 1
                events += 1
            } catch let problem as LineProblem {
                try store.insertBadLine(fileID: fileID, line: line.number, field: problem.field, reason: problem.description, raw: line.bytes)
                badLines += 1
            } catch {
                storeError = error
                throw error
            }
            if line.number & 0xFFF == 0 {
                progress?.update(bytes: bytesBefore, events: totals.events + events, badLines: totals.badLines + badLines)
            }
        }
        if let storeError { throw storeError }
        bytesBefore += summary.compressedBytes
        try store.finishFile(fileID: fileID, summary: EventStore.FileSummary(
            sizeBytes: Int64(summary.compressedBytes), sha256: summary.sha256, lines: summary.lines,
            events: events, badLines: badLines, damage: summary.damage?.description))
        try store.commit()
        return FileResult(path: path, fileID: fileID, events: events, badLines: badLines, damage: summary.damage)
    }
}
