/// Tells what kind of input a file is from its first bytes (after gunzip), so that `analyze`,
/// `ingest` and `import` take any of the sources without being told.
///
/// JSON inputs are told apart by the member names in the first 64 KiB (and a Graph page's
/// `@odata.context`): `type` with `meeting_id` is a join log; `AuditData`, `Operation`,
/// `RecordType`, `MeetingDetailId`… audit records; `attendanceRecords`, `attendanceIntervals`,
/// `meetingStartDateTime` an attendance report; `lobbyBypassSettings`, `chatInfo`,
/// `allowedPresenters` online meetings; `sessions`, `organizer_v2`, `participants_v2` call
/// records. Text that is not JSON is a Purview export when its header line names an
/// `AuditData` column. Anything else is read as a join log, whose bad lines are then reported
/// one by one, as before import existed.
public enum InputKindDetector {
    /// How much decompressed text is looked at. An online meeting object carries a long
    /// `joinInformation` before its `lobbyBypassSettings`, hence more than a few lines.
    public static let peekBytes = 64 * 1024

    /// Detects the kind of the file at `path` (gzip'd or not). `name` is how errors name it.
    public static func detect(path: String, name: String? = nil) throws -> InputKind {
        let head = try ChunkReader(path: path, name: name).peek(limit: peekBytes)
        return head.withUnsafeBytes { detect(head: $0) }
    }

    /// Detects the kind from the first bytes of the (decompressed) text.
    public static func detect(head: UnsafeRawBufferPointer) -> InputKind {
        var i = 0
        let n = head.count
        if n >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { i = 3 }
        while i < n, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0A || head[i] == 0x0D { i += 1 }
        guard i < n else { return .joinLog }
        if head[i] == UInt8(ascii: "{") || head[i] == UInt8(ascii: "[") {
            return detectJSON(UnsafeRawBufferPointer(rebasing: head[i...]))
        }
        return isPurviewHeader(UnsafeRawBufferPointer(rebasing: head[i...])) ? .purviewCSV : .joinLog
    }

    static let auditKeys: Set<String> = [
        "AuditData", "Operation", "Operations", "RecordType", "MeetingDetailId", "UserIds", "Workload", "UserKey",
    ]
    static let attendanceKeys: Set<String> = [
        "attendanceRecords", "attendanceIntervals", "meetingStartDateTime", "totalParticipantCount",
    ]
    static let onlineMeetingKeys: Set<String> = [
        "lobbyBypassSettings", "chatInfo", "allowedPresenters", "joinMeetingIdSettings", "isEntryExitAnnounced",
    ]
    static let callRecordKeys: Set<String> = ["sessions", "organizer_v2", "participants_v2", "segments"]

    private static func detectJSON(_ text: UnsafeRawBufferPointer) -> InputKind {
        let (keys, context) = memberNames(text)
        if keys.contains("type") && keys.contains("meeting_id") { return .joinLog }
        if let context {
            if context.contains("callRecords") { return .graphCallRecords }
            if context.contains("attendanceReports") || context.contains("attendanceRecords") { return .attendanceReport }
            if context.contains("onlineMeetings") { return .onlineMeetings }
        }
        if !keys.isDisjoint(with: auditKeys) { return .auditJSON }
        if !keys.isDisjoint(with: attendanceKeys) { return .attendanceReport }
        if !keys.isDisjoint(with: onlineMeetingKeys) { return .onlineMeetings }
        if !keys.isDisjoint(with: callRecordKeys) { return .graphCallRecords }
        if keys.contains("joinWebUrl") && keys.contains("modalities") { return .graphCallRecords }
        return .joinLog
    }

    /// The member names in (the start of) a JSON text, and the first `@odata.context` value.
    /// A string followed by `:` is a member name; the text may stop anywhere.
    static func memberNames(_ b: UnsafeRawBufferPointer) -> (Set<String>, String?) {
        var keys: Set<String> = []
        var context: String?
        var i = 0
        let n = b.count
        var lastString: (start: Int, end: Int)?
        var lastKey = ""
        var afterColon = false
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let start = i + 1
                var j = start
                while j < n, b[j] != UInt8(ascii: "\"") { j += b[j] == UInt8(ascii: "\\") ? 2 : 1 }
                guard j < n else { break }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<j]), as: UTF8.self)
                if afterColon && lastKey == "@odata.context" && context == nil { context = text }
                lastString = (start, j)
                afterColon = false
                i = j + 1
                continue
            }
            if c == UInt8(ascii: ":"), let string = lastString {
                lastKey = String(decoding: UnsafeRawBufferPointer(rebasing: b[string.start..<string.end]), as: UTF8.self)
                keys.insert(lastKey)
                afterColon = true
            } else if c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09 {
                lastString = nil
                if c != UInt8(ascii: ":") { afterColon = false }
            }
            i += 1
        }
        return (keys, context)
    }

    /// Whether the first line is a CSV header with an `AuditData` column (either header set
    /// of sources.md, quoted or not, in any case).
    static func isPurviewHeader(_ text: UnsafeRawBufferPointer) -> Bool {
        let end = text.firstIndex(of: 0x0A) ?? text.count
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: text[..<end]), as: UTF8.self)
        let names = line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.filter { $0 != "\"" && $0 != "\r" && $0 != " " }.lowercased()
        }
        return names.contains("auditdata")
    }
}
