import Glibc

/// Where a simulated day goes: a `.jsonl.gz` file (gzip), a plain `.jsonl` file, or standard
/// output (`-`, plain unless gzip is asked for).
public struct SimulationOutput: Sendable {
    public enum Compression: Sendable, Equatable {
        case gzip(level: Int32)
        case none
    }

    /// A path, or `-` for standard output.
    public var path: String
    public var compression: Compression

    public init(path: String, compression: Compression) {
        self.path = path
        self.compression = compression
    }

    /// gzip when the name ends in `.gz`, plain otherwise (standard output included).
    public init(path: String, level: Int32 = GzipStreamWriter.defaultLevel) {
        self.init(path: path, compression: path.hasSuffix(".gz") ? .gzip(level: level) : .none)
    }

    /// What was written: the simulation's summary and the bytes that reached the output.
    public struct Result: Sendable {
        public var summary: SimulationSummary
        public var bytesWritten: Int
        public var uncompressedBytes: Int
    }

    /// Runs `simulator` into the output.
    public func write(_ simulator: DaySimulator) throws -> Result {
        let toStandardOutput = path == "-"
        switch compression {
        case .gzip(let level):
            // One gzip member, deflated on every core (see ParallelGzipWriter).
            let gzip = toStandardOutput
                ? try ParallelGzipWriter(fileDescriptor: STDOUT_FILENO, name: "standard output", closeWhenFinished: false, level: level)
                : try ParallelGzipWriter(path: path, level: level)
            let summary = try simulator.run { try gzip.write($0) }
            try gzip.finish()
            return Result(summary: summary, bytesWritten: gzip.bytesOut, uncompressedBytes: gzip.bytesIn)
        case .none:
            let file = toStandardOutput
                ? PlainOutputFile(descriptor: STDOUT_FILENO, name: "standard output", owned: false)
                : try PlainOutputFile(path: path)
            let summary = try simulator.run { try file.write($0) }
            try file.close()
            return Result(summary: summary, bytesWritten: file.bytesWritten, uncompressedBytes: file.bytesWritten)
        }
    }
}

/// An uncompressed output file, written with `write(2)` in the simulator's chunks.
final class PlainOutputFile {
    let name: String
    private let descriptor: Int32
    private let owned: Bool
    private var closed = false
    private(set) var bytesWritten = 0

    init(descriptor: Int32, name: String, owned: Bool) {
        self.descriptor = descriptor
        self.name = name
        self.owned = owned
    }

    convenience init(path: String) throws(GzipStreamWriter.Failure) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.init(descriptor: fd, name: path, owned: true)
    }

    deinit {
        if owned && !closed { Glibc.close(descriptor) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(GzipStreamWriter.Failure) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: name, reason: String(cString: strerror(errno)))
            }
            done += n
        }
        bytesWritten += bytes.count
    }

    func close() throws(GzipStreamWriter.Failure) {
        guard owned && !closed else { return }
        closed = true
        if Glibc.close(descriptor) != 0 { throw .cannotWrite(path: name, reason: String(cString: strerror(errno))) }
    }
}
