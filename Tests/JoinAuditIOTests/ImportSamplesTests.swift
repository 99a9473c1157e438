import Foundation
import JoinAuditCore
import Testing

@testable import JoinAuditIO

/// samples/sources: every source imports to valid join-log lines, with the stories the
/// samples' README tells.
@Suite("Import: samples")
struct ImportSamplesTests {
    static func sample(_ name: String) -> String { importSamplesDirectory + "/" + name }

    @Test("Every sample imports to lines the join-log parser accepts, unchanged",
          arguments: ["purview-export.csv", "audit-records.json", "call-records.json"])
    func samplesAreValidJoinLogs(_ name: String) throws {
        let run = try ImportRun.of([Self.sample(name), Self.sample("online-meetings.json")])
        #expect(run.bad.isEmpty, "\(run.bad.map(\.description))")
        #expect(!run.events.isEmpty)
        let parser = JoinLogLineParser()
        for (event, _) in run.events {
            let line = JoinLogWriter.line(event)
            #expect(try parser.parse(line) == event, "\(line)")
        }
    }

    @Test func purviewExport() throws {
        let run = try ImportRun.of([Self.sample("purview-export.csv")])
        #expect(run.files.map(\.kind) == [.purviewCSV])
        let file = try #require(run.summary.files.first)
        #expect(file.records == 15)
        #expect(file.skippedByReason == ["other_operation": 1, "application": 1])
        #expect(file.badRecords == 0)
        for line in run.lines { print(line) }
    }
}

/// The samples judged as `analyze` would (events in the order the pipeline stores them,
/// replayed by instant then reading order) under samples/policy.json: the stories of
/// samples/sources/README.md.
@Suite("Import: samples judged")
struct ImportSamplesJudgedTests {
    struct Judged: Equatable, Hashable, CustomStringConvertible {
        var kind: String
        var eventID: String
        var rule: String
        var description: String { "\(kind) \(eventID) \(rule)" }
    }

    static func judge(_ names: [String]) throws -> (findings: Set<Judged>, problems: [String: Int]) {
        let run = try ImportRun.of(names.map { importSamplesDirectory + "/" + $0 })
        let policy = try PolicyFileLoader.load(path: importSamplesDirectory + "/../policy.json")
        var logged = run.events.enumerated().map { k, item in
            LoggedEvent(seq: Int64(k + 1), source: SourceLocation(fileID: item.1.fileIndex + 1, line: item.1.line), event: item.0)
        }
        logged.sort { ($0.event.ts, $0.seq) < ($1.event.ts, $1.seq) }
        var replay = Replay(policies: PolicyHistory([policy]))
        var out = ReplayOutput()
        for event in logged { replay.process(event, into: &out) }
        replay.finish(into: &out)
        var problems: [String: Int] = [:]
        for problem in out.problems { problems[problem.kind.rawValue, default: 0] += 1 }
        return (Set(out.findings.map { Judged(kind: $0.kind.rawValue, eventID: $0.eventID, rule: $0.rule.rawValue) }), problems)
    }

    static let night = "6f1c2a10-0000-4000-8000-000000000101"
    static let bobAnonymous = "6f1c2a10-0000-4000-8000-000000000202"
    static let dialIn = "6f1c2a10-0000-4000-8000-000000000302"
    static let acs = "6f1c2a10-0000-4000-8000-000000000403"

    @Test("Purview export: the night start, Bob's anonymous guest, the ACS client; with online meetings, the dial-in")
    func purview() throws {
        for name in ["purview-export.csv", "audit-records.json"] {
            let alone = try Self.judge([name])
            #expect(alone.findings == [
                Judged(kind: "unexpected_admit", eventID: Self.night, rule: "verified_required"),
                Judged(kind: "unverified_start", eventID: Self.night, rule: "start_not_allowed"),
                Judged(kind: "unexpected_admit", eventID: Self.bobAnonymous + ":lobby_admitted", rule: "organizer_anonymous_join_off"),
                Judged(kind: "unexpected_admit", eventID: Self.acs, rule: "client_blocked"),
                Judged(kind: "blocked_client_attempt", eventID: Self.acs, rule: "client_blocked"),
            ], "\(name)")
            #expect(alone.problems["left_not_present"] == nil, "\(name): \(alone.problems)")
            #expect(alone.problems["organizer_unknown"] == nil)

            let withOptions = try Self.judge([name, "online-meetings.json"])
            #expect(withOptions.findings == alone.findings.union([
                Judged(kind: "unexpected_admit", eventID: Self.dialIn, rule: "lobby_required"),
            ]), "\(name)")
        }
    }

    @Test("Graph call records: the night start and the ACS client; with online meetings, the dial-in")
    func graph() throws {
        let night = "c0ffee00-0000-4000-8000-000000000001:s-0001-1"
        let acs = "c0ffee00-0000-4000-8000-000000000004:s-0004-3"
        let alone = try Self.judge(["call-records.json"])
        #expect(alone.findings == [
            Judged(kind: "unexpected_admit", eventID: night, rule: "verified_required"),
            Judged(kind: "unverified_start", eventID: night, rule: "start_not_allowed"),
            Judged(kind: "unexpected_admit", eventID: acs, rule: "client_blocked"),
            Judged(kind: "blocked_client_attempt", eventID: acs, rule: "client_blocked"),
        ])
        let withOptions = try Self.judge(["call-records.json", "online-meetings.json"])
        #expect(withOptions.findings == alone.findings.union([
            Judged(kind: "unexpected_admit", eventID: "c0ffee00-0000-4000-8000-000000000003:s-0003-2", rule: "lobby_required"),
        ]))
    }
}
