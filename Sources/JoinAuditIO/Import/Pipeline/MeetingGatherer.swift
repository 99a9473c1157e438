import Glibc

/// The first pass over one file: only the facts of meetings, read as cheaply as possible.
/// Audit records other than `MeetingDetail` are recognised without parsing their JSON (by
/// the CSV's `Operation` column, or the absence of the word in the record's bytes); anything
/// unreadable is left for the second pass to report.
struct MeetingGatherer {
    let file: ImportFile
    let readPath: String

    func gatherAudit(into directory: inout MeetingDirectory) throws {
        var found: [MeetingDetailRecord] = []
        func consider(_ bytes: UnsafeRawBufferPointer) {
            guard Self.mentionsMeetingDetail(bytes), case .meeting(let detail)? = try? AuditDataReader.read(bytes) else { return }
            found.append(detail)
        }
        if file.kind == .purviewCSV {
            var header: PurviewCSVHeader?
            // Rows whose Operation column is not MeetingDetail are skipped by counting quotes.
            let reader = CSVRecordReader(decide: { record in
                guard let operation = header?.operation else { return true }
                guard operation < record.fieldCount else { return nil }
                return PurviewCSVHeader.isOperation(record.field(operation), "MeetingDetail")
            }, fastSkip: true, onRecord: { record in
                guard let columns = header else {
                    header = PurviewCSVHeader(record)
                    return
                }
                guard let auditData = columns.auditData, auditData < record.fieldCount else { return }
                consider(record.field(auditData))
            }, onDamage: { _ in })
            try firstPass(reader)
        } else {
            let stream = JSONRecordStream(onRecord: { consider($0.bytes) }, onDamage: { _ in })
            try firstPass(stream)
        }
        for detail in found { directory.add(detail) }
    }

    /// Call records (their join links) and attendance reports (their online meeting ids), for
    /// matching online meeting objects.
    func gatherGraph(into directory: inout MeetingDirectory) throws {
        var found: [(String, MeetingFacts)] = []
        let kind = file.kind
        let stream = JSONRecordStream(onRecord: { slice in
            guard let node = try? JSONNode.parse(slice.bytes) else { return }
            if kind == .graphCallRecords {
                guard let record = try? CallRecord(json: node), let link = record.joinWebUrl else { return }
                let start = (try? SourceTime.parseOptional(record.startDateTime, field: ""))??.0
                found.append((link, MeetingFacts(tenantID: record.organizer?.tenantID, organizerID: record.organizer?.id, start: start)))
            } else {
                guard let report = try? AttendanceReport(json: node, context: slice.context), let id = report.meetingID else { return }
                let organizer = report.records.first { $0.role?.lowercased() == "organizer" }
                let start = (try? SourceTime.parseOptional(report.meetingStartDateTime, field: ""))??.0
                found.append((id, MeetingFacts(tenantID: organizer?.tenantID, organizerID: organizer?.id, start: start)))
            }
        }, onDamage: { _ in })
        try firstPass(stream)
        for (id, facts) in found { directory.add(id, facts, link: kind == .graphCallRecords ? id : nil) }
    }

    /// Reads the file into `stream` without its SHA-256, which only the second pass records.
    private func firstPass(_ stream: some RecordStream) throws {
        var chunks = ChunkReader(path: readPath, name: file.name)
        chunks.fingerprints = false
        _ = try chunks.feed(stream)
    }

    /// Whether the bytes contain `MeetingDetail"` or `MeetingDetail\"` (the operation's value,
    /// not the `MeetingDetailId` key): a record without it is not a `MeetingDetail`.
    static func mentionsMeetingDetail(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let needle: StaticString = "MeetingDetail"
        let length = needle.utf8CodeUnitCount
        guard let base = bytes.baseAddress else { return false }
        var from = 0
        while from + length < bytes.count, let hit = memchr(base + from, Int32(UInt8(ascii: "M")), bytes.count - from - length) {
            let at = UnsafeRawPointer(hit) - base
            if memcmp(base + at, needle.utf8Start, length) == 0 {
                let next = bytes[at + length]
                if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") { return true }
            }
            from = at + 1
        }
        return false
    }
}
