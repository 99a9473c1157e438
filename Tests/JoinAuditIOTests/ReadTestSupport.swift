import CZlib
import Foundation
import Testing

@testable import JoinAuditIO

/// Builds gzip fixtures in memory with zlib, so each test shows the exact bytes it reads.
enum GzipFixture {
    /// One gzip member holding `text`.
    static func member(_ text: String, level: Int32 = 6) -> [UInt8] {
        member(segments: [text], level: level).bytes
    }

    /// One gzip member whose deflate data is sync-flushed after each segment, so the bytes
    /// up to `flushEnds[i]` decompress to exactly segments `0...i` and the next deflate
    /// block starts on a byte boundary at that offset: the places where a test can cut or
    /// corrupt the stream and know precisely what comes out.
    static func member(segments: [String], level: Int32 = 6) -> (bytes: [UInt8], flushEnds: [Int]) {
        var stream = z_stream()
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var out: [UInt8] = []
        var flushEnds: [Int] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        func run(_ input: [UInt8], flush: Int32) {
            var input = input
            input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { outBuf in
                        stream.next_out = outBuf.baseAddress
                        stream.avail_out = uInt(outBuf.count)
                        let rc = deflate(&stream, flush)
                        precondition(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR)
                        out += outBuf[0..<(outBuf.count - Int(stream.avail_out))]
                    }
                } while stream.avail_out == 0
            }
        }
        for segment in segments {
            run(Array(segment.utf8), flush: Z_SYNC_FLUSH)
            flushEnds.append(out.count)
        }
        run([], flush: Z_FINISH)
        return (out, flushEnds)
    }
}

/// A line as a test compares it: number, text (the delivered bytes), full length, flag.
struct ReadLine: Equatable, CustomStringConvertible {
    var number: Int
    var text: String
    var length: Int
    var isOversized: Bool

    init(_ number: Int, _ text: String, length: Int? = nil, oversized: Bool = false) {
        self.number = number
        self.text = text
        self.length = length ?? text.utf8.count
        self.isOversized = oversized
    }

    init(_ line: LogLine) {
        self.init(line.number, String(decoding: line.bytes, as: UTF8.self), length: line.length, oversized: line.isOversized)
        precondition(line.isOversized || line.bytes.count == line.length)
    }

    var description: String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\(number):\(shown)\(isOversized ? " (oversized, \(length) bytes)" : "")"
    }
}

/// A scratch directory under /tmp, removed when the test lets go of it.
final class ReadScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("joinaudit-read-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func makeDirectory(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + name, withIntermediateDirectories: true)
    }
}

/// Reads `bytes` from a scratch file with the given reader settings.
func readBytes(
    _ bytes: [UInt8], chunkSize: Int = 1 << 20, inflateChunkSize: Int = 256 * 1024,
    maxLineLength: Int = 1_048_576
) throws -> (lines: [ReadLine], summary: ReadSummary) {
    let scratch = try ReadScratchDirectory()
    let file = try scratch.write("input", bytes)
    var reader = LogReader(path: file)
    reader.chunkSize = chunkSize
    reader.inflateChunkSize = inflateChunkSize
    reader.maxLineLength = maxLineLength
    var lines: [ReadLine] = []
    let summary = try reader.readLines { lines.append(ReadLine($0)) }
    return (lines, summary)
}

func readText(_ text: String, chunkSize: Int = 1 << 20, maxLineLength: Int = 1_048_576) throws -> (lines: [ReadLine], summary: ReadSummary) {
    try readBytes(Array(text.utf8), chunkSize: chunkSize, maxLineLength: maxLineLength)
}

/// The chunk sizes that cut lines, line ends, BOMs and gzip headers at every place.
let readChunkSizes = [1, 2, 3, 5, 7, 64, 4096]

/// `count` numbered lines of about 60 bytes, `first` being the first number.
func readNumberedLines(_ count: Int, from first: Int = 1, tag: String = "line") -> [String] {
    (first..<(first + count)).map { #"{"id":"\#(tag)-\#($0)","ts":"2026-11-23T09:00:00Z","type":"left"}"# }
}
