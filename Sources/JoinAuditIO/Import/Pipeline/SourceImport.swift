import Glibc
import JoinAuditCore

/// The single entry point from input files to join-log events, whatever the source: join
/// logs, Purview CSV exports, audit records as JSON, Graph call records, attendance reports
/// and online meeting objects (sources.md). Each file's kind is detected from its first bytes
/// (gzip'd or not) unless `forcedKind` says it.
///
/// Two passes: the first reads only what is known of meetings (`MeetingDetail` records; and,
/// when online meeting objects are among the inputs, the join links of call records and the
/// meetings of attendance reports) into a `MeetingDirectory`, bounded by the number of
/// meetings; the second maps every record with those facts at hand, so organizers are
/// resolved whatever the order of records and files. Standard input, which cannot be read
/// twice, is first spooled to a temporary file (removed at the end). Join-log files need no
/// first pass. Importers never judge: the events go to the caller, in file order then record
/// order, each with its position; except `meeting_ended` events (from `MeetingDetail.EndTime`),
/// which are handed on after the last file's records, just before its `fileFinished`, so that
/// at the same instant they replay after the leaves they close. Their position still names
/// their own file and record, and their file's summary counts them.
public struct SourceImport {
    public var paths: [String]
    public var forcedKind: InputKind?

    /// `paths`: files, directories (their log files, by name) or `-` for standard input.
    public init(paths: [String], forcedKind: InputKind? = nil) {
        self.paths = paths
        self.forcedKind = forcedKind
    }

    /// Reads every input, handing each item to `body` as soon as it is made. Throws
    /// `ReadError` for an input that cannot be opened or read (gzip damage is not thrown: it
    /// is in the file's summary) and whatever `body` throws.
    public func run(_ body: (ImportedItem) throws -> Void) throws -> ImportSummary {
        let operands = try InputExpansion.expand(paths)
        var spool: StandardInputSpool?
        defer { spool?.remove() }
        var inputs: [(file: ImportFile, readPath: String)] = []
        for (index, name) in operands.enumerated() {
            var readPath = name
            if name == "-" {
                if spool == nil { spool = try StandardInputSpool() }
                readPath = spool!.path
            }
            let kind = try forcedKind ?? InputKindDetector.detect(path: readPath, name: name)
            inputs.append((ImportFile(index: index, name: name, kind: kind), readPath))
        }

        let directory = try gather(inputs)
        var summary = ImportSummary()
        let deferred = DeferredEvents()
        try withoutActuallyEscaping(body) { body in
            for (k, (file, readPath)) in inputs.enumerated() {
                try body(.fileStarted(file))
                let emitter = FileEmitter(file: file, deferred: deferred, body: body)
                let reader = FileImporter(file: file, readPath: readPath, emitter: emitter, directory: directory)
                emitter.summary.read = try reader.run()
                if k == inputs.count - 1 {
                    try deferred.forEach { event, position in try body(.event(event, position)) }
                }
                try body(.fileFinished(emitter.summary))
                summary.files.append(emitter.summary)
            }
        }
        return summary
    }

    /// The first pass: the facts of every meeting, from the inputs that carry them.
    private func gather(_ inputs: [(file: ImportFile, readPath: String)]) throws -> MeetingDirectory {
        var directory = MeetingDirectory()
        let kinds = Set(inputs.map(\.file.kind))
        let needsAudit = kinds.contains(.purviewCSV) || kinds.contains(.auditJSON)
        let needsGraph = kinds.contains(.onlineMeetings)
        guard needsAudit || needsGraph else { return directory }
        for (file, readPath) in inputs {
            switch file.kind {
            case .purviewCSV, .auditJSON:
                try MeetingGatherer(file: file, readPath: readPath).gatherAudit(into: &directory)
            case .graphCallRecords, .attendanceReport:
                if needsGraph { try MeetingGatherer(file: file, readPath: readPath).gatherGraph(into: &directory) }
            case .joinLog, .onlineMeetings:
                break
            }
        }
        return directory
    }
}

/// Standard input copied to a temporary file, so it can be read twice (detection, the first
/// pass, the second). The bytes are copied as they come (gzip stays gzip'd).
struct StandardInputSpool {
    let path: String

    init() throws {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/joinaudit-stdin-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ReadError.cannotOpen(path: "-", reason: "cannot spool standard input: " + ReadError.systemMessage(errno)) }
        defer { close(fd) }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let got = read(STDIN_FILENO, buffer.baseAddress, buffer.count)
            if got < 0 {
                if errno == EINTR { continue }
                let reason = ReadError.systemMessage(errno)
                unlink(path)
                throw ReadError.cannotRead(path: "-", offset: total, reason: reason)
            }
            if got == 0 { break }
            var written = 0
            while written < got {
                let w = write(fd, buffer.baseAddress! + written, got - written)
                if w < 0 {
                    if errno == EINTR { continue }
                    let reason = ReadError.systemMessage(errno)
                    unlink(path)
                    throw ReadError.cannotRead(path: "-", offset: total, reason: "cannot spool standard input: " + reason)
                }
                written += w
            }
            total += got
        }
    }

    func remove() { unlink(path) }
}
