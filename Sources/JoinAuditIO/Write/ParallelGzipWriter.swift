import CZlib
import Foundation

/// Writes one gzip member compressed on several threads, the way pigz does: the input is cut
/// into blocks of `blockSize` bytes, each block is deflated on its own — primed with the
/// 32 KiB of input before it, so the ratio is that of a single stream — and ended on a byte
/// boundary with a sync flush; the blocks' raw deflate data is written in order between one
/// gzip header and one trailer, whose CRC-32 is combined from the blocks'.
///
/// The result is an ordinary single-member `.gz` file, byte-identical whatever the number of
/// threads (blocks are cut at fixed offsets), which matters for a simulated day that must be
/// the same for a seed on any machine.
///
/// Why: zlib's level 6 deflates a simulated day at about 58 MB/s on this 2-core machine
/// (measured with gzip -6 on a 100k-line day: 0.69 s for 40 MB), slower than the simulator
/// makes lines; two compressing threads beside the simulating one keep both cores busy.
final class ParallelGzipWriter {
    let name: String
    private(set) var bytesIn = 0
    private(set) var bytesOut = 0

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let blockSize: Int
    private let pipeline: Pipeline
    private var block: [UInt8] = []
    /// The last 32 KiB of input before the current block: the next block's dictionary.
    private var dictionary: [UInt8] = []
    private var submitted = 0
    private var writtenBlocks = 0
    private var crc: uLong = crc32(0, nil, 0)
    private var isFinished = false
    private let maxInFlight: Int

    /// - Parameters:
    ///   - level: zlib's 1 (fastest) to 9 (smallest).
    ///   - threads: compressing threads (the caller's thread only hands blocks over and
    ///     writes); the number of cores by default.
    init(fileDescriptor: Int32, name: String, closeWhenFinished: Bool, level: Int32 = GzipStreamWriter.defaultLevel,
         threads: Int = ProcessInfo.processInfo.activeProcessorCount, blockSize: Int = 256 * 1024) throws(GzipStreamWriter.Failure) {
        guard (0...9).contains(level) else { throw .compressor(path: name, reason: "level \(level) is not between 0 and 9") }
        self.name = name
        descriptor = fileDescriptor
        ownsDescriptor = closeWhenFinished
        self.blockSize = blockSize
        let workers = max(1, min(threads, 8))
        maxInFlight = 2 * workers + 2
        pipeline = Pipeline(level: level, name: name)
        block.reserveCapacity(blockSize)
        for _ in 0..<workers { pipeline.startWorker() }
        // The gzip header: no name, no time (so the bytes depend on the input only), Unix.
        try writeOut([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3])
    }

    convenience init(
        path: String, level: Int32 = GzipStreamWriter.defaultLevel, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        blockSize: Int = 256 * 1024
    ) throws(GzipStreamWriter.Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        do {
            try self.init(fileDescriptor: fd, name: path, closeWhenFinished: true, level: level, threads: threads, blockSize: blockSize)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        pipeline.stop()
        if ownsDescriptor && !isFinished { close(descriptor) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(GzipStreamWriter.Failure) {
        guard !isFinished else { throw .finished(path: name) }
        bytesIn += bytes.count
        var offset = 0
        while offset < bytes.count {
            let take = min(blockSize - block.count, bytes.count - offset)
            block.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            offset += take
            if block.count == blockSize { try submit(last: false) }
        }
    }

    /// Ends the member: the last block, the trailer; closes the file if this writer opened it.
    func finish() throws(GzipStreamWriter.Failure) {
        guard !isFinished else { return }
        try submit(last: true)
        while writtenBlocks < submitted { try writeNext(waiting: true) }
        pipeline.stop()
        var trailer: [UInt8] = []
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: crc >> uLong(shift))) }
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: bytesIn >> shift)) }
        try writeOut(trailer)
        isFinished = true
        if ownsDescriptor && close(descriptor) != 0 {
            throw .cannotWrite(path: name, reason: String(cString: strerror(errno)))
        }
    }

    private func submit(last: Bool) throws(GzipStreamWriter.Failure) {
        let input = block
        let primer = dictionary
        // The next block's dictionary: the last 32 KiB of input so far.
        if input.count >= 32 * 1024 {
            dictionary = Array(input[(input.count - 32 * 1024)...])
        } else {
            dictionary = Array((dictionary + input).suffix(32 * 1024))
        }
        block.removeAll(keepingCapacity: true)
        pipeline.enqueue(Block(index: submitted, input: input, dictionary: primer, isLast: last))
        submitted += 1
        // Write what is ready, and wait when too much is in flight.
        while try writeNext(waiting: submitted - writtenBlocks >= maxInFlight) {}
    }

    /// Writes the next block in order if it is compressed (waiting for it if asked).
    /// Returns whether one was written.
    @discardableResult
    private func writeNext(waiting: Bool) throws(GzipStreamWriter.Failure) -> Bool {
        guard writtenBlocks < submitted else { return false }
        switch pipeline.take(index: writtenBlocks, waiting: waiting) {
        case nil:
            return false
        case .failed(let reason)?:
            throw .compressor(path: name, reason: reason)
        case .compressed(let done)?:
            crc = crc32_combine(crc, done.crc, .init(done.length))
            try writeOut(done.output)
            writtenBlocks += 1
            return true
        }
    }

    private func writeOut(_ bytes: [UInt8]) throws(GzipStreamWriter.Failure) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: name, reason: String(cString: strerror(errno)))
            }
            done += n
        }
        bytesOut += bytes.count
    }
}

