import JoinAuditCore

/// Hands one file's items to the caller and counts them for the file's summary.
final class FileEmitter {
    let file: ImportFile
    private let body: (ImportedItem) throws -> Void
    private let deferred: DeferredEvents
    var summary: FileImportSummary

    init(file: ImportFile, deferred: DeferredEvents, body: @escaping (ImportedItem) throws -> Void) {
        self.file = file
        self.deferred = deferred
        self.body = body
        summary = FileImportSummary(
            file: file,
            read: ReadSummary(path: file.name, isGzip: false, compressedBytes: 0, decompressedBytes: 0, lines: 0, blankLines: 0, oversizedLines: 0, gzipMembers: 0, sha256: "", damage: nil))
    }

    func position(record: Int, line: Int) -> ImportPosition {
        ImportPosition(fileIndex: file.index, record: record, line: line)
    }

    func record() { summary.records += 1 }

    func events(_ events: [Event], record: Int, line: Int) throws {
        let position = position(record: record, line: line)
        for event in events {
            summary.events += 1
            try body(.event(event, position))
        }
    }

    /// Events counted as this file's but handed on after every file's records.
    func deferredEvents(_ events: [Event], record: Int, line: Int) {
        let position = position(record: record, line: line)
        for event in events {
            summary.events += 1
            deferred.append(event, at: position)
        }
    }

    /// `field` overrides the problem's own (for join-log lines, whose reason already names it).
    func bad(record: Int, line: Int, _ problem: ImportProblem, field: String?? = nil, raw: [UInt8]) throws {
        summary.badRecords += 1
        try body(.badRecord(BadRecord(
            file: file, position: position(record: record, line: line), field: field ?? problem.field,
            reason: problem.description, raw: raw)))
    }

    func skipped(record: Int, line: Int, _ reason: SkipReason) throws {
        summary.skipped += 1
        summary.skippedByReason[reason.key, default: 0] += 1
        try body(.skipped(SkippedRecord(file: file, position: position(record: record, line: line), reason: reason)))
    }

    /// A mapping's result for one record.
    func emit(_ result: MappingResult, record: Int, line: Int) throws {
        switch result {
        case .events(let events): try self.events(events, record: record, line: line)
        case .skipped(let reason): try skipped(record: record, line: line, reason)
        }
    }
}
