import Glibc

/// Where a simulated day goes: a `.jsonl.gz` file (gzip), a plain `.jsonl` file, or standard
/// output (`-`, plain unless gzip is asked for); as the join log, or as one of Microsoft's
/// sources of the same day (`SimulationFormat`: Purview CSV, Management API JSON, Graph call
/// records), the importers' input.
public struct SimulationOutput: Sendable {
    public enum Compression: Sendable, Equatable {
        case gzip(level: Int32)
        case none
    }

    /// A path, or `-` for standard output.
    public var path: String
    public var compression: Compression
    public var format: SimulationFormat

    public init(path: String, compression: Compression, format: SimulationFormat = .joinLog) {
        self.path = path
        self.compression = compression
        self.format = format
    }

    /// gzip when the name ends in `.gz`, plain otherwise (standard output included).
    public init(path: String, level: Int32 = GzipStreamWriter.defaultLevel, format: SimulationFormat = .joinLog) {
        self.init(path: path, compression: path.hasSuffix(".gz") ? .gzip(level: level) : .none, format: format)
    }

    /// What was written: the simulation's summary and the bytes that reached the output.
    public struct Result: Sendable {
        public var summary: SimulationSummary
        public var bytesWritten: Int
        public var uncompressedBytes: Int
        /// For a source format: the records written, and what of the day they could not carry.
        public var sources: SourceWriteSummary?
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
            let (summary, sources) = try run(simulator) { try gzip.write($0) }
            try gzip.finish()
            return Result(summary: summary, bytesWritten: gzip.bytesOut, uncompressedBytes: gzip.bytesIn, sources: sources)
        case .none:
            let file = toStandardOutput
                ? PlainOutputFile(descriptor: STDOUT_FILENO, name: "standard output", owned: false)
                : try PlainOutputFile(path: path)
            let (summary, sources) = try run(simulator) { try file.write($0) }
            try file.close()
            return Result(summary: summary, bytesWritten: file.bytesWritten, uncompressedBytes: file.bytesWritten, sources: sources)
        }
    }

    /// The simulator's lines to `write`, through a source-format writer unless the format is
    /// the join log.
    private func run(_ simulator: DaySimulator, _ write: @escaping (UnsafeRawBufferPointer) throws -> Void) throws
        -> (SimulationSummary, SourceWriteSummary?)
    {
        guard format != .joinLog else { return (try simulator.run(write), nil) }
        let writer = SourceFormatWriter(format: format, sink: write)
        let summary = try simulator.run { try writer.consume($0) }
        return (summary, try writer.finish())
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
        if let code = RawWrite.allOrErrno(descriptor, bytes) {
            throw .cannotWrite(path: name, reason: String(cString: strerror(code)))
        }
        bytesWritten += bytes.count
    }

    func close() throws(GzipStreamWriter.Failure) {
        guard owned && !closed else { return }
        closed = true
        if Glibc.close(descriptor) != 0 { throw .cannotWrite(path: name, reason: String(cString: strerror(errno))) }
    }
}
