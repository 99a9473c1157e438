import Foundation
import Testing

/// `joinaudit ingest`, end to end on real files, gzip and SQLite.
@Suite("ingest")
struct IngestCommandTests {
    let day = [
        Lines.join("e1", 1, "u-ada", "internal", "admitted", role: "organizer"),
        Lines.join("e2", 2, "anon-1", "anonymous", "lobby"),
        "{not json",
        Lines.join("e3", 3, "u-ben", "internal", "admitted"),
    ].joined(separator: "\n") + "\n"

    @Test("ingesting the same file twice stores each event once and counts the repeats as re-deliveries")
    func idempotent() throws {
        let dir = try CLI.temporaryDirectory()
        let log = dir.appendingPathComponent("day.jsonl.gz")
        try CLI.gzip(day).write(to: log)
        let db = dir.appendingPathComponent("day.db")
        let first = try CLI.run(["ingest", "--db", db.path, log.path])
        #expect(first.status == 0)
        let second = try CLI.run(["ingest", "--db", db.path, log.path])
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 new events, 3 re-deliveries"))
        #expect(try CLI.sqlite(db, "SELECT count(*) FROM events") == "3")
        #expect(try CLI.sqlite(db, "SELECT count(*) FROM redeliveries") == "3")
    }

    @Test("bad lines are listed with file, line and reason, and kept in bad_lines")
    func badLines() throws {
        let dir = try CLI.temporaryDirectory()
        let log = dir.appendingPathComponent("day.jsonl")
        try Data(day.utf8).write(to: log)
        let db = dir.appendingPathComponent("day.db")
        let result = try CLI.run(["ingest", "--db", db.path, log.path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("bad line: \(log.path):3: not JSON"))
        #expect(try CLI.sqlite(db, "SELECT line FROM bad_lines") == "3")
    }

    @Test("standard input, gzip'd or plain, is detected and read")
    func standardInput() throws {
        let dir = try CLI.temporaryDirectory()
        for (name, data) in [("plain", Data(day.utf8)), ("gzip", try CLI.gzip(day))] {
            let db = dir.appendingPathComponent("\(name).db")
            let result = try CLI.run(["ingest", "--quiet", "--db", db.path, "-"], stdin: data)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(try CLI.sqlite(db, "SELECT count(*) FROM events") == "3", "\(name)")
        }
    }

    @Test("a truncated gzip stream keeps every complete line, then fails naming the file and byte offset, exit 2")
    func truncatedGzip() throws {
        let dir = try CLI.temporaryDirectory()
        let many = (1...2000).map { Lines.join("t\($0)", $0 % 60, "p\($0)", "internal", "admitted") }.joined(separator: "\n") + "\n"
        let whole = try CLI.gzip(many)
        let log = dir.appendingPathComponent("cut.jsonl.gz")
        try whole.prefix(whole.count * 2 / 3).write(to: log)
        let db = dir.appendingPathComponent("cut.db")
        let result = try CLI.run(["ingest", "--db", db.path, log.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(log.path): gzip stream truncated at byte"))
        let stored = Int(try CLI.sqlite(db, "SELECT count(*) FROM events")) ?? 0
        #expect(stored > 100 && stored < 2000)
        // Every stored event is a complete line: ids are t1…tN with no gap.
        #expect(try CLI.sqlite(db, "SELECT max(line) FROM events") == String(stored))
        #expect(try CLI.sqlite(db, "SELECT status FROM files") == "damaged")
    }

    @Test("a directory is read as its log files in name order")
    func directory() throws {
        let dir = try CLI.temporaryDirectory()
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try Data((Lines.join("b1", 2, "u-b", "internal", "admitted") + "\n").utf8).write(to: logs.appendingPathComponent("b.jsonl"))
        try CLI.gzip(Lines.join("a1", 1, "u-a", "internal", "admitted") + "\n").write(to: logs.appendingPathComponent("a.jsonl.gz"))
        try Data("not a log".utf8).write(to: logs.appendingPathComponent("notes.txt"))
        let db = dir.appendingPathComponent("d.db")
        #expect(try CLI.run(["ingest", "--quiet", "--db", db.path, logs.path]).status == 0)
        #expect(try CLI.sqlite(db, "SELECT group_concat(id, ',') FROM (SELECT id FROM events ORDER BY seq)") == "a1,b1")
    }

    @Test("a missing file is an input error, exit 2")
    func missingFile() throws {
        let result = try CLI.run(["ingest", "--db", "/tmp/never-\(UUID().uuidString).db", "/nonexistent/day.jsonl.gz"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/day.jsonl.gz"))
    }
}
