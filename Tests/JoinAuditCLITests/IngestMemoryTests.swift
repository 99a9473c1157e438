import Foundation
import Glibc
import Testing

/// Memory stays bounded whatever the input: `joinaudit ingest` of a 100 MB line (gzip'd to
/// under half a megabyte, as an attacker would send it) peaks far below the line's size.
@Suite("ingest memory")
struct IngestMemoryTests {
    /// Runs `joinaudit` and returns its exit status and peak resident memory in KiB, measured
    /// by the kernel for that one process (`wait4`), not for the test process.
    static func runMeasuringMemory(_ arguments: [String]) throws -> (status: Int32, maxRSSKiB: Int) {
        let argv = ([CLI.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, CLI.binary.path, &actions, nil, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xff, usage.ru_maxrss)
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
