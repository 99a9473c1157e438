/// The bytes a source-format writer produces, handed to the output in chunks of about 256 KiB.
final class SourceOutputBuffer {
    private static let chunkBytes = 256 * 1024
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var buffer: [UInt8] = []

    init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(Self.chunkBytes + 64 * 1024)
    }

    func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }
    func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    func flushIfFull() throws {
        guard buffer.count >= Self.chunkBytes else { return }
        try flush()
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try sink($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
