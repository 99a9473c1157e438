import Foundation
import JoinAuditCore
import JoinAuditIO
import Testing

/// Import speed, measured when asked for (`IMPORT_PERF_RECORDS=100000 swift test -c release
/// -Xswiftc -enable-testing --filter ImportPerf`): a synthetic Purview export shaped like the
/// samples, imported (both passes, events handed to a counting sink), against the same day as
/// a join log read through the same entry point.
@Suite("ImportPerf", .enabled(if: ProcessInfo.processInfo.environment["IMPORT_PERF_RECORDS"] != nil))
struct ImportPerfTests {
    @Test func purviewCSVAgainstJoinLog() throws {
        let count = Int(ProcessInfo.processInfo.environment["IMPORT_PERF_RECORDS"] ?? "") ?? 100_000
        let scratch = try ImportScratch()
        let csvPath = scratch.path + "/day.csv"
        try Self.writeCSV(records: count, to: csvPath)
        let jsonlPath = scratch.path + "/day.jsonl"
        let out = try JoinLogOutput(path: jsonlPath)
        _ = try SourceImport(paths: [csvPath]).run { if case .event(let event, _) = $0 { try out.write(event) } }
        try out.finish()

        func best(_ path: String) throws -> (seconds: Double, events: Int, records: Int) {
            var result = (seconds: Double.infinity, events: 0, records: 0)
            for _ in 0..<3 {
                var events = 0
                let started = DispatchTime.now().uptimeNanoseconds
                let summary = try SourceImport(paths: [path]).run { if case .event = $0 { events += 1 } }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                if seconds < result.seconds { result = (seconds, events, summary.records) }
            }
            return result
        }
        let csv = try best(csvPath)
        let jsonl = try best(jsonlPath)
        let csvBytes = (try FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0
        print("IMPORTPERF purview_csv records=\(csv.records) events=\(csv.events) \(String(format: "%.3f", csv.seconds)) s "
            + "= \(Int(Double(csv.records) / csv.seconds)) records/s (\(Int(Double(csvBytes) / csv.seconds / 1e6)) MB/s)")
        print("IMPORTPERF join_log lines=\(jsonl.records) \(String(format: "%.3f", jsonl.seconds)) s = \(Int(Double(jsonl.records) / jsonl.seconds)) lines/s; "
            + "ratio \(String(format: "%.2f", csv.seconds / jsonl.seconds))")
        #expect(csv.events == jsonl.events)
    }

    /// `records` participant records over `records / 20` meetings (80% users, 10% anonymous,
    /// 10% phone; a fifth from the lobby), and the meetings' MeetingDetail records scattered
    /// among them: about 1.2 KB a record, as in the samples.
    static func writeCSV(records: Int, to path: String) throws {
        var rng = SystemRandomNumberGenerator()
        let meetings = max(1, records / 20)
        let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Teams/24165.1410.2974.6689/49 Chrome/120.0.0.0 Safari/537.36"
        let tenant = "d2a1b0c9-1111-4222-8333-444455556666"
        func hex() -> String { String(UInt64.random(in: 0...UInt64.max, using: &rng), radix: 16) + String(UInt64.random(in: 0...UInt64.max, using: &rng), radix: 16) }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text = "\u{FEFF}" + AuditFixture.newerHeader + "\r\n"
        text.reserveCapacity(records * 1300)
        let handle = try { () throws -> FileHandle in
            FileManager.default.createFile(atPath: path, contents: nil)
            return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }()
        defer { try? handle.close() }
        for i in 0..<records {
            let m = Int.random(in: 0..<meetings, using: &rng)
            let time = "2026-11-23T\(two(Int.random(in: 0..<24, using: &rng))):\(two(Int.random(in: 0..<60, using: &rng))):\(two(Int.random(in: 0..<60, using: &rng)))"
            let kind = Int.random(in: 0..<10, using: &rng)
            let attendee = kind < 8
                ? #"{"OrganizationId":"\#(tenant)","RecipientType":"User","UserObjectId":"\#(hex())","DisplayName":"User \#(i)","UPN":"user\#(i)@contoso.com","Role":"Attendee"}"#
                : kind == 8 ? #"{"RecipientType":"Anonymous","DisplayName":"Visitor \#(i)"}"# : #"{"RecipientType":"Phone","DisplayName":"+1 555 \#(i % 10000)"}"#
            let id = hex()
            let audit = #"{"CreationTime":"2026-11-24T04:05:03","Id":"\#(id)","Operation":"MeetingParticipantDetail","OrganizationId":"\#(tenant)","RecordType":25,"UserKey":"org-\#(m)","UserType":0,"Version":1,"Workload":"MicrosoftTeams","ClientIP":"10.\#(i % 256).\#(i / 256 % 256).7","UserId":"org\#(m)@contoso.com","Attendees":[\#(attendee)],"DeviceInformation":"Desktop","ExtraProperties":[{"Key":"UserAgent","Value":"\#(ua)"},{"Key":"Region","Value":"EMEA"}],"ItemName":"ScheduledMeeting","JoinTime":"\#(time).1234567","LeaveTime":"\#(time).9999999","MeetingDetailId":"md-\#(m)","ArtifactsShared":[],"IsJoinedFromLobby":\#(Int.random(in: 0..<5, using: &rng) == 0)}"#
            text += "\(id),11/24/2026 4:05:03 AM,MicrosoftTeams,MeetingParticipantDetail,org\(m)@contoso.com,\(AuditFixture.quoted(audit)),,\r\n"
            if i % 20 == 10 {
                let md = i / 20
                let detail = #"{"CreationTime":"2026-11-24T04:05:01","Id":"md-\#(md)","Operation":"MeetingDetail","OrganizationId":"\#(tenant)","RecordType":25,"UserKey":"org-\#(md)","ChatThreadId":"19:meeting_\#(md)@thread.v2","StartTime":"2026-11-23T00:00:00","EndTime":"2026-11-23T23:59:59.9999999","MeetingURL":"https://teams.microsoft.com/l/meetup-join/19%3ameeting_\#(md)%40thread.v2/0","Organizer":{"UserObjectId":"org-\#(md)","UPN":"org\#(md)@contoso.com","OrganizationId":"\#(tenant)"}}"#
                text += "mdrec-\(md),11/24/2026 4:05:03 AM,MicrosoftTeams,MeetingDetail,org\(md)@contoso.com,\(AuditFixture.quoted(detail)),,\r\n"
            }
            if text.utf8.count > 1 << 22 {
                handle.write(Data(text.utf8))
                text.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(text.utf8))
    }
}
