import Foundation

/// Buffered writing to standard output: findings can number in the hundreds of thousands,
/// and one `write(2)` per line would dominate.
public final class OutputStream {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    public static func standardOutput() -> OutputStream { OutputStream(handle: .standardOutput) }

    private init(handle: FileHandle) {
        self.handle = handle
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
    }
}
