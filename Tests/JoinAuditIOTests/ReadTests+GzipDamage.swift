import CZlib
import Foundation
import Testing

@testable import JoinAuditIO

/// Damage found by a review of the ISA-L change: three members, 108,861 bytes of text, the
/// third member's deflate data with a byte changed. ISA-L's fast decoder wrote bytes decoded past the damage
/// before it reported it; those bytes completed six lines that were never in the text.
@Suite("Reading gzip: nothing past the damage")
struct ReadGzipDamageReplayTests {
    static let damaged: [UInt8] = {
        let url = Bundle.module.url(forResource: "Fixtures/gzip/damaged-copy", withExtension: "gz")!
        return [UInt8](try! Data(contentsOf: url))
    }()

    /// What zlib decodes of each member before it finds the damage, and where it stops.
    static func zlibBeforeTheDamage(_ gz: [UInt8]) -> (members: [[UInt8]], stoppedAt: Int) {
        var stream = z_stream()
        precondition(inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: 1 << 20)
        var input = gz
        return input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                var members: [[UInt8]] = []
                while true {
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    let status = CZlib.inflate(&stream, Z_FINISH)
                    members.append(Array(outBuf[..<(outBuf.count - Int(stream.avail_out))]))
                    if status == Z_STREAM_END {
                        inflateReset(&stream)
                        continue
                    }
                    precondition(status == Z_DATA_ERROR)
                    return (members, inBuf.count - Int(stream.avail_in))
                }
            }
        }
    }

    @Test func onlyTheLinesBeforeTheDamageAreReadWhateverTheReadSize() throws {
        let (members, stoppedAt) = Self.zlibBeforeTheDamage(Self.damaged)
        // The members' texts run on as one (rotation appends them); the line the damage cuts
        // is not a line; a line end may be CR LF; blank lines are counted, not delivered.
        let text = Array(members.joined())
        let expected = text[..<(text.lastIndex(of: UInt8(ascii: "\n"))! + 1)]
            .split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self) }
            .filter { !$0.isEmpty }
        #expect(expected.count == 1957)
        for chunkSize in [1 << 20, 4096, 1] {
            let (lines, summary) = try readBytes(Self.damaged, chunkSize: chunkSize)
            #expect(lines.map(\.text) == expected, "read \(chunkSize) bytes at a time")
            #expect(summary.damage?.kind == .corrupt)
            // zlib pulls one more byte into its bit buffer before it looks.
            #expect(summary.damage?.offset == stoppedAt - 1, "read \(chunkSize) bytes at a time")
        }
    }
}
