import CZlib
import Glibc

/// Why output could not be written: the file could not be created, a write failed, or zlib
/// failed. One sentence naming the path.
public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String {
        "\(path == "-" ? "standard output" : path): cannot write (\(reason))"
    }
}

/// Compresses bytes into one gzip member with zlib's `deflate`, writing to a descriptor as
/// it goes: the writing twin of `GzipInflater`, and like it the only code here that touches
/// zlib pointers. (It could live in `Read/` beside the inflater.)
final class GzipWriter {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private let fd: Int32
    private let path: String
    private var finished = false

    /// - Parameter level: zlib's 1 (fastest) to 9 (smallest); 6 is gzip's default.
    init(fd: Int32, path: String, level: Int32 = 6) throws(WriteError) {
        self.fd = fd
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a 32 KiB window with the gzip wrapper (header and CRC-32 trailer).
        let status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw WriteError(path: path, reason: "zlib initialisation failed (\(status))")
        }
        output = .allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(WriteError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(bytes.count)
        try run(flush: Z_NO_FLUSH)
    }

    /// Ends the member (writes the trailer). Nothing may be written after.
    func finish() throws(WriteError) {
        guard !finished else { return }
        finished = true
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try run(flush: Z_FINISH)
    }

    private func run(flush: Int32) throws(WriteError) {
        let out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        while true {
            stream.pointee.next_out = out
            stream.pointee.avail_out = uInt(output.count)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw WriteError(path: path, reason: "zlib deflate failed (\(status))")
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            try RawWrite.all(fd, UnsafeRawBufferPointer(start: output.baseAddress, count: produced), path: path)
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_out != 0 {
                return  // all input taken, nothing pending
            }
        }
    }
}

enum RawWrite {
    /// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
    static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(WriteError) {
        var written = 0
        while written < bytes.count {
            let w = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if w < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, reason: ReadError.systemMessage(errno))
            }
            written += w
        }
    }
}
