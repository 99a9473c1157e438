import Foundation

/// Buffered writing to standard output or a file: findings can number in the hundreds of
/// thousands, and one `write(2)` per line would dominate.
public final class OutputStream {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let owned: Bool

    public static func standardOutput() -> OutputStream { OutputStream(handle: .standardOutput, owned: false) }

    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        owned = true
    }

    private init(handle: FileHandle, owned: Bool) {
        self.handle = handle
        self.owned = owned
    }

    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if owned { try? handle.close() }
    }
}
