import Glibc

/// Why an input could not be read at all: the file is missing, is a directory, is not
/// readable, or the system failed mid-read. Damage *inside* a gzip stream is not an error of
/// this kind: it is a `ReadDamage` in the summary, so the good lines are kept.
public enum ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `open(2)` or `stat(2)` failed, or the path is a directory where a file was expected.
    case cannotOpen(path: String, reason: String)
    /// `read(2)` failed after `offset` bytes had been read.
    case cannotRead(path: String, offset: Int, reason: String)
    /// A directory operand could not be listed.
    case cannotList(directory: String, reason: String)
    /// zlib itself failed (out of memory, or an internal error), not the data.
    case decompressor(path: String, offset: Int, reason: String)

    public var path: String {
        switch self {
        case .cannotOpen(let path, _), .cannotRead(let path, _, _), .decompressor(let path, _, _):
            path
        case .cannotList(let directory, _):
            directory
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "\(Self.displayName(path)): cannot open (\(reason))"
        case .cannotRead(let path, let offset, let reason):
            "\(Self.displayName(path)): read failed at byte \(offset) (\(reason))"
        case .cannotList(let directory, let reason):
            "\(Self.displayName(directory)): cannot list directory (\(reason))"
        case .decompressor(let path, let offset, let reason):
            "\(Self.displayName(path)): gzip decompressor failed at byte \(offset) (\(reason))"
        }
    }
}

extension ReadError {
    /// `-` is how the user names standard input; messages spell it out.
    static func displayName(_ path: String) -> String {
        path == "-" ? "standard input" : path
    }

    /// The system's own wording for an `errno` value ("No such file or directory").
    static func systemMessage(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
