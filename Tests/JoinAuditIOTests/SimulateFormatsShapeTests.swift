import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// What `simulate --format` writes looks like the sources it stands for, carries every
/// admission of the day and nothing else, and is detected as its kind.
@Suite("Simulate: source format shapes")
struct SimulateFormatsShapeTests {
    static let day: FormsOfADay = try! FormsOfADay(
        SimulationOptions(events: 4_000, seed: 7, violationRate: 0.02, noiseRate: 0.01), policy: DaySimulator.defaultPolicy())

    @Test func eachFormIsDetectedAsItsKind() throws {
        for format in SimulationFormat.allCases {
            #expect(try InputKindDetector.detect(path: Self.day.paths[format]!) == format.inputKind, "\(format.rawValue)")
        }
    }

    @Test func thePurviewExportHasTheNewerHeaderABOMAndCRLF() throws {
        let bytes = try Self.day.bytes(.purviewCSV)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix(PurviewRecordWriter.csvHeader + "\r\n"))
        // Every line ends with CRLF: line breaks inside names are escaped in the JSON. (Split
        // the bytes: a String takes "\r\n" for one character.)
        let lines = bytes.dropFirst(3).split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.last == "")
        #expect(lines.count > 100)
        for line in lines.dropLast() { #expect(line.utf8.last == 0x0D) }
        // AuditData is one quoted field with its quotes doubled, then the two empty admin-unit columns.
        let row = String(lines[1].dropLast())
        #expect(row.contains(",MicrosoftTeams,MeetingParticipantDetail,") || row.contains(",MicrosoftTeams,MeetingDetail,"))
        #expect(row.contains(#","{""CreationTime"":""#))
        #expect(row.hasSuffix(#"}",,"#))
    }

    @Test func theManagementAPIFormIsOneArrayOfRecords() throws {
        let records = try JSONSerialization.jsonObject(with: Data(Self.day.bytes(.ualJSON))) as! [[String: Any]]
        let result = Self.day.results[.ualJSON]!.sources!
        let participants = records.filter { $0["Operation"] as? String == "MeetingParticipantDetail" }
        let meetings = records.filter { $0["Operation"] as? String == "MeetingDetail" }
        #expect(participants.count == result.participantRecords)
        #expect(meetings.count == result.meetingRecords)
        #expect(records.count == participants.count + meetings.count)
        for record in participants {
            let attendee = (record["Attendees"] as! [[String: Any]])[0]
            let type = attendee["RecipientType"] as! String
            #expect(["User", "Anonymous", "Phone"].contains(type))
            #expect(record["JoinTime"] is String && record["MeetingDetailId"] is String && record["RecordType"] as? Int == 25)
            if type == "User" { #expect(attendee["UPN"] is String && attendee["UserObjectId"] is String && attendee["OrganizationId"] is String) }
            if type == "Anonymous" { #expect(attendee["UPN"] == nil && attendee["OrganizationId"] == nil) }
            if attendee["InviterInfo"] != nil { #expect(record["IsJoinedFromLobby"] as? Bool == true) }
        }
        for record in meetings {
            #expect((record["Organizer"] as? [String: Any])?["UserObjectId"] is String)
            #expect(record["ChatThreadId"] is String && record["StartTime"] is String)
        }
        // Written as people leave, not as they join: audit records come in no join order.
        let joins = participants.map { $0["JoinTime"] as! String }
        #expect(joins != joins.sorted())
        // ACS clients are recognisable by id and user agent.
        let acs = participants.filter { (($0["Attendees"] as! [[String: Any]])[0]["DisplayName"] as? String)?.hasPrefix("8:acs:") == true }
        #expect(!acs.isEmpty)
        for record in acs {
            let agent = (record["ExtraProperties"] as! [[String: Any]]).first { $0["Key"] as? String == "UserAgent" }?["Value"] as? String
            #expect(UserAgentClassifier.client(agent) == .acs)
        }
    }

    @Test func everyAdmissionAndNothingElseIsWritten() throws {
        let day = Self.day
        let facts = JoinLogFacts(day.events)
        let admissions = facts.admittedJoinRequests.count
        let lobby = facts.lobbyAdmissions.count
        for format in [SimulationFormat.purviewCSV, .ualJSON, .graph] {
            #expect(day.results[format]!.sources!.participantRecords == admissions, "\(format.rawValue)")
        }
        let records = try JSONSerialization.jsonObject(with: Data(day.bytes(.ualJSON))) as! [[String: Any]]
        #expect(records.filter { $0["IsJoinedFromLobby"] as? Bool == true }.count == lobby)
        // Anonymous people who never got in (refused, or left in the lobby) are in no source.
        var admitted: Set<String> = []
        var turnedAway: Set<String> = []
        for event in day.events {
            if case .joinRequest(let request) = event.body, request.identity == .anonymous {
                if facts.admittedJoinRequests.contains(event.id) { admitted.insert(request.participantID) } else { turnedAway.insert(request.participantID) }
            }
        }
        let never = turnedAway.subtracting(admitted)
        #expect(!never.isEmpty)
        let texts = try [SimulationFormat.ualJSON, .graph].map { String(decoding: try day.bytes($0), as: UTF8.self) }
        for id in never {
            for text in texts { #expect(!text.contains(id), "\(id) was never admitted") }
        }
        for id in admitted.prefix(20) {
            for text in texts { #expect(text.contains(id)) }
        }
    }

    @Test func callRecordsComeInLinkedPages() throws {
        let text = String(decoding: try Self.day.bytes(.graph), as: UTF8.self)
        let pages = text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(pages.count > 1)
        var records = 0
        var sessions = 0
        for (i, page) in pages.enumerated() {
            #expect((page["@odata.context"] as? String)?.contains("callRecords") == true)
            #expect((page["@odata.nextLink"] != nil) == (i < pages.count - 1))
            let values = page["value"] as! [[String: Any]]
            #expect(values.count <= GraphCallRecordWriter.pageSize && !values.isEmpty)
            records += values.count
            for record in values {
                #expect(record["type"] as? String == "groupCall")
                #expect((record["joinWebUrl"] as? String)?.hasPrefix("https://teams.microsoft.com/l/meetup-join/19%3ameeting_") == true)
                sessions += (record["sessions"] as! [Any]).count
            }
        }
        let summary = Self.day.results[.graph]!.sources!
        #expect(records == summary.meetingRecords)
        #expect(sessions == summary.participantRecords)
    }

    @Test func theSameDayGivesTheSameBytesInAStreamOfBoundedState() throws {
        let options = SimulationOptions(events: 20_000, seed: 5)
        var outputs: [[UInt8]] = []
        var summary = SourceWriteSummary()
        var simulated = SimulationSummary()
        for _ in 0..<2 {
            var bytes: [UInt8] = []
            let writer = SourceFormatWriter(format: .purviewCSV) { bytes.append(contentsOf: $0) }
            simulated = try DaySimulator(options: options).run { try writer.consume($0) }
            summary = try writer.finish()
            outputs.append(bytes)
        }
        #expect(outputs[0] == outputs[1])
        // Memory follows the meetings in progress, as the simulator's own does.
        #expect(summary.peakMeetingsHeld <= simulated.peakMeetingsInProgress + 10)
        #expect(summary.peakMeetingsHeld * 5 < summary.meetingRecords)
        #expect(summary.redeliveriesDropped == simulated.redeliveries)
    }

    @Test func gzipOutputIsDetectedThroughTheCompression() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in [SimulationFormat.purviewCSV, .ualJSON, .graph] {
            let path = dir.appendingPathComponent("day.\(format.fileExtension).gz").path
            let result = try SimulationOutput(path: path, format: format).write(DaySimulator(options: SimulationOptions(events: 500, seed: 2)))
            #expect(result.bytesWritten < result.uncompressedBytes)
            #expect(try InputKindDetector.detect(path: path) == format.inputKind)
        }
    }

    @Test func formatNamesAreTheCommandLines() {
        #expect(SimulationFormat.allCases.map(\.rawValue) == ["join-log", "purview-csv", "ual-json", "graph"])
    }
}
