import JoinAuditCore

/// The second pass over one file: every record read, mapped by its source's mapping, and
/// handed on as events, bad records or skips.
struct FileImporter {
    let file: ImportFile
    let readPath: String
    let emitter: FileEmitter
    let directory: MeetingDirectory

    /// Reads the file; returns its read summary (line count filled in).
    func run() throws -> ReadSummary {
        switch file.kind {
        case .joinLog: return try importJoinLog()
        case .purviewCSV: return try importPurviewCSV()
        case .auditJSON, .graphCallRecords, .attendanceReport, .onlineMeetings: return try importJSON()
        }
    }

    // MARK: Join log

    private func importJoinLog() throws -> ReadSummary {
        let parser = JoinLogLineParser()
        let reader = LogReader(path: readPath)
        var summary = try reader.readLines { line in
            emitter.record()
            if line.isOversized {
                try emitter.bad(
                    record: line.number, line: line.number,
                    ImportProblem("line is \(line.length) bytes, longer than the 1 MiB limit"), raw: Array(line.bytes))
                return
            }
            do {
                let event = try parser.parse(line.bytes)
                try emitter.events([event], record: line.number, line: line.number)
            } catch let problem as LineProblem {
                // The join log's own wording, as `ingest` has always reported it.
                try emitter.bad(
                    record: line.number, line: line.number, ImportProblem(problem.description), field: problem.field,
                    raw: Array(line.bytes.prefix(4096)))
            }
        }
        summary.path = file.name
        if let damage = summary.damage { summary.damage = ReadDamage(path: file.name, kind: damage.kind, offset: damage.offset, message: damage.message) }
        return summary
    }

    // MARK: Purview CSV

    private func importPurviewCSV() throws -> ReadSummary {
        struct NotPurview: Error {}
        var header: PurviewCSVHeader?
        var skippedOperation = ""
        // Rows of other operations are recognised by their Operation column and not copied.
        let reader = CSVRecordReader(decide: { record in
            guard let operation = header?.operation else { return true }
            guard operation < record.fieldCount else { return nil }
            let cell = record.field(operation)
            if PurviewCSVHeader.isOperation(cell, "MeetingParticipantDetail") || PurviewCSVHeader.isOperation(cell, "MeetingDetail") {
                return true
            }
            skippedOperation = String(decoding: cell, as: UTF8.self)
            return false
        }, onSkip: { number, line in
            emitter.record()
            try emitter.skipped(record: number - 1, line: line, .otherOperation(skippedOperation))
        }, onRecord: { record in
            guard let columns = header else {
                let columns = PurviewCSVHeader(record)
                header = columns
                if columns.auditData == nil {
                    let reason = "the header names no AuditData column: this is not a Purview audit export"
                    emitter.summary.failure = reason
                    try emitter.bad(record: 0, line: record.line, ImportProblem(reason), raw: record.joined(limit: 4096))
                    throw NotPurview()
                }
                return
            }
            let number = record.number - 1
            emitter.record()
            guard let auditData = columns.auditData, auditData < record.fieldCount else {
                try emitter.bad(
                    record: number, line: record.line,
                    ImportProblem(field: "AuditData", "missing: the record has \(record.fieldCount) fields, the header \(columns.fieldCount)"),
                    raw: record.joined(limit: 4096))
                return
            }
            try auditRecord(record.field(auditData), record: number, line: record.line) { record.joined(limit: 4096) }
        }, onDamage: { damage in
            emitter.record()
            try emitter.bad(record: damage.number - 1, line: damage.line, ImportProblem(damage.reason), raw: damage.raw)
        })
        var summary: ReadSummary
        var lastByte: UInt8?
        do {
            summary = try ChunkReader(path: readPath, name: file.name, readAhead: true).read { piece in
                switch piece {
                case .bytes(let bytes):
                    lastByte = bytes.last ?? lastByte
                    try reader.consume(bytes)
                case .cut: try reader.cut()
                }
            }
            try reader.finish()
        } catch is NotPurview {
            summary = ReadSummary(
                path: file.name, isGzip: false, compressedBytes: 0, decompressedBytes: 0, lines: reader.lines, blankLines: 0,
                oversizedLines: 0, gzipMembers: 0, sha256: "", damage: nil)
        }
        summary.lines = Self.lineCount(started: reader.lines, lastByte: lastByte)
        return summary
    }

