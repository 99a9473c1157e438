import Testing

@testable import JoinAuditIO

/// The gzip header as RFC 1952 lays it out: the optional fields are skipped wherever the reads
/// split them, and a header that is not gzip's is reported where zlib reported it.
@Suite("gzip member headers")
struct GzipMemberHeaderTests {
    /// `member`'s bytes with its 10-byte header replaced by one with `flags` and the fields
    /// they announce.
    static func withFields(_ member: [UInt8], extra: [UInt8]? = nil, name: String? = nil, comment: String? = nil, headerCRC: Bool = false) -> [UInt8] {
        var flags: UInt8 = 0
        var fields: [UInt8] = []
        if let extra {
            flags |= 0x04
            fields += [UInt8(extra.count & 0xff), UInt8(extra.count >> 8)] + extra
        }
        if let name {
            flags |= 0x08
            fields += Array(name.utf8) + [0]
        }
        if let comment {
            flags |= 0x10
            fields += Array(comment.utf8) + [0]
        }
        if headerCRC {
            flags |= 0x02
            fields += [0xab, 0xcd]  // not checked, as zlib does not when not validating
        }
        var header = Array(member[..<10])
        header[3] = flags
        return header + fields + member[10...]
    }

    @Test(arguments: readChunkSizes)
    func everyOptionalFieldIsSkipped(chunkSize: Int) throws {
        let extra = [UInt8](repeating: 0x5a, count: 300)  // a length over one byte
        let gz = Self.withFields(GzipFixture.member("a\nb\n"), extra: extra, name: "day.jsonl", comment: "rotated", headerCRC: true)
            + Self.withFields(GzipFixture.member("c\n"), name: "")
        let (lines, summary) = try readBytes(gz, chunkSize: chunkSize)
        #expect(lines == [ReadLine(1, "a"), ReadLine(2, "b"), ReadLine(3, "c")])
        #expect(summary.gzipMembers == 2)
        #expect(summary.damage == nil)
    }

    @Test func aNameThatNeverEndsIsATruncation() throws {
        var gz = Self.withFields(GzipFixture.member("a\n"), name: "x")
        gz = Array(gz[..<12])  // the header and one byte of the name
        let (lines, summary) = try readBytes(gz)
        #expect(lines.isEmpty)
        #expect(summary.damage == ReadDamage(path: summary.path, kind: .truncated, offset: 12))
    }

    @Test func anotherMethodIsReportedAfterTheFlags() throws {
        let first = GzipFixture.member("a\n")
        var second = GzipFixture.member("b\n")
        second[2] = 7
        let (lines, summary) = try readBytes(first + second)
        #expect(lines == [ReadLine(1, "a")])
        #expect(summary.damage == ReadDamage(path: summary.path, kind: .corrupt, offset: first.count + 4, message: "unknown compression method"))
    }

    @Test func readingStopsWhereTheHeaderEnds() {
        let bytes: [UInt8] = [0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3, 0x61, 0, 0xff]
        var header = GzipMemberHeader()
        bytes.withUnsafeBytes { raw in
            #expect(header.read(raw.baseAddress!, count: 11, from: 0) == .needsMore)
            #expect(header.read(raw.baseAddress!, count: bytes.count, from: 11) == .complete(at: 12))
        }
    }
}
