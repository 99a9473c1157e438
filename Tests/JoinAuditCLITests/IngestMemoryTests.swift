import Foundation
import Testing

/// Memory stays bounded whatever the input: `joinaudit ingest` of a 100 MB line (gzip'd to
/// under half a megabyte, as an attacker would send it) peaks far below the line's size.
@Suite("ingest memory")
struct IngestMemoryTests {
    /// Runs `joinaudit` under GNU time and returns its exit status and peak resident memory in
    /// KiB. Not `wait4` from here: a child spawned by this (large) test process inherits its
    /// high-water mark at `exec`, so the kernel would report the test's memory, not joinaudit's.
    static func runMeasuringMemory(_ arguments: [String]) throws -> (status: Int32, maxRSSKiB: Int) {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("joinaudit-rss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", "-o", report.path, CLI.binary.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: report, encoding: .utf8)
        let peak = text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? Int.max
        return (process.terminationStatus, peak)
    }

    @Test("a 100 MB line: a bad line naming its length and the 1 MiB limit, the lines around it kept, peak memory under 64 MiB")
    func hugeLineMemoryIsBounded() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("huge.jsonl.gz")
        let before = Lines.join("e1", 1, "u-ada", "internal", "admitted"), after = Lines.join("e3", 3, "u-ben", "internal", "admitted")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", """
            { printf '%s\\n' "$1"; printf '{"id":"big","display_name":"'; head -c 104857600 /dev/zero | tr '\\0' A; printf '"}\\n'; \
              printf '%s\\n' "$2"; } | gzip -1 > "$3"
            """, "sh", before, after, log.path]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        let db = dir.appendingPathComponent("huge.db")
        let (status, peak) = try Self.runMeasuringMemory(["ingest", "--db", db.path, log.path])
        #expect(status == 0)
        #expect(peak < 64 * 1024, "peak resident memory \(peak) KiB for a 100 MB line")
        #expect(try CLI.sqlite(db, "SELECT group_concat(id) FROM events") == "e1,e3")
        #expect(try CLI.sqlite(db, "SELECT line, reason, length(raw) FROM bad_lines")
                == "2|line is 104857630 bytes, longer than the 1 MiB limit|4096")
    }
}
