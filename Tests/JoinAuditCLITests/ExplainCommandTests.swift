import Foundation
import Testing

@Suite("explain: one event, the settings in force, the decision step by step")
struct ExplainCommandTests {
    @Test("an admitted anonymous person with no verified participant: the trace ends at AllowAnonymousUsersToStartMeeting")
    func unverifiedStart() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["explain", "evt-00201", "--db", db.path])
        #expect(result.status == 0)
        let text = result.stdout
        #expect(text.contains("Event evt-00201: join_request at 2026-11-23T02:31:05Z, read from samples/day-2026-11-23.jsonl.gz:2"))
        #expect(text.contains("Settings in force (meeting policy Global, policy file samples/policy.json)"))
        #expect(text.contains("session = none: nobody is in the meeting"))
        #expect(text.contains("this event is outside the scheduled window"))
        #expect(text.contains("8. AllowAnonymousUsersToStartMeeting = false"))
        #expect(text.contains("=> expected lobby [verified_required]"))
        #expect(text.contains("Findings for this event: 2"))
        #expect(text.contains("high unverified_start [start_not_allowed]"))
    }

    @Test("a lobby admission by an attendee: the admitter and the unverified_actor rule")
    func lobbyAdmission() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["explain", "evt-00160", "--db", db.path, "--format", "json"])
        #expect(result.status == 0)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(o["type"] as? String == "lobby_admitted")
        #expect((o["decision"] as? [String: Any])?["rule"] as? String == "lobby_required")
        let steps = try #require(o["further_steps"] as? [[String: Any]])
        #expect(steps.contains { $0["setting"] as? String == "actor_id" && ($0["meaning"] as? String)?.contains("attendee") == true })
        #expect((o["findings"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["unverified_actor"])
    }

    @Test("--policy judges the event under another policy than the stored one")
    func otherPolicy() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        let result = try CLI.run(["explain", "evt-00201", "--db", db.path, "--policy", CLI.fixture("policy-open.json"), "--format", "json"])
        #expect(result.status == 0)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((o["policy_file"] as? String)?.hasSuffix("policy-open.json") == true)
    }

    @Test("an unknown event id, and a database never judged without --policy, are exit 2")
    func errors() throws {
        let dir = try CLI.temporaryDirectory()
        let db = try ReportFixture.database(in: dir)
        let unknown = try CLI.run(["explain", "no-such-event", "--db", db.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no event with id no-such-event"))
        let ingested = dir.appendingPathComponent("ingested.db")
        #expect(try CLI.run(["ingest", "--db", ingested.path, "--quiet", ReportFixture.samplesDay]).status == 0)
        let noPolicy = try CLI.run(["explain", "evt-00201", "--db", ingested.path])
        #expect(noPolicy.status == 2)
        #expect(noPolicy.stderr.contains("give --policy"))
    }
}
