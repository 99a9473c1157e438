import Foundation

/// Buffered writing to standard output or to a file: findings can number in the hundreds of
/// thousands, and one `write(2)` per line would dominate.
///
/// A file is written beside its final name and renamed into place by `finish()`, so a nightly
/// job never leaves half a report where yesterday's whole one was.
public final class OutputStream {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let finalPath: String?
    private let partialPath: String?
    private var failure: WriteError?

    public static func standardOutput() -> OutputStream { OutputStream(handle: .standardOutput, finalPath: nil, partialPath: nil) }

    /// Creates (or truncates) a file to be renamed to `path` by `finish()`.
    public static func file(_ path: String) throws(WriteError) -> OutputStream {
        let directory = (path as NSString).deletingLastPathComponent
        let partial = (directory.isEmpty ? "" : directory + "/") + "." + (path as NSString).lastPathComponent + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: partial, contents: nil),
              let handle = FileHandle(forWritingAtPath: partial) else {
            throw WriteError(path: path, reason: "cannot create the file (does the directory exist and is it writable?)")
        }
        return OutputStream(handle: handle, finalPath: path, partialPath: partial)
    }

    private init(handle: FileHandle, finalPath: String?, partialPath: String?) {
        self.handle = handle
        self.finalPath = finalPath
        self.partialPath = partialPath
    }

    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    /// Writes what is buffered. A failed write (a full disk, a closed pipe) is kept and thrown
    /// by `finish()`; later writes are dropped rather than half-made.
    public func flush() {
        guard !buffer.isEmpty else { return }
        if failure == nil, let code = buffer.withUnsafeBytes({ RawWrite.allOrErrno(handle.fileDescriptor, $0) }) {
            failure = WriteError(path: finalPath ?? "-", reason: String(cString: strerror(code)))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and for a file, moves it to its final name.
    public func finish() throws(WriteError) {
        flush()
        if let failure { throw failure }
        guard let finalPath, let partialPath else { return }
        try? handle.close()
        if rename(partialPath, finalPath) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(partialPath)
            throw WriteError(path: finalPath, reason: reason)
        }
    }

    deinit {
        flush()
        // Never finished (an error on the way): the partial file is not a report.
        if let partialPath, FileManager.default.fileExists(atPath: partialPath) { unlink(partialPath) }
    }
}
