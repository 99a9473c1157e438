import Testing

@testable import JoinAuditIO

/// gzip input: members, truncation and corruption. Damage never costs the good lines, a
/// line cut by damage is never delivered, and the damage's offset is exact.
@Suite("Reading gzip")
struct ReadGzipTests {
    @Test func singleMember() throws {
        let gz = GzipFixture.member("a\nb\n")
        let (lines, summary) = try readBytes(gz)
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b")])
        #expect(summary.isGzip)
        #expect(summary.gzipMembers == 1)
        #expect(summary.compressedBytes == gz.count)
        #expect(summary.decompressedBytes == 4)
        #expect(summary.damage == nil)
    }

    @Test(arguments: readChunkSizes)
    func concatenatedMembersReadAsOneText(chunkSize: Int) throws {
        // Rotation appends members; the last line of one member and the first of the next
        // are separate lines, and numbering runs on across members.
        let gz = GzipFixture.member("\u{FEFF}a\r\nb\n") + GzipFixture.member("\nc\n") + GzipFixture.member("d")
        let (lines, summary) = try readBytes(gz, chunkSize: chunkSize, inflateChunkSize: 3)
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b"), ReadLine(4, "c"), ReadLine(5, "d")])
        #expect(summary.gzipMembers == 3)
        #expect(summary.damage == nil)
    }

    @Test(arguments: readChunkSizes)
    func zeroPaddingAfterTheLastMemberIsTolerated(chunkSize: Int) throws {
        let gz = GzipFixture.member("a\n") + GzipFixture.member("b\n") + [UInt8](repeating: 0, count: 512)
        let (lines, summary) = try readBytes(gz, chunkSize: chunkSize)
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b")])
        #expect(summary.damage == nil)
        #expect(summary.compressedBytes == gz.count)
    }

    @Test func trailingGarbageIsCorruption() throws {
        let gz = GzipFixture.member("a\nb\n")
        let (lines, summary) = try readBytes(gz + Array("junk".utf8))
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b")])
        #expect(summary.damage == ReadDamage(path: summary.path, kind: .corrupt, offset: gz.count + 2, message: "incorrect header check"))
    }

    /// A member of five lines, sync-flushed after each, cut at `cut` bytes.
    static let fiveLines = GzipFixture.member(segments: readNumberedLines(5).map { $0 + "\n" })

    @Test(arguments: [
        (5, 0),  // inside the 10-byte header
        (fiveLines.flushEnds[1], 2),  // exactly after line 2's deflate data
        (fiveLines.flushEnds[1] + 1, 2),  // one byte into line 3's block
        (fiveLines.flushEnds[3] + 1, 4),
        (fiveLines.flushEnds[4], 5),  // all the text, no final block
        (fiveLines.bytes.count - 3, 5),  // inside the CRC/length trailer
    ])
    func truncatedStreamKeepsTheCompleteLines(cut: Int, complete: Int) throws {
        let expected = readNumberedLines(complete).enumerated().map { ReadLine($0.offset + 1, $0.element) }
        for chunkSize in [1 << 20, 1, 7] {
            let (lines, summary) = try readBytes(Array(Self.fiveLines.bytes[..<cut]), chunkSize: chunkSize)
            #expect(lines == expected)
            #expect(summary.damage == ReadDamage(path: summary.path, kind: .truncated, offset: cut))
            #expect(summary.compressedBytes == cut)
        }
    }

    @Test func truncationDropsTheLineItCuts() throws {
        // The deflate data up to the flush decodes to "l1\nl2\npart": "part" is not a line.
        let (bytes, flushEnds) = GzipFixture.member(segments: ["l1\nl2\npart", "ial\n"])
        let (lines, summary) = try readBytes(Array(bytes[..<flushEnds[0]]))
        #expect(lines == [ReadLine(1, "l1"), ReadLine(2, "l2")])
        #expect(summary.damage?.description == "\(summary.path): gzip stream truncated at byte \(flushEnds[0])")
    }

    @Test func truncationDropsAFinalLineWithoutNewline() throws {
        // All of "a\nb" decompresses, but the stream is cut in its trailer: "b" may be partial.
        let gz = GzipFixture.member("a\nb")
        let (lines, summary) = try readBytes(Array(gz.dropLast(4)))
        #expect(lines == [ReadLine(1, "a")])
        #expect(summary.damage?.kind == .truncated)
        #expect(summary.damage?.offset == gz.count - 4)
    }

    /// Three members; the second is damaged in the middle of its second block, which
    /// starts on a byte boundary at `flushEnds[0]`, in the middle of a line.
    static func threeMembersWithDamagedMiddle() -> (bytes: [UInt8], damageAt: Int) {
        let first = GzipFixture.member(readNumberedLines(3, tag: "m1").joined(separator: "\n") + "\n")
        var (second, flushEnds) = GzipFixture.member(segments: ["m2-a\nm2-b\npart", "ial\nm2-c\n"])
        second[flushEnds[0]] = 0x07  // BFINAL 1, BTYPE 11: a reserved block type
        let third = GzipFixture.member(readNumberedLines(3, tag: "m3").joined(separator: "\n") + "\n")
        return (first + second + third, first.count + flushEnds[0])
    }

