import Crypto
import Glibc

/// A file's size and the SHA-256 of its bytes on disk, as `LogReader` records them in
/// `files`: what says that a file given to a re-run is the very file a killed run already
/// committed. Read only when a stored file of the same path and size is in question.
struct FileFingerprint: Equatable {
    var sizeBytes: Int64
    var sha256: String

    /// The file's size, or `nil` when it cannot be examined (the reader will say why).
    static func size(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Size and SHA-256 of the file at `path`, or `nil` when it cannot be read.
    static func of(path: String) -> FileFingerprint? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        var total: Int64 = 0
        while true {
            let got = read(fd, buffer.baseAddress, buffer.count)
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<got]))
            total += Int64(got)
        }
        return FileFingerprint(sizeBytes: total, sha256: LogReader.hex(hasher.finalize()))
    }
}
