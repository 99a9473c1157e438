import Foundation
import Testing

@testable import JoinAuditIO

/// Each input's kind from its first bytes, gzip'd or not; anything unrecognised is read as a
/// join log (whose bad lines are then reported, as before).
@Suite("Import: input detection")
struct ImportDetectionTests {
    static let samples: [(String, InputKind)] = [
        (#"{"v":1,"id":"e1","ts":"2026-11-23T09:00:00Z","type":"left","tenant_id":"t","meeting_id":"m","participant_id":"p"}"# + "\n", .joinLog),
        ("\u{FEFF}" + AuditFixture.newerHeader + "\r\nr1,x,y,MeetingDetail,u,\"{}\",,\r\n", .purviewCSV),
        (AuditFixture.classicHeader + "\n", .purviewCSV),
        ("\"CreationDate\",\"UserIds\",\"Operations\",\"AuditData\"\n", .purviewCSV),
        ("[\n  " + AuditFixture.participant() + "\n]\n", .auditJSON),
        (AuditFixture.participant() + "\n" + AuditFixture.meeting() + "\n", .auditJSON),
        (#"[{"RecordType":25,"CreationDate":"\/Date(1763870703000)\/","UserIds":"ada@contoso.com","Operations":"MeetingDetail","AuditData":"{\"Id\":\"md-1\"}"}]"#, .auditJSON),
        (#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords/$entity","id":"c1","type":"groupCall"}"#, .graphCallRecords),
        (#"{"value":[{"id":"c1","version":1,"type":"groupCall","modalities":["audio"],"joinWebUrl":"https://x","organizer_v2":{}}]}"#, .graphCallRecords),
        (#"[{"id":"c1","joinWebUrl":"https://x","modalities":["audio"]}]"#, .graphCallRecords),
        (#"{"id":"r1","totalParticipantCount":2,"meetingStartDateTime":"2026-11-23T10:00:00Z","attendanceRecords":[]}"#, .attendanceReport),
        (#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('u')/onlineMeetings('M1')/attendanceReports('r1')/attendanceRecords","value":[]}"#, .attendanceReport),
        (#"{"value":[{"id":"M1","joinWebUrl":"https://x","joinInformation":{"content":""# + String(repeating: "x", count: 20_000) + #""},"lobbyBypassSettings":{"scope":"organization"}}]}"#, .onlineMeetings),
        (#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('u')/onlineMeetings","value":[{"id":"M1"}]}"#, .onlineMeetings),
        ("", .joinLog),
        ("hello, world\n", .joinLog),
        (#"{"foo":1}"#, .joinLog),
    ]

    @Test("Every kind, plain and gzip'd", arguments: samples.indices)
    func detects(_ index: Int) throws {
        let (text, kind) = Self.samples[index]
        let scratch = try ImportScratch()
        let plain = try scratch.write("input", text)
        #expect(try InputKindDetector.detect(path: plain) == kind, "\(text.prefix(80))")
        let gzipped = try scratch.write("input.gz", GzipFixture.member(text))
        #expect(try InputKindDetector.detect(path: gzipped) == kind, "\(text.prefix(80))")
    }

    @Test func samplesAreDetected() throws {
        let expected: [String: InputKind] = [
            "purview-export.csv": .purviewCSV, "audit-records.json": .auditJSON, "call-records.json": .graphCallRecords,
            "online-meetings.json": .onlineMeetings,
        ]
        for (name, kind) in expected {
            #expect(try InputKindDetector.detect(path: importSamplesDirectory + "/" + name) == kind, "\(name)")
        }
    }

    @Test func aMissingFileIsAReadError() {
        #expect(throws: ReadError.self) { try InputKindDetector.detect(path: "/nonexistent/file.csv") }
    }

    @Test("--input-format spellings")
    func spellings() {
        for kind in InputKind.allCases {
            #expect(InputKind(argument: kind.rawValue) == kind)
            #expect(InputKind(argument: kind.rawValue.replacingOccurrences(of: "_", with: "-")) == kind)
        }
        #expect(InputKind(argument: "Purview-CSV") == .purviewCSV)
        #expect(InputKind(argument: "ual-json") == .auditJSON)
        #expect(InputKind(argument: "graph") == .graphCallRecords)
        #expect(InputKind(argument: "attendance") == .attendanceReport)
        #expect(InputKind(argument: "xml") == nil)
    }
}
