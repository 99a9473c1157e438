import Testing

@testable import JoinAuditIO

/// The contract's line rules (log-format.md): CRLF, byte-order mark, blank lines, a final
/// line without newline, and the 1 MiB limit.
@Suite("Reading lines")
struct ReadLineTests {
    @Test func plainFileDeliversEachLineWithItsNumber() throws {
        let (lines, summary) = try readText("a\nb\nc\n")
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b"), ReadLine(3, "c")])
        #expect(summary.path.hasSuffix("/input"))
        #expect(!summary.isGzip)
        #expect(summary.compressedBytes == 6)
        #expect(summary.decompressedBytes == 6)
        #expect(summary.lines == 3)
        #expect(summary.gzipMembers == 0)
        #expect(summary.damage == nil)
        #expect(summary.sha256 == "880553fca8fcea94e325ee2cfb48e5a985cc797f39a14cc6d3cedecfeb2ae4d2")
    }

    @Test func emptyFileHasNoLines() throws {
        let (lines, summary) = try readText("")
        #expect(lines.isEmpty)
        #expect(summary.lines == 0)
        #expect(summary.compressedBytes == 0)
        #expect(!summary.isGzip)
        #expect(summary.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func oneByteFileIsOneLine() throws {
        let (lines, _) = try readText("x")
        #expect(lines == [ReadLine(1, "x")])
    }

    @Test func crlfLineEndsLoseTheirCarriageReturn() throws {
        let (lines, _) = try readText("a\r\nb\rc\r\n\r\nd\r")
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b\rc"), ReadLine(4, "d")])
    }

    @Test func byteOrderMarkAtTheStartIsSkipped() throws {
        let (lines, summary) = try readText("\u{FEFF}{\"a\":1}\n\u{FEFF}x\n")
        // Only the mark at the very start of the text is skipped; a later one is content.
        #expect(lines == [ReadLine(1, "{\"a\":1}"), ReadLine(2, "\u{FEFF}x")])
        #expect(summary.decompressedBytes == 16)
    }

    @Test func byteOrderMarkAloneIsABlankLine() throws {
        let (lines, summary) = try readText("\u{FEFF}\r\nb\n")
        #expect(lines == [ReadLine(2, "b")])
        #expect(summary.blankLines == 1)
    }

    @Test func blankLinesAreCountedButNotDelivered() throws {
        let (lines, summary) = try readText("a\n\n  \n\t \r\nb\n\n")
        #expect(lines == [ReadLine(1, "a"), ReadLine(5, "b")])
        #expect(summary.lines == 6)
        #expect(summary.blankLines == 4)
    }

    @Test func finalLineWithoutNewlineIsALine() throws {
        let (lines, summary) = try readText("a\nb")
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b")])
        #expect(summary.lines == 2)
    }

    @Test func oversizedLineIsDeliveredWithItsHeadAndLength() throws {
        let long = String(repeating: "x", count: 2 * 1_048_576)
        let (lines, summary) = try readText("first\n" + long + "\r\nnext\n")
        #expect(lines.count == 3)
        #expect(lines[0] == ReadLine(1, "first"))
        #expect(lines[1] == ReadLine(2, String(repeating: "x", count: 4096), length: 2 * 1_048_576, oversized: true))
        #expect(lines[2] == ReadLine(3, "next"))
        #expect(summary.oversizedLines == 1)
    }

    @Test func lineAtTheLimitIsNotOversized() throws {
        let limit = 1_048_576
        let atLimit = String(repeating: "a", count: limit)
        let overLimit = String(repeating: "b", count: limit + 1)
        let (lines, _) = try readText("\u{FEFF}" + atLimit + "\r\n" + overLimit + "\n" + atLimit)
        #expect(lines.map(\.number) == [1, 2, 3])
        #expect(lines.map(\.length) == [limit, limit + 1, limit])
        #expect(lines.map(\.isOversized) == [false, true, false])
        #expect(lines[1].text == String(repeating: "b", count: 4096))
    }

    @Test func oversizedFinalLineWithoutNewline() throws {
        let (lines, _) = try readText("ok\n" + String(repeating: "z", count: 30), chunkSize: 7, maxLineLength: 20)
        #expect(lines == [ReadLine(1, "ok"), ReadLine(2, String(repeating: "z", count: 30), length: 30, oversized: true)])
    }

    @Test(arguments: readChunkSizes)
    func chunkBoundariesDoNotChangeTheLines(chunkSize: Int) throws {
        let text = "\u{FEFF}first\r\n\r\n" + String(repeating: "q", count: 25) + "\r\n"
            + String(repeating: "w", count: 20) + "\r\n \t\nlast\r"
        let expected = [
            ReadLine(1, "first"),
            ReadLine(3, String(repeating: "q", count: 25), length: 25, oversized: true),
            ReadLine(4, String(repeating: "w", count: 20)),
            ReadLine(6, "last"),
        ]
        let (lines, summary) = try readText(text, chunkSize: chunkSize, maxLineLength: 20)
        // With a 20-byte limit the oversized head is the whole 25 bytes (the head is 4 KiB).
        #expect(lines == expected)
        #expect(summary.lines == 6)
        #expect(summary.blankLines == 2)
        #expect(summary.oversizedLines == 1)
    }

    @Test func oversizedLineKeepsMemoryBounded() throws {
        // 40 MB on one line, read in 64 KiB chunks: the carry never grows past the limit.
        let splitter = LineSplitter(limit: 1_048_576)
        let chunk = [UInt8](repeating: 0x61, count: 65_536)
        var delivered: [ReadLine] = []
        try chunk.withUnsafeBytes { bytes in
            for _ in 0..<640 { try splitter.consume(bytes, { delivered.append(ReadLine($0)) }) }
        }
        try Array("\nafter\n".utf8).withUnsafeBytes { try splitter.consume($0, { delivered.append(ReadLine($0)) }) }
        #expect(delivered == [
            ReadLine(1, String(repeating: "a", count: 4096), length: 640 * 65_536, oversized: true),
            ReadLine(2, "after"),
        ])
    }
}
