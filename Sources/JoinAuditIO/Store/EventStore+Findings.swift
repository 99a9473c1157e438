import JoinAuditCore

/// A stored finding and the path of the file its event was read from, for reports that link
/// each finding to its evidence.
public struct FindingRecord: Sendable, Equatable {
    public var finding: Finding
    /// `nil` only if the `files` row is missing (a database edited by hand).
    public var sourcePath: String?

    public init(finding: Finding, sourcePath: String?) {
        self.finding = finding
        self.sourcePath = sourcePath
    }
}

extension EventStore {
    /// The findings table's columns, in bind (1-based) and read (0-based) order.
    private static let findingColumns = [
        "kind", "rule", "severity", "severity_rank", "event_seq", "event_id", "ts", "ts_ns", "tenant_id",
        "meeting_id", "organizer_id", "policy", "participant_id", "identity", "logged_identity", "client",
        "expected", "actual", "reason", "file_id", "line", "actor_id", "app_id", "action", "client_ip",
        "display_name", "unverified_seconds", "unverified_participants", "outside_schedule", "unverified_ended_by",
    ]

    static let insertFindingSQL =
        "INSERT INTO findings (\(findingColumns.joined(separator: ", "))) VALUES (\((1...findingColumns.count).map { "?\($0)" }.joined(separator: ", ")))"

    static let insertProblemSQL =
        "INSERT INTO data_quality (kind, event_seq, event_id, meeting_id, participant_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

    /// Starts a new set of findings: deletes the stored findings and data-quality problems, in a
    /// transaction (opened if none is) that `commit()` ends.
    public func beginFindings() throws {
        try ensureTransaction()
        try database.execute("DELETE FROM findings; DELETE FROM data_quality;")
    }

    /// Stores one finding. A second finding with the same (`kind`, `eventID`) is refused with a
    /// ``StoreError`` whose `isConstraintViolation` is true. Opens a transaction if none is open.
    public func insert(_ finding: Finding) throws {
        try ensureTransaction()
        let s = try persistentStatement(&insertFindingStatement, Self.insertFindingSQL)
        s.clearBindings()
        s.bind(finding.kind.rawValue, at: 1)
        s.bind(finding.rule.rawValue, at: 2)
        s.bind(finding.severity.rawValue, at: 3)
        s.bind(finding.severity.rank, at: 4)
        s.bind(finding.eventSeq, at: 5)
        s.bind(finding.eventID, at: 6)
        s.bind(finding.tsText, at: 7)
        s.bind(finding.ts.nanoseconds, at: 8)
        s.bind(finding.tenantID, at: 9)
        s.bind(finding.meetingID, at: 10)
        s.bind(finding.organizerID, at: 11)
        s.bind(finding.policy, at: 12)
        s.bind(finding.participantID, at: 13)
        s.bind(finding.identity?.rawValue, at: 14)
        s.bind(finding.loggedIdentity?.rawValue, at: 15)
        s.bind(finding.client?.rawValue, at: 16)
        s.bind(finding.expected?.rawValue, at: 17)
        s.bind(finding.actual?.rawValue, at: 18)
        s.bind(finding.reason, at: 19)
        s.bind(finding.source.fileID, at: 20)
        s.bind(finding.source.line, at: 21)
        s.bind(finding.actorID, at: 22)
        s.bind(finding.appID, at: 23)
        s.bind(finding.action?.rawValue, at: 24)
        s.bind(finding.clientIP, at: 25)
        s.bind(finding.displayName, at: 26)
        let detail = finding.unverifiedStart
        s.bind(detail?.unverifiedSeconds, at: 27)
        s.bind(detail?.unverifiedParticipants, at: 28)
        s.bind(detail?.outsideSchedule, at: 29)
        s.bind(detail?.endedBy.rawValue, at: 30)
        defer { s.reset() }
        try s.step()
    }

    /// Stores one data-quality problem. Opens a transaction if none is open.
    public func insert(_ problem: DataQualityProblem) throws {
        try ensureTransaction()
        let s = try persistentStatement(&insertProblemStatement, Self.insertProblemSQL)
        s.clearBindings()
        s.bind(problem.kind.rawValue, at: 1)
        s.bind(problem.eventSeq, at: 2)
        s.bind(problem.eventID, at: 3)
        s.bind(problem.meetingID, at: 4)
        s.bind(problem.participantID, at: 5)
        s.bind(problem.detail, at: 6)
        defer { s.reset() }
        try s.step()
    }

    /// Replaces every stored finding and problem with these, in one transaction.
    public func replaceFindings(_ findings: some Sequence<Finding>, problems: some Sequence<DataQualityProblem>) throws {
        try database.transaction {
            try beginFindings()
            for finding in findings { try insert(finding) }
            for problem in problems { try insert(problem) }
        }
    }

    /// The orders findings are read in.
    public enum FindingOrder: Sendable {
        /// By instant, then reading order, then kind: the contract's order.
        case event
        /// Most severe first, then event order: what a person reads first.
        case severity
    }

