import CZlib
import Glibc

/// Writes a gzip stream (one member) to a file or an open descriptor, compressing as bytes
/// are pushed to it, over zlib's `deflate` (windowBits 15 + 16: the gzip wrapper). The
/// writing twin of `GzipInflater`.
///
/// Memory is zlib's state (about 256 KiB at the default memory level) and one 256 KiB output
/// buffer, whatever the size of the stream. It deflates on the caller's thread, at about
/// 58 MB/s at level 6 here; `ParallelGzipWriter` spreads the same work over the cores for
/// the simulator, whose output must keep up with about 100 MB/s of lines.
public final class GzipStreamWriter {
    /// zlib's default compression level: the size `gzip` users expect.
    public static let defaultLevel: Int32 = 6

    /// A failure, as one sentence naming the file.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case cannotWrite(path: String, reason: String)
        case compressor(path: String, reason: String)
        case finished(path: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason): "\(path): cannot create: \(reason)"
            case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
            case .compressor(let path, let reason): "\(path): gzip compression failed: \(reason)"
            case .finished(let path): "\(path): written to after the gzip stream was finished"
            }
        }
    }

    /// What the messages call the output.
    public let name: String
    /// Uncompressed bytes taken, and compressed bytes written.
    public private(set) var bytesIn = 0
    public private(set) var bytesOut = 0

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private var isFinished = false

    /// Creates (or truncates) the file at `path`.
    /// - Parameter level: 1 (fastest) to 9 (smallest); 0 stores without compressing.
    public convenience init(path: String, level: Int32 = GzipStreamWriter.defaultLevel) throws(Failure) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        do {
            try self.init(fileDescriptor: fd, name: path, level: level, closeWhenFinished: true)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Writes to an open descriptor (standard output, a pipe), closed by `finish` only when
    /// `closeWhenFinished`.
    public init(fileDescriptor: Int32, name: String, level: Int32 = GzipStreamWriter.defaultLevel, closeWhenFinished: Bool = false) throws(Failure) {
        guard (0...9).contains(level) else { throw .compressor(path: name, reason: "level \(level) is not between 0 and 9") }
        self.name = name
        descriptor = fileDescriptor
        ownsDescriptor = closeWhenFinished
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a 32 KiB window with the gzip wrapper (header, CRC-32 trailer).
        let status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .compressor(path: name, reason: "zlib initialisation failed (\(status))")
        }
        output = .allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
        if ownsDescriptor && !isFinished { Glibc.close(descriptor) }
    }

    /// Compresses `bytes` into the stream, writing compressed output as it fills.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard !isFinished else { throw .finished(path: name) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        bytesIn += bytes.count
        var offset = 0
        while offset < bytes.count {
            // avail_in is 32 bits: feed at most 1 GiB at a time.
            let piece = min(bytes.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(piece)
            try deflateAvailable(flush: Z_NO_FLUSH)
            offset += piece
        }
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(Failure) in try write(buffer) } }.get()
    }

    /// Ends the stream (the last block and the trailer), writes it out, and closes the file
    /// if this writer opened it. Nothing may be written afterwards.
    public func finish() throws(Failure) {
        guard !isFinished else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try deflateAvailable(flush: Z_FINISH)
        isFinished = true
        if ownsDescriptor && Glibc.close(descriptor) != 0 {
            throw .cannotWrite(path: name, reason: String(cString: strerror(errno)))
        }
    }

    /// Runs deflate until it has taken all its input (and, for `Z_FINISH`, ended the stream),
    /// writing each full output buffer.
    private func deflateAvailable(flush: Int32) throws(Failure) {
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw .compressor(path: name, reason: message)
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try writeOut(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                return
            }
        }
    }

    /// `write(2)` until every byte is out, retrying on signals.
    private func writeOut(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        if let code = RawWrite.allOrErrno(descriptor, bytes) {
            throw .cannotWrite(path: name, reason: String(cString: strerror(code)))
        }
        bytesOut += bytes.count
    }
}