    /// The last line's number, as `LogReader` counts: a final line end starts no new line.
    static func lineCount(started: Int, lastByte: UInt8?) -> Int {
        guard let lastByte else { return 0 }
        return lastByte == 0x0A ? started - 1 : started
    }

    /// One audit record's `AuditData` (from a CSV cell or a JSON record).
    private func auditRecord(_ bytes: UnsafeRawBufferPointer, record: Int, line: Int, raw: () -> [UInt8]) throws {
        do {
            switch try AuditDataReader.read(bytes) {
            case .participant(let participant):
                let facts = participant.meetingDetailID.flatMap { directory.meetings[$0] }
                try emitter.emit(try PurviewMapping.events(for: participant, meeting: facts), record: record, line: line)
            case .meeting(let meeting):
                if case .events(let ended) = try PurviewMapping.events(for: meeting) {
                    emitter.deferredEvents(ended, record: record, line: line)
                }
            case .other(let operation):
                try emitter.skipped(record: record, line: line, .otherOperation(operation))
            }
        } catch let problem as ImportProblem {
            try emitter.bad(record: record, line: line, problem, raw: raw())
        }
    }

    // MARK: JSON sources

    private func importJSON() throws -> ReadSummary {
        let stream = JSONRecordStream(onRecord: { slice in
            emitter.record()
            let raw = { Array(slice.bytes.prefix(4096)) }
            if file.kind == .auditJSON {
                try auditRecord(slice.bytes, record: slice.number, line: slice.line, raw: raw)
                return
            }
            do {
                let node: JSONNode
                do throws(LineProblem) {
                    node = try JSONNode.parse(slice.bytes)
                } catch {
                    throw ImportProblem.notJSON(nil, error)
                }
                try graphRecord(node, slice: slice, raw: raw)
            } catch let problem as ImportProblem {
                try emitter.bad(record: slice.number, line: slice.line, problem, raw: raw())
            }
        }, onDamage: { damage in
            emitter.record()
            try emitter.bad(record: damage.number, line: damage.line, ImportProblem(damage.reason), raw: damage.raw)
        })
        var lastByte: UInt8?
        var summary = try ChunkReader(path: readPath, name: file.name, readAhead: true).read { piece in
            switch piece {
            case .bytes(let bytes):
                lastByte = bytes.last ?? lastByte
                try stream.consume(bytes)
            case .cut: try stream.cut()
            }
        }
        try stream.finish()
        summary.lines = Self.lineCount(started: stream.line, lastByte: lastByte)
        return summary
    }

    private func graphRecord(_ node: JSONNode, slice: JSONRecordSlice, raw: () -> [UInt8]) throws {
        let (number, line) = (slice.number, slice.line)
        switch file.kind {
        case .graphCallRecords:
            let output = try CallRecordMapping.events(for: try CallRecord(json: node))
            try emitter.emit(output.result, record: number, line: line)
            for reason in output.skippedSessions { try emitter.skipped(record: number, line: line, reason) }
            for problem in output.sessionProblems { try emitter.bad(record: number, line: line, problem, raw: raw()) }
        case .attendanceReport:
            let report: AttendanceReport
            if node["attendanceIntervals"] != nil && node["attendanceRecords"] == nil {
                // A bare attendance record (`…/attendanceRecords` listing): its page names the report.
                report = AttendanceReport(
                    id: AttendanceReport.key(after: "attendanceReports", in: slice.context),
                    meetingID: AttendanceReport.key(after: "onlineMeetings", in: slice.context),
                    records: [AttendanceRecord(json: node)])
            } else {
                report = try AttendanceReport(json: node, context: slice.context)
            }
            let output = try AttendanceMapping.events(for: report)
            try emitter.emit(output.result, record: number, line: line)
            for reason in output.skippedRecords { try emitter.skipped(record: number, line: line, reason) }
            for problem in output.recordProblems { try emitter.bad(record: number, line: line, problem, raw: raw()) }
        case .onlineMeetings:
            let meeting = try OnlineMeeting(json: node)
            let matches = directory.meetings(link: meeting.joinWebUrl, thread: meeting.threadID, onlineMeetingID: meeting.id)
                .map { OnlineMeetingMapping.Match(meetingID: $0.id, facts: $0.facts) }
            try emitter.emit(
                try OnlineMeetingMapping.events(for: meeting, matches: matches, dayStart: directory.dayStart), record: number, line: line)
        case .joinLog, .purviewCSV, .auditJSON:
            break
        }
    }
}
