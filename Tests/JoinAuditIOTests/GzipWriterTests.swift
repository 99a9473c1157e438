import Foundation
import Testing

@testable import JoinAuditIO

/// The gzip writers: what they write reads back through `LogReader` as the same lines, as
/// one gzip member.
@Suite("Gzip writers")
struct GzipWriterTests {
    static let text: [UInt8] = Array((1...3_000).map { #"{"id":"e-\#($0)","type":"left","participant_id":"p-\#($0 % 97)"}"# + "\n" }.joined().utf8)

    /// Writes `bytes` in pieces of `piece` bytes.
    static func feed(_ bytes: [UInt8], piece: Int, _ write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let end = min(all.count, offset + piece)
                try write(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                offset = end
            }
        }
    }

    static func read(_ path: String) throws -> (text: [UInt8], summary: ReadSummary) {
        var text: [UInt8] = []
        let summary = try LogReader(path: path).readLines { line in
            text.append(contentsOf: line.bytes)
            text.append(UInt8(ascii: "\n"))
        }
        return (text, summary)
    }

    @Test(arguments: [1, 4_096, 1 << 20])
    func streamWriterRoundTripsThroughTheReader(piece: Int) throws {
        let scratch = try ReadScratchDirectory()
        let path = scratch.path + "/day.jsonl.gz"
        let writer = try GzipStreamWriter(path: path, level: 6)
        try Self.feed(Self.text, piece: piece) { try writer.write($0) }
        try writer.finish()
        #expect(writer.bytesIn == Self.text.count)
        let (text, summary) = try Self.read(path)
        #expect(text == Self.text)
        #expect(summary.isGzip && summary.gzipMembers == 1 && summary.damage == nil)
        #expect(summary.compressedBytes == writer.bytesOut)
    }

    @Test(arguments: [1, 3])
    func parallelWriterRoundTripsAsOneMember(threads: Int) throws {
        let scratch = try ReadScratchDirectory()
        let path = scratch.path + "/day.jsonl.gz"
        // Small blocks: many of them, each primed with the one before.
        let writer = try ParallelGzipWriter(path: path, level: 6, threads: threads, blockSize: 10_000)
        try Self.feed(Self.text, piece: 777) { try writer.write($0) }
        try writer.finish()
        let (text, summary) = try Self.read(path)
        #expect(text == Self.text)
        #expect(summary.isGzip && summary.gzipMembers == 1 && summary.damage == nil)
    }

    @Test func parallelWriterBytesDoNotDependOnTheThreads() throws {
        let scratch = try ReadScratchDirectory()
        var outputs: [[UInt8]] = []
        for threads in [1, 2, 4] {
            let path = scratch.path + "/day-\(threads).jsonl.gz"
            let writer = try ParallelGzipWriter(path: path, level: 6, threads: threads, blockSize: 8_192)
            try Self.feed(Self.text, piece: 5_000) { try writer.write($0) }
            try writer.finish()
            outputs.append(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
    }

    @Test func emptyStreamsAreValidGzip() throws {
        let scratch = try ReadScratchDirectory()
        let stream = try GzipStreamWriter(path: scratch.path + "/a.gz")
        try stream.finish()
        let parallel = try ParallelGzipWriter(path: scratch.path + "/b.gz")
        try parallel.finish()
        for name in ["a.gz", "b.gz"] {
            let (text, summary) = try Self.read(scratch.path + "/" + name)
            #expect(text.isEmpty)
            #expect(summary.isGzip && summary.damage == nil)
        }
    }

    @Test func writingAfterFinishingIsRefused() throws {
        let scratch = try ReadScratchDirectory()
        let writer = try GzipStreamWriter(path: scratch.path + "/a.gz")
        try writer.finish()
        #expect(throws: GzipStreamWriter.Failure.self) { try writer.write([1, 2, 3]) }
    }

    @Test func anUnwritablePathIsOneSentence() {
        #expect(throws: GzipStreamWriter.Failure.self) { try GzipStreamWriter(path: "/nonexistent-dir/x.gz") }
    }

    @Test func aSimulatedDayReadsTheSameGzippedOrPlain() throws {
        let scratch = try ReadScratchDirectory()
        let simulator = DaySimulator(options: SimulationOptions(events: 2_500, seed: 11))
        let gz = try SimulationOutput(path: scratch.path + "/day.jsonl.gz").write(simulator)
        let plain = try SimulationOutput(path: scratch.path + "/day.jsonl").write(simulator)
        #expect(gz.summary == plain.summary)
        let (gzText, gzSummary) = try Self.read(scratch.path + "/day.jsonl.gz")
        let (plainText, plainSummary) = try Self.read(scratch.path + "/day.jsonl")
        #expect(gzText == plainText)
        #expect(gzSummary.isGzip && !plainSummary.isGzip)
        #expect(gzSummary.lines == 2_500 && plainSummary.lines == 2_500)
        #expect(plain.bytesWritten == plainText.count)
        #expect(gz.uncompressedBytes == plainText.count)
    }
}
