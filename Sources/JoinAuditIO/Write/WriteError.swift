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

enum RawWrite {
    /// Writes all of `bytes` to `fd`, retrying short writes and interruptions; the `errno` of
    /// a failure, or nil. The one `write(2)` loop of the module: each writer maps the failure
    /// to its own error.
    static func allOrErrno(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var written = 0
        while written < bytes.count {
            let w = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if w < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += w
        }
        return nil
    }

    /// Writes all of `bytes` to `fd`, or throws naming `path`.
    static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(WriteError) {
        if let code = allOrErrno(fd, bytes) { throw WriteError(path: path, reason: ReadError.systemMessage(code)) }
    }
}
