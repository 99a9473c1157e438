import Foundation
import Glibc
import Testing

/// `joinaudit ingest` and `analyze` killed with SIGKILL at random moments, then run again: the
/// database is never corrupt, and the re-run ends with exactly what a clean run stores
/// (docs/reliability.md, "Crash safety"). And a reader during an ingest sees only whole files.
@Suite("crash safety", .serialized)
struct CrashSafetyTests {
    /// Four inputs covering what a re-run must redo or recognise: gzip in several members with
    /// bad lines, a file re-delivering part of another, a plain file, a truncated gzip file
    /// (exit 2, `damaged`), and the first file named twice in the command.
    static func inputs(in dir: URL) throws -> [String] {
        func lines(_ prefix: String, _ range: ClosedRange<Int>, badEvery: Int = 0) -> String {
            range.map { n in
                badEvery > 0 && n % badEvery == 0
                    ? "{\"id\":\"\(prefix)\(n)\",\"ts\":\"not a time\"}"
                    : Lines.join("\(prefix)\(n)", n % 60, "p\(n % 97)", n % 5 == 0 ? "anonymous" : "internal", n % 7 == 0 ? "lobby" : "admitted",
                                 meeting: "m-\(n % 13)")
            }.joined(separator: "\n") + "\n"
        }
        let a = dir.appendingPathComponent("a.jsonl.gz")
        try (CLI.gzip(lines("a", 1...1500, badEvery: 250)) + CLI.gzip(lines("a", 1501...3000, badEvery: 250))).write(to: a)
        let b = dir.appendingPathComponent("b.jsonl.gz")
        try CLI.gzip(lines("a", 2901...3000) + lines("b", 1...2500)).write(to: b)
        let c = dir.appendingPathComponent("c.jsonl")
        try Data(lines("c", 1...2000, badEvery: 400).utf8).write(to: c)
        let d = dir.appendingPathComponent("d.jsonl.gz")
        let whole = try CLI.gzip(lines("d", 1...2000))
        try whole.prefix(whole.count / 2).write(to: d)
        return [a.path, b.path, c.path, d.path, a.path]
    }

    /// Everything a load decides, in a stable order, without run ids and wall-clock times.
    static func dump(_ db: URL) throws -> String {
        try CLI.sqlite(db, """
            SELECT 'file', file_id, path, input_kind, size_bytes, sha256, lines, events, bad_lines, redeliveries, status, damage
              FROM files ORDER BY file_id;
            SELECT 'event', * FROM events ORDER BY seq;
            SELECT 'bad', file_id, line, field, reason, quote(raw) FROM bad_lines ORDER BY file_id, line;
            SELECT 'redelivery', * FROM redeliveries ORDER BY file_id, line;
            SELECT 'finding', * FROM findings ORDER BY event_seq, kind;
            SELECT 'quality', * FROM data_quality ORDER BY event_seq, kind, detail;
            SELECT 'pending', count(*) FROM pending_load;
            SELECT 'index', name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name;
            """)
    }

    /// The rows only one of two dumps has, a few of each, for a failure message.
    static func difference(_ found: String, _ expected: String) -> String {
        let a = found.split(separator: "\n"), b = expected.split(separator: "\n")
        let onlyFound = a.filter { !b.contains($0) }.prefix(5), onlyExpected = b.filter { !a.contains($0) }.prefix(5)
        return "only after the kill: \(onlyFound.joined(separator: "\n"))\nonly in the clean run: \(onlyExpected.joined(separator: "\n"))"
    }

    /// Starts `joinaudit` and returns it without waiting.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("killed with SIGKILL at random moments and run again: integrity ok, and the same database as a clean run")
    func killAndRerunConverges() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let logs = try Self.inputs(in: dir)
        let policy = CLI.fixture("policy-strict.json")

