import Foundation
import Testing

/// `joinaudit whatif` on the sample day under the stricter samples/policy-proposed.json.
@Suite("whatif command")
struct WhatIfCommandTests {
    /// Every join the proposed policy decides differently (reviewed by hand: u-ada's anonymous
    /// visitors are refused now that Global turns anonymous join off; u-erin's town-hall
    /// visitors and caller wait in the lobby now that ExternalEvents no longer lets everyone
    /// bypass it), and the one session whose unverified start is no longer allowed.
    static let changedJoins: Set<String> = [
        "evt-00201 lobby rejected", "evt-00156 lobby rejected", "evt-00159 lobby rejected", "evt-00206 admitted rejected",
        "evt-00168 admitted lobby", "evt-00169 admitted lobby", "evt-00170 admitted lobby", "evt-00172 admitted lobby",
        "evt-00173 admitted lobby", "evt-00174 admitted lobby", "evt-00175 admitted lobby", "evt-00176 admitted lobby",
        "evt-00177 admitted lobby",
    ]

    func sampleDatabase() throws -> URL {
        let db = try CLI.temporaryDirectory().appendingPathComponent("day.db")
        #expect(try CLI.run(["ingest", "--db", db.path, "--quiet", "samples/day-2026-11-23.jsonl.gz"]).status == 0)
        return db
    }

    @Test("the sample day under the stricter policy: exactly the reviewed joins and sessions change")
    func exactChanges() throws {
        let db = try sampleDatabase()
        let result = try CLI.run(["whatif", "--db", db.path, "--policy", "samples/policy.json", "--proposed", "samples/policy-proposed.json", "--format", "json"])
        #expect(result.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let groups = try #require(root["join_groups"] as? [[String: Any]])
        let joins = groups.flatMap { $0["joins"] as! [[String: Any]] }
        #expect(Set(joins.map { "\($0["event_id"]!) \($0["current_expected"]!) \($0["proposed_expected"]!)" }) == Self.changedJoins)
        #expect(groups.map { "\($0["organizer_id"]!) \($0["rule"]!)" } == ["u-ada organizer_anonymous_join_off", "u-erin lobby_required"])
        let sessions = try #require(root["sessions"] as? [[String: Any]])
        #expect(sessions.map { "\($0["event_id"]!) \($0["meeting_id"]!) \($0["current_rule"]!) \($0["proposed_rule"]!)" }
                == ["evt-00168 m-townhall start_allowed start_not_allowed"])
        let counts = try #require(root["counts"] as? [String: Int])
        #expect(counts["joins_changed"] == 13 && counts["joins_stricter"] == 13 && counts["sessions_changed"] == 1 && counts["unverified_starts"] == 2)
        #expect(joins.contains { $0["display_name"] as? String == "\u{1B}[31mIT Support\u{1B}[0m" })
    }

    @Test("text and Markdown: the summary line, hostile display names escaped, no raw escape character")
    func textAndMarkdown() throws {
        let db = try sampleDatabase()
        let text = try CLI.run(["whatif", "--db", db.path, "--policy", "samples/policy.json", "--proposed", "samples/policy-proposed.json"])
        #expect(text.stdout.contains("101 join requests, 13 decided differently (13 stricter, 0 looser); 2 sessions started unverified, 1 judged differently\n"))
        #expect(text.stdout.contains("anon-n1 \"\\e[31mIT Support\\e[0m\""))
        #expect(!text.stdout.contains("\u{1B}"))
        let markdown = try CLI.run(["whatif", "--db", db.path, "--policy", "samples/policy.json", "--proposed", "samples/policy-proposed.json", "--format", "markdown"])
        #expect(markdown.stdout.contains("## Organizer u\\-erin: now `lobby_required` (9)\n"))
        #expect(markdown.stdout.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"))
        #expect(!markdown.stdout.contains("<script>"))
    }

    @Test("without --policy: the policy of the database's last analyze or replay; none recorded is an input error (exit 2)")
    func recordedPolicy() throws {
        let db = try sampleDatabase()
        let none = try CLI.run(["whatif", "--db", db.path, "--proposed", "samples/policy-proposed.json"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no run judged these events with a policy yet; give --policy"))
        #expect(try CLI.run(["replay", "--db", db.path, "--policy", "samples/policy.json", "--quiet"]).status == 1)
        let recorded = try CLI.run(["whatif", "--db", db.path, "--proposed", "samples/policy-proposed.json"])
        #expect(recorded.status == 0)
        #expect(recorded.stderr.contains("current policy: samples/policy.json (as the database's last analyze or replay kept it)"))
        #expect(recorded.stdout.contains("13 decided differently"))
    }

    @Test("the same policy as proposed changes nothing; a missing database or --proposed is exit 2")
    func nothingAndErrors() throws {
        let db = try sampleDatabase()
        let same = try CLI.run(["whatif", "--db", db.path, "--policy", "samples/policy.json", "--proposed", "samples/policy.json"])
        #expect(same.stdout.contains("0 decided differently (0 stricter, 0 looser); 2 sessions started unverified, 0 judged differently"))
        #expect(try CLI.run(["whatif", "--db", "no-such.db", "--policy", "samples/policy.json", "--proposed", "samples/policy.json"]).status == 2)
        #expect(try CLI.run(["whatif", "--db", db.path, "--policy", "samples/policy.json"]).status == 2)
    }
}
