import Foundation
import Testing

@Suite("query: the hunting queries of queries/, through joinaudit and the sqlite3 shell")
struct QueryCommandTests {
    static var queryNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("queries").path)) ?? [])
            .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test("queries/ holds at least eight queries, each with a header comment")
    func library() throws {
        #expect(Self.queryNames.count >= 8)
        for name in Self.queryNames {
            let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("queries/\(name).sql"), encoding: .utf8)
            #expect(text.hasPrefix("-- "), "\(name) has no header comment")
            #expect(text.contains("Why it matters"), "\(name) does not say why it matters")
            #expect(text.contains("Parameters"), "\(name) does not list its parameters")
        }
    }

    @Test("--list shows every query with its first comment line")
    func list() throws {
        let result = try CLI.run(["query", "--list"])
        #expect(result.status == 0)
        for name in Self.queryNames { #expect(result.stdout.contains(name + " ")) }
        #expect(result.stdout.contains("Source addresses with repeated blocked-client attempts."))
        #expect(result.stdout.contains(":min_attempts"))
    }

    @Test("every query runs through joinaudit in each format, and as it is in the sqlite3 shell", arguments: queryNames)
    func runs(_ name: String) throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory())
        for format in ["text", "csv", "json"] {
            let result = try CLI.run(["query", name, "--db", db.path, "--format", format])
            #expect(result.status == 0, "\(name) \(format): \(result.stderr)")
        }
        let json = try CLI.run(["query", name, "--db", db.path, "--format", "json"])
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [Any])
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = ["-readonly", "-bail", db.path, ".read \(CLI.packageRoot.appendingPathComponent("queries/\(name).sql").path)"]
        let err = Pipe()
        sqlite.standardError = err
        sqlite.standardOutput = FileHandle.nullDevice
        try sqlite.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0 && message.isEmpty, "sqlite3 shell: \(name): \(message)")
    }

    static func rows(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try CLI.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test("the samples' answers: blocked addresses, unverified sessions, joins outside the schedule, non-presenter admissions, one-way trust")
    func sampleAnswers() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory()).path
        let blocked = try Self.rows(["query", "repeated-blocked-client-attempts", "--db", db])
        #expect(blocked.map { $0["client_ip"] as? String } == ["198.51.100.23"])
        #expect(blocked.first?["attempts"] as? Int == 3)
        #expect(try Self.rows(["query", "repeated-blocked-client-attempts", "--db", db, "--param", "min_attempts=4"]).isEmpty)
        let sessions = try Self.rows(["query", "long-unverified-sessions", "--db", db])
        #expect(sessions.map { $0["meeting_id"] as? String } == ["m-design-review", "m-townhall"])
        #expect(try Self.rows(["query", "long-unverified-sessions", "--db", db, "--param", "min_seconds=1000"]).count == 1)
        let outside = try Self.rows(["query", "anonymous-joins-outside-schedule", "--db", db])
        #expect(outside.map { "\($0["meeting_id"] ?? "") \($0["anonymous_joins_outside"] ?? "")" } == ["m-townhall 2", "m-design-review 1"])
        let admissions = try Self.rows(["query", "lobby-admissions-by-non-presenters", "--db", db])
        #expect(admissions.map { "\($0["admitted_by"] ?? "") \($0["admitter_role"] ?? "")" } == ["u-ben attendee"])
        let oneWay = try Self.rows(["query", "one-way-trust-participants", "--db", db])
        #expect(oneWay.map { $0["participant_id"] as? String } == ["x-tail-sam"])
        #expect(try Self.rows(["query", "one-way-trust-participants", "--db", db, "--param", "home_tenant=t-other"]).isEmpty)
        let organizers = try Self.rows(["query", "organizers-unverified-starts", "--db", db])
        #expect(organizers.map { $0["organizer_id"] as? String } == ["u-ada", "u-erin"])
    }

    @Test("an unknown query, an unknown parameter and a malformed --param are exit 2 with the reason")
    func errors() throws {
        let db = try ReportFixture.database(in: try CLI.temporaryDirectory()).path
        let unknown = try CLI.run(["query", "no-such-query", "--db", db])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no query no-such-query"))
        let parameter = try CLI.run(["query", "long-unverified-sessions", "--db", db, "--param", "bogus=1"])
        #expect(parameter.status == 2)
        #expect(parameter.stderr.contains("has no parameter bogus; it takes min_seconds"))
        let malformed = try CLI.run(["query", "long-unverified-sessions", "--db", db, "--param", "min_seconds"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("key=value"))
    }

    @Test("a query that would write is refused, and the database is opened read-only")
    func readOnly() throws {
        let dir = try CLI.temporaryDirectory()
        let db = try ReportFixture.database(in: dir).path
        let sql = dir.appendingPathComponent("wipe.sql")
        try "-- Deletes the findings.\nDELETE FROM findings;\n".write(to: sql, atomically: true, encoding: .utf8)
        let result = try CLI.run(["query", sql.path, "--db", db])
        #expect(result.status == 2)
        #expect(result.stderr.contains("would change the database"))
        #expect(try CLI.sqlite(URL(fileURLWithPath: db), "SELECT count(*) FROM findings") == "16")
    }
}