    @Test(arguments: readChunkSizes)
    func corruptMemberInTheMiddleCostsOnlyItsDamagedPart(chunkSize: Int) throws {
        let (gz, damageAt) = Self.threeMembersWithDamagedMiddle()
        let (lines, summary) = try readBytes(gz, chunkSize: chunkSize, inflateChunkSize: 5)
        let first = readNumberedLines(3, tag: "m1").enumerated().map { ReadLine($0.offset + 1, $0.element) }
        let third = readNumberedLines(3, tag: "m3").enumerated().map { ReadLine($0.offset + 6, $0.element) }
        // "part" (cut by the damage) is dropped; member 3 starts a fresh line.
        #expect(lines == first + [ReadLine(4, "m2-a"), ReadLine(5, "m2-b")] + third)
        #expect(summary.damage == ReadDamage(path: summary.path, kind: .corrupt, offset: damageAt + 1, message: "invalid deflate block"))
        #expect(summary.damage?.description == "\(summary.path): gzip stream corrupt at byte \(damageAt + 1) (invalid deflate block)")
        #expect(summary.gzipMembers == 3)
        #expect(summary.compressedBytes == gz.count)
    }

    @Test func wrongChecksumIsCorruptionAfterTheMembersLines() throws {
        let first = GzipFixture.member("a\n")
        var second = GzipFixture.member("b\nc\n")
        second[second.count - 8] ^= 0xff  // the CRC-32 in the trailer
        let third = GzipFixture.member("d\n")
        let (lines, summary) = try readBytes(first + second + third)
        // The CRC is checked only after the member's text is handed out.
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b"), ReadLine(3, "c"), ReadLine(4, "d")])
        #expect(summary.damage == ReadDamage(path: summary.path, kind: .corrupt, offset: first.count + second.count - 4, message: "incorrect data check"))
    }

    @Test func damagedHeaderSkipsTheWholeMember() throws {
        let first = GzipFixture.member("a\n")
        var second = GzipFixture.member("b\n")
        second[3] = 0xe0  // reserved flag bits
        let third = GzipFixture.member("c\n")
        let (lines, summary) = try readBytes(first + second + third, chunkSize: 3)
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "c")])
        #expect(summary.damage == ReadDamage(path: summary.path, kind: .corrupt, offset: first.count + 4, message: "unknown header flags set"))
    }

    @Test func corruptionThenTruncationReportsTheFirstDamage() throws {
        let (gz, damageAt) = Self.threeMembersWithDamagedMiddle()
        let (lines, summary) = try readBytes(Array(gz.dropLast(5)))
        // Only the trailer of member 3 is cut: its lines, all ended by newlines, are whole.
        #expect(lines.last == ReadLine(8, readNumberedLines(3, tag: "m3")[2]))
        #expect(summary.damage?.kind == .corrupt)
        #expect(summary.damage?.offset == damageAt + 1)
    }
}

/// What the deflate decoder adds to the wrapper's checks.
@Suite("Reading gzip: the deflate data")
struct ReadGzipDeflateTests {
    @Test(arguments: readChunkSizes)
    func aDistanceBeforeTheTextIsCorruption(chunkSize: Int) throws {
        // A fixed-Huffman final block: the literal "a", then a copy of length 3 from 2 bytes
        // back, where only 1 byte has been written.
        var deflate = BitWriter()
        deflate.write(1, bits: 1)  // BFINAL
        deflate.write(1, bits: 2)  // fixed Huffman
        deflate.writeCode(0x30 + 0x61, length: 8)  // literal 'a'
        deflate.writeCode(1, length: 7)  // length code 257: 3
        deflate.writeCode(1, length: 5)  // distance code 1: 2
        deflate.writeCode(0, length: 7)  // end of block
        let header: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]
        let good = GzipFixture.member("z\n")
        let gz = good + header + deflate.bytes + [UInt8](repeating: 0, count: 8) + good
        let (lines, summary) = try readBytes(gz, chunkSize: chunkSize)
        #expect(lines == [ReadLine(1, "z"), ReadLine(2, "z")])
        #expect(summary.damage?.kind == .corrupt)
        #expect(summary.damage?.message == "invalid distance too far back")
        #expect(summary.gzipMembers == 3)
    }

    @Test func aLongMemberReadsWhole() throws {
        // More than the decoder's own buffer and the read size, so its output goes straight
        // to the caller's buffer, and members end mid-chunk.
        let text = readNumberedLines(20_000).joined(separator: "\n") + "\n"
        let gz = GzipFixture.member(text) + GzipFixture.member(text, level: 1)
        let (lines, summary) = try readBytes(gz, chunkSize: 10_007, inflateChunkSize: 65_537)
        #expect(lines.count == 40_000)
        #expect(lines[19_999].text == readNumberedLines(20_000)[19_999])
        #expect(lines[39_999].text == readNumberedLines(20_000)[19_999])
        #expect(summary.decompressedBytes == 2 * text.utf8.count)
        #expect(summary.damage == nil)
    }
}

/// Deflate's bit order (RFC 1951 §3.1.1): values least significant bit first, Huffman codes
/// most significant bit first.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var bit = 0

    mutating func write(_ value: Int, bits: Int) {
        for k in 0..<bits { put((value >> k) & 1) }
    }

    mutating func writeCode(_ code: Int, length: Int) {
        for k in stride(from: length - 1, through: 0, by: -1) { put((code >> k) & 1) }
    }

    private mutating func put(_ value: Int) {
        if bit == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8(value) << bit
        bit = (bit + 1) % 8
    }
}
