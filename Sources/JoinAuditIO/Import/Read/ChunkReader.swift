import Crypto
import Glibc

/// Reads one input as decompressed byte chunks, for the importers whose records are not
/// lines: a CSV record may hold line breaks inside a quoted field, and a Graph export is often
/// one minified JSON array on one line of many megabytes.
///
/// The same reading as `LogReader` (large `read(2)` chunks, gzip detected from the first two
/// bytes, several members and damage handled by `GzipInflater`, SHA-256 of the stored bytes)
/// without cutting lines, so nothing is limited to 1 MiB and nothing is held whole. It could
/// become a `readChunks` sibling of `LogReader.readLines` in `Read/`.
struct ChunkReader {
    var path: String
    /// What summaries and messages call the input (`-` for standard input, even when it was
    /// spooled to `path`).
    var name: String
    var chunkSize = 1 << 20
    var inflateChunkSize = 256 * 1024
    /// Whether to compute the SHA-256 of the stored bytes (the first pass does not need it:
    /// measured at a tenth of a Purview import's time).
    var fingerprints = true

    init(path: String, name: String? = nil) {
        self.path = path
        self.name = name ?? path
    }

    /// What the reader hands on: text bytes (valid only during the call), or a cut where gzip
    /// damage broke the text (a partial record before it is not a record).
    enum Piece {
        case bytes(UnsafeRawBufferPointer)
        case cut
    }

    /// Reads the whole input, handing every decompressed chunk to `body`. The summary's
    /// `lines` is 0: the record readers count lines and fill it in.
    func read(_ body: (Piece) throws -> Void) throws -> ReadSummary {
        let descriptor = try Self.open(path, name: name)
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 2), alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        var storedBytes = 0
        var filled = 0
        while filled < 2 {
            let got = try Self.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), name: name, offset: filled)
            if got == 0 { break }
            filled += got
        }
        let isGzip = filled >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b
        let inflater: GzipInflater?
        do {
            inflater = isGzip ? try GzipInflater(outputCapacity: inflateChunkSize) : nil
        } catch {
            throw ReadError.decompressor(path: name, offset: 0, reason: error.message)
        }
        var textBytes = 0
        let sink: (GzipOutput) throws -> Void = { output in
            switch output {
            case .bytes(let text):
                textBytes += text.count
                try body(.bytes(text))
            case .cut:
                try body(.cut)
            }
        }
        while filled > 0 {
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<filled])
            if fingerprints { hasher.update(bufferPointer: chunk) }
            storedBytes += filled
            if let inflater {
                do {
                    try inflater.inflate(chunk, into: sink)
                } catch let failure as GzipInflater.Failure {
                    throw ReadError.decompressor(path: name, offset: failure.offset, reason: failure.message)
                }
            } else {
                textBytes += filled
                try body(.bytes(chunk))
            }
            filled = try Self.read(descriptor, into: buffer, name: name, offset: storedBytes)
        }
        var damage: ReadDamage?
        if let inflater, let found = try inflater.finish(into: sink) {
            damage = ReadDamage(path: name, kind: found.kind, offset: found.offset, message: found.message)
        }
        return ReadSummary(
            path: name, isGzip: isGzip, compressedBytes: storedBytes, decompressedBytes: textBytes, lines: 0,
            blankLines: 0, oversizedLines: 0, gzipMembers: inflater?.members ?? 0,
            sha256: fingerprints ? Self.hex(hasher.finalize()) : "", damage: damage)
    }

    /// The first `limit` bytes of the decompressed text (fewer when the input is shorter),
    /// for telling what kind of input it is. Reads no further than it needs.
    func peek(limit: Int) throws -> [UInt8] {
        struct Enough: Error {}
        var head: [UInt8] = []
        head.reserveCapacity(limit)
        do {
            var reader = ChunkReader(path: path, name: name, chunkSize: min(chunkSize, max(limit, 4096)), inflateChunkSize: inflateChunkSize)
            reader.fingerprints = false
            _ = try reader.read { piece in
                    guard case .bytes(let bytes) = piece else { throw Enough() }
                    head.append(contentsOf: bytes.prefix(limit - head.count))
                    if head.count >= limit { throw Enough() }
                }
        } catch is Enough {}
        return head
    }

    private init(path: String, name: String, chunkSize: Int, inflateChunkSize: Int) {
        self.path = path
        self.name = name
        self.chunkSize = chunkSize
        self.inflateChunkSize = inflateChunkSize
    }

    private static func open(_ path: String, name: String) throws -> Int32 {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError.cannotOpen(path: name, reason: ReadError.systemMessage(errno)) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw ReadError.cannotOpen(path: name, reason: ReadError.systemMessage(EISDIR))
        }
        return fd
    }

    private static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, name: String, offset: Int) throws -> Int {
        while true {
            let got = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if got >= 0 { return got }
            let code = errno
            if code != EINTR { throw ReadError.cannotRead(path: name, offset: offset, reason: ReadError.systemMessage(code)) }
        }
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
