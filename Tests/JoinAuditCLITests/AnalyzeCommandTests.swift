import Foundation
import Testing

/// `joinaudit analyze` and `replay`: the command line of findings-format.md.
@Suite("analyze")
struct AnalyzeCommandTests {
    @Test("the sample day gives its reviewed findings, every kind present (golden file)")
    func samplesGolden() throws {
        let result = try CLI.run(["analyze", "--policy", "samples/policy.json", "--format", "jsonl", "samples/day-2026-11-23.jsonl.gz"])
        #expect(result.status == 1)
        let golden = try String(contentsOfFile: CLI.fixture("samples-findings.jsonl"), encoding: .utf8)
        #expect(result.stdout == golden)
        let kinds = Set(result.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["kind"] as? String
        })
        #expect(kinds == ["unexpected_admit", "unexpected_lobby", "unexpected_denial", "blocked_client_attempt", "unverified_start", "app_violation"])
        #expect(result.stderr.contains("3 bad lines"))
    }

    @Test("exit status: 0 below --fail-on, 1 at or above it")
    func exitStatus() throws {
        let dir = try CLI.temporaryDirectory()
        let log = dir.appendingPathComponent("d.jsonl")
        // Only a low finding: an internal person held in the lobby.
        try Data((Lines.join("e1", 1, "u-ben", "internal", "lobby") + "\n").utf8).write(to: log)
        let policy = CLI.fixture("policy-strict.json")
        #expect(try CLI.run(["analyze", "--policy", policy, "--quiet", log.path]).status == 0)
        #expect(try CLI.run(["analyze", "--policy", policy, "--quiet", "--fail-on", "low", log.path]).status == 1)
        #expect(try CLI.run(["analyze", "--policy", policy, "--quiet", "--fail-on", "none", log.path]).status == 0)
    }

    @Test("a usage error exits 2")
    func usageError() throws {
        #expect(try CLI.run(["analyze", "--format", "pdf", "x.jsonl"]).status == 2)
        #expect(try CLI.run(["analyze", "x.jsonl"]).status == 2)
    }

    @Test("without --db the temporary database is removed; with --db it stays with findings linked to events")
    func database() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("kept.db")
        let result = try CLI.run(["analyze", "--policy", "samples/policy.json", "--db", db.path, "samples/day-2026-11-23.jsonl.gz"])
        #expect(result.status == 1)
        #expect(try CLI.sqlite(db, "SELECT count(*) FROM findings f JOIN events e ON e.seq = f.event_seq AND e.id = f.event_id") == "16")
        // Its own temporary directory, so that other tests' runs cannot be mistaken for leftovers.
        let scratch = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let temporary = try CLI.run(["analyze", "--policy", "samples/policy.json", "--quiet", "samples/day-2026-11-23.jsonl.gz"],
                                    environment: ["TMPDIR": scratch.path])
        #expect(temporary.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    @Test("a damaged gzip stream: findings of the complete lines are written, then exit 2 naming file and offset")
    func damagedGzip() throws {
        let dir = try CLI.temporaryDirectory()
        let lines = [Lines.join("e1", 1, "anon-1", "anonymous", "admitted")] + (2...1500).map { Lines.join("f\($0)", $0 % 60, "u\($0)", "internal", "admitted", meeting: "m-\($0)") }
        let whole = try CLI.gzip(lines.joined(separator: "\n") + "\n")
        let log = dir.appendingPathComponent("cut.jsonl.gz")
        try whole.prefix(whole.count / 2).write(to: log)
        let result = try CLI.run(["analyze", "--policy", CLI.fixture("policy-strict.json"), "--format", "jsonl", log.path])
        #expect(result.status == 2)
        #expect(result.triples.contains("unexpected_admit e1 lobby_required"))
        #expect(result.stderr.contains("gzip stream truncated at byte"))
    }

    @Test("replay under another policy replaces the findings")
    func replayWithAnotherPolicy() throws {
        let dir = try CLI.temporaryDirectory()
        let log = dir.appendingPathComponent("d.jsonl")
        try Data([
            Lines.join("e1", 1, "u-ada", "internal", "admitted", role: "organizer"),
            Lines.join("e2", 2, "anon-1", "anonymous", "admitted"),
        ].joined(separator: "\n").utf8).write(to: log)
        let db = dir.appendingPathComponent("d.db")
        let strict = try CLI.run(["analyze", "--policy", CLI.fixture("policy-strict.json"), "--db", db.path, "--quiet", log.path])
        #expect(strict.triples == ["unexpected_admit e2 lobby_required"])
        let open = try CLI.run(["replay", "--db", db.path, "--policy", CLI.fixture("policy-open.json"), "--quiet"])
        #expect(open.status == 0)
        #expect(open.triples.isEmpty)
        #expect(try CLI.sqlite(db, "SELECT count(*) FROM findings") == "0")
    }

    @Test("hostile display names reach the terminal escaped, never as raw control characters")
    func hostileNamesInText() throws {
        let dir = try CLI.temporaryDirectory()
        let log = dir.appendingPathComponent("d.jsonl")
        try Data((Lines.join("e1", 1, "anon-1", "anonymous", "admitted", name: "\u{1B}]0;pwned\u{07}\u{1B}[31mIT\r\n") + "\n").utf8).write(to: log)
        let result = try CLI.run(["analyze", "--policy", CLI.fixture("policy-strict.json"), "--format", "text", log.path])
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(!result.stdout.contains("\u{07}"))
        #expect(result.stdout.contains("\\e]0;pwned\\u{7}\\e[31mIT\\r\\n"))
    }
}

/// Policy file errors: exit 2 and one sentence naming the file, the policy, the key and the value.
@Suite("policy errors")
struct PolicyErrorTests {
    func analyze(_ policy: String) throws -> CLIResult {
        try CLI.run(["analyze", "--policy", CLI.fixture(policy), "samples/day-2026-11-23.jsonl.gz"])
    }

    @Test("a wrong type names file, policy, key and value")
    func wrongType() throws {
        let result = try analyze("policy-wrong-type.json")
        #expect(result.status == 2)
        #expect(result.stderr.contains("policy-wrong-type.json: in meeting policy ExternalEvents, key AllowPSTNUsersToBypassLobby has value \"yes\", but it must be true or false"))
    }

    @Test("an unknown AutoAdmittedUsers value lists the allowed ones")
    func unknownValue() throws {
        let result = try analyze("policy-unknown-value.json")
        #expect(result.status == 2)
        #expect(result.stderr.contains("key AutoAdmittedUsers has value \"EveryoneButBob\", which is not one of OrganizerOnly, InvitedUsers"))
    }

    @Test("an assignment to a policy that does not exist")
    func dangling() throws {
        let result = try analyze("policy-dangling.json")
        #expect(result.status == 2)
        #expect(result.stderr.contains("gives organizer u-ada the policy ExternalEvents, which no meeting policy defines"))
    }

    @Test("a file without Global says so")
    func missingGlobal() throws {
        let result = try analyze("policy-no-global.json")
        #expect(result.status == 2)
        #expect(result.stderr.contains("has no Global policy"))
    }
}