    /// Calls `body` with every stored finding, in event order unless told otherwise.
    public func forEachFinding(orderedBy order: FindingOrder = .event, kinds: [FindingKind]? = nil, _ body: (FindingRecord) throws -> Void) throws {
        let select = try database.prepare(Self.findingsSQL(orderedBy: order, kinds: kinds))
        let pathColumn = Int32(Self.findingColumns.count)
        while try select.step() {
            try body(FindingRecord(finding: try decodeFinding(select), sourcePath: select.string(at: pathColumn)))
        }
    }

    /// The findings and their files' paths. In event order it walks `findings_by_event`.
    static func findingsSQL(orderedBy order: FindingOrder, kinds: [FindingKind]?) -> String {
        let columns = findingColumns.map { "x.\($0)" }.joined(separator: ", ")
        let orderBy = order == .event ? "x.ts_ns, x.event_seq, x.kind" : "x.severity_rank DESC, x.ts_ns, x.event_seq, x.kind"
        // Kind names come from the enum, never from input: safe to spell into the SQL.
        let filter = kinds.map { " WHERE x.kind IN (" + $0.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")" } ?? ""
        return """
            SELECT \(columns), f.path
            FROM findings AS x LEFT JOIN files AS f ON f.file_id = x.file_id\(filter)
            ORDER BY \(orderBy)
            """
    }

    private func decodeFinding(_ s: SQLiteStatement) throws -> Finding {
        let seq = s.int64(at: 4)
        func text(_ i: Int32) -> String? { s.string(at: i) }
        func required<T: RawRepresentable>(_ i: Int32, as _: T.Type) throws -> T where T.RawValue == String {
            let raw = text(i)
            guard let raw, let value = T(rawValue: raw) else { throw unreadable(i, raw) }
            return value
        }
        func optional<T: RawRepresentable>(_ i: Int32, as _: T.Type) throws -> T? where T.RawValue == String {
            guard let raw = text(i) else { return nil }
            guard let value = T(rawValue: raw) else { throw unreadable(i, raw) }
            return value
        }
        func unreadable(_ i: Int32, _ raw: String?) -> StoreError {
            database.record(.unreadableRow(path: path, table: "findings", key: seq, column: Self.findingColumns[Int(i)], value: raw ?? "NULL"))
        }

        // `Finding` is built from the event it is about; rebuild that much of the event, then
        // set every property from its column.
        let ts = Timestamp(nanoseconds: s.int64(at: 7))
        let source = SourceLocation(fileID: s.int(at: 19), line: s.int(at: 20))
        let logged = LoggedEvent(seq: seq, source: source, event: Event(
            id: text(5) ?? "", ts: ts, tsText: text(6) ?? "", tenantID: text(8) ?? "", meetingID: text(9) ?? "",
            organizerID: text(10), body: .meetingEnded))
        var finding = Finding(
            kind: try required(0, as: FindingKind.self), rule: try required(1, as: RuleName.self),
            severity: try required(2, as: Severity.self), logged: logged, policy: text(11) ?? "", reason: text(18) ?? "")
        finding.participantID = text(12)
        finding.identity = try optional(13, as: EffectiveIdentity.self)
        finding.loggedIdentity = try optional(14, as: LoggedIdentity.self)
        finding.client = try optional(15, as: Client.self)
        finding.expected = try optional(16, as: Outcome.self)
        finding.actual = try optional(17, as: Outcome.self)
        finding.actorID = text(21)
        finding.appID = text(22)
        finding.action = try optional(23, as: AppAction.self)
        finding.clientIP = text(24)
        finding.displayName = text(25)
        if let endedBy = try optional(29, as: UnverifiedStretchEnd.self) {
            finding.unverifiedStart = UnverifiedStartDetail(
                unverifiedSeconds: s.double(at: 26), unverifiedParticipants: s.int(at: 27),
                outsideSchedule: s.bool(at: 28), endedBy: endedBy)
        }
        return finding
    }

    /// Calls `body` with every stored data-quality problem, by event then kind.
    public func forEachDataQualityProblem(_ body: (DataQualityProblem) throws -> Void) throws {
        let select = try database.prepare("""
            SELECT kind, event_seq, event_id, meeting_id, participant_id, detail
            FROM data_quality ORDER BY event_seq, kind, rowid
            """)
        while try select.step() {
            let seq = select.int64(at: 1)
            let kindText = select.string(at: 0) ?? "NULL"
            guard let kind = DataQualityKind(rawValue: kindText) else {
                throw database.record(.unreadableRow(path: path, table: "data_quality", key: seq, column: "kind", value: kindText))
            }
            let logged = LoggedEvent(seq: seq, source: SourceLocation(fileID: 0, line: 0), event: Event(
                id: select.string(at: 2) ?? "", ts: Timestamp(nanoseconds: 0), tenantID: "",
                meetingID: select.string(at: 3) ?? "", body: .meetingEnded))
            var problem = DataQualityProblem(kind: kind, logged: logged, detail: select.string(at: 5) ?? "")
            problem.participantID = select.string(at: 4)
            try body(problem)
        }
    }
}
