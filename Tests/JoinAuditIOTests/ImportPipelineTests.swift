import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// `SourceImport` end to end: organizers resolved across files in any order, skipped and bad
/// records counted with their positions, kinds detected or forced, gzip, join logs passed on.
@Suite("Import: pipeline")
struct ImportPipelineTests {
    static let participants = [
        AuditFixture.participant(id: "p-1", meeting: "md-1"),
        AuditFixture.participant(id: "p-2", meeting: "md-2", attendee: #"{"RecipientType":"Anonymous","DisplayName":"Visitor"}"#),
    ]
    static let details = [AuditFixture.meeting(id: "md-1", organizer: "u-ada"), AuditFixture.meeting(id: "md-2", organizer: "u-bob")]

    @Test("Organizers come from MeetingDetail records in any file, in any order", arguments: [false, true])
    func organizersAcrossFiles(detailsFirst: Bool) throws {
        let scratch = try ImportScratch()
        let joins = try scratch.write("joins.csv", AuditFixture.newerCSV(Self.participants))
        let meetings = try scratch.write("meetings.json", "[" + Self.details.joined(separator: ",") + "]")
        let run = try ImportRun.of(detailsFirst ? [meetings, joins] : [joins, meetings])
        #expect(run.bad.isEmpty)
        #expect(run.event("p-1")?.organizerID == "u-ada")
        #expect(run.event("p-2")?.organizerID == "u-bob")
        #expect(run.event("md-1:meeting_ended") != nil)
        #expect(run.files.map(\.kind) == (detailsFirst ? [.auditJSON, .purviewCSV] : [.purviewCSV, .auditJSON]))
    }

    @Test("A MeetingDetail record after its participants in the same file still names the organizer")
    func organizerLaterInFile() throws {
        let scratch = try ImportScratch()
        let file = try scratch.write("day.csv", AuditFixture.classicCSV(Self.participants + Self.details))
        let run = try ImportRun.of([file])
        #expect(run.event("p-1")?.organizerID == "u-ada")
        #expect(run.event("p-2")?.organizerID == "u-bob")
    }

    @Test("Without MeetingDetail records the organizer is unknown")
    func organizerUnknown() throws {
        let scratch = try ImportScratch()
        let run = try ImportRun.of([try scratch.write("joins.csv", AuditFixture.newerCSV(Self.participants))])
        #expect(run.event("p-1")?.organizerID == "unknown")
    }

    @Test("Skipped and bad records are counted, with file, record number, line and reason")
    func counting() throws {
        let scratch = try ImportScratch()
        let records = [
            AuditFixture.participant(id: "p-1"),
            AuditFixture.other(),
            AuditFixture.participant(id: "p-3", attendee: #"{"RecipientType":"Applications","UserObjectId":"bot"}"#),
            AuditFixture.participant(id: "p-4", ["JoinTime": nil]),
            AuditFixture.participant(id: "p-5", ["Attendees": "[]"]),
            AuditFixture.meeting(id: "md-1"),
        ]
        var text = AuditFixture.newerCSV(records, operations: ["MeetingParticipantDetail", "FileAccessed", "MeetingParticipantDetail", "MeetingParticipantDetail", "MeetingParticipantDetail", "MeetingDetail"])
        text += "id-x,11/24/2026,MicrosoftTeams,MeetingParticipantDetail,u,\"{\"\"Id\"\":\"\"cut"  // truncated last row
        let file = try scratch.write("day.csv", text)
        let run = try ImportRun.of([file])
        let summary = try #require(run.summary.files.first)
        #expect(summary.records == 7)
        #expect(summary.events == 3)  // p-1 join + left, md-1 meeting_ended
        #expect(summary.skipped == 2)
        #expect(summary.skippedByReason == ["other_operation": 1, "application": 1])
        #expect(summary.badRecords == 3)
        #expect(run.bad.map(\.position.record) == [4, 5, 7])
        #expect(run.bad.map(\.position.line) == [5, 6, 8])
        #expect(run.bad.map(\.field) == ["JoinTime", "Attendees", nil])
        #expect(run.bad[0].description == "\(file):5 (record 4): field \"JoinTime\": missing: when the participant joined")
        #expect(run.bad[2].reason.contains("truncated"))
        #expect(String(decoding: run.bad[0].raw, as: UTF8.self).hasPrefix("id-3,11/24/2026 4:05:03 AM,MicrosoftTeams,MeetingParticipantDetail,ada@contoso.com,{\"CreationTime\""))
        #expect(summary.read.lines == 8)
    }

    @Test("A record with fewer fields than the header's AuditData column is bad")
    func shortRow() throws {
        let scratch = try ImportScratch()
        let run = try ImportRun.of([try scratch.write("day.csv", AuditFixture.newerHeader + "\nid-1,x,y\n")])
        #expect(run.bad.map(\.field) == ["AuditData"])
    }

    @Test("Rows of other operations are skipped by the Operation column, even with broken JSON")
    func operationColumnPrefilter() throws {
        let scratch = try ImportScratch()
        let text = AuditFixture.newerHeader + "\nid-1,x,y,MailItemsAccessed,u,\"{not json\",,\n"
        let run = try ImportRun.of([try scratch.write("day.csv", text)])
        #expect(run.bad.isEmpty)
        #expect(run.skipped.map(\.reason) == [.otherOperation("MailItemsAccessed")])
    }

    @Test("A CSV without an AuditData column fails as a whole, when forced to be read as one")
    func notPurview() throws {
        let scratch = try ImportScratch()
        let file = try scratch.write("x.csv", "a,b\n1,2\n")
        #expect(try InputKindDetector.detect(path: file) == .joinLog)
        let run = try ImportRun.of([file], kind: .purviewCSV)
        #expect(run.summary.failures.count == 1)
        #expect(run.events.isEmpty)
    }

    @Test("gzip'd inputs, the embedded line break and the BOM of a Purview export")
    func gzip() throws {
        let scratch = try ImportScratch()
        let pretty = AuditFixture.participant(id: "p-1").replacingOccurrences(of: #","Attendees":"#, with: ",\r\n  \"Attendees\":")
        let csv = AuditFixture.newerCSV([pretty, AuditFixture.participant(id: "p-2")])
        let file = try scratch.write("day.csv.gz", GzipFixture.member(csv))
        let run = try ImportRun.of([file])
        #expect(run.bad.isEmpty)
        #expect(run.files.map(\.kind) == [.purviewCSV])
        #expect(run.events.filter { $0.0.type == .joinRequest }.map(\.1.line) == [2, 4])
        #expect(run.summary.files.first?.read.isGzip == true)
    }

    @Test("Online meetings find their meetings by chat thread or join link, and come at the start of the day")
    func onlineMeetings() throws {
        let scratch = try ImportScratch()
        let csv = try scratch.write("day.csv", AuditFixture.newerCSV(Self.participants + Self.details))
        let meetings = try scratch.write("meetings.json", #"""
            {"value":[
              {"id":"M1","chatInfo":{"threadId":"19:meeting_md-1@thread.v2"},"lobbyBypassSettings":{"scope":"organization","isDialInBypassEnabled":false}},
              {"id":"M2","joinWebUrl":"https://teams.microsoft.com/l/meetup-join/19:meeting_md-2@thread.v2/0?context=other","lobbyBypassSettings":{"scope":"invited"}},
              {"id":"M3","joinWebUrl":"https://elsewhere","lobbyBypassSettings":{"scope":"everyone"}}
            ]}
            """#)
        let run = try ImportRun.of([meetings, csv])
        let scheduled = run.eventList.filter { $0.type == .meetingScheduled }
        #expect(scheduled.map(\.meetingID) == ["md-1", "md-2"])
        #expect(scheduled.map(\.tsText) == ["2026-11-23T00:00:00Z", "2026-11-23T00:00:00Z"])
        #expect(scheduled.map(\.organizerID) == ["u-ada", "u-bob"])
        #expect(run.skipped.map(\.reason) == [.unmatchedMeeting])
    }

    @Test("Online meetings match Graph call records by join link")
    func onlineMeetingsAndCallRecords() throws {
        let run = try ImportRun.of([importSamplesDirectory + "/online-meetings.json", importSamplesDirectory + "/call-records.json"])
        let scheduled = run.eventList.filter { $0.type == .meetingScheduled }
        #expect(scheduled.count == 2)
        #expect(scheduled.allSatisfy { $0.meetingID.hasPrefix("https://teams.microsoft.com/") })
    }

    @Test("Join logs pass through: events and bad lines, numbered by line")
    func joinLog() throws {
        let scratch = try ImportScratch()
        let text = #"{"v":1,"id":"e1","ts":"2026-11-23T09:00:00Z","type":"left","tenant_id":"t","meeting_id":"m","participant_id":"p"}"# + "\n\nnot json\n"
        let run = try ImportRun.of([try scratch.write("log.jsonl", text)])
        #expect(run.files.map(\.kind) == [.joinLog])
        #expect(run.events.map(\.1.line) == [1])
        #expect(run.bad.map(\.position.line) == [3])
        #expect(run.bad.first?.reason.hasPrefix("not JSON") == true)
        #expect(run.bad.first?.description.contains("(record") == false)
    }

    @Test("Events of every source satisfy the join-log contract", arguments: [false, true])
    func contract(gzipped: Bool) throws {
        let scratch = try ImportScratch()
        var paths: [String] = []
        for name in ["purview-export.csv", "audit-records.json", "call-records.json", "online-meetings.json"] {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: importSamplesDirectory + "/" + name)))
            paths.append(try scratch.write(name + (gzipped ? ".gz" : ""), gzipped ? GzipFixture.member(String(decoding: bytes, as: UTF8.self)) : bytes))
        }
        let run = try ImportRun.of(paths)
        #expect(run.bad.isEmpty)
        for line in run.lines { _ = try JoinLogLineParser().parse(line) }
        // The same records as CSV and as JSON make the same events.
        let csv = run.events.filter { $0.1.fileIndex == 0 }.map(\.0)
        let json = run.events.filter { $0.1.fileIndex == 1 }.map(\.0)
        #expect(csv == json)
    }

    @Test("A path that does not exist is an error before anything is read")
    func missingFile() {
        #expect(throws: ReadError.self) { try ImportRun.of(["/nonexistent/day.csv"]) }
    }

    @Test("The join log written by JoinLogOutput reads back, gzip'd or plain", arguments: ["out.jsonl.gz", "out.jsonl"])
    func output(_ name: String) throws {
        let scratch = try ImportScratch()
        let run = try ImportRun.of([importSamplesDirectory + "/purview-export.csv"])
        let path = scratch.path + "/" + name
        let out = try JoinLogOutput(path: path)
        for (event, _) in run.events { try out.write(event) }
        try out.finish()
        let reread = try ImportRun.of([path])
        #expect(reread.files.map(\.kind) == [.joinLog])
        #expect(reread.eventList == run.eventList)
        #expect(reread.summary.files.first?.read.isGzip == name.hasSuffix(".gz"))
    }
}

@Suite("Import: meeting_ended last")
struct ImportMeetingEndedOrderTests {
    @Test("meeting_ended events come after every file's records, positioned at their own record")
    func deferred() throws {
        let scratch = try ImportScratch()
        let meetings = try scratch.write("meetings.json", "[" + AuditFixture.meeting(id: "md-1") + "]")
        let joins = try scratch.write("joins.csv", AuditFixture.newerCSV([AuditFixture.participant(id: "p-1", ["LeaveTime": #""2026-11-23T10:45:00""#])]))
        let run = try ImportRun.of([meetings, joins])
        #expect(run.events.map(\.0.id) == ["p-1", "p-1:left", "md-1:meeting_ended"])
        #expect(run.events.last?.1 == ImportPosition(fileIndex: 0, record: 1, line: 1))
        #expect(run.summary.files.map(\.events) == [1, 2])
    }
}
