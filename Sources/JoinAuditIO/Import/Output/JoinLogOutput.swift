import Glibc
import JoinAuditCore

/// Where `joinaudit import` writes the join log it made: standard output (plain text), or a
/// file, gzip'd when its name ends in `.gz`. Lines are written with `JoinLogWriter` into one
/// reused buffer, flushed every 256 KiB.
public final class JoinLogOutput {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let path: String
    private let gzip: GzipStreamWriter?
    private var buffer: [UInt8] = []

    /// Standard output, plain.
    public static func standardOutput() throws(WriteError) -> JoinLogOutput {
        try JoinLogOutput(fd: STDOUT_FILENO, owns: false, path: "-", compressed: false)
    }

    /// The file at `path` (created or truncated); gzip'd when `compressed` (by default, when
    /// the name ends in `.gz`).
    public convenience init(path: String, compressed: Bool? = nil) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: ReadError.systemMessage(errno)) }
        try self.init(fd: fd, owns: true, path: path, compressed: compressed ?? path.lowercased().hasSuffix(".gz"))
    }

    private init(fd: Int32, owns: Bool, path: String, compressed: Bool) throws(WriteError) {
        self.fd = fd
        ownsDescriptor = owns
        self.path = path
        do {
            gzip = compressed ? try GzipStreamWriter(fileDescriptor: fd, name: path) : nil
        } catch {
            throw WriteError(path: path, reason: error.description)
        }
        buffer.reserveCapacity(1 << 18)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public func write(_ event: Event) throws(WriteError) {
        JoinLogWriter.appendLine(event, to: &buffer)
        if buffer.count >= 1 << 18 { try flush() }
    }

    /// Writes what is buffered, and for gzip ends the stream. Call once, at the end.
    public func finish() throws(WriteError) {
        try flush()
        do {
            try gzip?.finish()
        } catch {
            throw WriteError(path: path, reason: error.description)
        }
        if ownsDescriptor, fsync(fd) != 0, errno != EINVAL {
            throw WriteError(path: path, reason: ReadError.systemMessage(errno))
        }
    }

    private func flush() throws(WriteError) {
        guard !buffer.isEmpty else { return }
        let result = buffer.withUnsafeBytes { bytes in
            Result { () throws(WriteError) in
                if let gzip {
                    do { try gzip.write(bytes) } catch let failure as GzipStreamWriter.Failure { throw WriteError(path: path, reason: failure.description) } catch { throw WriteError(path: path, reason: "\(error)") }
                } else {
                    try RawWrite.all(fd, bytes, path: path)
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
        try result.get()
    }
}