        let clean = dir.appendingPathComponent("clean.db")
        let started = Date()
        let cleanRun = try CLI.run(["ingest", "--quiet", "--db", clean.path] + logs)
        let duration = Date().timeIntervalSince(started)
        #expect(cleanRun.status == 2, "the truncated file makes it exit 2: \(cleanRun.stderr)")
        #expect(try CLI.run(["replay", "--db", clean.path, "--policy", policy]).status != 2)
        let expected = try Self.dump(clean)
        #expect(expected.contains("|d.jsonl.gz|") || expected.contains("d.jsonl.gz"))

        var generator = SystemRandomNumberGenerator()
        var killedAt: [Double] = []
        var finishedBeforeKill = 0
        // Kills come within this many seconds. The clean run is timed while other tests run
        // beside it, so a later run can be faster: after one that finished before its kill,
        // the next kills come sooner.
        var horizon = max(0.05, duration * 0.9)
        for attempt in 1...3 {
            let db = dir.appendingPathComponent("killed-\(attempt).db")
            // Killed once or twice before the run that is left to finish.
            var finished = false
            for _ in 0..<(attempt == 2 ? 2 : 1) where !finished {
                let process = try Self.start(["ingest", "--quiet", "--db", db.path] + logs)
                // Most of a run's time is the load (process start and the closing output are short).
                let delay = Double.random(in: 0.02...horizon, using: &generator)
                killedAt.append(delay)
                usleep(useconds_t(delay * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                if FileManager.default.fileExists(atPath: db.path) {
                    #expect(try CLI.sqlite(db, "PRAGMA integrity_check") == "ok", "after a kill at \(delay) s")
                    // Killed after its last commit, which records the run's end: nothing to resume.
                    finished = try CLI.sqlite(db, "SELECT finished_at IS NOT NULL FROM runs ORDER BY run_id DESC LIMIT 1") == "1"
                }
            }
            if finished {
                finishedBeforeKill += 1
                horizon = max(0.05, (killedAt.last ?? horizon) / 2)
            } else {
                let rerun = try CLI.run(["ingest", "--quiet", "--db", db.path] + logs)
                #expect(rerun.status == 2, "\(rerun.stderr)")
                #expect(try CLI.sqlite(db, "PRAGMA integrity_check") == "ok")
            }
            #expect(try CLI.run(["replay", "--db", db.path, "--policy", policy]).status != 2)
            let found = try Self.dump(db)
            #expect(found == expected, """
                kills at \(killedAt) s (clean run \(duration) s): the database differs from a clean run's:
                \(Self.difference(found, expected))
                """)
        }
        #expect(finishedBeforeKill < 3, "no kill came before the end of the run: \(killedAt)")
    }

    @Test("analyze killed at random moments and run again: the same database and the same findings printed as a clean run")
    func analyzeKillAndRerunConverges() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let logs = try Self.inputs(in: dir)
        let policy = CLI.fixture("policy-strict.json")
        // A clean analyze judges while it streams: it numbers only new events and leaves
        // events_by_id for later. A resumed one loads like ingest (re-deliveries take a `seq`
        // before they are removed) and builds the index. So events are compared by where they
        // were read, not by `seq`; everything else exactly.
        func columns(_ db: URL, _ table: String, without: String) throws -> String {
            try CLI.sqlite(db, "SELECT group_concat(name, ', ') FROM pragma_table_info('\(table)') WHERE name != '\(without)'")
        }
        func dump(_ db: URL) throws -> String {
            let events = try columns(db, "events", without: "seq"), findings = try columns(db, "findings", without: "event_seq")
            let quality = try columns(db, "data_quality", without: "event_seq")
            return try CLI.sqlite(db, """
                SELECT 'file', file_id, path, input_kind, size_bytes, sha256, lines, events, bad_lines, redeliveries, status, damage
                  FROM files ORDER BY file_id;
                SELECT 'event', \(events) FROM events ORDER BY file_id, line;
                SELECT 'bad', file_id, line, field, reason, quote(raw) FROM bad_lines ORDER BY file_id, line;
                SELECT 'redelivery', r.event_id, r.file_id, r.line, e.file_id, e.line
                  FROM redeliveries AS r LEFT JOIN events AS e ON e.seq = r.first_seq ORDER BY r.file_id, r.line;
                SELECT 'finding', \(findings) FROM findings ORDER BY event_id, kind;
                SELECT 'quality', \(quality) FROM data_quality ORDER BY event_id, kind, detail;
                SELECT 'pending', count(*) FROM pending_load;
                """)
        }
        let clean = dir.appendingPathComponent("clean.db")
        let started = Date()
        let cleanRun = try CLI.run(["analyze", "--quiet", "--db", clean.path, "--policy", policy] + logs)
        let duration = Date().timeIntervalSince(started)
        #expect(cleanRun.status == 2)
        let expected = try dump(clean)
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...2 {
            let db = dir.appendingPathComponent("killed-analyze-\(attempt).db")
            let process = try Self.start(["analyze", "--quiet", "--db", db.path, "--policy", policy] + logs)
            // One kill while loading, one late: after the load, while judging and printing.
            let range = attempt == 1 ? 0.02...max(0.05, duration * 0.5) : duration * 0.5...max(duration * 0.5 + 0.01, duration * 0.95)
            let delay = Double.random(in: range, using: &generator)
            usleep(useconds_t(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            var finished = false
            if FileManager.default.fileExists(atPath: db.path) {
                #expect(try CLI.sqlite(db, "PRAGMA integrity_check") == "ok", "after a kill at \(delay) s")
                finished = try CLI.sqlite(db, "SELECT finished_at IS NOT NULL FROM runs ORDER BY run_id DESC LIMIT 1") == "1"
            }
            if !finished {
                let rerun = try CLI.run(["analyze", "--quiet", "--db", db.path, "--policy", policy] + logs)
                #expect(rerun.status == 2, "\(rerun.stderr)")
                #expect(rerun.stdout == cleanRun.stdout, "after a kill at \(delay) s the findings printed differ")
            }
            let found = try dump(db)
            #expect(found == expected, """
                analyze killed at \(delay) s (clean run \(duration) s): the database differs from a clean run's:
                \(Self.difference(found, expected))
                """)
        }
    }

    @Test("a reader during an ingest sees whole files only: every file's counts match its rows")
    func readerSeesConsistentData() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let logs = try Self.inputs(in: dir)
        let db = dir.appendingPathComponent("busy.db")
        // A first ingest makes the file, so the reader never races its creation.
        #expect(try CLI.run(["ingest", "--quiet", "--db", db.path, logs[2]]).status == 0)
        let process = try Self.start(["ingest", "--quiet", "--db", db.path] + logs)
        // Files not whole (row without its events, or events without their row), as a count.
        let check = """
            SELECT ((SELECT count(*) FROM files AS f WHERE f.status NOT IN ('complete', 'damaged')
                      OR f.events != (SELECT count(*) FROM events AS e WHERE e.file_id = f.file_id)
                                     + (SELECT count(*) FROM redeliveries AS r WHERE r.file_id = f.file_id)
                      OR f.bad_lines != (SELECT count(*) FROM bad_lines AS b WHERE b.file_id = f.file_id))
                 + (SELECT count(*) FROM events WHERE file_id NOT IN (SELECT file_id FROM files)))
                 || ' ' || (SELECT count(*) FROM files);
            """
        var seen: Set<String> = []
        var readings = 0
        repeat {
            let answer = try CLI.sqlite(db, check, readOnly: true)
            if !answer.isEmpty {
                readings += 1
                #expect(answer.hasPrefix("0 "), "a reader saw a partial file: \(answer)")
                seen.insert(answer)
            }
        } while process.isRunning
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(readings > 1)
        #expect(seen.count > 1, "the reader should have seen the load in more than one state: \(seen)")
        #expect(try CLI.sqlite(db, check) == "0 6")
    }
}
