/// What an input file holds, detected from its first bytes or given with `--input-format`.
/// The raw value is what the `files` table records.
public enum InputKind: String, Sendable, CaseIterable, Hashable {
    /// JoinAudit's own join log (log-format.md).
    case joinLog = "join_log"
    /// A Purview audit search export, or `Search-UnifiedAuditLog … | Export-Csv`: CSV whose
    /// `AuditData` column holds each record's JSON.
    case purviewCSV = "purview_csv"
    /// The same audit records as JSON: the Management Activity API's arrays, or
    /// `ConvertTo-Json` of `Search-UnifiedAuditLog` objects (whose `AuditData` is a string).
    case auditJSON = "audit_json"
    /// Microsoft Graph call records (`/communications/callRecords`).
    case graphCallRecords = "graph_call_records"
    /// Microsoft Graph meeting attendance reports.
    case attendanceReport = "attendance_report"
    /// Microsoft Graph online meeting objects: each meeting's own lobby options.
    case onlineMeetings = "online_meetings"

    /// Reads a `--input-format` / `--from` value: the raw value, with `-` for `_`, or a
    /// short name (`csv`, `purview`, `ual-json`, `graph`, `attendance`, `meetings`).
    public init?(argument: String) {
        let text = String(argument.lowercased().map { $0 == "-" ? "_" : $0 })
        if let kind = InputKind(rawValue: text) {
            self = kind
            return
        }
        switch text {
        case "jsonl", "join", "joinlog": self = .joinLog
        case "csv", "purview", "purview_audit": self = .purviewCSV
        case "ual_json", "audit", "management_api", "json": self = .auditJSON
        case "graph", "call_records", "callrecords": self = .graphCallRecords
        case "attendance", "attendance_reports": self = .attendanceReport
        case "meetings", "online_meeting", "onlinemeetings": self = .onlineMeetings
        default: return nil
        }
    }

    /// The spellings `--input-format` accepts, for help text.
    public static let argumentSpellings = allCases.map { String($0.rawValue.map { $0 == "_" ? "-" : $0 }) }
}
