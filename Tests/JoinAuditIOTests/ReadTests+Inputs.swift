import Glibc
import Testing

@testable import JoinAuditIO

/// Where input comes from: descriptors (standard input), files that cannot be read, and
/// the expansion of directory operands.
@Suite("Reading inputs")
struct ReadInputTests {
    @Test func readsFromADescriptorWithoutClosingIt() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let gz = GzipFixture.member("a\nb\n") + GzipFixture.member("c")
        let written = gz.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        #expect(written == gz.count)
        close(fds[1])

        var lines: [ReadLine] = []
        let summary = try LogReader(fileDescriptor: fds[0], name: "-").readLines { lines.append(ReadLine($0)) }
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b"), ReadLine(3, "c")])
        #expect(summary.path == "-")
        #expect(summary.isGzip)
        #expect(fcntl(fds[0], F_GETFD) != -1)  // still open
    }

    @Test func damageOnStandardInputNamesIt() {
        let damage = ReadDamage(path: "-", kind: .truncated, offset: 42)
        #expect(damage.description == "standard input: gzip stream truncated at byte 42")
    }

    @Test func missingFileIsAnErrorNamingIt() {
        #expect(throws: ReadError.cannotOpen(path: "/nonexistent/day.jsonl.gz", reason: "No such file or directory")) {
            _ = try LogReader(path: "/nonexistent/day.jsonl.gz").readLines { _ in }
        }
        let error = ReadError.cannotOpen(path: "/nonexistent/day.jsonl.gz", reason: "No such file or directory")
        #expect(error.description == "/nonexistent/day.jsonl.gz: cannot open (No such file or directory)")
    }

    @Test func directoryIsNotAFile() throws {
        let scratch = try ReadScratchDirectory()
        #expect(throws: ReadError.cannotOpen(path: scratch.path, reason: "Is a directory")) {
            _ = try LogReader(path: scratch.path).readLines { _ in }
        }
    }

    @Test func errorThrownByTheCallerStopsReading() throws {
        struct Stop: Error {}
        let scratch = try ReadScratchDirectory()
        let file = try scratch.write("x.jsonl", "a\nb\nc\n")
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            _ = try LogReader(path: file).readLines { line in
                seen.append(line.number)
                if line.number == 2 { throw Stop() }
            }
        }
        #expect(seen == [1, 2])
    }

    @Test func directoryExpandsToItsLogFilesInNameOrder() throws {
        let scratch = try ReadScratchDirectory()
        for name in [
            "b.jsonl.gz", "a.jsonl", "c.csv", "d.json.gz", "e.gz", "f.json", "g.csv.gz", "Z.JSONL",
            ".hidden.jsonl", "notes.txt", "jsonl", ".gz",
        ] {
            try scratch.write(name, "")
        }
        try scratch.makeDirectory("sub.jsonl")
        try scratch.write("sub.jsonl/inner.jsonl", "")
        let other = try scratch.write("other.txt", "")

        let inputs = try InputExpansion.expand([scratch.path, "-", other])
        let dir = scratch.path
        // The directory's log files in byte order of their names, then the operands as
        // given, whatever their names.
        #expect(inputs == [
            "\(dir)/Z.JSONL", "\(dir)/a.jsonl", "\(dir)/b.jsonl.gz", "\(dir)/c.csv", "\(dir)/d.json.gz",
            "\(dir)/e.gz", "\(dir)/f.json", "\(dir)/g.csv.gz", "-", other,
        ])
    }

    @Test func directoryWithTrailingSlashGivesCleanPaths() throws {
        let scratch = try ReadScratchDirectory()
        try scratch.write("a.jsonl", "")
        #expect(try InputExpansion.expand([scratch.path + "/"]) == [scratch.path + "/a.jsonl"])
    }

    @Test func missingOperandIsAnErrorNamingIt() {
        #expect(throws: ReadError.cannotOpen(path: "no-such-dir", reason: "No such file or directory")) {
            _ = try InputExpansion.expand(["-", "no-such-dir"])
        }
    }
}