/// A block to compress.
private struct Block: Sendable {
    var index: Int
    var input: [UInt8]
    var dictionary: [UInt8]
    var isLast: Bool
}

/// A compressed block: raw deflate data, and the CRC-32 and length of its input.
private struct CompressedBlock: Sendable {
    var output: [UInt8]
    var crc: uLong
    var length: Int
}

private enum BlockOutcome: Sendable {
    case compressed(CompressedBlock)
    case failed(String)
}

/// The blocks waiting, the blocks done, and the compressing threads, under one lock.
private final class Pipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Block] = []
    private var next = 0
    private var done: [Int: BlockOutcome] = [:]
    private var stopping = false
    private var running = 0
    let level: Int32
    let name: String

    init(level: Int32, name: String) {
        self.level = level
        self.name = name
    }

    func startWorker() {
        condition.lock()
        running += 1
        condition.unlock()
        let thread = Thread { [self] in work() }
        thread.name = "gzip"
        thread.start()
    }

    func enqueue(_ block: Block) {
        condition.lock()
        waiting.append(block)
        condition.broadcast()
        condition.unlock()
    }

    /// The compressed block `index`, once done; nil when not done and not waiting.
    func take(index: Int, waiting wait: Bool) -> BlockOutcome? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = done.removeValue(forKey: index) { return result }
            guard wait else { return nil }
            condition.wait()
        }
    }

    /// Stops the threads once the blocks already handed over are done.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        let compressor = BlockCompressor(level: level)
        while true {
            condition.lock()
            while next >= waiting.count && !stopping { condition.wait() }
            if next >= waiting.count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let block = waiting[next]
            waiting[next].input = []
            waiting[next].dictionary = []
            next += 1
            if next == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            let result = compressor?.compress(block) ?? .failed("zlib initialisation failed")
            condition.lock()
            done[block.index] = result
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// One thread's raw deflate stream, reset for each block.
private final class BlockCompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8] = []

    init?(level: Int32) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits −15: raw deflate (the header and trailer are the writer's).
        guard deflateInit2_(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func compress(_ block: Block) -> BlockOutcome {
        guard deflateReset(stream) == Z_OK else { return .failed("zlib reset failed") }
        if !block.dictionary.isEmpty {
            let status = block.dictionary.withUnsafeBufferPointer {
                deflateSetDictionary(stream, $0.baseAddress, uInt($0.count))
            }
            guard status == Z_OK else { return .failed("zlib dictionary failed (\(status))") }
        }
        let bound = Int(deflateBound(stream, uLong(block.input.count))) + 64
        var output = [UInt8](repeating: 0, count: bound)
        var input = block.input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = uInt(outBuffer.count)
                return deflate(stream, block.isLast ? Z_FINISH : Z_SYNC_FLUSH)
            }
        }
        let expected = block.isLast ? Z_STREAM_END : Z_OK
        guard status == expected, stream.pointee.avail_in == 0 else {
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            return .failed(message)
        }
        output.removeLast(Int(stream.pointee.avail_out))
        let crc = block.input.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        return .compressed(CompressedBlock(output: output, crc: crc, length: block.input.count))
    }
}
