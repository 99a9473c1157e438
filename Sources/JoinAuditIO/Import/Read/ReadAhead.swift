import Foundation

/// Reading (inflate, SHA-256, CRC) on a thread of its own, ahead of the record parser: for a
/// Purview export, 68 MB of gzip inflate to 485 MB, and inflating on the importing thread kept
/// it the busiest of the load while the writer's core waited. Chunks are copied, in slices of
/// at most 256 KiB, into one of three buffers that go round between the two threads, so the
/// hand-over holds under 1 MiB and allocates nothing per chunk.
final class ReadAhead: @unchecked Sendable {
    enum Message: Sendable {
        case bytes([UInt8])
        case cut
        case done(ReadSummary)
        case failed(ReadError)
        case failedOther(String)
    }

    private let reader: ChunkReader
    private let queue = BlockingQueue<Message>(capacity: 4)
    /// Empty buffers waiting to be filled: three in all, so the reader can fill one while the
    /// parser works on another.
    private let spare = BlockingQueue<[UInt8]>(capacity: 4)
    /// Set by the consumer when it stops early (its body threw): the reading thread stops at
    /// its next chunk instead of blocking on a full queue.
    private let stopped = NSLock()
    private var isStopped = false

    init(_ reader: ChunkReader) {
        self.reader = reader
        for _ in 0..<3 { spare.put([]) }
    }

    private struct Stop: Error {}

    /// The most one buffer holds.
    static let sliceSize = 256 * 1024

    func read(_ body: (ChunkReader.Piece) throws -> Void) throws -> ReadSummary {
        var synchronous = reader
        synchronous.readAhead = false
        let direct = synchronous
        let thread = Thread { [self] in
            do {
                let summary = try direct.read { piece in
                    if self.shouldStop { throw Stop() }
                    switch piece {
                    case .bytes(let bytes):
                        // A piece can be several MB (a whole read chunk, inflated); the
                        // record readers take a stream, so it travels in slices.
                        var start = 0
                        while start < bytes.count {
                            let end = min(bytes.count, start + Self.sliceSize)
                            var buffer = self.spare.take()
                            buffer.removeAll(keepingCapacity: true)
                            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                            self.queue.put(.bytes(buffer))
                            start = end
                        }
                    case .cut: self.queue.put(.cut)
                    }
                }
                self.queue.put(.done(summary))
            } catch is Stop {
                self.queue.put(.failedOther("stopped"))
            } catch let error as ReadError {
                self.queue.put(.failed(error))
            } catch {
                self.queue.put(.failedOther(String(describing: error)))
            }
        }
        thread.stackSize = 4 << 20
        thread.start()
        while true {
            switch queue.take() {
            case .bytes(let chunk):
                do {
                    try chunk.withUnsafeBytes { try body(.bytes($0)) }
                    spare.put(chunk)
                } catch {
                    spare.put(chunk)
                    stop()
                    throw error
                }
            case .cut:
                do { try body(.cut) } catch {
                    stop()
                    throw error
                }
            case .done(let summary): return summary
            case .failed(let error): throw error
            case .failedOther(let message): throw ReadError.cannotRead(path: reader.name, offset: 0, reason: message)
            }
        }
    }

    private var shouldStop: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return isStopped
    }

    /// Tells the reading thread to stop, and drains the queue until it has, so it never
    /// blocks on a full queue after the consumer has gone.
    private func stop() {
        stopped.lock()
        isStopped = true
        stopped.unlock()
        while true {
            switch queue.take() {
            case .done, .failed, .failedOther: return
            case .bytes(let chunk): spare.put(chunk)
            case .cut: continue
            }
        }
    }
}
