import Foundation
import Testing

@testable import JoinAuditIO

@Suite("Read-ahead: inflating on a second thread changes nothing the importer sees")
struct ReadAheadTests {
    /// Every piece as the reader hands it over: bytes joined, `cut`s marked.
    static func pieces(_ path: String, readAhead: Bool, chunkSize: Int = 4096) throws -> (text: [UInt8], cuts: Int, summary: ReadSummary) {
        var reader = ChunkReader(path: path, readAhead: readAhead)
        reader.chunkSize = chunkSize
        reader.inflateChunkSize = 1024
        var text: [UInt8] = [], cuts = 0
        let summary = try reader.read { piece in
            switch piece {
            case .bytes(let bytes): text.append(contentsOf: bytes)
            case .cut: cuts += 1
            }
        }
        return (text, cuts, summary)
    }

    @Test("the same bytes, cuts and summary as reading on the caller's thread, for gzip members, damage and plain text")
    func sameAsSynchronous() throws {
        let scratch = try ReadScratchDirectory()
        let lines = (1...5000).map { "record \($0) " + String(repeating: "x", count: $0 % 97) }.joined(separator: "\n")
        let twoMembers = GzipFixture.member(lines) + GzipFixture.member("tail\n")
        var damaged = GzipFixture.member(lines) + GzipFixture.member("lost\n") + GzipFixture.member("found\n")
        damaged[GzipFixture.member(lines).count + 12] ^= 0xFF
        for (name, bytes) in [("two.gz", twoMembers), ("damaged.gz", damaged), ("plain.csv", Array(lines.utf8))] {
            let path = try scratch.write(name, bytes)
            let direct = try Self.pieces(path, readAhead: false)
            let ahead = try Self.pieces(path, readAhead: true)
            #expect(ahead.text == direct.text, "\(name)")
            #expect(ahead.cuts == direct.cuts, "\(name)")
            #expect(ahead.summary == direct.summary, "\(name)")
        }
    }

    @Test("a consumer that stops early gets its own error back, and the reading thread does not hang")
    func consumerStops() throws {
        struct Enough: Error {}
        let scratch = try ReadScratchDirectory()
        let path = try scratch.write("big.gz", GzipFixture.member(String(repeating: "0123456789\n", count: 200_000)))
        var reader = ChunkReader(path: path, readAhead: true)
        reader.chunkSize = 4096
        var seen = 0
        #expect(throws: Enough.self) {
            _ = try reader.read { _ in
                seen += 1
                if seen == 3 { throw Enough() }
            }
        }
        #expect(seen == 3)
    }

    @Test("a file that cannot be opened is the same ReadError")
    func missingFile() throws {
        #expect(throws: ReadError.self) { _ = try Self.pieces("/nonexistent/file.csv", readAhead: true) }
    }
}
