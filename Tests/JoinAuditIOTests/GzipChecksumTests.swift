import Testing

@testable import JoinAuditIO

/// The inflater checks each member's CRC-32 and length itself (`GzipChecksum`, zlib's check
/// switched off): the CRC must be zlib's to the bit, and a wrong trailer must be found
/// wherever the chunks of input cut it.
@Suite("gzip checksum")
struct GzipChecksumTests {
    private static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    @Test func theCRCIsZlibsForEveryLengthAndAlignment() {
        let data = Self.bytes(1_100 + 16, seed: 7)
        data.withUnsafeBytes { all in
            for offset in 0..<16 {
                for length in 0...1_100 {
                    let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                    let ours = GzipChecksum.crc32(0, slice), zlib = GzipChecksum.zlibCRC32(0, slice)
                    if ours != zlib { Issue.record("length \(length) at offset \(offset): \(ours) against zlib's \(zlib)") }
                }
            }
        }
    }

    @Test func theCRCContinuesAcrossPiecesAsZlibsDoes() {
        let data = Self.bytes(3 << 20, seed: 11)
        data.withUnsafeBytes { all in
            #expect(GzipChecksum.crc32(0, all) == GzipChecksum.zlibCRC32(0, all))
            var ours: UInt32 = 0, start = 0, step = 1
            while start < all.count {
                let end = min(start + step, all.count)
                ours = GzipChecksum.crc32(ours, UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
                step = step * 3 + 1
            }
            #expect(ours == GzipChecksum.zlibCRC32(0, all))
        }
        // The standard check value of CRC-32.
        #expect(Array("123456789".utf8).withUnsafeBytes { GzipChecksum.crc32(0, $0) } == 0xCBF4_3926)
    }

    /// The trailer's 8 bytes may arrive in pieces, some in the chunk before: every chunk size
    /// from 1 to 9 cuts it somewhere else.
    @Test(arguments: 1...9)
    func aWrongTrailerIsFoundWhereverTheInputIsCut(chunkSize: Int) throws {
        let first = GzipFixture.member("a\n")
        let text = String(repeating: "a line long enough for the fast CRC to fold it\n", count: 5)
        let good = GzipFixture.member(text)
        var wrongCRC = good
        wrongCRC[good.count - 5] ^= 0x40
        var wrongLength = good
        wrongLength[good.count - 1] ^= 0x01
        let last = GzipFixture.member("z\n")
        for (damaged, offset, message) in [(wrongCRC, good.count - 4, "incorrect data check"), (wrongLength, good.count, "incorrect length check")] {
            let (lines, summary) = try readBytes(first + damaged + last, chunkSize: chunkSize, inflateChunkSize: chunkSize)
            #expect(lines.count == 7, "the member's lines come before its trailer is read")
            #expect(summary.damage == ReadDamage(path: summary.path, kind: .corrupt, offset: first.count + offset, message: message))
        }
        let (lines, summary) = try readBytes(first + good + last, chunkSize: chunkSize, inflateChunkSize: chunkSize)
        #expect(lines.count == 7)
        #expect(summary.damage == nil)
    }
}
