import Glibc

/// Reads one input as decompressed byte chunks, for the importers whose records are not
/// lines: a CSV record may hold line breaks inside a quoted field, and a Graph export is often
/// one minified JSON array on one line of many megabytes. The reading itself is
/// `LogReader.readChunks`, shared with the join-log reader; this adds the first-bytes peek.
struct ChunkReader {
    var path: String
    /// What summaries and messages call the input (`-` for standard input, even when it was
    /// spooled to `path`).
    var name: String
    var chunkSize = 1 << 20
    var inflateChunkSize = 256 * 1024
    /// Whether to compute the SHA-256 of the stored bytes (the first pass does not need it).
    var fingerprints = true
    /// Whether to inflate on a second thread, ahead of the caller (`ReadAhead`).
    var readAhead = false

    init(path: String, name: String? = nil, readAhead: Bool = false) {
        self.path = path
        self.name = name ?? path
        self.readAhead = readAhead
    }

    typealias Piece = LogReader.ChunkPiece

    /// Reads the whole input, handing every decompressed chunk to `body`. The summary's
    /// `lines` is 0: the record readers count lines and fill it in.
    func read(_ body: (Piece) throws -> Void) throws -> ReadSummary {
        if readAhead { return try ReadAhead(self).read(body) }
        var reader = LogReader(path: path)
        reader.displayName = name
        reader.chunkSize = chunkSize
        reader.inflateChunkSize = inflateChunkSize
        reader.fingerprints = fingerprints
        return try reader.readChunks(body)
    }

    /// The first `limit` bytes of the decompressed text (fewer when the input is shorter),
    /// for telling what kind of input it is. Reads no further than it needs.
    func peek(limit: Int) throws -> [UInt8] {
        struct Enough: Error {}
        var head: [UInt8] = []
        head.reserveCapacity(limit)
        do {
            var reader = self
            reader.chunkSize = min(chunkSize, max(limit, 4096))
            reader.fingerprints = false
            _ = try reader.read { piece in
                guard case .bytes(let bytes) = piece else { throw Enough() }
                head.append(contentsOf: bytes.prefix(limit - head.count))
                if head.count >= limit { throw Enough() }
            }
        } catch is Enough {}
        return head
    }
}
