/// The form `joinaudit simulate` writes its day in: the join log itself, or the records that
/// Microsoft's sources would hold of the same day (sources.md), which the importers read back.
public enum SimulationFormat: String, Sendable, CaseIterable, Equatable {
    /// JSON Lines in log-format.md (the default).
    case joinLog = "join-log"
    /// A Purview audit search export (newer header set, UTF-8 BOM, CRLF): one
    /// `MeetingParticipantDetail` row per admission and one `MeetingDetail` row per session.
    case purviewCSV = "purview-csv"
    /// The same audit records as the Office 365 Management Activity API returns them: one JSON
    /// array of records (each record is the `AuditData` object itself).
    case ualJSON = "ual-json"
    /// Graph call records, `{"@odata.context": …, "value": […]}` pages: one call record per
    /// meeting session, one session per admission.
    case graph

    /// The input kind the importers detect for a file in this format.
    public var inputKind: InputKind {
        switch self {
        case .joinLog: .joinLog
        case .purviewCSV: .purviewCSV
        case .ualJSON: .auditJSON
        case .graph: .graphCallRecords
        }
    }

    /// A file extension that suits the format (before any `.gz`).
    public var fileExtension: String {
        switch self {
        case .joinLog: "jsonl"
        case .purviewCSV: "csv"
        case .ualJSON, .graph: "json"
        }
    }
}

/// What a source-format writer wrote, and what of the day it could not carry.
public struct SourceWriteSummary: Sendable, Equatable {
    /// `MeetingParticipantDetail` records, or call-record sessions: one per admission.
    public var participantRecords = 0
    /// `MeetingDetail` records, or call records: one per meeting session with an admission.
    public var meetingRecords = 0
    /// Join requests that never got anyone in (refused, or left in the lobby): not in the source.
    public var joinsNotAdmitted = 0
    /// Events that have no counterpart in the source: app actions, scheduling, lobby removals.
    public var eventsNotCarried = 0
    /// Re-delivered join-log lines dropped, and `left` events for nobody present ignored.
    public var redeliveriesDropped = 0
    public var orphansIgnored = 0
    /// Admissions still in the meeting when the day stopped: written without a leave time.
    public var stillPresentAtEnd = 0
    /// Most meetings held at once (memory follows this, not the day).
    public var peakMeetingsHeld = 0

    public init() {}

    /// Records written: participant and meeting records (for Graph: sessions and call records).
    public var records: Int { participantRecords + meetingRecords }
}
