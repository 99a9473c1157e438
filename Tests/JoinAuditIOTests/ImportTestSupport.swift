import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// What an import run handed back, gathered for a test to look at.
struct ImportRun {
    var files: [ImportFile] = []
    var events: [(Event, ImportPosition)] = []
    var bad: [BadRecord] = []
    var skipped: [SkippedRecord] = []
    var summary = ImportSummary()

    var eventList: [Event] { events.map(\.0) }

    /// The events' lines as `joinaudit import` writes them.
    var lines: [String] { events.map { JoinLogWriter.line($0.0) } }

    func event(_ id: String) -> Event? { events.first { $0.0.id == id }?.0 }

    func joinRequest(_ id: String) -> JoinRequest? {
        guard case .joinRequest(let request)? = event(id)?.body else { return nil }
        return request
    }

    static func of(_ paths: [String], kind: InputKind? = nil) throws -> ImportRun {
        var run = ImportRun()
        run.summary = try SourceImport(paths: paths, forcedKind: kind).run { item in
            switch item {
            case .fileStarted(let file): run.files.append(file)
            case .event(let event, let position): run.events.append((event, position))
            case .badRecord(let bad): run.bad.append(bad)
            case .skipped(let skip): run.skipped.append(skip)
            case .fileFinished: break
            }
        }
        return run
    }
}

/// Builds audit records and the files that carry them, so each test shows what it reads.
enum AuditFixture {
    static let tenant = "t-contoso"

    /// A `MeetingParticipantDetail` record's AuditData as JSON, with `extra` members replacing
    /// or adding to the defaults (a value of `nil` removes the member).
    static func participant(
        id: String = "rec-1", meeting: String = "md-1", attendee: String = #"{"RecipientType":"User","UserObjectId":"u-ben","DisplayName":"Ben","UPN":"ben@contoso.com","OrganizationId":"t-contoso"}"#,
        _ extra: [String: String?] = [:]
    ) -> String {
        object([
            ("CreationTime", #""2026-11-24T04:05:03""#), ("Id", json(id)), ("Operation", #""MeetingParticipantDetail""#),
            ("OrganizationId", json(tenant)), ("RecordType", "25"), ("UserKey", #""u-ada""#), ("UserId", #""ada@contoso.com""#),
            ("Workload", #""MicrosoftTeams""#), ("ClientIP", #""198.51.100.4""#), ("Attendees", "[\(attendee)]"),
            ("ExtraProperties", #"[{"Key":"UserAgent","Value":"Mozilla/5.0 Teams/1.6.00"}]"#),
            ("JoinTime", #""2026-11-23T10:04:05.1234567Z""#), ("LeaveTime", #""2026-11-23T10:30:00Z""#),
            ("MeetingDetailId", json(meeting)),
        ], extra)
    }

    /// A `MeetingDetail` record's AuditData.
    static func meeting(id: String = "md-1", organizer: String = "u-ada", _ extra: [String: String?] = [:]) -> String {
        object([
            ("CreationTime", #""2026-11-24T04:05:01""#), ("Id", json(id)), ("Operation", #""MeetingDetail""#),
            ("OrganizationId", json(tenant)), ("RecordType", "25"), ("UserKey", json(organizer)),
            ("ChatThreadId", #""19:meeting_\#(id)@thread.v2""#), ("StartTime", #""2026-11-23T10:00:00""#),
            ("EndTime", #""2026-11-23T10:45:00""#),
            ("MeetingURL", #""https://teams.microsoft.com/l/meetup-join/19%3ameeting_\#(id)%40thread.v2/0?context=x""#),
            ("Organizer", #"{"UserObjectId":"\#(organizer)","UPN":"\#(organizer.dropFirst(2))@contoso.com","OrganizationId":"t-contoso"}"#),
        ], extra)
    }

    static func other(id: String = "rec-9", operation: String = "FileAccessed") -> String {
        object([("Id", json(id)), ("Operation", json(operation)), ("OrganizationId", json(tenant)), ("Workload", #""SharePoint""#)], [:])
    }

    /// `text` as a JSON string literal.
    static func json(_ text: String) -> String {
        var out: [UInt8] = []
        JoinLogWriter.appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func object(_ members: [(String, String)], _ extra: [String: String?]) -> String {
        var out: [(String, String)] = []
        for (key, value) in members {
            if let replaced = extra[key] {
                if let replaced { out.append((key, replaced)) }
            } else {
                out.append((key, value))
            }
        }
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) where !members.contains(where: { $0.0 == key }) {
            if let value { out.append((key, value)) }
        }
        return "{" + out.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A CSV field: quoted, quotes doubled.
    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static let newerHeader = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames"
    static let classicHeader = "CreationDate,UserIds,Operations,AuditData"

    /// A Purview export (newer header set) of the records, with a BOM and CRLF line ends.
    static func newerCSV(_ records: [String], operations: [String]? = nil) -> String {
        var rows = ["\u{FEFF}" + newerHeader]
        for (k, record) in records.enumerated() {
            let operation = operations?[k] ?? operationOf(record)
            rows.append("id-\(k),11/24/2026 4:05:03 AM,MicrosoftTeams,\(operation),ada@contoso.com,\(quoted(record)),,")
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// A classic export (`CreationDate,UserIds,Operations,AuditData`), no BOM, LF line ends.
    static func classicCSV(_ records: [String]) -> String {
        var rows = [classicHeader]
        for record in records {
            rows.append("2026-11-24T04:05:03.0000000Z,ada@contoso.com,\(operationOf(record)),\(quoted(record))")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    static func operationOf(_ record: String) -> String {
        if record.contains(#""Operation":"MeetingParticipantDetail""#) { return "MeetingParticipantDetail" }
        if record.contains(#""Operation":"MeetingDetail""#) { return "MeetingDetail" }
        return "FileAccessed"
    }
}

/// A scratch directory for import tests (the read tests' helper).
typealias ImportScratch = ReadScratchDirectory

/// The repository's samples/sources directory.
let importSamplesDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("samples/sources").path
}()
