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
